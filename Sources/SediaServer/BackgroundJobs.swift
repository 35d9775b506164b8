public import Foundation
public import SediaCore
import Synchronization

/// A background job's handle: a random token, safe to put in a page and a form.
public struct JobID: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Where a background job stands.
public enum JobState: Sendable, Equatable {
    case running
    case done
    case failed(JobFailure)
    case cancelled
}

/// Why a background job failed, rendered in the reader's language by its page.
public enum JobFailure: Sendable, Equatable {
    /// The replan found no plan within the budgets given.
    case noPlan
    /// The what-if's planner gave no answer.
    case noAnswer
    /// A what-if change does not apply to the data: the core's words, naming the change.
    case change(String)

    /// The failure in English, for the logs.
    public var english: String {
        switch self {
        case .noPlan: "The planner found no plan within the budgets given."
        case .noAnswer: "The planner gave no answer."
        case .change(let words): words
        }
    }
}

/// A progress line for the page: how much of the job is done (0…1), and of how many steps.
public struct JobProgress: Sendable, Equatable {
    public var done: Int
    public var total: Int
    public var fraction: Double { total > 0 ? Double(done) / Double(total) : 0 }
    public init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }
}

/// What `BackgroundJobs.status` answers.
public struct JobStatus<Output: Sendable>: Sendable {
    public var id: JobID
    public var scope: String?
    public var state: JobState
    public var progress: JobProgress
    /// Set once `state` is `.done`.
    public var output: Output?
}

/// What a running job sees of itself: whether it was cancelled, a clock, and a way to report progress.
public struct JobControl: Sendable {
    let cancelledFlag: @Sendable () -> Bool
    let report: @Sendable (JobProgress) -> Void
    let started = ContinuousClock.now

    public var isCancelled: Bool { cancelledFlag() }

    /// Seconds since the job started.
    public var clock: @Sendable () -> Double {
        let started = self.started
        return {
            let d = ContinuousClock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
    }

    /// `options` made to stop at the solver's next check once the job is cancelled.
    public func stopping(_ options: SolverOptions) -> SolverOptions {
        var options = options
        let cancelled = cancelledFlag
        options.stop = { cancelled() }
        options.progress = nil
        return options
    }

    public func progress(done: Int, total: Int) { report(JobProgress(done: done, total: total)) }
}

/// Jobs that run in the background, one per scope at a time, so no request waits on them: the replans and the
/// what-if questions, whose solver runs for seconds.
///
/// The work only awaits: its solves run on threads of their own (`onThreads`), never on Swift's cooperative pool,
/// where they would starve request handling. A finished job's output is kept until taken, until `keepFor` seconds have
/// passed, until a new job of its scope replaces it, or until `maxRetained` newer finished jobs push it out. Progress and
/// completion are delivered through `updates(_:)` and `completion(_:)`, so callers and tests await them instead of
/// polling.
public final class BackgroundJobs<Output: Sendable>: Sendable {
    fileprivate struct Job {
        var scope: String?
        var state: JobState = .running
        var progress = JobProgress(done: 0, total: 0)
        var output: Output?
        var finishedAt: Date?
        var cancelled: Bool = false
        var waiting: [CheckedContinuation<JobStatus<Output>?, Never>] = []
        var listeners: [AsyncStream<JobStatus<Output>>.Continuation] = []
    }

    /// What the work gives back: its output, or why it failed.
    public enum Outcome: Sendable {
        case done(Output)
        case failed(JobFailure)
    }

    fileprivate let jobs = Mutex<[JobID: Job]>([:])
    private let keepFor: TimeInterval
    private let maxRetained: Int
    private let now: @Sendable () -> Date

    /// `keepFor`: seconds a finished output waits to be taken; `maxRetained`: finished outputs kept at most, in all
    /// scopes (a proposal is megabytes); `now`: the wall clock, for expiry.
    public init(keepFor: TimeInterval = 30 * 60, maxRetained: Int = 32, now: @escaping @Sendable () -> Date = { Date() }) {
        self.keepFor = keepFor
        self.maxRetained = max(1, maxRetained)
        self.now = now
    }

    /// Finished jobs held now, in all scopes (what `maxRetained` bounds).
    public var retainedCount: Int { jobs.withLock { $0.values.filter { $0.state != .running }.count } }

