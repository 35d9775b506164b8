import ArgumentParser
import SediaCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a plan against every hard rule (0–15) and recompute its score.",
        discussion: "Exit status: 0 valid, 1 the plan breaks a rule, 2 a malformed instance or plan."
    )

    @Argument(help: "The planning instance (sedia-instance/1).") var instance: String
    @Argument(help: "The plan to check (sedia-plan/1).") var plan: String
    @Flag(help: "Print only the summary line.") var quiet = false

    func run() throws {
        let (inst, p) = try withInputErrors { try CLIIO.loadInstanceAndPlan(instance, plan) }
        let report = Verifier.verify(inst, p)
        if !quiet {
            for v in report.violations { CLIIO.print(v.description) }
        }
        if inst.previous != nil { CLIIO.print("moved bookings against previous: \(report.moves) (50 each in cost)") }
        let s = report.score
        if !quiet {
            let t0 = processClock()
            let bounds = LowerBound.compute(inst)
            CLIIO.printBounds(bounds, score: s, seconds: processClock() - t0)
        }
        CLIIO.print("valid=\(report.isValid) unassigned=\(s.unassigned) late=\(s.late) cost=\(s.cost)")
        if !report.isValid { throw ExitCode(1) }
    }
}
