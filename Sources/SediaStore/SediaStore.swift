import GRDBSQLite

/// The version of the SQLite library Sedia runs with.
public var sqliteVersion: String { String(cString: sqlite3_libversion()) }
