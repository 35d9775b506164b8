public import Foundation
public import SediaCore

/// A capacity question asked from the web ("what if we trained one more interviewer at CIC-KB?"), as `sedia whatif`
/// asks it: the instance as it is and with the changes, or a greedy search for the additions that help most.
public struct WhatifQuestion: Sendable {
    public enum Mode: Sendable, Equatable {
        /// Solve as it is and with the changes.
        case compare
        /// Start from the changes (a scenario, say more cases) and list up to `budget` additions, best first.
        case recommend(budget: Int, objective: CapacityObjective)
    }

    public var instance: Instance
    /// The asker's state (their answer is shown for it too), or nil for a national user.
    public var scope: String?
    public var changes: [CapacityChange]
    public var mode: Mode
    /// Search iterations per solve: the same answer for the same question and data.
    public var iterations: Int
    public var seed: UInt64
    /// For `+cases`: holidays and targets of the generated cases.
    public var generator: GeneratorRules

    public init(
        instance: Instance, scope: String?, changes: [CapacityChange], mode: Mode, iterations: Int = 3000, seed: UInt64 = 1,
        generator: GeneratorRules = .builtIn
    ) {
        self.instance = instance
        self.scope = scope
        self.changes = changes
        self.mode = mode
        self.iterations = iterations
        self.seed = seed
        self.generator = generator
    }
}

/// The answer: what was asked (without the instance, which a finished job need not keep), the measures before and
/// after (with every recommended addition in `recommend` mode), the additions recommended with what each one bought,
/// and how many solves it took.
public struct WhatifAnswer: Sendable {
    public var scope: String?
    public var changes: [CapacityChange]
    public var mode: WhatifQuestion.Mode
    public var iterations: Int
    public var before: CapacityMetrics
    public var after: CapacityMetrics
    public var recommendations: [CapacityRecommendation]?
    public var solves: Int
}

/// What-if questions in the background, one per scope at a time (`BackgroundJobs`); their solves run on threads of
/// their own, `parallelism` at once.
public final class WhatifJobs: Sendable {
    public let board: BackgroundJobs<WhatifAnswer>
    private let parallelism: Int

    public init(parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, keepFor: TimeInterval = 30 * 60) {
        self.parallelism = max(1, parallelism)
        board = BackgroundJobs(keepFor: keepFor)
    }

    /// Starts the question for its scope, or returns the job already running there.
    @discardableResult
    public func start(_ question: WhatifQuestion) -> JobID {
        let width = parallelism
        return board.start(scope: question.scope) { control in await Self.answer(question, control: control, width: width) }
    }

    public func status(_ id: JobID) -> JobStatus<WhatifAnswer>? { board.status(id) }
    public func cancel(_ id: JobID) { board.cancel(id) }
    public func completion(_ id: JobID) async -> JobStatus<WhatifAnswer>? { await board.completion(id) }

    static func answer(_ question: WhatifQuestion, control: JobControl, width: Int) async -> BackgroundJobs<WhatifAnswer>.Outcome {
        var changed = question.instance
        for change in question.changes {
            do {
                changed = try change.apply(to: changed, seed: question.seed, rules: question.generator)
            } catch {
                return .failed(.change(error.message))
            }
        }
        let options = SolverOptions(iterations: question.iterations, seed: question.seed, clock: control.clock)
        let solving = solveOnThreads(width: width, control: control)
        switch question.mode {
        case .compare:
            control.progress(done: 0, total: 1)
            let solved = await solving([question.instance, changed], options)
            guard solved.count == 2 else { return .failed(.noAnswer) }
            return .done(
                WhatifAnswer(
                    scope: question.scope, changes: question.changes, mode: question.mode, iterations: question.iterations,
                    before: solved[0].metrics, after: solved[1].metrics, recommendations: nil, solves: 2))
        case .recommend(let budget, let objective):
            control.progress(done: 0, total: budget + 1)
            let result = await CapacityPlanner.recommend(
                changed, budget: budget, objective: objective, options: options, solving: solving,
                progress: { round, _, best in control.progress(done: best == nil ? round : round + 1, total: budget + 1) })
            return .done(
                WhatifAnswer(
                    scope: question.scope, changes: question.changes, mode: question.mode, iterations: question.iterations,
                    before: result.base, after: result.final, recommendations: result.steps, solves: result.candidatesTried))
        }
    }
}
