import Foundation
public import SediaCore
public import SediaStore

extension PlanningHooks {
    /// The hooks wired to the planning core: the verifier for every booking, and the readiness checklist.
    public static var live: PlanningHooks {
        PlanningHooks(
            check: { instance, plan, cases in BookingCheck.problems(instance, plan, cases: cases) },
            suggest: { instance, plan, caseID, task, _ in SolverSlot.suggest(instance, plan, caseID, task) },
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

/// "Find a slot" on the solver until the core's dedicated suggester lands: everything booked is pinned, the one
/// task is left free, and the solver places it where the planning score is best. It yields the single best
/// placement (with why), or the solver's reasons when there is none.
enum SolverSlot {
    static func suggest(_ instance: Instance, _ plan: Plan, _ caseID: Case.ID, _ task: TaskKind) -> SlotSuggestions {
        let interviews = Dictionary(plan.interviews.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        let hearings = Dictionary(plan.hearings.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        guard let target = instance.cases.first(where: { $0.id == caseID }) else { return SlotSuggestions(placements: [], reasons: ["no such case"]) }
        switch task {
        case .interview where target.interview == nil:
            return SlotSuggestions(placements: [], reasons: ["This case has no interview to plan."])
        case .hearing where target.hearing == nil:
            return SlotSuggestions(placements: [], reasons: ["This case has no trial to plan."])
        case .hearing where target.interviewDoneOn == nil && interviews[caseID] == nil:
            return SlotSuggestions(
                placements: [], reasons: ["Book the interview first: the trial comes at least \(instance.minPrepDays) days after it."])
        default: break
        }
        var reduced = instance
        reduced.previous = nil
        reduced.maxMoves = nil
        reduced.cases = instance.cases.compactMap { item in
            var c = item
            let i = interviews[c.id]
            let h = hearings[c.id]
            if c.id == caseID {
                if task == .interview {
                    c.interview?.pinned = nil
                    c.hearing = nil
                } else {
                    if let i {
                        c.interview?.pinned = PinnedInterview(room: i.room, interviewer: i.interviewer, psychologist: i.psychologist, start: i.start)
                    }
                    c.hearing?.pinned = nil
                }
                return c
            }
            guard i != nil || h != nil else { return nil }
            if let i {
                c.interview?.pinned = PinnedInterview(room: i.room, interviewer: i.interviewer, psychologist: i.psychologist, start: i.start)
            } else {
                c.interview = nil
            }
            if let h { c.hearing?.pinned = PinnedHearing(dates: h.dates, psychologist: h.psychologist) } else { c.hearing = nil }
            if c.interview == nil && c.hearing == nil { return nil }
            return c
        }
        let result = Solver.solve(reduced, options: SolverOptions(iterations: 0, seed: 1))
        switch task {
        case .interview:
            if let b = result.plan.interviews.first(where: { $0.caseID == caseID }) {
                return SlotSuggestions(placements: [placement(instance, target, interview: b, hearing: nil)], reasons: [])
            }
        case .hearing:
            if let b = result.plan.hearings.first(where: { $0.caseID == caseID }) {
                return SlotSuggestions(placements: [placement(instance, target, interview: nil, hearing: b)], reasons: [])
            }
        }
        let reasons = result.plan.unassigned.filter { $0.caseID == caseID && $0.task == task }.flatMap(\.reasons)
        return SlotSuggestions(placements: [], reasons: reasons.isEmpty ? ["The planner found no placement that keeps every rule."] : reasons)
    }

    static func placement(_ instance: Instance, _ item: Case, interview: InterviewBooking?, hearing: HearingBooking?) -> SlotSuggestions.Placement {
        var why = ["Keeps every planning rule against what is already booked."]
        if let b = interview, let request = item.interview {
            let centre = instance.centres.first { $0.rooms.contains { $0.id == b.room } }
            if let centre {
                let km = Verifier.travelKm(item.child.lat, item.child.lon, centre.lat, centre.lon)
                why.append("\(centre.id) is \(km) km from the child.")
            }
            let slack = b.start.day.days(to: request.targetBy)
            why.append(
                slack >= 0
                    ? "\(slack) day(s) before the target date \(request.targetBy)." : "\(-slack) day(s) after the target date \(request.targetBy).")
            why.append("Earliest possible date \(request.earliest); waiting counts 10 per working day in the score.")
        }
        if let b = hearing, let request = item.hearing, let last = b.dates.last {
            let slack = last.days(to: request.deadline)
            why.append(
                slack >= 0
                    ? "Ends \(slack) day(s) before the disposal target \(request.deadline)." : "Ends \(-slack) day(s) after the disposal target.")
        }
        return SlotSuggestions.Placement(interview: interview, hearing: hearing, scoreChange: "best found", why: why)
    }
}
