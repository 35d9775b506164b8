import Foundation
public import SediaCore
public import SediaStore

extension PlanningHooks {
    /// The hooks wired to the planning core: the verifier for every booking, and the readiness checklist.
    public static var live: PlanningHooks {
        PlanningHooks(
            check: { instance, plan, cases in BookingCheck.problems(instance, plan, cases: cases) },
            suggest: { _, _, _, _, _ in
                SlotSuggestions(placements: [], reasons: ["The slot finder is not part of this build yet; book by hand below the case."])
            },
            replan: { instance in
                // Bookings not pinned are the `previous` plan, so the solver moves as few as it can.
                let start = Date().timeIntervalSince1970
                let options = SolverOptions(timeLimit: 3, seed: 1, clock: { Date().timeIntervalSince1970 - start })
                return Solver.solve(instance, options: options).plan
            },
            checklist: { item, hearing in ReadinessChecklist.items(for: item, trialStart: hearing?.dates.first) })
    }
}

/// The readiness items a prosecutor ticks before trial (shared/domain/facts.md, "Readiness checklist"), with due
/// dates where the source fixes one: "before T" is the day before the trial starts, case management T - 14,
/// the pre-trial conference C + 30 (C, the charge, taken as the registration date).
public enum ReadinessChecklist {
    public static func items(for item: Case, trialStart: Day?) -> [ChecklistItem] {
        guard let hearing = item.hearing else { return [] }
        let beforeTrial = trialStart?.adding(days: -1)
        let charge = hearing.registeredOn
        var items: [ChecklistItem] = [
            .init(item: "recording-certificate", label: "CIC recording with the recorder's certificate (EoCWA s.6(3))", due: beforeTrial),
            .init(item: "transcript", label: "Transcript in the original language and Bahasa Malaysia translation (s.6(2))", due: beforeTrial),
            .init(item: "live-link", label: "Live-link or screen order; live-link room and child waiting room booked (ss.4-5)", due: beforeTrial),
            .init(item: "special-hearing", label: "Special hearing order, if sought (s.6A)", due: nil),
            .init(item: "interpreter", label: "Interpreter for the child's language or dialect", due: beforeTrial),
            .init(item: "witness-support", label: "Witness supporter assigned; pre-trial court familiarisation visit", due: nil),
            .init(item: "legal-companion", label: "Legal companion appointed", due: nil),
            .init(item: "medical-report", label: "Medical report (OSCC) and chemist/DNA report served", due: nil),
            .init(item: "chain-of-custody", label: "Chain-of-custody record with exhibits", due: nil),
            .init(item: "s51a", label: "s.51A documents delivered", due: nil),
            .init(item: "pre-trial-conference", label: "Pre-trial conference held", due: charge?.adding(days: 30)),
            .init(item: "case-management", label: "Case management; witness list and trial-length estimate", due: trialStart?.adding(days: -14)),
            .init(item: "proof-of-age", label: "Proof of age (birth certificate / MyKid)", due: nil),
        ]
        if item.child.needsPsychologist || hearing.needsPsychologist {
            items.insert(.init(item: "psychologist", label: "Psychologist assessment or attendance", due: beforeTrial), at: 7)
        }
        if hearing.needsVideoLink {
            items.append(.init(item: "evidence-van", label: "Evidence van arranged if the child cannot travel", due: beforeTrial))
        }
        return items
    }
}
