import Foundation
import SediaCore
import SediaStore

extension PlanningHooks {
    /// The hooks wired to the planning core: the verifier for every booking, slot suggestions and replanning.
    public static var live: PlanningHooks {
        PlanningHooks(
            check: { instance, plan, cases in BookingCheck.problems(instance, plan, cases: cases) },
            suggest: { instance, plan, caseID, task, top in
                do {
                    let result = try Suggester.suggest(instance: instance, plan: plan, caseID: caseID, task: task, top: top)
                    let target = instance.cases.first { $0.id == caseID }
                    let placements = result.suggestions.map { s in
                        let extra = target.map { SolverSlot.placement(instance, $0, interview: s.interview, hearing: s.hearing).why } ?? []
                        return SlotSuggestions.Placement(
                            interview: s.interview, hearing: s.hearing, scoreChange: "\(s.delta) (unassigned/late/cost)", why: [s.summary] + extra)
                    }
                    return SlotSuggestions(placements: placements, reasons: result.reasons)
                } catch {
                    return SlotSuggestions(placements: [], reasons: [String(describing: error)])
                }
            },
            replan: { instance in
                // Bookings not pinned are the `previous` plan, so the solver moves as few as it can.
                let start = Date().timeIntervalSince1970
                let options = SolverOptions(timeLimit: 3, seed: 1, clock: { Date().timeIntervalSince1970 - start })
                return Solver.solve(instance, options: options).plan
            })
    }
}

/// A fallback slot finder on the solver (everything booked pinned, the one task free), and the plain-words
/// explanation added to each suggestion of the core's `Suggester`.
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
