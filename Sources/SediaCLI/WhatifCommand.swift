public import ArgumentParser
import Foundation
public import SediaCore

extension CapacityObjective: ExpressibleByArgument {}

/// How `sedia whatif` prints its answer.
enum WhatifFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, md
}

struct WhatifCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Capacity planning: solve an instance as is and with staff, room, court-day or caseload changes, or recommend additions.",
        discussion: """
            Changes (--change, repeatable): +interviewer@CIC-KB[:lang=ms,iban][:gender=F], +psychologist@CIC-KCH[:courts=SC-KCH][:lang=ms,en],
            +room@CIC-KB[:accessible], +sitting-day@SC-KCH:thu, -interviewer:IO-014, +cases:10%.
            With --recommend, any --change options first set the scenario (say +cases:10% for next year's caseload); a greedy search then lists the --budget single additions that cut late trials (or waits) the most.
            Each solve stops after --iterations (default 3000, the same answer on every run) or, if given, --time-limit seconds.
            """
    )

    @Argument(help: "The planning instance (sedia-instance/1).") var instance: String
    @Option(
        name: .customLong("change"),
        help: "A change to try; repeat for several (applied together, in order). With --recommend: the scenario to start from.") var changes:
        [String] = []
    @Flag(help: "Search for the single additions that help most, one after another.") var recommend = false
    @Option(help: "How many additions --recommend lists.") var budget: Int = 3
    @Option(help: "What --recommend minimises: late (trials, then interviews, missing their target) or wait.") var objective: CapacityObjective =
        .late
    @Option(help: "table, json or md (a report for a briefing).") var format: WhatifFormat = .table
    @Option(help: "Seconds per solve (instead of an iteration budget; results then depend on machine speed).") var timeLimit: Double?
    @Option(help: "Search iterations per solve (default 3000 unless --time-limit is given).") var iterations: Int?
    @Option(help: "Random seed for the solver and for +cases.") var seed: UInt64 = 1
    @Option(help: "Write the report to this file (atomically) instead of standard output.") var out: String?
    @Option(help: "Also write an SVG chart of late trials against added capacity to this file.") var chart: String?
    @Option(help: "Solves to run at once (default: the number of cores).") var jobs: Int?
    @Flag(help: "No progress lines on stderr.") var quiet = false
    @OptionGroup var home: HomeOptions

    func validate() throws {
        if let t = timeLimit, !(t > 0 && t <= 3600) { throw ValidationError("--time-limit must be more than 0 and at most 3600 seconds, got \(t)") }
        if let n = iterations, n < 0 { throw ValidationError("--iterations must be at least 0, got \(n)") }
        if !(1...50).contains(budget) { throw ValidationError("--budget must be 1…50, got \(budget)") }
        if let j = jobs, !(1...64).contains(j) { throw ValidationError("--jobs must be 1…64, got \(j)") }
        if !recommend && changes.isEmpty { throw ValidationError("give at least one --change SPEC, or --recommend") }
    }

    func run() async throws {
        // Specs first: a typo should not wait for the instance to load.
        var parsed: [CapacityChange] = []
        var specErrors: [CapacitySpecError] = []
        for spec in changes {
            do { parsed.append(try CapacityChange.parse(spec)) } catch { specErrors.append(error) }
        }
        try failOnSpecErrors(specErrors)
        if let out { try CLIIO.requireFolder(of: out, option: "--out") }
        if let chart { try CLIIO.requireFolder(of: chart, option: "--chart") }
        let inst = try withInputErrors { try CLIIO.loadInstance(instance) }
        let rules: GeneratorRules =
            parsed.contains { if case .addCases = $0 { true } else { false } } ? try RulesContext.load(home).generatorRules() : .builtIn
        var changed = inst
        for c in parsed {
            do { changed = try c.apply(to: changed, seed: seed, rules: rules) } catch { specErrors.append(error) }
        }
        try failOnSpecErrors(specErrors)

        let options = SolverOptions.limited(timeLimit: timeLimit, iterations: iterations, defaultIterations: 3000, seed: seed, clock: processClock)
        let width = jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        let quiet = self.quiet
        let started = processClock()
        let report: WhatifReport
        if recommend {
            let result = await CapacityPlanner.recommend(
                changed, budget: budget, objective: objective, options: options, parallelism: width,
                progress: { round, count, best in
                    guard !quiet else { return }
                    let t = String(format: "%.0f s", processClock() - started)
                    if let best {
                        CLIIO.printErr("whatif: round \(round): chose \(best) (\(t))")
                    } else {
                        CLIIO.printErr("whatif: round \(round): solving \(count) candidate additions, \(width) at a time (\(t))")
                    }
                })
            report = WhatifReport(
                instance: inst.name, scenario: parsed.map(\.description), objective: objective, before: result.base, after: result.final,
                changes: result.changes.map(\.description),
                recommendations: result.steps.map {
                    WhatifReport.Step(change: $0.change.description, effect: .init($0.before, $0.after), after: $0.after)
                },
                solves: result.candidatesTried)
        } else {
            if !quiet { CLIIO.printErr("whatif: solving the instance as is and with \(parsed.count) change(s), \(min(2, width)) at a time") }
            let m = await CapacityPlanner.evaluateAll([inst, changed], options: options, parallelism: width)
            report = WhatifReport(
                instance: inst.name, scenario: [], objective: nil, before: m[0], after: m[1], changes: parsed.map(\.description),
                recommendations: nil, solves: 2)
        }
        if !quiet { CLIIO.printErr(String(format: "whatif: %d solves in %.1f s", report.solves, processClock() - started)) }
        if let chart { try CLIIO.writeAtomically(Array(report.svg().utf8), to: chart) }
        let text: String
        switch format {
        case .table: text = report.table()
        case .md: text = report.markdown(chart: chart)
        case .json: text = try report.json() + "\n"
        }
        if let out { try CLIIO.writeAtomically(Array(text.utf8), to: out) } else { CLIIO.print(text, terminator: "") }
    }

    func failOnSpecErrors(_ errors: [CapacitySpecError]) throws {
        guard !errors.isEmpty else { return }
        throw BadInput(errors.map(\.description))
    }
}
