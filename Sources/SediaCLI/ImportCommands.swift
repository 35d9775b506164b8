import ArgumentParser
import Foundation
import SediaCalendar
import SediaCore
import SediaStore

/// The arguments every `sedia import` of a table shares.
struct ImportFileOptions: ParsableArguments {
    @Argument(help: "The file: .csv (a header line of field names) or .json (an array of objects).") var file: String
    @OptionGroup var store: DatabaseOptions
    @Option(help: "Who is importing (for the audit log).") var actor: String = "cli"
}

/// Parses, then writes in one transaction, then prints what changed.
func runTableImport<Row>(
    _ options: ImportFileOptions, parse: ([UInt8], String) throws(InputErrors) -> [Located<Row>],
    store: (AppDatabase, [Located<Row>], String) throws(StoreError) -> RowsImported
) throws {
    let rows = try withInputErrors { try parse(try CLIIO.read(options.file), options.file) }
    let database = try options.store.open()
    let result = try storeCall { () throws(StoreError) in try store(database, rows, options.actor) }
    CLIIO.print(result.description)
}

struct ImportStaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Load interviewers, psychologists, prosecutors and coordinators (upsert by id).",
        discussion: """
            Fields: id, kind (interviewer|psychologist|prosecutor|coordinator), gender (F|M, required for interviewers), languages,
            trainedUntil (interviewers), centres, courts, maxPerDay (required for interviewers and psychologists). Lists are
            separated by ';' in CSV and are arrays in JSON. Leave is kept: it comes from `sedia import leave`.
            """)

    @OptionGroup var options: ImportFileOptions

    func run() throws {
        try runTableImport(options, parse: ImportRows.staff) { (db, rows, actor) throws(StoreError) in try db.importStaff(rows, actor: actor) }
    }
}

struct ImportCentresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "centres", abstract: "Load child interview centres (upsert by id; breaks are kept).",
        discussion: "Fields: id, name, state, lat, lon, open and close (HH:MM).")

    @OptionGroup var options: ImportFileOptions

    func run() throws {
        try runTableImport(options, parse: ImportRows.centres) { (db, rows, actor) throws(StoreError) in try db.importCentres(rows, actor: actor) }
    }
}

struct ImportRoomsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rooms", abstract: "Load interview rooms of centres already in the database (upsert by id).",
        discussion: "Fields: id, centre, features (e.g. recording;accessible).")

    @OptionGroup var options: ImportFileOptions

    func run() throws {
        try runTableImport(options, parse: ImportRows.rooms) { (db, rows, actor) throws(StoreError) in try db.importRooms(rows, actor: actor) }
    }
}

struct ImportCourtsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "courts", abstract: "Load courts (upsert by id; closures are kept, they come from `sedia import leave --court`).",
        discussion: "Fields: id, name, state, videoLink (true|false), sittingDays (e.g. sun;mon;tue;wed), hearingsPerDay.")

    @OptionGroup var options: ImportFileOptions

    func run() throws {
        try runTableImport(options, parse: ImportRows.courts) { (db, rows, actor) throws(StoreError) in try db.importCourts(rows, actor: actor) }
    }
}

struct ImportCasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases", abstract: "Load cases with the intake form's fields (upsert by id).",
        discussion: """
            Fields as in the planning format, nested ones with dots: id, state, childName (stored, never printed), child.ref,
            child.age, child.gender, child.languages, child.lat, child.lon, child.interviewerGender, child.needsPsychologist,
            child.needsAccessibleRoom, interview.durationMinutes, interview.earliest, interview.targetBy, interviewDoneOn,
            hearing.court, hearing.registeredOn, hearing.deadline, hearing.days, hearing.earliest, hearing.needsVideoLink,
            hearing.needsPsychologist. An empty interview.targetBy or hearing.deadline is computed from rules/ and calendars/, \
            as the intake form does (the deadline from hearing.registeredOn). See docs/app.md.
            """)

    @OptionGroup var options: ImportFileOptions
    @OptionGroup var home: HomeOptions

    func run() throws {
        let rules = try RulesContext.load(home)
        let book = rules.book
        let calendars = rules.calendars
        let targets = ImportRows.Targets(
            interview: { state, reported in book.interviewTarget(state: state, reportedOn: reported, calendars: calendars) },
            disposal: { court, state, registered in book.disposalDue(court: court, state: state, registeredOn: registered) })
        try runTableImport(options, parse: { (bytes, file) throws(InputErrors) in try ImportRows.cases(bytes, file: file, targets: targets) }) {
            (db, rows, actor) throws(StoreError) in try db.importCases(rows, actor: actor)
        }
    }
}