    /// Starts `work` for `scope` as a task, or returns the job already running for that scope. The work must only
    /// await: its solves go to threads of their own (`onThreads`), never run on the task's thread.
    @discardableResult
    public func start(scope: String?, _ work: @escaping @Sendable (JobControl) async -> Outcome) -> JobID {
        let (id, control) = begin(scope: scope)
        guard let control else { return id }
        Task.detached { [self] in finish(id, await work(control)) }
        return id
    }

    /// A new job for `scope` and its control, or the job running for that scope and nil.
    private func begin(scope: String?) -> (JobID, JobControl?) {
        let id = JobID(Secrets.token())
        let running: JobID? = jobs.withLock { jobs in
            purge(&jobs)
            if let (existing, _) = jobs.first(where: { $0.value.scope == scope && $0.value.state == .running }) { return existing }
            // The new job replaces its scope's finished one: one proposal per scope is what a page can show.
            for (old, job) in jobs where job.scope == scope { jobs.removeValue(forKey: old) }
            jobs[id] = Job(scope: scope)
            return nil
        }
        if let running { return (running, nil) }
        let control = JobControl(
            cancelledFlag: { [weak self] in self?.jobs.withLock { $0[id]?.cancelled ?? true } ?? true },
            report: { [weak self] progress in
                self?.update(id) { job in if !job.cancelled { job.progress = progress } }
            })
        return (id, control)
    }

    private func finish(_ id: JobID, _ outcome: Outcome) {
        defer { jobs.withLock { purge(&$0) } }
        update(id) { job in
            job.finishedAt = now()
            job.progress.done = job.progress.total
            if job.cancelled {
                job.state = .cancelled
            } else {
                switch outcome {
                case .done(let output):
                    job.state = .done
                    job.output = output
                case .failed(let why): job.state = .failed(why)
                }
            }
        }
    }

