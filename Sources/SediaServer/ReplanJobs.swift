public import Foundation
public import SediaCore
public import SediaStore
import Synchronization

/// A background replan's handle: a random token, safe to put in a page and a form.
public struct ReplanJobID: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Where a background replan stands.
public enum ReplanJobState: Sendable, Equatable {
    case running
    case done
    case failed(String)
    case cancelled
}

/// A progress line for the page: what the job is doing and how much of it is done (0…1).
public struct ReplanJobProgress: Sendable, Equatable {
    public var phase: String
    public var fraction: Double
}

/// A finished replan: the curve (a plan per move budget) and the data version it was computed from.
public struct ReplanProposal: Sendable {
    public var scope: String?
    public var version: Int
    public var curve: TradeoffCurve
    public var finishedAt: Date

    /// The point for `maxMoves` (nil: no limit), when a plan fits that budget.
    public func point(maxMoves: Int?) -> TradeoffPoint? { curve.points.first { $0.maxMoves == maxMoves } }
}

/// What `ReplanJobs.status` answers.
public struct ReplanJobStatus: Sendable {
    public var id: ReplanJobID
    public var scope: String?
    public var state: ReplanJobState
    public var progress: ReplanJobProgress
    /// Set once `state` is `.done`.
    public var proposal: ReplanProposal?
}

/// Why a proposal cannot be taken or applied.
public struct ReplanJobError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable { case unknown, notReady, stale, noPlanWithinBudget }
    public var code: Code
    public var message: String
    public var description: String { message }
}

/// Replans and move-budget trade-offs run in the background, one per scope at a time, so no request waits on the
/// solver.
///
/// The solver is CPU-bound for seconds: each solve runs on a thread of its own (never on Swift's cooperative pool,
/// where it would starve the server's request handling), at most `parallelism` per job. A finished proposal is kept
/// until taken or until `keepFor` seconds have passed. Progress and completion are delivered through `updates(_:)`
/// and `completion(_:)`, so callers (and tests) await them instead of polling.
public final class ReplanJobs: Sendable {
    private struct Job {
        var scope: String?
        var state: ReplanJobState = .running
        var progress = ReplanJobProgress(phase: "starting", fraction: 0)
        var proposal: ReplanProposal?
        var finishedAt: Date?
        var cancelled: Bool = false
        var waiting: [CheckedContinuation<ReplanJobStatus?, Never>] = []
        var listeners: [AsyncStream<ReplanJobStatus>.Continuation] = []
    }

    private let jobs = Mutex<[ReplanJobID: Job]>([:])
    private let parallelism: Int
    private let keepFor: TimeInterval
    private let now: @Sendable () -> Date

    /// `parallelism`: solves run at once per job (default: the number of cores); `keepFor`: seconds a finished
    /// proposal waits to be taken; `now`: the wall clock, for expiry.
    public init(
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, keepFor: TimeInterval = 30 * 60,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.parallelism = max(1, parallelism)
        self.keepFor = keepFor
        self.now = now
    }

    /// Starts a replan of `input.scope`, or returns the job already running for that scope.
    @discardableResult
    public func start(_ input: ReplanInput) -> ReplanJobID {
        let id = ReplanJobID(Secrets.token())
        let running: ReplanJobID? = jobs.withLock { jobs in
            purge(&jobs)
            if let (existing, _) = jobs.first(where: { $0.value.scope == input.scope && $0.value.state == .running }) { return existing }
            jobs[id] = Job(scope: input.scope)
            return nil
        }
        if let running { return running }
        run(id, input)
        return id
    }

    /// The job running for `scope`, or its newest finished one not yet taken.
    public func current(scope: String?) -> ReplanJobID? {
        jobs.withLock { jobs in
            purge(&jobs)
            let mine = jobs.filter { $0.value.scope == scope }
            return
                (mine.first { $0.value.state == .running }
                ?? mine.max { ($0.value.finishedAt ?? .distantPast) < ($1.value.finishedAt ?? .distantPast) })?
                .key
        }
    }

    /// Where the job stands, or nil for an unknown, taken or expired job.
    public func status(_ id: ReplanJobID) -> ReplanJobStatus? {
        jobs.withLock { jobs in
            purge(&jobs)
            return jobs[id].map { Self.status(id, $0) }
        }
    }

