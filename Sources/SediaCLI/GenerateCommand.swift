public import ArgumentParser
import Foundation
public import SediaCore
import SediaStore

extension InstanceScale: ExpressibleByArgument {}

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a realistic planning instance (Malaysian states, holidays, centres, courts, staff, cases).",
        discussion: """
            With --history YEARS --db DB instead: record a synthetic history of the database's open cases over the last YEARS
            years (charges, court dates held or adjourned, disposals) through `sedia import charges|events`; rates in docs/app.md.
            """
    )

    @Option(help: "tiny (one centre, 30 cases), state (300 cases) or national (16 states, 2,500 cases).") var scale: InstanceScale?
    @Option(help: "Random seed: the same scale and seed give the same instance.") var seed: UInt64 = 1
    @Option(help: "Where to write the instance.") var out: String?
    @Option(help: "Instead: years of history to record for the database's cases (1 to 10).") var history: Int?
    @Option(help: "The database for --history.") var db: String?
    @Flag(help: "Add a previous plan to replan: a tenth pinned, 5% new cases, three interviewers off for a week.") var replan = false
    @Option(help: "The farthest, in whole km, a child may be sent for an interview (the instance's maxTravelKm, rule 2).")
    var maxTravelKm: Int = 250
    @Flag(help: "Write no travel limit (maxTravelKm absent): a plan may send a child any distance.") var noTravelLimit = false
    @OptionGroup var home: HomeOptions

    func validate() throws {
        if !(1...100_000).contains(maxTravelKm) { throw ValidationError("--max-travel-km must be 1…100000, got \(maxTravelKm)") }
        if let history {
            guard (1...10).contains(history) else { throw ValidationError("--history: 1 to 10 years") }
            guard db != nil, scale == nil, out == nil else { throw ValidationError("--history needs --db DB (and no --scale or --out)") }
        } else {
            guard scale != nil, out != nil else { throw ValidationError("give --scale and --out (or --history YEARS --db DB)") }
        }
    }

    func run() throws {
        if let history, let db {
            try generateHistory(years: history, db: db)
            return
        }
        guard let scale, let out else { throw ValidationError("give --scale and --out (or --history YEARS --db DB)") }
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

    func generateHistory(years: Int, db: String) throws {
        guard FileManager.default.fileExists(atPath: db) else {
            throw BadInput("--db: \(db) does not exist; create a database with `sedia db init --db PATH` first")
        }
        let database = try DatabaseOptions.open(db)
        let instance = try storeCall { () throws(StoreError) in try database.exportInstance() }
        var courts: [String: [Court.ID]] = [:]
        for court in instance.courts { courts[court.state.rawValue, default: []].append(court.id) }
        let records = try storeCall { () throws(StoreError) in try database.caseRecords(state: nil) }
        let histories = try storeCall { () throws(StoreError) in try database.caseHistories() }
        var cases: [HistoryCase] = []
        for r in records where histories[r.item.id]?.charge == nil {
            var own: [Court.ID] = courts[r.state] ?? []
            if let court = r.item.hearing?.court { own = [court] }
            cases.append(HistoryCase(id: r.item.id, courts: own))
        }
        let generated = HistoryGenerator.generate(cases: cases, years: years, today: todayInMalaysia(), seed: seed)
        let charged = try storeCall { () throws(StoreError) in try database.importCharges(generated.charges, actor: "generate") }
        let recorded = try storeCall { () throws(StoreError) in try database.importEvents(generated.events, actor: "generate") }
        CLIIO.print("\(db): \(charged.added) charges and \(recorded.added) court dates and disposals over \(years) years")
    }
}