    /// The job running for `scope`, or its newest finished one not yet taken.
    public func current(scope: String?) -> JobID? {
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
    public func status(_ id: JobID) -> JobStatus<Output>? {
        jobs.withLock { jobs in
            purge(&jobs)
            return jobs[id].map { Self.status(id, $0) }
        }
    }

    /// Stops the job: its work sees `isCancelled` and a clock far ahead, and it ends as `.cancelled`. A finished job
    /// is dropped.
    public func cancel(_ id: JobID) {
        jobs.withLock { jobs in
            guard jobs[id]?.state == .running else {
                jobs.removeValue(forKey: id)
                return
            }
            jobs[id]?.cancelled = true
        }
    }

    /// The status once the job has ended (done, failed or cancelled); at once if it has, or if the job is unknown.
    public func completion(_ id: JobID) async -> JobStatus<Output>? {
        guard jobs.withLock({ $0[id] != nil }) else { return nil }
        return await withCheckedContinuation { (continuation: CheckedContinuation<JobStatus<Output>?, Never>) in
            // Decided in one look: answered now, or left for `update` to resume when the job ends (exactly once).
            let now: JobStatus<Output>?? = jobs.withLock { jobs in
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
    public func updates(_ id: JobID) -> AsyncStream<JobStatus<Output>> {
        AsyncStream { continuation in
            let now: JobStatus<Output>? = jobs.withLock { jobs in
                guard let job = jobs[id] else { return nil }
                if job.state == .running { jobs[id]?.listeners.append(continuation) }
                return Self.status(id, job)
            }
            if let now { continuation.yield(now) }
            if now?.state != .running { continuation.finish() }
        }
    }

    /// Removes and returns a finished job's output, after `check` has accepted it (under the same lock, so two takers
    /// never both get it); nil when the job is unknown, expired or already taken.
    public func take<Failure: Error>(_ id: JobID, check: (Output) throws(Failure) -> Void) throws(Failure) -> Output?? {
        let result: Result<Output??, Failure> = jobs.withLock { jobs in
            purge(&jobs)
            guard let job = jobs[id] else { return .success(nil) }
            guard job.state == .done, let output = job.output else { return .success(.some(nil)) }
            jobs.removeValue(forKey: id)
            do throws(Failure) {
                try check(output)
            } catch {
                return .failure(error)
            }
            return .success(.some(output))
        }
        return try result.get()
    }

    /// Changes a job and tells whoever listens; when the change ends the job, wakes whoever waits for it.
    private func update(_ id: JobID, _ change: (inout Job) -> Void) {
        let (status, waiting, listeners):
            (JobStatus<Output>?, [CheckedContinuation<JobStatus<Output>?, Never>], [AsyncStream<JobStatus<Output>>.Continuation]) =
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

    /// Drops finished jobs older than `keepFor`, and the oldest finished ones beyond `maxRetained`; running ones always
    /// stay.
    private func purge(_ jobs: inout [JobID: Job]) {
        let limit = now().addingTimeInterval(-keepFor)
        for (id, job) in jobs where job.state != .running && (job.finishedAt ?? .distantFuture) < limit { jobs.removeValue(forKey: id) }
        let finished = jobs.filter { $0.value.state != .running }.sorted {
            ($0.value.finishedAt ?? .distantPast) < ($1.value.finishedAt ?? .distantPast)
        }
        for (id, _) in finished.prefix(max(0, finished.count - maxRetained)) { jobs.removeValue(forKey: id) }
    }

    private static func status(_ id: JobID, _ job: Job) -> JobStatus<Output> {
        JobStatus(id: id, scope: job.scope, state: job.state, progress: job.progress, output: job.output)
    }
}

/// How many background jobs one user may start per minute (replans and what-if questions together), so that starting
/// jobs in a loop cannot keep the cores and memory busy.
final class JobStartLimit: Sendable {
    let perMinute: Int
    private let starts = Mutex<[String: [Date]]>([:])

    init(perMinute: Int = 6) { self.perMinute = perMinute }

    /// Whether `username` may start a job now; a start that may is counted.
    func allow(_ username: String, now: Date) -> Bool {
        let cutoff = now.addingTimeInterval(-60)
        return starts.withLock { table in
            // Bounded: users who started nothing within the minute are forgotten.
            if table.count > 10_000 { table = table.filter { $0.value.contains { $0 >= cutoff } } }
            var mine = table[username, default: []].filter { $0 >= cutoff }
            guard mine.count < perMinute else {
                table[username] = mine
                return false
            }
            mine.append(now)
            table[username] = mine
            return true
        }
    }
}

/// Runs `count` pieces of work on at most `width` threads of their own (never Swift's cooperative pool); the last
/// thread to finish resumes the awaiting task with the results, in the order of the pieces.
func onThreads<T: Sendable>(count: Int, width: Int, name: String, _ body: @escaping @Sendable (Int) -> T) async -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(width, count))
    return await withCheckedContinuation { continuation in
        let state = Mutex<(next: Int, results: [Int: T], running: Int)>((0, [:], workers))
        for _ in 0..<workers {
            let thread = Thread {
                while let k: Int = state.withLock({ s in
                    guard s.next < count else { return nil }
                    defer { s.next += 1 }
                    return s.next
                }) {
                    let result = body(k)
                    state.withLock { $0.results[k] = result }
                }
                let results: [T]? = state.withLock { s in
                    s.running -= 1
                    return s.running == 0 ? (0..<count).compactMap { s.results[$0] } : nil
                }
                if let results { continuation.resume(returning: results) }
            }
            // The solver's search is iterative; 8 MiB is the main thread's stack, far more than it needs.
            thread.stackSize = 8 << 20
            thread.name = name
            thread.start()
        }
    }
}

/// Solves a batch of instances on at most `width` threads of their own, stopping when the job is cancelled: the
/// server's `CapacityPlanner.Batch`, so a what-if question's solves never run on the cooperative pool.
func solveOnThreads(width: Int, control: JobControl) -> CapacityPlanner.Batch {
    { instances, options in
        let stopping = control.stopping(options)
        return await onThreads(count: instances.count, width: width, name: "sedia-whatif") { k in
            CapacityPlanner.solve(instances[k], options: stopping)
        }
    }
}

extension BackgroundJobs {
    /// How many jobs are in each state (`running`, `done`, `failed`, `cancelled`), for `/metrics`.
    public func countsByState() -> [String: Int] {
        jobs.withLock { jobs in
            var counts = ["running": 0, "done": 0, "failed": 0, "cancelled": 0]
            for job in jobs.values {
                switch job.state {
                case .running: counts["running", default: 0] += 1
                case .done: counts["done", default: 0] += 1
                case .failed: counts["failed", default: 0] += 1
                case .cancelled: counts["cancelled", default: 0] += 1
                }
            }
            return counts
        }
    }
}