    /// Stops the job: its solves stop at their next check, and it ends as `.cancelled`. A finished job is dropped.
    public func cancel(_ id: ReplanJobID) {
        jobs.withLock { jobs in
            guard jobs[id]?.state == .running else {
                jobs.removeValue(forKey: id)
                return
            }
            jobs[id]?.cancelled = true
            jobs[id]?.progress.phase = "cancelling"
        }
    }

    /// The status once the job has ended (done, failed or cancelled); at once if it has, or if the job is unknown.
    public func completion(_ id: ReplanJobID) async -> ReplanJobStatus? {
        guard jobs.withLock({ $0[id] != nil }) else { return nil }
        return await withCheckedContinuation { (continuation: CheckedContinuation<ReplanJobStatus?, Never>) in
            // Decided in one look: answered now, or left for `update` to resume when the job ends (exactly once).
            let now: ReplanJobStatus?? = jobs.withLock { jobs in
                guard let job = jobs[id] else { return .some(nil) }
                if job.state != .running { return .some(Self.status(id, job)) }
                jobs[id]?.waiting.append(continuation)
                return .none
            }
            if case .some(let answer) = now { continuation.resume(returning: answer) }
        }
    }

    /// Every change of the job's status (progress, then the end), starting with the current one; finishes when the job
    /// ends.
    public func updates(_ id: ReplanJobID) -> AsyncStream<ReplanJobStatus> {
        AsyncStream { continuation in
            let now: ReplanJobStatus? = jobs.withLock { jobs in
                guard let job = jobs[id] else { return nil }
                if job.state == .running { jobs[id]?.listeners.append(continuation) }
                return Self.status(id, job)
            }
            if let now { continuation.yield(now) }
            if now?.state != .running { continuation.finish() }
        }
    }

    /// Removes and returns the finished proposal, refused when the data has changed since it was computed
    /// (`currentVersion` is the database's data version now) or the job has not finished.
    public func take(_ id: ReplanJobID, currentVersion: Int) throws(ReplanJobError) -> ReplanProposal {
        let result: Result<ReplanProposal, ReplanJobError> = jobs.withLock { jobs in
            purge(&jobs)
            guard let job = jobs[id] else {
                return .failure(ReplanJobError(code: .unknown, message: "This proposal expired or was already used; start the replan again."))
            }
            guard job.state == .done, let proposal = job.proposal else {
                return .failure(ReplanJobError(code: .notReady, message: "The replan has not finished."))
            }
            jobs.removeValue(forKey: id)
            guard proposal.version == currentVersion else {
                return .failure(
                    ReplanJobError(code: .stale, message: "Bookings changed since this proposal was made; nothing was changed. Replan again."))
            }
            return .success(proposal)
        }
        return try result.get()
    }

    /// Takes the proposal and books the plan of budget `maxMoves` in one transaction (`AppDatabase.applyPlan`), refused
    /// when the data changed since the proposal was made.
    public func apply(
        _ id: ReplanJobID, maxMoves: Int?, to database: AppDatabase, actor: String, check: (Instance, Plan) -> [String] = { _, _ in [] }
    ) throws -> (booked: Int, moved: Int) {
        let proposal = try take(id, currentVersion: try database.dataVersion().version)
        guard let point = proposal.point(maxMoves: maxMoves) else {
            throw ReplanJobError(
                code: .noPlanWithinBudget, message: "No plan moves at most \(maxMoves.map(String.init) ?? "any number of") bookings.")
        }
        return try database.applyPlan(point.plan, actor: actor, check: check)
    }

    // MARK: Running

