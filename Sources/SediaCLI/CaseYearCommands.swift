import ArgumentParser
import Foundation
import SediaCore
import SediaStore

/// `sedia case close|dispose|reopen`: one way to end a case (a disposal, or a closure before trial) and an admin's reopen.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "End a case (disposal, or closure before trial), reopen it, or request a supplementary interview.",
        subcommands: [CaseCloseCommand.self, CaseDisposeCommand.self, CaseReopenCommand.self, CaseSupplementaryCommand.self])
}

/// The case, the database and the actor every `sedia case` command names.
struct CaseTarget: ParsableArguments {
    @Argument(help: "The case reference.") var caseID: String
    @OptionGroup var store: DatabaseOptions
    @Option(help: "Who is recording (for the audit log).") var actor: String = "cli"

    var id: Case.ID { Case.ID(caseID) }
}

struct CaseCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close a case before trial: no further action, withdrawn, or transferred to another state.",
        discussion: """
            The case's bookings are cancelled (CANCEL invitations for days still to come), it leaves the board, the lists and
            the planner, and it is read-only until an admin reopens it (`sedia case reopen`). A transfer closes it for its
            state only and hands it to the other state (--to-state) as an open case to book there, the trial moved to
            --to-court (needed when that state has several courts that fit). Exit status: 0 done, 2 refused (the reason
            names the field).
            """)

    @OptionGroup var target: CaseTarget
    @Option(help: "Why: no-further-action, withdrawn or transferred.") var outcome: String
    @Option(help: "The day it was closed (YYYY-MM-DD).") var on: Day
    @Option(help: "What happened, in words (kept in the audit log).") var reason: String
    @Option(help: "For a transfer: the state that takes the case (MY-01 … MY-16).") var toState: String?
    @Option(help: "For a transfer of a case with a trial: the court of that state that takes it.") var toCourt: String?

    func run() throws {
        try CLIIO.requireIDs(["case": target.caseID, "--to-state": toState, "--to-court": toCourt])
        guard let why = ClosureReason(rawValue: outcome) else {
            throw BadInput("--outcome: one of \(ClosureReason.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let day = on
        let database = try target.store.open()
        try storeCall { () throws(StoreError) in
            try database.endCase(
                caseID: target.id, on: day, .closure(why), note: reason,
                destination: toState.map { TransferDestination(state: $0, court: toCourt.map { Court.ID($0) }) }, actor: target.actor)
        }
        if let toState {
            CLIIO.print("case \(target.caseID): transferred to \(toState) on \(day), open there to book")
        } else {
            CLIIO.print("case \(target.caseID): closed on \(day) (\(why.rawValue))")
        }
    }
}

struct CaseDisposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispose", abstract: "Record the court's disposal of a case (the same ending as close: bookings cancelled, read-only).")

    @OptionGroup var target: CaseTarget
    @Option(help: "convicted, pleaded-guilty, acquitted, dnaa, daa, withdrawn, transferred or other.") var outcome: String
    @Option(help: "The day of the disposal (YYYY-MM-DD).") var on: Day
    @Option(help: "A note (required for other).") var reason: String?

    func run() throws {
        try CLIIO.requireIDs(["case": target.caseID])
        guard let result = DisposalOutcome(rawValue: outcome) else {
            throw BadInput("--outcome: one of \(DisposalOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let day = on
        let database = try target.store.open()
        try storeCall { () throws(StoreError) in
            try database.endCase(caseID: target.id, on: day, .disposal(result), note: reason, actor: target.actor)
        }
        CLIIO.print("case \(target.caseID): disposed of on \(day) (\(result.rawValue))")
    }
}

struct CaseReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen", abstract: "Reopen a disposed or closed case (an admin's correction, audited with the reason).")

    @OptionGroup var target: CaseTarget
    @Option(help: "Why the case is reopened.") var reason: String

    func run() throws {
        try CLIIO.requireIDs(["case": target.caseID])
        let database = try target.store.open()
        try storeCall { () throws(StoreError) in try database.reopenCase(caseID: target.id, reason: reason, actor: target.actor) }
        CLIIO.print("case \(target.caseID): reopened")
    }
}

struct CaseSupplementaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supplementary-interview", abstract: "Request a supplementary interview for a case whose interview was held.",
        discussion: """
            The case gets a new interview to book from today (find a slot, replan and the planner see it, with the same \
            language, officer and psychologist needs); the first interview's record stays. Its target is rules/interview.yaml \
            interview-target counted from today, brought forward to leave minPrepDays before a trial already booked. Exit \
            status: 0 requested, 2 refused (the interview was not held, an interview is already to book, the case is closed).
            """)

    @OptionGroup var target: CaseTarget
    @OptionGroup var home: HomeOptions
    @Option(help: "Why a supplementary interview is needed (kept in the audit log and the timeline).") var reason: String
    @Option(help: "The interview's length in minutes (15-480).") var minutes: Int = 60

    func run() throws {
        try CLIIO.requireIDs(["case": target.caseID])
        let rules = try RulesContext.load(home)
        let database = try target.store.open()
        let request = try storeCall { () throws(StoreError) in
            try database.requestSupplementaryInterview(
                caseID: target.id, reason: reason, minutes: minutes,
                target: { state, day in rules.book.interviewTarget(state: state, reportedOn: day, calendars: rules.calendars) },
                actor: target.actor)
        }
        CLIIO.print("case \(target.caseID): supplementary interview to book from \(request.requestedOn), by \(request.targetBy)")
    }
}

