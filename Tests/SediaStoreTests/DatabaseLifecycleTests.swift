import Foundation
import GRDB
import SediaAppTestSupport
import SediaCore
import SediaTestSupport
import Testing

@testable import SediaStore

/// Rollback protection, the backup before an upgrade, `AppDatabase.check` and the checkpoint on stop (issue 25).
struct DatabaseLifecycleTests {
    @Test func aDatabaseANewerSediaMigratedIsRefusedAndNothingIsWritten() throws {
        let dir = try TemporaryDirectory("newer")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        _ = try AppDatabase.open(path: path)
        let raw = try DatabaseQueue(path: path)
        try raw.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        let auditBefore = try raw.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") }
        try raw.close()
        let error = #expect(throws: StoreError.self) { try AppDatabase.open(path: path) }
        #expect(error?.code == .invalid)
        #expect(
            error?.message
                == "\(path) was made by a newer Sedia (migration v99-from-the-future); restore the backup taken before the upgrade or install that version"
        )
        #expect(
            AppDatabase.check(path: path)
                == .notSedia("\(path) was made by a newer Sedia (migration v99-from-the-future); this build cannot check it"))
        let after = try DatabaseQueue(path: path)
        #expect(try after.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") } == auditBefore)
        // No pre-upgrade copy either: nothing was about to be migrated.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains("before-upgrade") }.isEmpty)
    }

    @Test func anUpgradeCopiesTheDatabaseBesideItFirstAndTheCopyIsTheOldSchema() throws {
        let dir = try TemporaryDirectory("upgrade")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        let known = Schema.migrator.migrations
        let older = try #require(known.dropLast().last)
        do {
            let old = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(old, upTo: older)
            try old.close()
        }
        _ = try AppDatabase.open(path: path)
        let copies = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".before-upgrade-") }
        #expect(copies.count == 1)
        let copy = dir.file(try #require(copies.first))
        #expect(copy.hasSuffix("-from-\(older).sqlite"))
        let queue = try DatabaseQueue(path: copy)
        #expect(try queue.read { db in try Schema.migrator.appliedMigrations(db) } == Array(known.dropLast()))
        // A database already up to date is opened without another copy.
        _ = try AppDatabase.open(path: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".before-upgrade-") }.count == 1)
    }

    @Test func aNewDatabaseGetsNoCopy() throws {
        let dir = try TemporaryDirectory("fresh")
        defer { dir.remove() }
        _ = try AppDatabase.open(path: dir.file("sedia.sqlite"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".before-upgrade-") }.isEmpty)
    }

    @Test func checkTellsSoundFromDamagedFromNotSedia() throws {
        let dir = try TemporaryDirectory("check")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        let db = try AppDatabase.open(path: path)
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        try db.backup(to: dir.file("backup.sqlite"))
        #expect(AppDatabase.check(path: dir.file("backup.sqlite")) == .sound(migrations: Schema.migrator.migrations.count))
        #expect(AppDatabase.check(path: path) == .sound(migrations: Schema.migrator.migrations.count))

        // One byte flipped in a b-tree page's header (page 2's type byte) is caught.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("backup.sqlite")))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        bytes[pageSize] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: dir.file("flipped.sqlite")))
        guard case .damaged(let problems) = AppDatabase.check(path: dir.file("flipped.sqlite")) else {
            Issue.record("a flipped page header passed the check")
            return
        }
        #expect(!problems.isEmpty)

        // A row pointing at nothing (foreign keys off for the damage) is named by its table.
        try FileManager.default.copyItem(atPath: dir.file("backup.sqlite"), toPath: dir.file("orphan.sqlite"))
        let raw = try DatabaseQueue(path: dir.file("orphan.sqlite"))
        try raw.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "DELETE FROM person WHERE id = (SELECT person FROM person_centre LIMIT 1)")
        }
        try raw.close()
        if case .damaged(let orphans) = AppDatabase.check(path: dir.file("orphan.sqlite")) {
            #expect(orphans.contains("foreign_key_check: a row of person_centre refers to a missing row of person"))
        } else {
            Issue.record("a row referring to a deleted person passed the check")
        }

        try Data("not a database, just text".utf8).write(to: URL(fileURLWithPath: dir.file("text.sqlite")))
        #expect(AppDatabase.check(path: dir.file("text.sqlite")) == .notSedia("\(dir.file("text.sqlite")) is not an SQLite database"))
        let other = try DatabaseQueue(path: dir.file("other.sqlite"))
        try other.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        try other.close()
        #expect(
            AppDatabase.check(path: dir.file("other.sqlite")) == .notSedia("\(dir.file("other.sqlite")) is not a Sedia database (no Sedia schema)"))
        #expect(AppDatabase.check(path: dir.file("missing.sqlite")) == .notSedia("\(dir.file("missing.sqlite")) does not exist"))
    }

    @Test func aCheckpointUnderAReadersLockReportsInsteadOfFailing() throws {
        let dir = try TemporaryDirectory("checkpoint-reader")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        let db = try AppDatabase.open(path: path)
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        // A second connection in a read transaction holds the WAL, as Litestream does while it replicates.
        let reader = try DatabaseQueue(path: path)
        let result = try reader.read { conn in
            _ = try Int.fetchOne(conn, sql: "SELECT count(*) FROM audit")
            return try db.checkpoint()
        }
        #expect(result.truncated == false)
        // Once the reader is gone, the WAL empties.
        try reader.close()
        #expect(try db.checkpoint() == CheckpointResult(framesLeft: 0, truncated: true))
    }
}
