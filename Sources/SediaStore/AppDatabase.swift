public import Foundation
public import GRDB

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

    func timestamp() -> String { ISO8601DateFormatter().string(from: clock()) }

    /// Appends one line to the audit log; called inside the write's own transaction so both land or neither does.
    func audit(
        _ db: Database, actor: String, action: String, subject: String, before: (any Encodable)? = nil, after: (any Encodable)? = nil,
        reason: String? = nil
    ) throws {
        try db.execute(
            sql: "INSERT INTO audit (at, actor, action, subject, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [timestamp(), actor, action, subject, try before.map(JSONText.encode), try after.map(JSONText.encode), reason])
    }

    /// Marks a change that feeds and cached pages must see.
    func bumpDataVersion(_ db: Database) throws {
        try db.execute(
            sql: "UPDATE data_version SET version = version + 1, changed_at = ? WHERE id = 1", arguments: [clock().timeIntervalSince1970])
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

    /// Copies the whole database to `path` with SQLite's online backup (readers and writers carry on meanwhile).
    public func backup(to path: String) throws(StoreError) {
        // Written beside the target and renamed, so a crash never leaves a half-written backup under the real name.
        let temporary = AtomicFile.temporaryPath(for: path)
        do {
            let destination = try DatabaseQueue(path: temporary)
            try writer.backup(to: destination)
            try destination.close()
            try AtomicFile.commit(temporary, to: path, durable: true)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError(.database, "backup to \(path) failed: \(StoreError.describe(error))")
        }
    }

    /// Replaces this database's content with the backup at `path`, after checking that it is a Sedia database.
    public func restore(from path: String, actor: String) throws(StoreError) {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError(.notFound, "backup \(path) does not exist") }
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
            try source.backup(to: writer)
            try source.close()
            try Schema.migrator.migrate(writer)
            try writer.write { db in
                try audit(db, actor: actor, action: "restore", subject: "database", after: ["from": path])
                try bumpDataVersion(db)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "restore from \(path) failed: \(StoreError.describe(error))")
        }
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

/// See `AppDatabase.changeStamp()`.
public struct ChangeStamp: Sendable, Hashable {
    public var version: Int
    public var lastAudit: Int64
}