/// Reads an ICS file for import: size cap, UTF-8, then SediaCalendar's libical import; problems exit 2 naming file and line.
func readICS<T>(_ path: String, _ body: (String) throws(ICSImportErrors) -> T) throws -> T {
    let bytes = try withInputErrors { try CLIIO.read(path) }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw BadInput("\(path): not UTF-8 text")
    }
    do {
        return try body(text)
    } catch {
        throw BadInput(error.errors.map(\.description))
    }
}

struct ImportLeaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leave", abstract: "Set a person's unavailable days (or a court's closures) from an ICS file.",
        discussion: """
            Every VEVENT (recurrences expanded) becomes unavailable days, merged into date ranges; the file replaces the
            person's (or court's) whole list, so importing it again changes nothing. A line libical cannot read
            (X-LIC-ERROR) refuses the file with its line number, and nothing is changed.
            """)

    @Argument(help: "The ICS file.") var file: String
    @OptionGroup var store: DatabaseOptions
    @Option(help: "The interviewer or psychologist on leave.") var person: String?
    @Option(help: "A court closed on these days (instead of --person).") var court: String?
    @Option(help: "Who is importing (for the audit log).") var actor: String = "cli"

    func validate() throws {
        guard (person == nil) != (court == nil) else { throw ValidationError("give --person ID or --court ID") }
    }

    func run() throws {
        try CLIIO.requireIDs(["--person": person, "--court": court])
        let ranges = try readICS(file) { (text) throws(ICSImportErrors) in
            try ICSImport.dayRanges(text, file: file, window: ICSImport.defaultWindow)
        }
        let database = try store.open()
        let source = URL(fileURLWithPath: file).lastPathComponent
        let result = try storeCall { () throws(StoreError) in
            if let person {
                return try database.setUnavailable(person: person, ranges: ranges, source: source, actor: actor)
            }
            return try database.setCourtClosed(court: court ?? "", ranges: ranges, source: source, actor: actor)
        }
        let days = ranges.reduce(0) { $0 + $1.from.days(to: $1.to) + 1 }
        CLIIO.print(
            "\(person.map { "person \($0)" } ?? "court \(court ?? "")"): \(result.after) date ranges (\(days) days), replacing \(result.before)")
    }
}

struct ImportHolidaysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays", abstract: "Load public holidays from an ICS file for one state or for all states.",
        discussion: """
            All-day VEVENTs with a SUMMARY (the name), as in calendars/holidays/MY-xx.ics. The holidays this scope (the state,
            or all states) already has in the years the file covers are replaced, so importing a file again changes nothing;
            holidays that came with an instance for several states are kept. `sedia export-instance` writes them out.
            """)

    @Argument(help: "The ICS file.") var file: String
    @OptionGroup var store: DatabaseOptions
    @Option(help: "The state the holidays are for (MY-01 … MY-16).") var state: String?
    @Flag(help: "The holidays are for every state (instead of --state).") var allStates = false
    @Option(help: "Who is importing (for the audit log).") var actor: String = "cli"

    func validate() throws {
        guard (state == nil) == allStates else { throw ValidationError("give --state MY-xx or --all-states") }
    }

    func run() throws {
        try CLIIO.requireIDs(["--state": state])
        let imported = try readICS(file) { (text) throws(ICSImportErrors) in try ICSImport.holidays(text, file: file) }
        let database = try store.open()
        let source = URL(fileURLWithPath: file).lastPathComponent
        let result = try storeCall { () throws(StoreError) in
            try database.importHolidays(
                imported.holidays.map { ($0.date, $0.name) }, state: state, coverage: imported.coverage, source: source, actor: actor)
        }
        CLIIO.print("holidays for \(state ?? "all states"): \(result.added) added, \(result.removed) replaced")
    }
}
