public import ArgumentParser
public import SediaCore

extension InstanceScale: ExpressibleByArgument {}

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a realistic planning instance (Malaysian states, holidays, centres, courts, staff, cases)."
    )

    @Option(help: "tiny (one centre, 30 cases), state (300 cases) or national (16 states, 2,500 cases).") var scale: InstanceScale
    @Option(help: "Random seed: the same scale and seed give the same instance.") var seed: UInt64 = 1
    @Option(help: "Where to write the instance.") var out: String
    @Flag(help: "Add a previous plan to replan: a tenth pinned, 5% new cases, three interviewers off for a week.") var replan = false
    @Option(help: "The farthest, in whole km, a child may be sent for an interview (the instance's maxTravelKm, rule 2).")
    var maxTravelKm: Int = 250
    @Flag(help: "Write no travel limit (maxTravelKm absent): a plan may send a child any distance.") var noTravelLimit = false
    @OptionGroup var home: HomeOptions

    func validate() throws {
        if !(1...100_000).contains(maxTravelKm) { throw ValidationError("--max-travel-km must be 1…100000, got \(maxTravelKm)") }
    }

    func run() throws {
        try CLIIO.requireFolder(of: out, option: "--out")
        // Deadlines, interview targets and holidays come from rules/ and calendars/.
        let rules = try RulesContext.load(home).generatorRules()
        let instance = InstanceGenerator.generate(
            scale: scale, seed: seed, rules: rules, replan: replan, maxTravelKm: noTravelLimit ? nil : maxTravelKm)
        try CLIIO.writeAtomically(PlanningFormat.encode(instance), to: out)
        let iv = instance.cases.filter { $0.interview != nil }.count
        let h = instance.cases.filter { $0.hearing != nil }.count
        CLIIO.print(
            "\(out): \(instance.cases.count) cases (\(iv) interviews, \(h) hearings), \(instance.centres.count) centres, \(instance.interviewers.count) interviewers, \(instance.psychologists.count) psychologists, \(instance.courts.count) courts"
        )
    }
}
