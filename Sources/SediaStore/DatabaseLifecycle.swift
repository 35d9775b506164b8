public import Foundation
import GRDB

/// What opening a database does before its migrations run, and the soundness check of a live database or a backup
/// (`sedia db check`): the version a database was made by, rollback protection and the automatic pre-upgrade backup.
extension AppDatabase {
    /// Refuses a database that a newer Sedia migrated (a migration this build does not know: running on would write
    /// rows the newer schema's rules never saw), and copies a non-empty database that has migrations to run to a file
    /// beside it first (`NAME.before-MIGRATION.sqlite`), so an upgrade can be undone by restoring that copy.
    static func prepareForMigration(_ writer: any DatabaseWriter, now: Date) throws(StoreError) {
        let migrator = Schema.migrator
        let state: (unknown: [String], pending: Bool, empty: Bool)
        do {
            state = try writer.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                let known = Set(migrator.migrations)
                let unknown = applied.subtracting(known).sorted()
                let pending = try !migrator.hasCompletedMigrations(db)
                let empty = try !db.tableExists("case_file")
                return (unknown, pending, empty)
            }
        } catch {
            throw StoreError(.database, "cannot read the database's schema version: \(StoreError.describe(error))")
        }
        if let newest = state.unknown.last {
            throw StoreError(
                .invalid,
                "\(writer.path) was made by a newer Sedia (migration \(newest)); restore the backup taken before the upgrade or install that version")
        }
        guard state.pending, !state.empty, !isInMemory(writer.path) else { return }
        let last = (try? writer.read { db in try migrator.completedMigrations(db).last }) ?? nil
        let copy = preUpgradeBackupPath(for: writer.path, after: last ?? "none", now: now)
        do {
            try writeStandaloneCopy(of: writer, to: copy)
        } catch {
            throw StoreError(.database, "the backup before upgrading \(writer.path) failed, nothing was migrated: \(StoreError.describe(error))")
        }
    }

    /// Copies the database online (SQLite's backup API) into one self-contained file at `path`: written beside it and
    /// renamed, so a crash never leaves half a copy under the real name, and in rollback-journal mode, so the copy
    /// travels alone (no `-wal` or `-shm` beside it, even after it is opened).
    static func writeStandaloneCopy(of writer: any DatabaseWriter, to path: String) throws {
        let temporary = AtomicFile.temporaryPath(for: path)
        do {
            let destination = try DatabaseQueue(path: temporary)
            try writer.backup(to: destination)
            try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try destination.close()
            try AtomicFile.commit(temporary, to: path, durable: true)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// `DIR/NAME.before-upgrade-20270104T083000Z-from-v5-person-name.sqlite`: beside the database, named by when and from
    /// which schema, so two upgrades never overwrite each other's copy.
    static func preUpgradeBackupPath(for path: String, after migration: String, now: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        let stamp = formatter.string(from: now).replacing(":", with: "").replacing("-", with: "")
        let safe = String(migration.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        return "\(path).before-upgrade-\(stamp)-from-\(safe).sqlite"
    }

    static func isInMemory(_ path: String) -> Bool {
        path.isEmpty || path.hasPrefix(":memory:") || path.hasPrefix("file::memory:")
    }

    /// The outcome of `check(path:)`.
    public enum Soundness: Equatable, Sendable {
        /// Integrity, foreign keys and schema are as this build expects.
        case sound(migrations: Int)
        /// A Sedia database with a problem: each line says what.
        case damaged([String])
        /// Not a Sedia database at all (not SQLite, or SQLite without Sedia's tables), or one a newer Sedia made.
        case notSedia(String)
    }

    /// Checks a live database or a backup without changing it (read-only): SQLite's `integrity_check`, the
    /// `foreign_key_check`, and that its migrations are ones this build knows. Safe on a file a server has open.
    public static func check(path: String) -> Soundness {
        guard FileManager.default.fileExists(atPath: path) else { return .notSedia("\(path) does not exist") }
        var config = Configuration()
        config.readonly = true
        let migrator = Schema.migrator
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            return try queue.read { db -> Soundness in
                guard try db.tableExists("grdb_migrations"), try db.tableExists("case_file") else {
                    return .notSedia("\(path) is not a Sedia database (no Sedia schema)")
                }
                let applied = try migrator.appliedIdentifiers(db)
                let unknown = applied.subtracting(migrator.migrations).sorted()
                if let newest = unknown.last {
                    return .notSedia("\(path) was made by a newer Sedia (migration \(newest)); this build cannot check it")
                }
                var problems: [String] = []
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                if integrity != ["ok"] { problems += integrity.prefix(20).map { "integrity_check: \($0)" } }
                let orphans = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
                for row in orphans.prefix(20) {
                    let table: String = row[0] ?? "?"
                    let parent: String = row[2] ?? "?"
                    problems.append("foreign_key_check: a row of \(table) refers to a missing row of \(parent)")
                }
                if orphans.count > 20 { problems.append("foreign_key_check: \(orphans.count - 20) more") }
                return problems.isEmpty ? .sound(migrations: applied.count) : .damaged(problems)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            return .notSedia("\(path) is not an SQLite database")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            return .damaged(["\(path): \(error.message ?? "database disk image is malformed")"])
        } catch {
            return .damaged(["\(path): \(StoreError.describe(error))"])
        }
    }
}
