public import ArgumentParser
public import SediaCore

extension TaskKind: ExpressibleByArgument {}

struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "The best few placements for one case with everything else in the plan fixed, or why nothing fits."
    )

    @Argument(help: "The planning instance.") var instance: String
    @Option(help: "The plan whose other bookings stay fixed.") var plan: String
    @Option(name: .customLong("case"), help: "The case id.") var caseID: String
    @Option(help: "interview or hearing (default: the interview if the case needs one).") var task: TaskKind?
    @Option(help: "How many placements to list.") var top: Int = 3

    func validate() throws {
        guard (1...50).contains(top) else { throw ValidationError("--top must be 1…50, got \(top)") }
    }

    func run() throws {
        try CLIIO.requireIDs(["--case": caseID])
        let (inst, p) = try withInputErrors { try CLIIO.loadInstanceAndPlan(instance, plan) }
        let result: SuggestionResult
        do {
            result = try Suggester.suggest(instance: inst, plan: p, caseID: Case.ID(caseID), task: task, top: top)
        } catch {
            throw BadInput("--case: \(error.description)")
        }
        CLIIO.print("\(result.task.rawValue) of \(result.caseID):")
        if result.suggestions.isEmpty {
            CLIIO.print("  nothing fits:")
            for r in result.reasons { CLIIO.print("  - \(r.english)") }
            return
        }
        for (k, s) in result.suggestions.enumerated() {
            let d = s.delta
            CLIIO.print("  \(k + 1). \(s.summary)")
            CLIIO.print("     score change: unassigned \(signed(d.unassigned)), late \(signed(d.late)), cost \(signed(d.cost))")
        }
    }

    func signed(_ v: Int) -> String { v > 0 ? "+\(v)" : "\(v)" }
}
