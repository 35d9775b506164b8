import SediaCore
import SediaTestSupport
import Testing

struct ReplanScopeTests {
    @Test func casesOutsideTheScopeKeepTheirBookingsAndOnlyTheScopesMovesCount() throws {
        var instance = InstanceGenerator.generate(scale: .tiny, seed: 5, replan: true)
        instance.maxMoves = nil
        let previous = try #require(instance.previous)
        let ids = instance.cases.map(\.id)
        let scope = Set(ids.prefix(ids.count / 2))
        let scoped = instance.replanScope(scope)
        #expect(scoped.previous?.interviews.allSatisfy { scope.contains($0.caseID) } ?? true)
        let result = Solver.solve(scoped, options: SolverOptions(iterations: 200, seed: 2))
        let report = Verifier.verify(scoped, result.plan)
        // Bookings outside the scope that are still valid stay exactly (those now invalid stay too, as pins the verifier flags).
        for b in previous.interviews where !scope.contains(b.caseID) {
            #expect(result.plan.interviews.contains(b))
        }
        for b in previous.hearings where !scope.contains(b.caseID) && result.plan.interviews.contains(where: { $0.caseID == b.caseID }) {
            #expect(result.plan.hearings.contains(b))
        }
        #expect(report.moves == result.moves)
    }
}
