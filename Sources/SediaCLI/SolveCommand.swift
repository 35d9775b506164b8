import ArgumentParser
import Foundation
import SediaCore

/// Seconds since the process started, from a monotonic clock: the solver's time source.
let processClock: @Sendable () -> Double = {
    let start = ContinuousClock.now
    return { @Sendable in
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}()

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Plan every interview and hearing of an instance and write the plan with its score."
    )

    @Argument(help: "The planning instance (sedia-instance/1).") var instance: String
    @Option(help: "Where to write the plan (sedia-plan/1).") var out: String
    @Option(help: "Stop searching after this many seconds (default 10 unless --iterations is given).") var timeLimit: Double?
    @Option(help: "Stop after this many search iterations: the same seed then gives the same plan on every run.") var iterations: Int?
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Most bookings of the previous plan that may move (overrides the instance's maxMoves).") var maxMoves: Int?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        if let t = timeLimit, !(t >= 0 && t <= 86_400) { throw ValidationError("--time-limit must be 0…86400 seconds, got \(t)") }
        if let n = iterations, n < 0 { throw ValidationError("--iterations must be at least 0, got \(n)") }
        if let m = maxMoves, m < 0 { throw ValidationError("--max-moves must be at least 0, got \(m)") }
    }

    func run() throws {
        try CLIIO.requireFolder(of: out, option: "--out")
        let inst = try withInputErrors { try CLIIO.loadInstance(instance) }
        let quiet = self.quiet
        let options = SolverOptions.limited(
            timeLimit: iterations == nil ? (timeLimit ?? 10) : timeLimit, iterations: iterations, defaultIterations: 0, seed: seed,
            maxMoves: maxMoves,
            clock: processClock,
            progress: { p in
                if !quiet { CLIIO.printErr("solving: \(String(format: "%.0f", p.elapsed)) s, \(p.iterations) iterations, best \(p.best)") }
            })
        let result = Solver.solve(inst, options: options)
        try CLIIO.writeAtomically(PlanningFormat.encode(result.plan, bounds: result.bounds), to: out)
        if quiet { return }
        let late = result.plan.interviews.filter { b in
            inst.cases.first { $0.id == b.caseID }.map { b.start.day > ($0.interview?.targetBy ?? b.start.day) } ?? false
        }
        let lateIV = late.count
        CLIIO.print("instance   \(inst.name): \(inst.cases.count) cases")
        CLIIO.print("scheduled  \(result.plan.interviews.count) interviews, \(result.plan.hearings.count) hearings")
        CLIIO.print("unassigned \(result.score.unassigned)")
        CLIIO.print("late       \(result.score.late) (\(lateIV) interviews, \(result.score.late - lateIV) hearings)")
        CLIIO.print("cost       \(result.score.cost)")
        if inst.previous != nil {
            let budget = maxMoves ?? inst.maxMoves
            CLIIO.print("moves      \(result.moves) of previous bookings" + (budget.map { " (budget \($0))" } ?? ""))
        }
        CLIIO.printBounds(result.bounds, score: result.score, seconds: result.boundSeconds)
        CLIIO.print(String(format: "time       %.2f s (first plan %.2f s, %d iterations)", result.elapsed, result.firstPlanAt, result.iterations))
        CLIIO.print("plan       \(out)")
    }
}
