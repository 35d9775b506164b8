public import SediaCore
public import SediaStore

/// What one background replan solves: the instance with its unpinned bookings as `previous` (as the replan route
/// builds it), the scope, the move budgets to try, the search limits, and the data version it was read under, so
/// that a proposal made from data that has changed since can be refused.
public struct ReplanInput: Sendable {
    public var instance: Instance
    /// A state code, or nil for every state.
    public var scope: String?
    /// The data version (`AppDatabase.dataVersion()`) the instance was read under.
    public var version: Int
    /// Move budgets, one solve each (nil: no limit). `[nil]` is a plain replan.
    public var budgets: [Int?]
    /// Seconds per solve; with `iterations` too, whichever comes first.
    public var timeLimit: Double?
    /// Search iterations per solve (repeatable with the same seed).
    public var iterations: Int?
    public var seed: UInt64
    /// When set, only these cases' tasks may move (the bookings a disruption breaks); nil: every case of the scope.
    public var only: Set<Case.ID>?

    public init(
        instance: Instance, scope: String?, version: Int, budgets: [Int?] = [nil], timeLimit: Double? = 3, iterations: Int? = nil, seed: UInt64 = 1,
        only: Set<Case.ID>? = nil
    ) {
        self.instance = instance
        self.scope = scope
        self.version = version
        self.budgets = budgets
        self.timeLimit = timeLimit
        self.iterations = iterations
        self.seed = seed
        self.only = only
    }

    /// The replan of `scope` as the database holds it now: every case of the state (all cases when nil) may move,
    /// the other states' bookings are held as pins, and a state's cases may use only that state's resources
    /// (`Instance.replanScope`). With `only`, just those cases of the scope may move (a disruption's broken bookings).
    public static func load(
        from database: AppDatabase, scope: String?, budgets: [Int?] = [nil], timeLimit: Double? = 3, iterations: Int? = nil, seed: UInt64 = 1,
        window: PlanningWindow? = nil, only: Set<Case.ID>? = nil
    ) throws(StoreError) -> ReplanInput {
        let version = try database.dataVersion().version
        var instance = try database.exportInstance(window: window)
        if let scope {
            var cases = Set(try database.caseRecords(state: scope).map(\.item.id))
            if let only { cases.formIntersection(only) }
            instance = instance.replanScope(cases, state: .init(scope))
        } else if let only {
            instance = instance.replanScope(only)
        }
        return ReplanInput(
            instance: instance, scope: scope, version: version, budgets: budgets, timeLimit: timeLimit, iterations: iterations, seed: seed,
            only: only)
    }
}
