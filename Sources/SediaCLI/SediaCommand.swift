public import ArgumentParser
import SediaCalendar
import SediaCore
import SediaStore

/// The `sedia` command: a thin layer over SediaCore, SediaCalendar, SediaStore and SediaServer.
///
/// Exit status: 0 success, 1 a failed check (an invalid plan), 2 bad input.
public struct SediaCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sedia",
        abstract: "Plans child forensic interviews and special-court trials.",
        version: VersionCommand.text,
        subcommands: [
            VersionCommand.self,
            SolveCommand.self,
            VerifyCommand.self,
            GenerateCommand.self,
            SuggestCommand.self,
            WhatifCommand.self,
            BenchCommand.self,
            DeadlinesCommand.self,
            CalendarCommand.self,
            RulesCommand.self,
            ExportCommand.self,
            ChecklistCommand.self,
            DbCommand.self,
            ImportCommand.self,
            ExportInstanceCommand.self,
            ApplyPlanCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
            UserCommand.self,
            FeedTokenCommand.self,
            ServeCommand.self,
        ]
    )

    public init() {}
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version of Sedia.")

    /// Sedia's version and the libical and SQLite it runs with, for `sedia version`, `sedia --version` and bug reports.
    static var text: String { "sedia \(Sedia.version) (libical \(libicalVersion), SQLite \(sqliteVersion))" }

    func run() throws {
        CLIIO.print(Self.text)
    }
}
