import ArgumentParser
import Foundation
import SediaCore

#if canImport(Glibc)
    import Glibc
#endif

/// `sedia bench`: the benchmarks, kept out of the commands people use. Results, with the command that produced them,
/// belong in docs/benchmarks*.md.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: the solver (default) and the deadline calculator.",
        subcommands: [SolverBenchCommand.self, DeadlinesBenchCommand.self],
        defaultSubcommand: SolverBenchCommand.self
    )
}

/// `sedia bench [solver]`: time to first plan, score at 1/10/30 s, the proven bound and peak memory on generated and sample instances.
struct SolverBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solver",
        abstract: "Solve generated and sample instances and print time to first plan, score at 1/10/30 s and peak memory.",
        discussion: "Results, with the command that produced them, belong in docs/benchmarks.md."
    )

    @Option(help: "Comma-separated scales to generate: tiny, state, national.") var scale: String = "tiny,state,national"
    @Option(help: "Comma-separated generator seeds.") var seeds: String = "1,2,3"
    @Option(help: "A folder of sample instances (*.json) to solve too, such as ../shared/instances.") var samples: String?
    @Option(help: "Seconds per instance; scores are read off the run at 1, 10 and 30 s.") var timeLimit: Double = 30
    @Option(help: "Solver seed.") var seed: UInt64 = 1
    @Option(help: "Move budget for *-replan instances, as name=N (default: the greedy baseline's count from the samples' README).")
    var maxMoves: [String] = []
    @Flag(help: "Also time `suggest` for one case of each instance.") var suggest = false

    func run() throws {
        var budgets = ["tiny-s1-replan": 6, "state-s1-replan": 44, "national-s1-replan": 46]
        for m in maxMoves {
            let parts = m.split(separator: "=")
            guard parts.count == 2, let n = Int(parts[1]), n >= 0 else {
                throw BadInput("--max-moves: expected name=N, got '\(m)'")
            }
            budgets[String(parts[0])] = n
        }
        var jobs: [(name: String, load: () throws -> Instance)] = []
        for sc in scale.split(separator: ",") {
            guard let s = InstanceScale(rawValue: String(sc)) else {
                throw BadInput("--scale: unknown scale '\(sc)' (tiny, state or national)")
            }
            for seedText in seeds.split(separator: ",") {
                guard let sd = UInt64(seedText) else {
                    throw BadInput("--seeds: '\(seedText)' is not a number")
                }
                jobs.append(("gen-\(s.rawValue)-s\(sd)", { InstanceGenerator.generate(scale: s, seed: sd) }))
            }
        }
        if let samples {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: samples)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            for f in files {
                let path = (samples as NSString).appendingPathComponent(f)
                jobs.append((String(f.dropLast(5)), { try withInputErrors { try CLIIO.loadInstance(path) } }))
            }
        }
        CLIIO.print(
            "| instance | cases | interviews | hearings | first plan (s) | score at 1 s | at 10 s | at 30 s | final | bound | bound (s) | moves | valid | suggest (ms) | peak RSS (MiB) |"
        )
        CLIIO.print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for job in jobs {
            let inst = try job.load()
            let limit = timeLimit
            let result = Solver.solve(inst, options: SolverOptions(timeLimit: limit, seed: seed, maxMoves: budgets[job.name], clock: processClock))
            func at(_ t: Double) -> String {
                guard t <= limit + 0.001 else { return "–" }
                return result.trace.last { $0.seconds <= t }.map { "\($0.score)" } ?? "–"
            }
            let report = Verifier.verify(inst, result.plan)
            var suggestMS = "–"
            if suggest, let c = inst.cases.first(where: { $0.hearing != nil && $0.hearing?.pinned == nil }) {
                let t0 = processClock()
                _ = try? Suggester.suggest(instance: inst, plan: result.plan, caseID: c.id, task: .hearing, top: 3)
                suggestMS = String(format: "%.0f", (processClock() - t0) * 1000)
            }
            let iv = inst.cases.filter { $0.interview != nil }.count
            let h = inst.cases.filter { $0.hearing != nil }.count
            // The proven bound (issue 26), unassigned/late/cost as the scores are printed.
            let b = result.bounds
            let boundText = b.cost == nil ? "\(b.unassigned)/\(b.late)/–" : "\(b.score)"
            let movesText = inst.previous == nil ? "–" : "\(result.moves)" + (budgets[job.name].map { " / \($0)" } ?? "")
            CLIIO.print(
                "| \(job.name) | \(inst.cases.count) | \(iv) | \(h) | \(String(format: "%.2f", result.firstPlanAt)) | \(at(1)) | \(at(10)) | \(at(30)) | \(result.score) | \(boundText) | \(String(format: "%.3f", result.boundSeconds)) | \(movesText) | \(report.isValid) | \(suggestMS) | \(peakRSSMiB()) |"
            )
        }
    }

    func peakRSSMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024
    }
}

