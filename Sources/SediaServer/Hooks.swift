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
                        SlotSuggestions.Placement(
                            interview: s.interview, hearing: s.hearing, scoreChange: "\(s.delta) (unassigned/late/cost)", why: [s.summary],
                            delta: s.delta,
                            facts: target.map { PlacementFacts.of(instance, $0, interview: s.interview, hearing: s.hearing) } ?? PlacementFacts())
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
