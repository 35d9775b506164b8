import Foundation
import SediaCore
import SediaStore
import Synchronization

extension PlanningHooks {
    /// The hooks wired to the planning core: the verifier for every booking and slot suggestions (replans run as
    /// background jobs, `ReplanJobs`).
    public static var live: PlanningHooks {
        // The compiled model is kept while the data is unchanged: compiling a national instance is most of a
        // suggestion's time, and find-a-slot is asked for case after case on the same data.
        let contexts = SuggestionContextCache()
        return PlanningHooks(
            check: { instance, plan, cases in BookingCheck.problems(instance, plan, cases: cases) },
            suggest: { instance, plan, caseID, task, top in
                do throws(Suggester.Failure) {
                    let result = try contexts.context(instance, plan).suggest(caseID: caseID, task: task, top: top)
                    let target = instance.cases.first { $0.id == caseID }
                    let placements = result.suggestions.map { s in
                        SlotSuggestions.Placement(
                            interview: s.interview, hearing: s.hearing, scoreChange: "\(s.delta) (unassigned/late/cost)", why: [s.summary],
                            delta: s.delta,
                            facts: target.map { PlacementFacts.of(instance, $0, interview: s.interview, hearing: s.hearing) } ?? PlacementFacts())
                    }
                    return SlotSuggestions(placements: placements, reasons: result.reasons)
                } catch {
                    return SlotSuggestions(placements: [], reasons: [.failed(error)])
                }
            })
    }
}

/// The last `SuggestionContext`, for the instance and plan it was made from (compared by value, which costs far less
/// than compiling again).
final class SuggestionContextCache: Sendable {
    private let last = Mutex<(instance: Instance, plan: Plan, context: SuggestionContext)?>(nil)

    func context(_ instance: Instance, _ plan: Plan) -> SuggestionContext {
        if let hit = last.withLock({ $0 }), hit.plan == plan, hit.instance == instance { return hit.context }
        let context = SuggestionContext(instance: instance, plan: plan)
        last.withLock { $0 = (instance, plan, context) }
        return context
    }
}
