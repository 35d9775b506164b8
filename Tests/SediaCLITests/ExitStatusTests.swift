import ArgumentParser
import Foundation
import Testing

@testable import SediaCLI

/// Every bad-input path exits 2, as the README promises, argument-parser's usage errors included (it says 64).
struct ExitStatusTests {
    /// The path of every command that runs (`deadlines`, `export feeds`, `db migrate`, ...), from the command tree.
    static func leafCommands() -> [[String]] {
        func walk(_ type: any ParsableCommand.Type, _ path: [String]) -> [[String]] {
            let subcommands = type.configuration.subcommands
            if subcommands.isEmpty { return [path] }
            return subcommands.flatMap { walk($0, path + [$0.configuration.commandName ?? $0._commandName]) }
        }
        return walk(SediaCommand.self, [])
    }

    @Test func theCommandTreeIsWalked() {
        let leaves = Self.leafCommands()
        #expect(leaves.count >= 20)
        #expect(leaves.contains(["deadlines"]) && leaves.contains(["checklist"]) && leaves.contains(["rules", "check"]))
    }

    @Test(arguments: leafCommands())
    func anUnknownOptionExitsWith2(path: [String]) async {
        #expect(await SediaMain.run(path + ["--no-such-option"]) == 2, "\(path.joined(separator: " "))")
    }

    @Test(arguments: [
        ["deadlines", "--format", "xml"],
        ["deadlines", "--bench", "many"],
        ["checklist", "instance.json", "plan.json", "--format", "pdf"],
        ["solve", "instance.json", "--out", "plan.json", "--iterations", "ten"],
        ["solve", "instance.json", "--out", "plan.json", "--time-limit", "-5"],
        ["solve", "instance.json"],
        ["no-such-command"],
    ])
    func anUnparseableValueAFailedValidationOrAMissingArgumentExitsWith2(arguments: [String]) async {
        #expect(await SediaMain.run(arguments) == 2)
    }

    @Test func helpStillExitsWith0() async {
        #expect(await SediaMain.run(["--help"]) == 0)
        #expect(await SediaMain.run(["deadlines", "--help"]) == 0)
    }

    @Test func theMappingKeepsOtherStatuses() {
        #expect(SediaMain.exitStatus(for: ValidationError("bad")) == 2)
        #expect(SediaMain.exitStatus(for: ExitCode(1)) == 1)
        #expect(SediaMain.exitStatus(for: ExitCode(2)) == 2)
        #expect(SediaMain.exitStatus(for: CleanExit.helpRequest()) == 0)
    }

    /// A date that is not an ISO day is refused before the command runs, naming the option (Day is an
    /// `ExpressibleByArgument`), and a value out of range by `validate()`: status 2, the option named, nothing run.
    @Test(arguments: [
        (["report", "--db", "none.sqlite", "--from", "2027-13-01", "--to", "2027-12-31"], "--from"),
        (["report", "--db", "none.sqlite", "--from", "2027-01-01", "--to", "31/12/2027"], "--to"),
        (["deadlines", "--case-file", "none.csv", "--on", "tomorrow"], "--on"),
        (["calendar", "--state", "MY-10", "--from", "2027-02-30", "--to", "2027-03-01"], "--from"),
        (["serve", "--db", "none.sqlite", "--port", "99999"], "--port"),
        (["serve", "--db", "none.sqlite", "--horizon-days", "0"], "--horizon-days"),
    ])
    func aBadDateOrRangeIsRefusedNamingItsOption(arguments: [String], option: String) async {
        let ran = await SediaRun.runAsync(arguments)
        #expect(ran.status == 2, "\(arguments)")
        #expect(ran.stderr.contains(option), "\(ran.stderr)")
        #expect(ran.stdout.isEmpty)
    }

    /// Problems found while a command runs are printed one per line, each naming its field, and end it with 2.
    @Test func badInputPrintsEveryProblemAndExits2() async {
        let ran = await SediaRun.runAsync(["calendar", "--state", "MY-99", "--from", "2027-01-01", "--to", "2026-01-01"])
        #expect(ran.status == 2)
        #expect(ran.stderr == "--to: 2026-01-01 is before --from 2027-01-01\n")
        #expect(SediaMain.exitStatus(for: BadInput(["a: one", "b: two"])) == 2)
    }

    static let binaryCases: [([String], Int32)] = [
        (["deadlines", "--format", "xml"], 2), (["rules", "check", "--no-such-option"], 2), (["no-such-command"], 2), (["--help"], 0),
    ]

    @Test(arguments: binaryCases)
    func theExecutableExitsAsDocumented(arguments: [String], status: Int32) throws {
        // The one child-process runner of these tests: it reads stdout and stderr at once, so neither pipe can fill.
        let result = try SediaRun.spawn(arguments)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        if status == 2 { #expect(!result.stderr.isEmpty) } else { #expect(result.stdout.contains("USAGE")) }
    }
}
