public import Foundation
public import GRDB
import SediaCore

#if canImport(Glibc)
    import Glibc
#endif

/// The application's database: one writer (a WAL pool for files, a queue in memory), the schema's migrations,
/// and intention-named write methods that each run in one transaction and append to the audit log.
public struct AppDatabase: Sendable {
    /// The GRDB writer; readers use `reader` so the server's pages never block each other.
    public let writer: any DatabaseWriter
    /// Where time comes from, so tests and audit lines agree on "now".
    public let clock: @Sendable () -> Date

    public var reader: any DatabaseReader { writer }

    /// The database file's path (`:memory:` for in-memory databases).
    public var path: String { writer.path }

    /// Wraps an open writer and brings its schema up to date.
    public init(_ writer: any DatabaseWriter, clock: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        self.writer = writer
        self.clock = clock
        try Self.prepareForMigration(writer, now: clock())
        do {
            try Schema.migrator.migrate(writer)
        } catch {
            throw StoreError(.database, "cannot migrate the database: \(StoreError.describe(error))")
        }
    }

    /// Opens (creating if needed) the database file at `path` in WAL mode with foreign keys on.
    public static func open(path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> AppDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // Synchronous NORMAL is durable across application crashes in WAL mode; only power loss can lose the last commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            return try AppDatabase(pool, clock: clock)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "cannot open database \(path): \(StoreError.describe(error))")
        }
    }

    /// A fresh private database in memory (tests, the demo).
    public static func inMemory(clock: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> AppDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        do {
            return try AppDatabase(try DatabaseQueue(configuration: config), clock: clock)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "cannot create an in-memory database: \(StoreError.describe(error))")
        }
    }

    /// Runs `body` in one write transaction, mapping SQLite's refusals to `StoreError`.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Runs `body` in a read transaction (a consistent snapshot).
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.wrap(error)
        }
    }

    func timestamp() -> String { UTCInstant(seconds: Int64(clock().timeIntervalSince1970.rounded(.down))).description }

    /// Appends one line to the audit log; called inside the write's own transaction so both land or neither does.
    func audit(
        _ db: Database, actor: String, action: String, subject: String, before: (any Encodable)? = nil, after: (any Encodable)? = nil,
        reason: String? = nil
    ) throws {
        try db.execute(
            sql: "INSERT INTO audit (at, actor, action, subject, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [timestamp(), actor, action, subject, try before.map(JSONText.encode), try after.map(JSONText.encode), reason])
    }

    /// Marks a change that feeds and cached pages must see. `cases` names the only cases the change touched (their
    /// rows, bookings and history, nothing shared by other cases), so a cache may reload just those
    /// (`caseChanges(since:)`); nil means anything may have changed.
    func bumpDataVersion(_ db: Database, cases: Set<Case.ID>? = nil) throws {
        try db.execute(
            sql: "UPDATE data_version SET version = version + 1, changed_at = ? WHERE id = 1", arguments: [clock().timeIntervalSince1970])
        try logChange(db, cases: cases)
    }

    /// The data version and the time of the last change (for feed caching, ETag and Last-Modified).
    public func dataVersion() throws(StoreError) -> (version: Int, changedAt: Date) {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT version, changed_at FROM data_version WHERE id = 1")
            let version: Int = row?["version"] ?? 0
            let changed: Double = row?["changed_at"] ?? 0
            return (version, Date(timeIntervalSince1970: changed))
        }
    }

    /// A stamp that moves with every audited write (bookings, cases, checklist ticks, …): the data version and the
    /// newest audit entry, read together. Pages cache what they show under it.
    public func changeStamp() throws(StoreError) -> ChangeStamp {
        try read { db in
            let version = try Int.fetchOne(db, sql: "SELECT version FROM data_version WHERE id = 1") ?? 0
            let audit = try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit") ?? 0
            return ChangeStamp(version: version, lastAudit: audit)
        }
    }

    /// The audit log, newest first.
    public func auditLog(subject: String? = nil, limit: Int = 200) throws(StoreError) -> [AuditEntry] {
        try read { db in
            let rows: [Row]
            if let subject {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM audit WHERE subject = ? ORDER BY id DESC LIMIT ?", arguments: [subject, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return rows.map { row in
                AuditEntry(
                    id: row["id"], at: row["at"], actor: row["actor"], action: row["action"], subject: row["subject"],
                    before: row["before"], after: row["after"], reason: row["reason"])
            }
        }
    }

    /// Copies the whole database to `path` with SQLite's online backup (readers and writers carry on meanwhile), then
    /// records it in the audit log (who took a copy of the data, and when: `/metrics` reports the last one).
    public func backup(to path: String, actor: String = "cli") throws(StoreError) {
        // Written beside the target and renamed, so a crash never leaves a half-written backup under the real name.
        do {
            try Self.writeStandaloneCopy(of: writer, to: path)
        } catch {
            throw StoreError(.database, "backup to \(path) failed: \(StoreError.describe(error))")
        }
        try write { db in try audit(db, actor: actor, action: "backup", subject: "database", after: ["to": path]) }
    }

    /// Replaces this database's content with the backup at `path`, after checking that it is a Sedia database.
    ///
    /// A server may be running on this database meanwhile (in this process or another). The backup is first copied to
    /// a private staging file, migrated, and adjusted there so that nothing ended since the backup comes back:
    /// - every session ends (everyone signs in again);
    /// - feed tokens revoked and accounts disabled in the live database stay so, and live password hashes are kept
    ///   (a password changed because it leaked must not return with the backup);
    /// - the audit lines written since the backup are kept, followed by a "restore" line (the log stays append-only);
    /// - the data version and the case revision counter continue from the larger of the two, so they never repeat a
    ///   value a running server or an open page has seen: every cache keyed on them (pages, feeds, replan previews,
    ///   change forms) sees a change at its next request.
    /// The staged copy then replaces the live content in one step (SQLite's online backup, one write transaction), so a
    /// server never sees half of it.
    public func restore(from path: String, actor: String) throws(StoreError) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else { throw StoreError(.notFound, "backup \(path) does not exist") }
        let staging = fm.temporaryDirectory.appendingPathComponent("sedia-restore-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: staging) }
        do {
            var config = Configuration()
            config.readonly = true
            let source = try DatabaseQueue(path: path, configuration: config)
            let check = try source.read { db -> (String, Bool) in
                let ok = try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "failed"
                let hasSchema = try db.tableExists("case_file") && db.tableExists("audit")
                return (ok, hasSchema)
            }
            guard check.0 == "ok" else { throw StoreError(.invalid, "backup \(path) fails SQLite's integrity check: \(check.0)") }
            guard check.1 else { throw StoreError(.invalid, "\(path) is not a Sedia database backup") }
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            var stagingConfig = Configuration()
            stagingConfig.foreignKeysEnabled = true
            let copy = try DatabaseQueue(path: staging.appendingPathComponent("restore.sqlite").path, configuration: stagingConfig)
            try source.backup(to: copy)
            try source.close()
            if try copy.read({ db in try Schema.migrator.hasBeenSuperseded(db) }) {
                throw StoreError(.invalid, "backup \(path) was made by a newer Sedia; install that version to restore it")
            }
            try Schema.migrator.migrate(copy)
            let live = try read { db in try LiveAccountState(db) }
            try copy.write { db in
                try live.carry(into: db, now: clock().timeIntervalSince1970)
                try audit(db, actor: actor, action: "restore", subject: "database", after: ["from": path])
            }
            try copy.backup(to: writer)
            try copy.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "restore from \(path) failed: \(StoreError.describe(error))")
        }
    }

    /// Copies the WAL's commits back into the database file and empties the WAL when nothing reads it (run when the
    /// server stops: a copy of the file taken afterwards, or a later open without the -wal, misses nothing). It never
    /// waits on readers: a PASSIVE checkpoint first, then a TRUNCATE with no busy wait. A reader that holds the WAL
    /// (Litestream keeps a read lock on it to replicate it) makes TRUNCATE answer busy at once; that, or frames a
    /// reader still needs, is reported in the result (for a notice), never thrown.
    @discardableResult
    public func checkpoint() throws(StoreError) -> CheckpointResult {
        do {
            return try writer.writeWithoutTransaction { db in
                let passive: (walFrameCount: Int, checkpointedFrameCount: Int)
                do {
                    passive = try db.checkpoint(.passive)
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                    return CheckpointResult(framesLeft: nil, truncated: false)
                }
                let left = max(0, passive.walFrameCount - passive.checkpointedFrameCount)
                guard left == 0 else { return CheckpointResult(framesLeft: left, truncated: false) }
                try db.execute(sql: "PRAGMA busy_timeout = 0")
                defer { try? db.execute(sql: "PRAGMA busy_timeout = 5000") }
                do {
                    try db.checkpoint(.truncate)
                    return CheckpointResult(framesLeft: 0, truncated: true)
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                    return CheckpointResult(framesLeft: 0, truncated: false)
                }
            }
        } catch {
            throw StoreError(.database, "checkpoint of \(path) failed: \(StoreError.describe(error))")
        }
    }

    /// Why this database cannot be written, or nil when it can: the file, its -wal and -shm (when present) and its
    /// folder must be writable regular files (folder). Checked without opening them: closing a descriptor on a file
    /// SQLite holds locks on would drop those locks. In-memory databases are always writable.
    public func writeProblem() -> String? {
        let path = self.path
        if Self.isInMemory(path) { return nil }
        return Self.writeProblem(path: path)
    }

    /// See `writeProblem()`; for a database file that is not open yet.
    public static func writeProblem(path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        if access(folder.isEmpty ? "." : folder, W_OK) != 0 { return "the folder of \(path) is not writable" }
        for file in [path, path + "-wal", path + "-shm"] {
            var info = stat()
            guard stat(file, &info) == 0 else {
                if file == path { return "\(path) does not exist" }
                continue
            }
            if (info.st_mode & mode_t(S_IFMT)) != mode_t(S_IFREG) { return "\(file) is not a regular file" }
            if access(file, R_OK | W_OK) != 0 { return "\(file) is not writable by this process" }
        }
        return nil
    }

    /// Takes the write lock and gives it back without writing: proves that this process can write here (the -shm
    /// included) before a server starts answering.
    public func probeWrite() throws(StoreError) {
        do {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                try db.execute(sql: "ROLLBACK")
            }
        } catch {
            throw StoreError(.database, "\(path) cannot be written: \(StoreError.describe(error))")
        }
    }
}

