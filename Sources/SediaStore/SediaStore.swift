import GRDB

/// The SQLite library version GRDB is linked against.
public func sqliteVersion() throws -> String {
    let queue = try DatabaseQueue()
    return try queue.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "" }
}
