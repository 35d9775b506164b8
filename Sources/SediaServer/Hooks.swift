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

/// The plain-words explanation added to each suggestion of the core's `Suggester`.
enum SolverSlot {
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
