import GRDB

/// Tells whether anything was committed to the database file since the last look, by any connection of any process
/// (the server's own writes, `sedia feed-token revoke`, `sedia restore`): SQLite's `PRAGMA data_version` on a
/// connection of its own. The value is only comparable on one connection, so the probe keeps one, which never writes:
/// every commit it sees is someone else's.
public final class CommitProbe: Sendable {
    private let connection: DatabaseQueue

    /// A probe on the database file at `path`; nil for in-memory databases (nothing else can commit to them).
    public init?(path: String) {
        guard !path.isEmpty, !path.hasPrefix(":memory:"), !path.hasPrefix("file::memory:") else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "sedia.commit-probe"
        guard let connection = try? DatabaseQueue(path: path, configuration: configuration) else { return nil }
        self.connection = connection
    }

    /// A number that changes with every commit made since the probe opened; nil when the database cannot be read.
    public func version() -> Int? {
        try? connection.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
    }
}
