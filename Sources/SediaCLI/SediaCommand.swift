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
            TradeoffCommand.self,
            BenchCommand.self,
            DeadlinesCommand.self,
            CalendarCommand.self,
            RulesCommand.self,
            ExportCommand.self,
            ChecklistCommand.self,
            DbCommand.self,
            ImportCommand.self,
            CaseCommand.self,
            ReportCommand.self,
            ExportInstanceCommand.self,
            ApplyPlanCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
            UserCommand.self,
            FeedTokenCommand.self,
            ServeCommand.self,
            MailCommand.self,
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

/// The `sedia` executable's entry point: parses, runs, and turns every way of failing into the documented exit status.
///
/// argument-parser ends a usage error (an unknown option, a value that does not parse, a failed `validate()`) with
/// EX_USAGE (64); Sedia's README promises 2 for every bad input, so those become 2. `--help` stays 0, a failed check 1.
public enum SediaMain {
    /// Parses `arguments` (without the program name; nil for the process's own) and runs the command. Help and error
    /// messages are printed as argument-parser prints them (help on stdout, errors on stderr).
    public static func run(_ arguments: [String]? = nil) async -> Int32 {
        do {
            var command = try SediaCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return report(error)
        }
    }

    /// Prints what ends a command on the command's output (help and `--version` on standard output, every problem on
    /// standard error, one line each) and gives the exit status: 0, 1 for a failed check, 2 for bad input.
    public static func report(_ error: any Error) -> Int32 {
        if let bad = error as? BadInput {
            for problem in bad.problems { CLIIO.printErr(problem) }
            return 2
        }
        let message = SediaCommand.fullMessage(for: error)
        let status = exitStatus(for: error)
        if status == 0 {
            if !message.isEmpty { CLIIO.print(message) }
        } else if !message.isEmpty {
            CLIIO.printErr(message)
        }
        return status
    }

    /// The exit status for an error thrown while parsing or running: argument-parser's usage errors (64) are bad input, 2.
    public static func exitStatus(for error: any Error) -> Int32 {
        if error is BadInput { return 2 }
        let code = SediaCommand.exitCode(for: error)
        return code == .validationFailure ? 2 : code.rawValue
    }
}