    private func run(_ id: ReplanJobID, _ input: ReplanInput) {
        let budgets = Tradeoff.normalised(input.budgets)
        let total = budgets.count
        let started = ContinuousClock.now
        let cancelled: @Sendable () -> Bool = { [weak self] in self?.jobs.withLock { $0[id]?.cancelled ?? true } ?? true }
        // A cancelled job's clock jumps far ahead, so a running solve stops at its next check of the time.
        let clock: @Sendable () -> Double = {
            let d = ContinuousClock.now - started
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            return cancelled() ? seconds + 1e12 : seconds
        }
        let options: SolverOptions
        if let n = input.iterations {
            options = SolverOptions(timeLimit: input.timeLimit ?? 1e9, iterations: n, seed: input.seed, clock: clock)
        } else {
            options = SolverOptions(timeLimit: input.timeLimit ?? 3, seed: input.seed, clock: clock)
        }
        let work = Work(workers: min(parallelism, max(1, total)))
        update(id) { $0.progress = ReplanJobProgress(phase: "solving 0 of \(total) budget(s)", fraction: 0) }
        for _ in 0..<min(parallelism, max(1, total)) {
            let thread = Thread { [self] in
                while true {
                    let budget: Int?? = work.state.withLock { w in
                        guard w.next < total, !cancelled() else { return .none }
                        defer { w.next += 1 }
                        return .some(budgets[w.next])
                    }
                    guard case .some(let b) = budget else { break }
                    let point = Tradeoff.solve(input.instance, budget: b, options: options)
                    let done = work.state.withLock { w in
                        w.solved.append(point)
                        return w.solved.count
                    }
                    update(id) {
                        guard !$0.cancelled else { return }
                        $0.progress = ReplanJobProgress(phase: "solved \(done) of \(total) budget(s)", fraction: Double(done) / Double(total))
                    }
                }
                let last: [TradeoffPoint]? = work.state.withLock { w in
                    w.workers -= 1
                    return w.workers == 0 ? w.solved : nil
                }
                if let last { finish(id, input, last, cancelled: cancelled()) }
            }
            // The solver's search is iterative; 8 MiB is the main thread's stack, far more than it needs.
            thread.stackSize = 8 << 20
            thread.name = "sedia-replan"
            thread.start()
        }
    }

    /// The budgets still to solve and the points solved, shared by a job's threads.
    private final class Work: Sendable {
        let state: Mutex<(next: Int, solved: [TradeoffPoint], workers: Int)>
        init(workers: Int) { state = Mutex((0, [], workers)) }
    }

    private func finish(_ id: ReplanJobID, _ input: ReplanInput, _ solved: [TradeoffPoint], cancelled: Bool) {
        let curve = Tradeoff.monotone(solved)
        update(id) { job in
            job.finishedAt = now()
            if cancelled {
                job.state = .cancelled
                job.progress = ReplanJobProgress(phase: "cancelled", fraction: 1)
            } else if curve.points.isEmpty {
                job.state = .failed("The planner found no plan within the budgets given.")
                job.progress = ReplanJobProgress(phase: "failed", fraction: 1)
            } else {
                job.state = .done
                job.progress = ReplanJobProgress(phase: "done", fraction: 1)
                job.proposal = ReplanProposal(scope: input.scope, version: input.version, curve: curve, finishedAt: now())
            }
        }
    }

    /// Changes a job and tells whoever listens; when the change ends the job, wakes whoever waits for it.
    private func update(_ id: ReplanJobID, _ change: (inout Job) -> Void) {
        let (status, waiting, listeners):
            (ReplanJobStatus?, [CheckedContinuation<ReplanJobStatus?, Never>], [AsyncStream<ReplanJobStatus>.Continuation]) =
                jobs.withLock { jobs in
                    guard var job = jobs[id] else { return (nil, [], []) }
                    change(&job)
                    let ended = job.state != .running
                    let waiting = ended ? job.waiting : []
                    let listeners = job.listeners
                    if ended {
                        job.waiting = []
                        job.listeners = []
                    }
                    jobs[id] = job
                    return (Self.status(id, job), waiting, listeners)
                }
        guard let status else { return }
        for listener in listeners {
            listener.yield(status)
            if status.state != .running { listener.finish() }
        }
        for waiter in waiting { waiter.resume(returning: status) }
    }

    /// Drops finished jobs older than `keepFor`; running ones always stay.
    private func purge(_ jobs: inout [ReplanJobID: Job]) {
        let limit = now().addingTimeInterval(-keepFor)
        for (id, job) in jobs where job.state != .running && (job.finishedAt ?? .distantFuture) < limit { jobs.removeValue(forKey: id) }
    }

    private static func status(_ id: ReplanJobID, _ job: Job) -> ReplanJobStatus {
        ReplanJobStatus(id: id, scope: job.scope, state: job.state, progress: job.progress, proposal: job.proposal)
    }
}