/// What a restore keeps from the live database (see `AppDatabase.restore(from:actor:)`).
struct LiveAccountState {
    var version: Int
    var revisions: Int
    var revokedTokens: [(hash: Data, at: String)]
    var disabled: [String]
    var passwordHashes: [(username: String, hash: String)]
    var auditLines: [Row]

    init(_ db: Database) throws {
        let row = try Row.fetchOne(db, sql: "SELECT * FROM data_version WHERE id = 1")
        version = row?["version"] ?? 0
        revisions = row?["revisions"] ?? 0
        revokedTokens = try Row.fetchAll(db, sql: "SELECT token_hash, revoked_at FROM feed_token WHERE revoked_at IS NOT NULL").map {
            ($0["token_hash"], $0["revoked_at"])
        }
        disabled = try String.fetchAll(db, sql: "SELECT username FROM user WHERE disabled = 1")
        passwordHashes = try Row.fetchAll(db, sql: "SELECT username, password_hash FROM user").map { ($0["username"], $0["password_hash"]) }
        auditLines = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id")
    }

    /// Applies the live state to the restored copy, inside its write transaction.
    func carry(into db: Database, now: Double) throws {
        try db.execute(sql: "DELETE FROM session")
        for token in revokedTokens {
            try db.execute(
                sql: "UPDATE feed_token SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", arguments: [token.at, token.hash])
        }
        for username in disabled { try db.execute(sql: "UPDATE user SET disabled = 1 WHERE username = ?", arguments: [username]) }
        for (username, hash) in passwordHashes {
            try db.execute(sql: "UPDATE user SET password_hash = ? WHERE username = ?", arguments: [hash, username])
        }
        let restoredLast = try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit") ?? 0
        for line in auditLines where (line["id"] as Int64) > restoredLast {
            try db.execute(
                sql: "INSERT INTO audit (id, at, actor, action, subject, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [line["id"], line["at"], line["actor"], line["action"], line["subject"], line["before"], line["after"], line["reason"]])
        }
        try db.execute(
            sql: """
                UPDATE data_version SET version = max(version, ?) + 1, revisions = max(revisions, ?) + 1, changed_at = ? WHERE id = 1
                """,
            arguments: [version, revisions, now])
    }
}

/// One line of the append-only audit log.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String
    public var before: String?
    public var after: String?
    public var reason: String?
}

enum JSONText {
    static func encode(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

/// What `AppDatabase.checkpoint()` managed: `framesLeft` is 0 when the file holds every commit (nil when a checkpoint
/// could not start), `truncated` when the WAL was emptied too.
public struct CheckpointResult: Sendable, Equatable {
    public var framesLeft: Int?
    public var truncated: Bool
}

/// See `AppDatabase.changeStamp()`.
public struct ChangeStamp: Sendable, Hashable {
    public var version: Int
    public var lastAudit: Int64
}
