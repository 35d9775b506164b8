public import ArgumentParser
import Foundation

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
            let message = SediaCommand.fullMessage(for: error)
            let status = exitStatus(for: error)
            if status == 0 {
                if !message.isEmpty { print(message) }
            } else if !message.isEmpty {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            return status
        }
    }

    /// The exit status for an error thrown while parsing or running: argument-parser's usage errors (64) are bad input, 2.
    public static func exitStatus(for error: any Error) -> Int32 {
        let code = SediaCommand.exitCode(for: error)
        return code == .validationFailure ? 2 : code.rawValue
    }
}
