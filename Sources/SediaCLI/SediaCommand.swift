public import ArgumentParser

/// The `sedia` command: a thin layer over SediaCore, SediaCalendar, SediaStore and SediaServer.
///
/// Exit status: 0 success, 1 a failed check (an invalid plan), 2 bad input.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct SediaCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sedia",
        abstract: "Plans child forensic interviews and special-court trials.",
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

    func run() throws {
        print("sedia 0.1.0")
    }
}
