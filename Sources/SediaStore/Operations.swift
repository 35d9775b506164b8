public import Foundation
import GRDB

/// What an operator watches (`/metrics`): the outbox, the last backup, and the database's files.
public struct OperationsFigures: Sendable, Equatable {
    public var outbox: OutboxCounts
    /// When the oldest message still queued was queued (nil: none queued).
    public var oldestQueuedAt: Date?
    /// When the last `sedia backup` finished (nil: never, as far as this database's audit log knows).
    public var lastBackupAt: Date?
    /// The database file's and its WAL's sizes in bytes (0 for a database in memory or a missing WAL).
    public var databaseBytes: Int64
    public var walBytes: Int64
}

extension AppDatabase {
    /// Reads the outbox counts, the oldest queued message and the last backup from the database, and the files' sizes.
    public func operationsFigures() throws(StoreError) -> OperationsFigures {
        let outbox = try outboxCounts()
        let parse = ISO8601DateFormatter()
        let (oldest, backup) = try read { db -> (String?, String?) in
            let oldest = try String.fetchOne(db, sql: "SELECT min(created_at) FROM outbox WHERE status = 'queued'")
            let backup = try String.fetchOne(db, sql: "SELECT max(at) FROM audit WHERE action = 'backup'")
            return (oldest, backup)
        }
        return OperationsFigures(
            outbox: outbox, oldestQueuedAt: oldest.flatMap(parse.date(from:)), lastBackupAt: backup.flatMap(parse.date(from:)),
            databaseBytes: Self.fileSize(path), walBytes: Self.fileSize(path + "-wal"))
    }

    static func fileSize(_ path: String) -> Int64 {
        guard !isInMemory(path), let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else { return 0 }
        return size.int64Value
    }
}
