/// One point of the disruption curve: the best plan found that moves at most `maxMoves` bookings of `previous`.
public struct TradeoffPoint: Sendable, Equatable {
    /// The disruption budget (nil: no limit).
    public var maxMoves: Int?
    /// Bookings of `previous` the plan moves (never more than `maxMoves`).
    public var moves: Int
    /// The plan's score (unassigned, late, cost), as `sedia verify` recomputes it.
    public var score: Score
    /// The plan, its `score` set.
    public var plan: Plan
    /// The budget whose own solve found `plan`: a smaller budget's (or a larger budget's thriftier) plan when that one
    /// scored better than this budget's own solve.
    public var foundWithBudget: Int?

    public init(maxMoves: Int?, moves: Int, score: Score, plan: Plan, foundWithBudget: Int?) {
        self.maxMoves = maxMoves
        self.moves = moves
        self.score = score
        self.plan = plan
        self.foundWithBudget = foundWithBudget
    }

    /// `score.unassigned`, for the report's columns.
    public var unassigned: Int { score.unassigned }
    /// `score.late`, for the report's columns.
    public var late: Int { score.late }
    /// `score.cost`, for the report's columns.
    public var cost: Int { score.cost }
}

/// The answer of `Tradeoff`: a point per budget that some plan fits, in increasing budget order (no limit last), and
/// the budgets no plan fits.
public struct TradeoffCurve: Sendable, Equatable {
    public var points: [TradeoffPoint]
    /// Budgets below the fewest moves any solve needed: bookings that must move whatever the budget (an officer on
    /// leave, a room closed) leave no plan within them.
    public var unreachable: [Int]
    /// The fewest moves of any plan found (nil when nothing was solved).
    public var fewestMoves: Int?

    public init(points: [TradeoffPoint], unreachable: [Int], fewestMoves: Int?) {
        self.points = points
        self.unreachable = unreachable
        self.fewestMoves = fewestMoves
    }
}

/// The trade-off between disruption and lateness on a replan: one solve per move budget, then each budget takes the best
/// plan found within it.
///
/// How many families and officers to call is the coordinator's decision; this shows what each budget buys. A larger
/// budget can always keep a smaller budget's plan, so after the solves every budget takes the best plan (in the
/// score's order) among all plans whose move count fits it: late and cost never rise as the budget grows, whatever
/// the individual searches found. Pure: no I/O, the clock comes with the options.
public enum Tradeoff {
    /// Budgets in increasing order, each once, with nil (no limit) last.
    public static func normalised(_ budgets: [Int?]) -> [Int?] {
        let limited = Set(budgets.compactMap { $0 }).sorted()
        return limited.map { Optional($0) } + (budgets.contains { $0 == nil } ? [nil] : [])
    }

    /// One solve of `instance` within `budget` moves (nil: no limit, whatever the instance's own `maxMoves` says).
    /// Progress reports are not passed on: solves run side by side and a per-solve report would interleave.
    public static func solve(_ instance: Instance, budget: Int?, options: SolverOptions) -> TradeoffPoint {
        var problem = instance
        problem.maxMoves = budget
        var opts = options
        opts.maxMoves = budget
        opts.progress = nil
        let result = Solver.solve(problem, options: opts)
        var plan = result.plan
        plan.score = result.score
        return TradeoffPoint(maxMoves: budget, moves: result.moves, score: result.score, plan: plan, foundWithBudget: budget)
    }

    /// Each budget's best plan among `solved` whose move count fits it (by score, then fewer moves), in the order of
    /// `normalised` budgets. A budget no plan fits (below the bookings that must move whatever the budget, such as
    /// those of an officer now on leave) is listed in `unreachable` instead.
    public static func monotone(_ solved: [TradeoffPoint]) -> TradeoffCurve {
        func fits(_ moves: Int, _ budget: Int?) -> Bool { budget.map { moves <= $0 } ?? true }
        // Ties go to the smaller budget's solve, so the answer does not depend on which solve finished first.
        func better(_ a: TradeoffPoint, _ b: TradeoffPoint) -> Bool {
            (a.score, a.moves, a.foundWithBudget ?? Int.max) < (b.score, b.moves, b.foundWithBudget ?? Int.max)
        }
        var curve = TradeoffCurve(points: [], unreachable: [], fewestMoves: solved.map(\.moves).min())
        for budget in normalised(solved.map(\.maxMoves)) {
            if var best = solved.filter({ fits($0.moves, budget) }).min(by: better) {
                best.maxMoves = budget
                curve.points.append(best)
            } else if let budget {
                curve.unreachable.append(budget)
            }
        }
        return curve
    }

    /// The curve: one solve per budget, at most `parallelism` at a time, then `monotone`. `progress` is called after
    /// each solve with the number done and the total. With an iteration budget and a seed the answer is the same on
    /// every run.
    public static func curve(
        _ instance: Instance, budgets: [Int?], options: SolverOptions, parallelism: Int,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async -> TradeoffCurve {
        let budgets = normalised(budgets)
        let solved = await withTaskGroup(of: TradeoffPoint.self) { group in
            var points: [TradeoffPoint] = []
            var next = 0
            func add(_ group: inout TaskGroup<TradeoffPoint>) {
                let budget = budgets[next]
                next += 1
                group.addTask { solve(instance, budget: budget, options: options) }
            }
            while next < budgets.count && next < max(1, parallelism) { add(&group) }
            while let point = await group.next() {
                points.append(point)
                progress?(points.count, budgets.count)
                if next < budgets.count { add(&group) }
            }
            return points
        }
        return monotone(solved)
    }
}
