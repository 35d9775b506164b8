public import Foundation
public import SediaCore
public import SediaStore
import Synchronization

/// A background replan's handle.
public typealias ReplanJobID = JobID
/// What `ReplanJobs.status` answers; `proposal` once done.
public typealias ReplanJobStatus = JobStatus<ReplanProposal>

extension JobStatus where Output == ReplanProposal {
    /// Set once `state` is `.done`.
    public var proposal: ReplanProposal? { output }
}

/// A finished replan: the curve (a plan per move budget) and the data version it was computed from.
public struct ReplanProposal: Sendable {
    public var scope: String?
    /// The cases it was limited to (`ReplanInput.only`), nil when every case of the scope could move.
    public var only: Set<Case.ID>? = nil
    public var version: Int
    public var curve: TradeoffCurve
    public var finishedAt: Date
    /// What no plan of the replanned data can beat, however many bookings it moves (issue 26); nil when not computed.
    public var bounds: PlanBounds? = nil

    /// The point for `maxMoves` (nil: no limit), when a plan fits that budget.
    public func point(maxMoves: Int?) -> TradeoffPoint? { curve.points.first { $0.maxMoves == maxMoves } }
}

/// Why a proposal cannot be taken or applied.
public struct ReplanJobError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable { case unknown, notReady, stale, noPlanWithinBudget, otherState }
    public var code: Code
    public var message: String
    public var description: String { message }
}

/// Replans and move-budget trade-offs run in the background (`BackgroundJobs`), one per scope at a time, so no
/// request waits on the solver: a job solves its budgets on up to `parallelism` threads of their own, and its proposal
/// (the curve) is kept until taken.
public final class ReplanJobs: Sendable {
    private let board: BackgroundJobs<ReplanProposal>
    private let parallelism: Int
    private let now: @Sendable () -> Date

    /// `parallelism`: solves run at once per job (default: the number of cores); `keepFor`: seconds a finished
    /// proposal waits to be taken; `now`: the wall clock, for expiry.
    public init(
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, keepFor: TimeInterval = 30 * 60,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.parallelism = max(1, parallelism)
        self.now = now
        board = BackgroundJobs(keepFor: keepFor, now: now)
    }

    /// How many replans are in each state (`/metrics`).
    public func countsByState() -> [String: Int] { board.countsByState() }

    /// Starts a replan of `input.scope`, or returns the job already running for that scope.
    @discardableResult
    public func start(_ input: ReplanInput) -> ReplanJobID {
        let parallelism = self.parallelism
        let now = self.now
        return board.start(scope: input.scope) { control in
            let budgets = Tradeoff.normalised(input.budgets)
            let options: SolverOptions
            if let n = input.iterations {
                options = SolverOptions(timeLimit: input.timeLimit ?? 1e9, iterations: n, seed: input.seed, clock: control.clock)
            } else {
                options = SolverOptions(timeLimit: input.timeLimit ?? 3, seed: input.seed, clock: control.clock)
            }
            control.progress(done: 0, total: budgets.count)
            // A fraction of one solve (docs/benchmarks.md), done here so no page waits on it.
            let bounds = LowerBound.compute(input.instance)
            let solved = Mutex(0)
            let points = await onThreads(count: budgets.count, width: parallelism, name: "sedia-replan") { k -> TradeoffPoint? in
                guard !control.isCancelled else { return nil }
                let point = Tradeoff.solve(input.instance, budget: budgets[k], options: control.stopping(options))
                let done = solved.withLock { n in
                    n += 1
                    return n
                }
                control.progress(done: done, total: budgets.count)
                return point
            }
            let curve = Tradeoff.monotone(points.compactMap { $0 })
            guard !curve.points.isEmpty else { return .failed(.noPlan) }
            return .done(
                ReplanProposal(scope: input.scope, only: input.only, version: input.version, curve: curve, finishedAt: now(), bounds: bounds))
        }
    }

    /// The job running for `scope`, or its newest finished one not yet taken.
    public func current(scope: String?) -> ReplanJobID? { board.current(scope: scope) }

    /// Where the job stands, or nil for an unknown, taken or expired job.
    public func status(_ id: ReplanJobID) -> ReplanJobStatus? { board.status(id) }

    /// Stops the job: its solves stop at their next check, and it ends as `.cancelled`. A finished job is dropped.
    public func cancel(_ id: ReplanJobID) { board.cancel(id) }

    /// The status once the job has ended (done, failed or cancelled); at once if it has, or if the job is unknown.
    public func completion(_ id: ReplanJobID) async -> ReplanJobStatus? { await board.completion(id) }

    /// Every change of the job's status (progress, then the end), starting with the current one; finishes when the job
    /// ends.
    public func updates(_ id: ReplanJobID) -> AsyncStream<ReplanJobStatus> { board.updates(id) }

    /// Removes and returns the finished proposal, refused when the data has changed since it was computed
    /// (`currentVersion` is the database's data version now) or the job has not finished.
    public func take(_ id: ReplanJobID, currentVersion: Int) throws(ReplanJobError) -> ReplanProposal {
        let taken = try board.take(id) { (proposal: ReplanProposal) throws(ReplanJobError) in
            guard proposal.version == currentVersion else {
                throw ReplanJobError(
                    code: .stale, message: "Bookings changed since this proposal was made; nothing was changed. Replan again.")
            }
        }
        guard let found = taken else {
            throw ReplanJobError(code: .unknown, message: "This proposal expired or was already used; start the replan again.")
        }
        guard let proposal = found else { throw ReplanJobError(code: .notReady, message: "The replan has not finished.") }
        return proposal
    }

    /// Takes the proposal and books the plan of budget `maxMoves` in one transaction (`AppDatabase.applyPlan`), refused
    /// when the data changed since the proposal was made, and refused whole when the proposal is one state's and any
    /// booking it changes uses another state's room, officer, psychologist or court (`Instance.outsideState`).
    public func apply(
        _ id: ReplanJobID, maxMoves: Int?, to database: AppDatabase, actor: String, check: (Instance, Plan) -> [Violation] = { _, _ in [] }
    ) throws -> (booked: Int, moved: Int) {
        let proposal = try take(id, currentVersion: try database.dataVersion().version)
        guard let point = proposal.point(maxMoves: maxMoves) else {
            throw ReplanJobError(
                code: .noPlanWithinBudget, message: "No plan moves at most \(maxMoves.map(String.init) ?? "any number of") bookings.")
        }
        guard let scope = proposal.scope else { return try database.applyPlan(point.plan, actor: actor, check: check) }
        // The proposal's data version was just found current, so these are the bookings the proposal was made from.
        let stored = try database.bookings().plan
        let problems = try database.exportInstance().outsideState(point.plan, changedFrom: stored, state: .init(scope))
        guard problems.isEmpty else { throw ReplanJobError(code: .otherState, message: problems.joined(separator: "; ")) }
        return try database.applyPlan(point.plan, actor: actor, check: check)
    }
}
