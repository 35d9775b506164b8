/// How long and how the solver searches.
public struct SolverOptions: Sendable {
    /// Stop after this many seconds (measured by `clock`). Only the time-limited initialiser sets it, and it requires
    /// a clock, so a time limit can never be measured on a clock that stands still.
    public private(set) var timeLimit: Double?
    /// Stop after this many local-search iterations: with a seed, the plan is then the same on every run.
    public private(set) var iterations: Int?
    public var seed: UInt64
    /// Overrides the instance's `maxMoves`.
    public var maxMoves: Int?
    /// Seconds since some fixed point; the core never reads the system clock itself.
    public private(set) var clock: @Sendable () -> Double
    /// Called about once a second with the best score so far.
    public var progress: (@Sendable (SolverProgress) -> Void)?
    /// Asked every few dozen iterations: true stops the search with the best plan so far (a cancelled background job).
    public var stop: (@Sendable () -> Bool)?

    /// A search that stops after `iterations` iterations (repeatable with the same seed). `clock` only times the
    /// result and the progress reports.
    public init(
        iterations: Int, seed: UInt64 = 1, maxMoves: Int? = nil, clock: @escaping @Sendable () -> Double = { 0 },
        progress: (@Sendable (SolverProgress) -> Void)? = nil
    ) {
        self.timeLimit = nil
        self.iterations = iterations
        self.seed = seed
        self.maxMoves = maxMoves
        self.clock = clock
        self.progress = progress
    }

    /// A search that stops after `timeLimit` seconds on `clock` (or after `iterations`, if given, whichever comes first).
    public init(
        timeLimit: Double, iterations: Int? = nil, seed: UInt64 = 1, maxMoves: Int? = nil, clock: @escaping @Sendable () -> Double,
        progress: (@Sendable (SolverProgress) -> Void)? = nil
    ) {
        self.timeLimit = timeLimit
        self.iterations = iterations
        self.seed = seed
        self.maxMoves = maxMoves
        self.clock = clock
        self.progress = progress
    }

    /// Time-limited when `timeLimit` is given, else limited by `iterations` (`defaultIterations` when that is nil too).
    public static func limited(
        timeLimit: Double?, iterations: Int?, defaultIterations: Int, seed: UInt64 = 1, maxMoves: Int? = nil,
        clock: @escaping @Sendable () -> Double, progress: (@Sendable (SolverProgress) -> Void)? = nil
    ) -> SolverOptions {
        if let timeLimit {
            return SolverOptions(timeLimit: timeLimit, iterations: iterations, seed: seed, maxMoves: maxMoves, clock: clock, progress: progress)
        }
        return SolverOptions(iterations: iterations ?? defaultIterations, seed: seed, maxMoves: maxMoves, clock: clock, progress: progress)
    }
}

/// A progress report: elapsed seconds, iterations so far, best score so far.
public struct SolverProgress: Sendable {
    public var elapsed: Double
    public var iterations: Int
    public var best: Score
}

/// The solver's answer: the plan (with its score), and how the search went.
public struct SolveResult: Sendable {
    public var plan: Plan
    public var score: Score
    /// Bookings of `previous` moved.
    public var moves: Int
    public var iterations: Int
    public var elapsed: Double
    /// Seconds until the construction produced its first complete plan.
    public var firstPlanAt: Double
    /// Each improvement of the best score, with the time it was found.
    public var trace: [(seconds: Double, score: Score)]
    /// What no plan of the instance can beat (proven before the search, on the same compiled tables).
    public var bounds: PlanBounds
    /// Seconds the bound took.
    public var boundSeconds: Double
}
