import ArgumentParser
import Foundation
import SediaCore
import SediaStore

/// Output formats of `sedia report`.
enum RecordFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html
}

/// `--by` of `sedia report`.
enum RecordBy: String, ExpressibleByArgument, CaseIterable {
    case none, state, court, quarter

    var grouping: RecordGrouping {
        switch self {
        case .none: .none
        case .state: .state
        case .court: .court
        case .quarter: .quarter
        }
    }
}

/// `sedia report`: the 12-month disposal record the courts and ministers report ("registered N, disposed M, pending P").
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The disposal record of a period: registered, disposed (within target), pending by age, adjournments.",
        discussion: """
            registered: registered in the period; disposed: disposed of (or closed after registration) in the period;
            disposedWithinTarget: among those, on or before registration + the court's target months (rules/disposal.yaml;
            a court with no published target counts none); pending: registered by --to and not disposed of by then, by whole
            months since registration; adjournments: adjourned court dates in the period, by reason; medians in days:
            registration to disposal (the disposed), report to interview (interviews held in the period), registration to the
            first trial day (first trial days in the period). --by quarter groups by calendar quarter, each clipped to the period.
            """)

    @OptionGroup var store: DatabaseOptions
    @OptionGroup var home: HomeOptions
    @Option(help: "First day of the period (YYYY-MM-DD).") var from: Day
    @Option(help: "Last day of the period (YYYY-MM-DD).") var to: Day
    @Option(help: "Group by none, state, court or quarter.") var by: RecordBy = .none
    @Option(help: "Output format: table, csv, json or html.") var format: RecordFormat = .table
    @Option(help: "Only this state's cases (MY-01 … MY-16).") var state: String?

    func run() throws {
        try CLIIO.requireIDs(["--state": state])
        let start = from
        let end = to
        guard start <= end else {
            throw BadInput("--to: \(end) is before --from \(start)")
        }
        let context = try RulesContext.load(home)
        let database = try store.open()
        let input = try storeCall { () throws(StoreError) in try database.recordInput(state: state) }
        let cases = context.book.withDisposalTargets(input.cases)
        let record = DisposalRecord.compute(cases: cases, adjournments: input.adjournments, from: start, to: end, by: by.grouping)
        switch format {
        case .json: CLIIO.print(record.json(), terminator: "")
        case .csv: CLIIO.print(record.csv(), terminator: "")
        case .table: CLIIO.print(record.table(), terminator: "")
        case .html:
            let quarters =
                by == .quarter ? record : DisposalRecord.compute(cases: cases, adjournments: input.adjournments, from: start, to: end, by: .quarter)
            CLIIO.print(record.html(quarters: quarters), terminator: "")
        }
    }
}
