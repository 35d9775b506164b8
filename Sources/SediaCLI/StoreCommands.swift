import ArgumentParser
import Foundation
import SediaCore
import SediaStore

/// `--db PATH`, for every command that works on the application database.
///
/// Only `sedia db init` makes a new file: every other command refuses a path where there is none, since a mistyped
/// `--db` would otherwise start an empty database and import into it, or serve it, as if all were well.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The SQLite database file (made by `sedia db init`).") var db: String

    /// Opens the existing database, or ends the command with exit status 2 and the reason.
    func open() throws -> AppDatabase {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: db, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw BadInput(
                "--db: \(db) \(isDirectory.boolValue ? "is a directory" : "does not exist"); create a database with `sedia db init --db PATH` first")
        }
        return try Self.open(db)
    }

    /// Opens the database, creating it when there is none (`sedia db init` only).
    func create() throws -> AppDatabase { try Self.open(db) }

    static func open(_ path: String) throws -> AppDatabase {
        do {
            return try AppDatabase.open(path: path)
        } catch {
            throw BadInput("\(path): \(error.message)")
        }
    }
}

/// Runs a store call, turning a refusal into its message on stderr and exit status 2.
func storeCall<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        for line in error.message.split(separator: "\n") { CLIIO.printErr(String(line)) }
        throw ExitCode(error.code == .database ? 1 : 2)
    }
}

struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Manage the application database.", subcommands: [DbInitCommand.self, DbCheckCommand.self])
}

struct DbCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check a live database or a backup: SQLite's integrity and foreign keys, and a schema this build knows.",
        discussion: """
            Opens FILE read-only (safe while a server runs on it). Exit status 0 when sound, 1 when damaged (each problem \
            on standard error), 2 when FILE is not a Sedia database or a newer Sedia made it.
            """)

    @Argument(help: "The database or backup file.") var file: String

    func run() throws {
        switch AppDatabase.check(path: file) {
        case .sound(let migrations):
            CLIIO.print("\(file): sound (integrity ok, foreign keys ok, \(migrations) migrations this build knows)")
        case .damaged(let problems):
            for problem in problems { CLIIO.printErr("\(file): \(problem)") }
            throw ExitCode(1)
        case .notSedia(let reason):
            throw BadInput(reason)
        }
    }
}

struct DbInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create the database, or bring its schema up to date.")

    @OptionGroup var store: DatabaseOptions

    func run() throws {
        _ = try store.create()
        CLIIO.print("database \(store.db) is ready")
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Load data into the database.",
        discussion: "Each import is one transaction: every row or none. See docs/app.md, \"Importing data\".",
        subcommands: [
            ImportInstanceCommand.self, ImportStaffCommand.self, ImportCentresCommand.self, ImportRoomsCommand.self, ImportCourtsCommand.self,
            ImportCasesCommand.self,
            ImportLeaveCommand.self, ImportHolidaysCommand.self, ImportContactsCommand.self, ImportChargesCommand.self, ImportEventsCommand.self,
        ])
}

struct ImportInstanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instance",
        abstract: "Load a planning instance (centres, rooms, people, courts, cases) in one transaction.",
        discussion: "Ids already in the database are updated, new ones added; bookings, users and checklists are kept. "
            + "A malformed file or a refused row changes nothing (exit status 2)."
    )

    @Argument(help: "The planning instance (sedia-instance/1).") var file: String
    @OptionGroup var store: DatabaseOptions
    @Option(help: "Who is importing (for the audit log).") var actor: String = "cli"

    func run() throws {
        let instance = try withInputErrors { try CLIIO.loadInstance(file) }
        let database = try store.open()
        let summary = try storeCall { () throws(StoreError) in try database.importInstance(instance, actor: actor) }
        CLIIO.print(summary.description)
    }
}

struct ExportInstanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-instance",
        abstract: "Write the database out as a planning instance (bookings as pins and the previous plan).")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "Where to write the instance.") var out: String
    @Option(help: "Days planned from today (Malaysian time), as `sedia serve --horizon-days`: written as planStart and horizonDays.")
    var horizonDays: Int = PlanningWindow.defaultDays

    func validate() throws {
        guard PlanningWindow.allowedDays.contains(horizonDays) else { throw ValidationError("--horizon-days must be 1…3650, got \(horizonDays)") }
    }

    func run() throws {
        try CLIIO.requireFolder(of: out, option: "--out")
        let database = try store.open()
        let window = PlanningWindow.rolling(days: horizonDays, now: database.clock())
        let instance = try storeCall { () throws(StoreError) in try database.exportInstance(window: window) }
        try CLIIO.writeAtomically(PlanningFormat.encode(instance), to: out)
        CLIIO.print("wrote \(out): \(instance.cases.count) cases, planned \(window.start)…\(window.end)")
    }
}

struct ApplyPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply-plan",
        abstract: "Book a plan's interviews and hearings on top of what is booked.",
        discussion: "Refused, with nothing changed, if the result breaks any rule of the planning format for the plan's cases "
            + "(exit status 2, one line per problem)."
    )

    @Argument(help: "The plan (sedia-plan/1).") var plan: String
    @OptionGroup var store: DatabaseOptions
    @Option(help: "Who is applying (for the audit log).") var actor: String = "cli"

    func run() throws {
        let loaded = try withInputErrors { try CLIIO.loadPlan(plan) }
        let database = try store.open()
        let cases = Set(loaded.interviews.map(\.caseID) + loaded.hearings.map(\.caseID))
        let result = try storeCall { () throws(StoreError) in
            try database.applyPlan(loaded, actor: actor, around: true) { instance, bookings in BookingCheck.problems(instance, bookings, cases: cases)
            }
        }
        CLIIO.print(
            "booked \(result.booked), moved \(result.moved), unchanged \(loaded.interviews.count + loaded.hearings.count - result.booked - result.moved)"
        )
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the live database to a file with SQLite's online backup (the server may keep running).")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "The backup file to write.") var out: String

    func run() throws {
        try CLIIO.requireFolder(of: out, option: "--out")
        let database = try store.open()
        try storeCall { () throws(StoreError) in try database.backup(to: out) }
        CLIIO.print("backed up \(store.db) to \(out)")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Replace the database's content with a backup made by `sedia backup`.")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "The backup file.") var from: String
    @Option(help: "Who is restoring (for the audit log).") var actor: String = "cli"

    func run() throws {
        let database = try store.open()
        try storeCall { () throws(StoreError) in try database.restore(from: from, actor: actor) }
        CLIIO.print("restored \(store.db) from \(from)")
    }
}