/// `sedia bench deadlines --cases N`: every deadline of N synthetic cases computed with rules/ and calendars/.
struct DeadlinesBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines",
        abstract: "Compute every deadline of N synthetic cases and print the time (rules/ and calendars/ are loaded first, untimed).",
        discussion: "Results, with the command that produced them, belong in docs/benchmarks-rules.md."
    )

    @Option(help: "How many synthetic cases.") var cases: Int = 10_000
    @OptionGroup var home: HomeOptions

    func validate() throws {
        guard cases > 0 else { throw ValidationError("--cases must be at least 1, got \(cases)") }
    }

    func run() throws {
        let context = try RulesContext.load(home)
        CLIIO.print(DeadlineBenchmark.run(book: context.book, calendars: context.calendars, cases: cases).summary)
    }
}

/// The deadline benchmark: synthetic cases in every state, every rule, timed.
enum DeadlineBenchmark {
    /// What a run measured.
    struct Result: Sendable {
        var cases: Int
        var deadlines: Int
        var seconds: Double

        var summary: String {
            let ms = (seconds * 1000 * 10).rounded() / 10
            return "deadlines: \(cases) cases, \(deadlines) deadlines in \(ms) ms (\(Int(Double(cases) / max(seconds, 1e-9))) cases/s)"
        }
    }

    /// Computes every deadline of `cases` synthetic cases (states, courts, dates and conditions varied deterministically).
    static func run(book: RuleBook, calendars: WorkingCalendars, cases n: Int) -> Result {
        let facts = syntheticCases(n)
        let clock = ContinuousClock()
        var count = 0
        let elapsed = clock.measure {
            for f in facts {
                count += (try? book.deadlines(for: f, calendars: calendars).count) ?? 0
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(cases: n, deadlines: count, seconds: seconds)
    }

    static func syntheticCases(_ n: Int) -> [CaseFacts] {
        let states = MalaysianStates.all.map(\.code)
        let base = Day(year: 2025, month: 1, day: 1) ?? Day(ordinal: 20089)
        let allConditions = ReadinessCondition.allCases.filter { $0 != .always }
        return (0..<n).map { i in
            let state = states[i % states.count]
            let court: Court.ID? =
                switch (state.rawValue, i % 3) {
                case ("MY-10", 0), ("MY-14", 0), ("MY-16", 0): "SC-PJY"
                case ("MY-13", 0): "SC-KCH"
                default: nil
                }
            let report = base.adding(days: (i * 7919) % 1100)
            let registered = report.adding(days: 20 + i % 40)
            var events: [CaseEvent: Day] = [.report: report, .registration: registered]
            if i % 5 != 0 { events[.charge] = registered.adding(days: i % 10) }
            if i % 2 == 0 { events[.trial] = registered.adding(days: 60 + i % 80) }
            if i % 4 == 0 { events[.interview] = report.adding(days: i % 9) }
            var conditions = Set<ReadinessCondition>()
            for (k, c) in allConditions.enumerated() where (i >> k) & 1 == 1 { conditions.insert(c) }
            return CaseFacts(
                id: Case.ID("BENCH-\(i)"), state: state, court: court, events: events, offences: i % 3 == 0 ? ["SOAC s.11"] : ["SOAC s.14"],
                conditions: conditions)
        }
    }
}
