import Foundation
import GRDB
import SediaAppTestSupport
import SediaStore
import SediaTestSupport
import Testing

/// The feeds' change check: SQLite's data version on a connection of the probe's own.
struct CommitProbeTests {
    @Test func everyCommitFromAnotherConnectionMovesTheVersionAndNothingElseDoes() throws {
        try TemporaryDirectory.with("probe") { dir in
            let path = dir.file("sedia.sqlite")
            let database = try AppDatabase.open(path: path, clock: { AppFixtures.fixedNow })
            let probe = try #require(CommitProbe(path: path))
            let first = probe.version()
            #expect(first != nil)
            #expect(probe.version() == first)
            _ = try database.importInstance(AppFixtures.instance, actor: "test")
            let afterImport = probe.version()
            #expect(afterImport != first)
            // Reading changes nothing.
            _ = try database.caseRecords(state: nil)
            #expect(probe.version() == afterImport)
            // A second process's connection is another connection too: a commit through a fresh one is seen.
            let other = try AppDatabase.open(path: path, clock: { AppFixtures.fixedNow })
            try other.writer.write { db in try db.execute(sql: "UPDATE data_version SET version = version + 1 WHERE id = 1") }
            #expect(probe.version() != afterImport)
        }
    }

    @Test func inMemoryDatabasesHaveNoProbe() {
        #expect(CommitProbe(path: ":memory:") == nil)
        #expect(CommitProbe(path: "") == nil)
    }
}
