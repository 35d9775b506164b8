import Foundation
import SediaCore
import Testing

/// `sedia version` and `sedia --version` print one line from one constant, with the libraries Sedia runs with, so a bug
/// report says which libical and SQLite computed what it shows.
struct VersionTests {
    @Test func versionNamesSediaLibicalAndSQLite() throws {
        let ran = SediaRun.run(["version"])
        #expect(ran.status == 0)
        let line = ran.stdout.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("sedia \(Sedia.version) (libical 3."))
        #expect(line.contains(", SQLite 3."))
        #expect(!line.contains("\n"))
    }

    @Test func theFlagPrintsTheSameLine() {
        let command = SediaRun.run(["version"])
        let flag = SediaRun.run(["--version"])
        #expect(flag.status == 0)
        #expect(flag.stdout == command.stdout)
    }
}
