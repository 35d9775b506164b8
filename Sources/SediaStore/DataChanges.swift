import Foundation
import GRDB
public import SediaCore

/// What changed since a data version, when every change since touched named cases only: their current rows, bookings,
/// history and hand-over, read in one transaction with the version they belong to. A cache holding everything at the
/// older version becomes the newer one by replacing those cases (`SnapshotCache` in the server), instead of reading
/// every case again: at national size one court date recorded costs a few rows, not 3,500 cases and their history.
public struct CaseChanges: Sendable, Equatable {
    /// The data version this holds the cases at.
    public var version: Int
    /// Every case changed since the older version; one absent from `records` is closed, disposed or gone.
    public var cases: Set<Case.ID>
    /// The changed cases still open, in intake order, as `caseRecords(state: nil)` reads them.
    public var records: [CaseRecord]
    /// Their bookings (pinned or not), in stored order.
    public var bookings: StoredBookings
    /// Their state's own travel limit, for those filed under a state that has one (`Instance.travelLimitByCase`).
    public var travelLimits: [Case.ID: Int]
    /// What was recorded about the open ones.
    public var histories: [Case.ID: CaseHistory]
    /// Their last hand-over between states.
    public var transfers: [Case.ID: CaseTransfer]
    /// The stored previous plan, read only when no booking is left unpinned (the instance's `previous` is then this).
    public var storedPrevious: Plan?
}

extension AppDatabase {
    /// Changes kept in the log: a cache further behind than this reloads everything.
    static let changeLogLength = 4096

    /// Records the change just counted in `data_version`, inside its transaction, and forgets the oldest.
    func logChange(_ db: Database, cases: Set<Case.ID>?) throws {
        let list = try cases.map { try JSONText.encode($0.map(\.rawValue).sorted()) }
        try db.execute(sql: "INSERT INTO data_change (version, cases) SELECT version, ? FROM data_version WHERE id = 1", arguments: [list])
        try db.execute(
            sql: "DELETE FROM data_change WHERE version <= (SELECT version FROM data_version WHERE id = 1) - ?",
            arguments: [Self.changeLogLength])
    }

    /// The cases changed since `version`, read at the current version, or nil when that cannot be told from the log:
    /// a change not limited to named cases, a gap (a restore, a write from before the log), or more than `limit` cases
    /// (reading everything is then as cheap). A cache given nil reloads everything.
    public func caseChanges(since version: Int, limit: Int = 64) throws(StoreError) -> CaseChanges? {
        try read { db in
            let current = try Int.fetchOne(db, sql: "SELECT version FROM data_version WHERE id = 1") ?? 0
            guard current >= version else { return nil }
            let rows = try Row.fetchAll(
                db, sql: "SELECT version, cases FROM data_change WHERE version > ? ORDER BY version", arguments: [version])
            guard rows.count == current - version, (rows.first?["version"] as Int?).map({ $0 == version + 1 }) ?? true else { return nil }
            var cases = Set<Case.ID>()
            for row in rows {
                guard let list: String = row["cases"] else { return nil }
                for id in try JSONText.decode([String].self, list) { cases.insert(Case.ID(id)) }
                if cases.count > limit { return nil }
            }
            guard !cases.isEmpty else {
                return CaseChanges(
                    version: current, cases: [], records: [], bookings: StoredBookings(interviews: [], hearings: []), travelLimits: [:],
                    histories: [:], transfers: [:], storedPrevious: nil)
            }
            let bookings = try loadBookings(db, cases: cases)
            let records = try loadCaseRecords(db, state: nil, includeClosed: false, only: cases, bookings: bookings)
            let unpinned = try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM interview_booking WHERE NOT pinned) OR EXISTS (SELECT 1 FROM hearing_booking WHERE NOT pinned)")
            let previous = unpinned == true ? nil : try storedPrevious(db)
            return CaseChanges(
                version: current, cases: cases, records: records, bookings: bookings,
                travelLimits: try travelLimitsByCase(db, try loadTravelLimits(db).byState, only: cases),
                histories: try caseHistories(db, state: nil, cases: cases, openOnly: true),
                transfers: try latestTransfers(db, cases: cases), storedPrevious: previous)
        }
    }
}

extension Schema {
    /// The change log (schema v12): one row per data version, naming the cases a change touched, or NULL when it may
    /// have touched anything (staff, rooms, calendars, a whole plan, an import).
    static func dataChangeLog(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE data_change (
                    version INTEGER PRIMARY KEY,
                    cases TEXT CHECK (cases IS NULL OR json_valid(cases))
                ) STRICT;
                """)
    }
}

/// Everything the pages' snapshot holds, read in one transaction with the data version it belongs to.
public struct StoredSnapshot: Sendable {
    public var version: Int
    /// The open cases, within the window given.
    public var instance: Instance
    public var bookings: StoredBookings
    /// The open cases as `caseRecords(state: nil)` reads them.
    public var records: [CaseRecord]
    /// Staff names by person id.
    public var names: [String: String]
    /// What was recorded about the open cases.
    public var histories: [Case.ID: CaseHistory]
    /// Each transferred case's last hand-over.
    public var transfers: [Case.ID: CaseTransfer]
}

extension AppDatabase {
    /// The pages' whole snapshot, in one read transaction: what it holds is exactly the data of `version`.
    public func snapshot(window: PlanningWindow) throws(StoreError) -> StoredSnapshot {
        try read { db in
            let version = try Int.fetchOne(db, sql: "SELECT version FROM data_version WHERE id = 1") ?? 0
            // Bookings read once, cases decoded once: the instance's cases are the open records' cases, in the same order.
            let bookings = try loadBookings(db)
            let records = try loadCaseRecords(db, state: nil, includeClosed: false, only: nil, bookings: bookings)
            var instance = try loadInstance(db, loaded: (bookings, records.map(\.item)))
            window.apply(to: &instance)
            return StoredSnapshot(
                version: version, instance: instance, bookings: bookings, records: records, names: try personNames(db),
                histories: try caseHistories(db, state: nil, cases: nil, openOnly: true), transfers: try latestTransfers(db, cases: nil))
        }
    }
}
