import Foundation
import GRDB

/// The served feeds' memory as the database keeps it: the installation's UID secret and one row per task.
///
/// The store does not know SediaCalendar's `FeedState` (adapters do not import each other); the server converts. The
/// event is opaque JSON text here. The secret never leaves the server process: no page, log or export reads it.
public struct FeedStateRows: Sendable, Equatable {
    /// One task's published identity.
    public struct Entry: Sendable, Equatable {
        public var uid: String
        public var sequence: Int
        /// Seconds since 1970 (UTC).
        public var lastModified: Int64
        public var cancelledAt: Int64?
        /// The last published event, as JSON.
        public var event: String

        public init(uid: String, sequence: Int, lastModified: Int64, cancelledAt: Int64?, event: String) {
            self.uid = uid
            self.sequence = sequence
            self.lastModified = lastModified
            self.cancelledAt = cancelledAt
            self.event = event
        }
    }

    public var secret: [UInt8]
    public var entries: [String: Entry]
}

extension AppDatabase {
    /// The stored feed state. The secret is made on first use by `newSecret` (32 bytes) and kept for good: a new one
    /// would change every UID and duplicate every event in subscribers' calendars.
    public func feedState(newSecret: () -> [UInt8]) throws(StoreError) -> FeedStateRows {
        // Read first: the write transaction (the single writer) is taken only the very first time.
        let stored: [UInt8]? = try read { db in try Data.fetchOne(db, sql: "SELECT secret FROM feed_secret WHERE id = 1").map(Array.init) }
        var secret = stored ?? []
        if stored == nil {
            secret = try write { db in
                if let stored = try Data.fetchOne(db, sql: "SELECT secret FROM feed_secret WHERE id = 1") { return Array(stored) }
                let fresh = newSecret()
                try db.execute(sql: "INSERT INTO feed_secret (id, secret, created_at) VALUES (1, ?, ?)", arguments: [Data(fresh), timestamp()])
                return fresh
            }
        }
        return try read { db in
            var entries: [String: FeedStateRows.Entry] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM feed_entry") {
                entries[row["task"]] = FeedStateRows.Entry(
                    uid: row["uid"], sequence: row["sequence"], lastModified: row["last_modified"], cancelledAt: row["cancelled_at"],
                    event: row["event"])
            }
            return FeedStateRows(secret: secret, entries: entries)
        }
    }

    /// Writes the changed entries and deletes the forgotten ones, in one transaction. Not a data change: the data
    /// version stays (the feeds were rendered from it).
    public func updateFeedState(upsert: [String: FeedStateRows.Entry], delete: [String]) throws(StoreError) {
        guard !upsert.isEmpty || !delete.isEmpty else { return }
        try write { db in
            for task in delete { try db.execute(sql: "DELETE FROM feed_entry WHERE task = ?", arguments: [task]) }
            for (task, e) in upsert.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: """
                        INSERT INTO feed_entry (task, uid, sequence, last_modified, cancelled_at, event) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(task) DO UPDATE SET uid = excluded.uid, sequence = excluded.sequence,
                            last_modified = excluded.last_modified, cancelled_at = excluded.cancelled_at, event = excluded.event
                        """,
                    arguments: [task, e.uid, e.sequence, e.lastModified, e.cancelledAt, e.event])
            }
        }
    }
}