struct ImportChargesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charges", abstract: "Record charges and registrations in court (one row per case).",
        discussion: """
            Columns: case,court,courtCaseNo,registeredOn,chargedOn,represented (yes|no|unknown),plea (claims-trial|guilty|unknown), \
            childBornOn (optional; stored, never exported or printed). All or nothing: every problem is printed as \
            file: line N: field: problem, exit 2, and the database is unchanged.
            """)

    @OptionGroup var options: ImportFileOptions

    func run() throws {
        try runTableImport(options, parse: ImportRows.charges) { (db, rows, actor) throws(StoreError) in try db.importCharges(rows, actor: actor) }
    }
}

struct ImportEventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Load a registry's daily list of interview outcomes, court dates and disposals.",
        discussion: """
            Columns: case,event,on,outcome,reason,nextOn,minutes. event: interview|mention|ptc|case-management|trial|decision|\
            disposal|supplementary-interview; outcome: held|not-held (interview), held|adjourned (court dates), a disposal \
            outcome, or requested (supplementary-interview, with why in reason and its length in minutes, 60 when empty). \
            reason: a word of the lists (docs/app.md), or "other: what happened". Rows apply in file order, each as its form \
            would (an adjourned trial releases its booked days, a disposal ends the case). All or nothing: every problem is \
            printed as file: line N: field: problem, exit 2, and the database is unchanged.
            """)

    @OptionGroup var options: ImportFileOptions
    @OptionGroup var home: HomeOptions

    func run() throws {
        let rows = try withInputErrors { try ImportRows.events(try CLIIO.read(options.file), file: options.file) }
        // The rule book is read only for a supplementary interview's target, so a list without one needs no rule files.
        let asks = rows.contains { row in
            if case .supplementary = row.value.fact { return true }
            return false
        }
        let rules = asks ? try RulesContext.load(home) : nil
        let database = try options.store.open()
        let target: (StateInfo.ID, Day) -> Day? = { state, day in
            rules.flatMap { $0.book.interviewTarget(state: state, reportedOn: day, calendars: $0.calendars) }
        }
        let result = try storeCall { () throws(StoreError) in try database.importEvents(rows, actor: options.actor, target: target) }
        CLIIO.print(result.description)
    }
}

/// Output formats of `sedia export cases`.
enum CaseExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv
}

struct ExportCasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases", abstract: "Write the case file `sedia deadlines --case-file` reads, with what was recorded.",
        discussion: """
            One line per registered case, open or ended: the case file's columns (the app's facts, so the deadlines computed
            from it equal the app's) and courtCaseNo, ending, outcome, adjournments and trialDaysHeard. No child identity:
            case references only; childTurns18On is the day that decides the turning-18 rule, never the birthday.
            """)

    @OptionGroup var store: DatabaseOptions
    @OptionGroup var home: HomeOptions
    @Option(help: "Output format (csv).") var format: CaseExportFormat = .csv
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
        if let out { try CLIIO.requireFolder(of: out, option: "--out") }
        let context = try RulesContext.load(home)
        let database = try store.open()
        let input = try storeCall { () throws(StoreError) in try database.factsInput() }
        let facts = context.book.caseFacts(instance: input.instance, plan: input.plan, histories: input.histories)
        let text = CaseFileWriter.write(facts.map { ($0, input.histories[$0.id]) })
        if let out {
            try CLIIO.writeAtomically(Array(text.utf8), to: out)
        } else {
            CLIIO.print(text, terminator: "")
        }
    }
}
