import ArgumentParser
import Foundation
import SediaCore

/// How `sedia tradeoff` prints its curve.
enum TradeoffFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct TradeoffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tradeoff",
        abstract: "Replan within several disruption budgets and show what each buys: moves against late trials.",
        discussion: """
            One solve per budget (side by side on the available cores), then each budget takes the best plan found within \
            it: a larger budget can always keep a smaller budget's plan, so late never rises as the budget grows. Budgets \
            are counts of bookings of the instance's previous plan that may move; `none` (or `unlimited`) means no limit. \
            Each budget replaces the instance's own maxMoves. Rows come in increasing budget order, `none` last.
            """
    )

    @Argument(help: "The planning instance (sedia-instance/1); it must have a previous plan.") var instance: String
    @Option(help: "Comma-separated move budgets, e.g. 0,55,110,220,440 (`none` for no limit).") var budgets: String
    @Option(help: "Seconds per budget's solve (default 10 unless --iterations is given).") var timeLimit: Double?
    @Option(help: "Search iterations per budget's solve: the same seed then gives the same curve on every run.") var iterations: Int?
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "table or json (an array of {maxMoves, moves, unassigned, late, cost}).") var format: TradeoffFormat = .table
    @Option(help: "Also write each budget's plan to this existing folder as plan-moves-N.json (plan-moves-none.json).") var outDir: String?
    @Option(help: "Solves to run at once (default: the number of cores).") var jobs: Int?
    @Flag(help: "No progress lines on stderr.") var quiet = false

    /// `--budgets` as numbers (nil: no limit), or the reason it does not parse.
    static func parseBudgets(_ text: String) throws(ValidationError) -> [Int?] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var budgets: [Int?] = []
        for item in items {
            if item == "none" || item == "unlimited" {
                budgets.append(nil)
            } else if let n = Int(item), n >= 0 {
                budgets.append(n)
            } else {
                throw ValidationError("--budgets: each budget must be a whole number of moves ≥ 0 or `none`, got \"\(item)\"")
            }
        }
        if budgets.count > 64 { throw ValidationError("--budgets: at most 64 budgets, got \(budgets.count)") }
        return budgets
    }

    /// The file a budget's plan is written to.
    static func planFileName(_ budget: Int?) -> String { "plan-moves-\(budget.map(String.init) ?? "none").json" }

    func validate() throws {
        _ = try Self.parseBudgets(budgets)
        if let t = timeLimit, !(t > 0 && t <= 3600) { throw ValidationError("--time-limit must be more than 0 and at most 3600 seconds, got \(t)") }
        if let n = iterations, n < 0 { throw ValidationError("--iterations must be at least 0, got \(n)") }
        if let j = jobs, !(1...64).contains(j) { throw ValidationError("--jobs must be 1…64, got \(j)") }
    }

    func run() async throws {
        let budgets = try Self.parseBudgets(budgets)
        if let outDir { try CLIIO.requireFolder(of: URL(fileURLWithPath: outDir).appendingPathComponent("plan.json").path, option: "--out-dir") }
        let inst = try withInputErrors { try CLIIO.loadInstance(instance) }
        guard inst.previous != nil else {
            let file = instance
            throw BadInput(
                InputError(file: file, path: "previous", message: "a trade-off needs the previous plan to count moves against, got null").description)
        }
        let options = SolverOptions.limited(
            timeLimit: iterations == nil ? (timeLimit ?? 10) : timeLimit, iterations: iterations, defaultIterations: 0, seed: seed,
            clock: processClock)
        let width = jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        let quiet = self.quiet
        let started = processClock()
        let count = Tradeoff.normalised(budgets).count
        if !quiet { CLIIO.printErr("tradeoff: \(count) budget(s), \(min(count, width)) at a time") }
        let curve = await Tradeoff.curve(
            inst, budgets: budgets, options: options, parallelism: width,
            progress: { done, total in
                if !quiet { CLIIO.printErr(String(format: "tradeoff: %d of %d solves done (%.0f s)", done, total, processClock() - started)) }
            })
        if let outDir {
            for point in curve.points {
                let path = URL(fileURLWithPath: outDir).appendingPathComponent(Self.planFileName(point.maxMoves)).path
                try CLIIO.writeAtomically(PlanningFormat.encode(point.plan), to: path)
            }
        }
        switch format {
        case .table:
            CLIIO.print(Self.table(curve), terminator: "")
            if let note = Self.unreachableNote(curve) { CLIIO.print(note) }
        case .json:
            CLIIO.write(JSONWriter.render(Self.json(curve), pretty: true))
            if let note = Self.unreachableNote(curve), !quiet { CLIIO.printErr("tradeoff: " + note) }
        }
    }

    /// Why some budgets have no row values, or nil when every budget has a plan.
    static func unreachableNote(_ curve: TradeoffCurve) -> String? {
        guard !curve.unreachable.isEmpty else { return nil }
        let budgets = curve.unreachable.map(String.init).joined(separator: ", ")
        return "no plan within \(budgets) move(s): bookings whose officer, room or court is no longer available must move "
            + "whatever the budget; the fewest moves found is \(curve.fewestMoves.map(String.init) ?? "unknown")"
    }

    /// The rows as JSON: exactly `maxMoves` (null: no limit), `moves`, `unassigned`, `late`, `cost`; a budget no plan
    /// fits has nulls but for `maxMoves`.
    static func json(_ curve: TradeoffCurve) -> JSONValue {
        let unreachable: [JSONValue] = curve.unreachable.map { budget in
            .object([("maxMoves", .int(budget)), ("moves", .null), ("unassigned", .null), ("late", .null), ("cost", .null)])
        }
        return .array(
            unreachable
                + curve.points.map { p -> JSONValue in
                    .object([
                        ("maxMoves", p.maxMoves.map { .int($0) } ?? .null), ("moves", .int(p.moves)), ("unassigned", .int(p.unassigned)),
                        ("late", .int(p.late)), ("cost", .int(p.cost)),
                    ])
                })
    }

    /// A fixed-width table, one row per budget.
    static func table(_ curve: TradeoffCurve) -> String {
        let header = ["maxMoves", "moves", "unassigned", "late", "cost"]
        let rows =
            curve.unreachable.map { ["\($0)", "–", "–", "–", "–"] }
            + curve.points.map { p in [p.maxMoves.map(String.init) ?? "none", "\(p.moves)", "\(p.unassigned)", "\(p.late)", "\(p.cost)"] }
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in String(repeating: " ", count: widths[c] - cell.count) + cell }.joined(separator: "  ")
        }
        return ([header] + rows).map(line).joined(separator: "\n") + "\n"
    }
}
