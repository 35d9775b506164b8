import ArgumentParser
import Foundation
import SediaCore
import SediaStore

/// Opens the database named by `--db`, or ends the command with exit status 2 and the reason.
func openDatabase(_ path: String) throws -> AppDatabase {
    do {
        return try AppDatabase.open(path: path)
    } catch {
        CLIIO.printErr("\(path): \(error.message)")
        throw ExitCode(2)
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
        commandName: "db", abstract: "Manage the application database.", subcommands: [DbInitCommand.self])
}

struct DbInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create the database, or bring its schema up to date.")

    @Option(help: "The SQLite database file.") var db: String

    func run() throws {
        _ = try openDatabase(db)
        CLIIO.print("database \(db) is ready")
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Load data into the database.",
        discussion: "Each import is one transaction: every row or none. See docs/app.md, \"Importing data\".",
        subcommands: [
            ImportInstanceCommand.self, ImportStaffCommand.self, ImportCentresCommand.self, ImportRoomsCommand.self, ImportCourtsCommand.self,
            ImportCasesCommand.self,
            ImportLeaveCommand.self, ImportHolidaysCommand.self,
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
    @Option(help: "The SQLite database file.") var db: String
    @Option(help: "Who is importing (for the audit log).") var actor: String = "cli"

    func run() throws {
        let instance = try withInputErrors { try CLIIO.loadInstance(file) }
        let database = try openDatabase(db)
        let summary = try storeCall { () throws(StoreError) in try database.importInstance(instance, actor: actor) }
        CLIIO.print(summary.description)
    }
}

struct ExportInstanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-instance",
        abstract: "Write the database out as a planning instance (bookings as pins and the previous plan).")

    @Option(help: "The SQLite database file.") var db: String
    @Option(help: "Where to write the instance.") var out: String

    func run() throws {
        let database = try openDatabase(db)
        let instance = try storeCall { () throws(StoreError) in try database.exportInstance() }
        try CLIIO.writeAtomically(PlanningFormat.encode(instance), to: out)
        CLIIO.print("wrote \(out): \(instance.cases.count) cases")
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
    @Option(help: "The SQLite database file.") var db: String
    @Option(help: "Who is applying (for the audit log).") var actor: String = "cli"

    func run() throws {
        let loaded = try withInputErrors { try CLIIO.loadPlan(plan) }
        let database = try openDatabase(db)
        let cases = Set(loaded.interviews.map(\.caseID) + loaded.hearings.map(\.caseID))
        let result = try storeCall { () throws(StoreError) in
            try database.applyPlan(loaded, actor: actor) { instance, bookings in BookingCheck.problems(instance, bookings, cases: cases) }
        }
        CLIIO.print(
            "booked \(result.booked), moved \(result.moved), unchanged \(loaded.interviews.count + loaded.hearings.count - result.booked - result.moved)"
        )
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the live database to a file with SQLite's online backup (the server may keep running).")

    @Option(help: "The SQLite database file.") var db: String
    @Option(help: "The backup file to write.") var out: String

    func run() throws {
        let database = try openDatabase(db)
        try storeCall { () throws(StoreError) in try database.backup(to: out) }
        CLIIO.print("backed up \(db) to \(out)")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Replace the database's content with a backup made by `sedia backup`.")

    @Option(help: "The SQLite database file to restore into.") var db: String
    @Option(help: "The backup file.") var from: String
    @Option(help: "Who is restoring (for the audit log).") var actor: String = "cli"

    func run() throws {
        let database = try openDatabase(db)
        try storeCall { () throws(StoreError) in try database.restore(from: from, actor: actor) }
        CLIIO.print("restored \(db) from \(from)")
    }
}
