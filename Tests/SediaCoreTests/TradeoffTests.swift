import SediaCore
import SediaTestSupport
import Testing

struct TradeoffTests {
    static func point(_ budget: Int?, moves: Int, late: Int, cost: Int) -> TradeoffPoint {
        let score = Score(unassigned: 0, late: late, cost: cost)
        return TradeoffPoint(
            maxMoves: budget, moves: moves, score: score, plan: Plan(instance: "t", interviews: [], hearings: [], unassigned: [], score: score),
            foundWithBudget: budget)
    }

    @Test func budgetsComeInIncreasingOrderOnceEachWithNoLimitLast() {
        #expect(Tradeoff.normalised([220, nil, 0, 55, 55, 110]) == [0, 55, 110, 220, nil])
    }

    @Test func aLargerBudgetTakesASmallerBudgetsPlanWhenItsOwnSearchDidWorse() {
        // The search with 220 moves wandered off; 110's plan fits within 220 and is better.
        let solved = [
            Self.point(55, moves: 50, late: 224, cost: 900), Self.point(110, moves: 104, late: 209, cost: 800),
            Self.point(220, moves: 200, late: 215, cost: 700), Self.point(nil, moves: 400, late: 89, cost: 600),
        ]
        let curve = Tradeoff.monotone(solved)
        #expect(curve.points.map(\.maxMoves) == [55, 110, 220, nil])
        #expect(curve.points.map(\.late) == [224, 209, 209, 89])
        #expect(curve.points[2].foundWithBudget == 110)
        #expect(curve.points[2].moves == 104)
        #expect(curve.unreachable.isEmpty)
    }

    @Test func aBudgetBelowTheMovesEveryPlanNeedsIsUnreachable() {
        let curve = Tradeoff.monotone([Self.point(0, moves: 6, late: 3, cost: 10), Self.point(10, moves: 6, late: 3, cost: 10)])
        #expect(curve.unreachable == [0])
        #expect(curve.points.map(\.maxMoves) == [10])
        #expect(curve.fewestMoves == 6)
    }

    @Test func everyPointKeepsItsBudgetLateNeverRisesAndEveryPlanVerifies() async {
        let instance = InstanceGenerator.generate(scale: .tiny, seed: 5, replan: true)
        let budgets: [Int?] = [0, 2, 4, 8, 16, nil]
        let curve = await Tradeoff.curve(instance, budgets: budgets, options: SolverOptions(iterations: 200, seed: 3), parallelism: 2)
        #expect(!curve.points.isEmpty)
        #expect(curve.unreachable.count + curve.points.count == budgets.count)
        for point in curve.points {
            if let budget = point.maxMoves { #expect(point.moves <= budget) }
            var checked = instance
            checked.maxMoves = point.maxMoves
            let report = Verifier.verify(checked, point.plan)
            #expect(report.isValid, "\(report.violations.prefix(3))")
            #expect(report.score == point.score)
            #expect(report.moves == point.moves)
        }
        for (a, b) in zip(curve.points, curve.points.dropFirst()) {
            #expect(b.score <= a.score)
            #expect(b.late <= a.late)
        }
    }

    @Test func theSameSeedAndIterationsGiveTheSameCurve() async {
        let instance = InstanceGenerator.generate(scale: .tiny, seed: 5, replan: true)
        let options = SolverOptions(iterations: 100, seed: 9)
        let a = await Tradeoff.curve(instance, budgets: [3, 10, nil], options: options, parallelism: 2)
        let b = await Tradeoff.curve(instance, budgets: [nil, 10, 3], options: options, parallelism: 1)
        #expect(a == b)
    }
}
