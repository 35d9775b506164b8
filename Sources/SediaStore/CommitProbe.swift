import GRDBSQLite
import Synchronization

/// Tells whether anything was committed to the database file since the last look, by any connection of any process
/// (the server's own writes, `sedia feed-token revoke`, `sedia restore`): SQLite's `PRAGMA data_version` on a
/// connection of its own. The value is only comparable on one connection, so the probe keeps one, read-only: every
/// commit it sees is someone else's. The statement is prepared once; a look is one step of it, under a mutex.
public final class CommitProbe: Sendable {
    private let connection: Mutex<(handle: OpaquePointer, statement: OpaquePointer)?>

    /// A probe on the database file at `path`; nil for in-memory databases (nothing else can commit to them) or a file
    /// that cannot be opened.
    public init?(path: String) {
        guard !path.isEmpty, !path.hasPrefix(":memory:"), !path.hasPrefix("file::memory:") else { return nil }
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let handle else {
            sqlite3_close(handle)
            return nil
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK, let statement else {
            sqlite3_close(handle)
            return nil
        }
        connection = Mutex((handle, statement))
    }

    deinit {
        connection.withLock { c in
            if let c {
                sqlite3_finalize(c.statement)
                sqlite3_close(c.handle)
            }
        }
    }

    /// A number that changes with every commit made since the probe opened; nil when the database cannot be read.
    public func version() -> Int? {
        connection.withLock { c in
            guard let c else { return nil }
            defer { sqlite3_reset(c.statement) }
            guard sqlite3_step(c.statement) == SQLITE_ROW else { return nil }
            return Int(sqlite3_column_int64(c.statement, 0))
        }
    }
}
