import Foundation
import GRDB
public import SediaCore

/// A case handed from one state to another (closed before trial as "transferred"): for the sending state it is closed,
/// a line in the case's timeline; for the receiving state it is an open case to book, its bookings cancelled, its
/// interview and trial back among those waiting, "transferred from" on its page and in the Today list.
public struct CaseTransfer: Sendable, Equatable {
    public var caseID: Case.ID
    /// The state that handed the case over, and the one that took it.
    public var from: String
    public var to: String
    public var on: Day
    public var note: String?
    /// The trial's court before and after, when the transfer moved it.
    public var fromCourt: Court.ID?
    public var toCourt: Court.ID?
    public var recordedBy: String
    public var recordedAt: String
}

/// Where a transferred case goes: the state, and optionally the child's new home and the trial's new court.
public struct TransferDestination: Sendable, Equatable {
    public var state: String
    /// The child's new home (a place from the shipped list); nil keeps the home recorded.
    public var home: (lat: Double, lon: Double)?
    /// The court that takes the trial; nil: the new state's only court that fits (refused when there are several).
    public var court: Court.ID?

    public init(state: String, home: (lat: Double, lon: Double)? = nil, court: Court.ID? = nil) {
        self.state = state
        self.home = home
        self.court = court
    }

    public static func == (a: TransferDestination, b: TransferDestination) -> Bool {
        a.state == b.state && a.home?.lat == b.home?.lat && a.home?.lon == b.home?.lon && a.court == b.court
    }
}

extension Schema {
    /// Transfers between states (issue #22): a case stays one row that changes state; each hand-over is kept here.
    static func caseTransfer(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE case_transfer (
                    id INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
                    from_state TEXT NOT NULL REFERENCES state(code),
                    to_state TEXT NOT NULL REFERENCES state(code),
                    on_day TEXT NOT NULL CHECK (on_day \(dateCheck)),
                    note TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 500),
                    from_court TEXT REFERENCES court(id),
                    to_court TEXT REFERENCES court(id),
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    CHECK (from_state <> to_state)
                ) STRICT;
                CREATE INDEX case_transfer_case ON case_transfer(case_id, id);
                CREATE INDEX case_transfer_from ON case_transfer(from_state, case_id);
                """)
    }
}

extension AppDatabase {
    /// The hand-over itself, inside `endCase`'s transaction once the bookings are cancelled: the case changes state
    /// (its prosecutor, of the old state, is cleared), the child's home and the trial's court follow when needed, and
    /// the transfer is kept and audited. The case stays open: the receiving state books it.
    func transfer(
        _ db: Database, _ caseID: Case.ID, from head: CaseHead, on: Day, note: String, to destination: TransferDestination, actor: String
    )
        throws -> (fromCourt: String?, toCourt: String?)
    {
        let to = destination.state
        var newCourt: String?
        let video = try Bool.fetchOne(db, sql: "SELECT hearing_needs_video_link FROM case_file WHERE id = ?", arguments: [caseID.rawValue]) ?? false
        if let court = destination.court {
            guard let row = try Row.fetchOne(db, sql: "SELECT state, video_link FROM court WHERE id = ?", arguments: [court.rawValue]) else {
                throw StoreError(.invalid, field: "toCourt", "\(court) does not exist")
            }
            let state: String = row["state"]
            guard state == to else { throw StoreError(.invalid, field: "toCourt", "\(court) is in \(state), not \(to)") }
            guard head.hearingCourt != nil else { throw StoreError(.invalid, field: "toCourt", "case \(caseID) has no trial to move") }
            if video, row["video_link"] as Int == 0 {
                throw StoreError(.invalid, field: "toCourt", "the trial needs a video link and \(court) has none")
            }
            newCourt = court.rawValue
        } else if let old = head.hearingCourt, try String.fetchOne(db, sql: "SELECT state FROM court WHERE id = ?", arguments: [old]) != to {
            let fitting = try String.fetchAll(
                db, sql: "SELECT id FROM court WHERE state = ? AND (? = 0 OR video_link = 1) ORDER BY id", arguments: [to, video])
            guard fitting.count == 1, let only = fitting.first else {
                throw StoreError(
                    .invalid, field: "toCourt",
                    fitting.isEmpty
                        ? "\(to) has no court that can hold this trial" : "\(to) has \(fitting.count) courts; name the one that takes the trial")
            }
            newCourt = only
        }
        if let newCourt { try db.execute(sql: "UPDATE case_file SET hearing_court = ? WHERE id = ?", arguments: [newCourt, caseID.rawValue]) }
        if let home = destination.home {
            try db.execute(sql: "UPDATE case_file SET child_lat = ?, child_lon = ? WHERE id = ?", arguments: [home.lat, home.lon, caseID.rawValue])
        }
        try db.execute(sql: "UPDATE case_file SET state = ?, prosecutor = NULL WHERE id = ?", arguments: [to, caseID.rawValue])
        let fromCourt = newCourt == nil ? nil : head.hearingCourt
        try db.execute(
            sql: """
                INSERT INTO case_transfer (case_id, from_state, to_state, on_day, note, from_court, to_court, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [caseID.rawValue, head.state, to, on.description, note, fromCourt, newCourt, actor, timestamp()])
        return (fromCourt, newCourt)
    }

    /// Every hand-over of one case, oldest first.
    public func transfers(caseID: Case.ID) throws(StoreError) -> [CaseTransfer] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM case_transfer WHERE case_id = ? ORDER BY id", arguments: [caseID.rawValue]).map(Self.transfer)
        }
    }

    /// The last hand-over of every transferred case: "transferred from" on the receiving state's pages.
    public func latestTransfers() throws(StoreError) -> [Case.ID: CaseTransfer] {
        try read { db in try latestTransfers(db, cases: nil) }
    }

    func latestTransfers(_ db: Database, cases: Set<Case.ID>?) throws -> [Case.ID: CaseTransfer] {
        let only = cases.map { " WHERE case_id IN " + Self.placeholders($0.count) } ?? ""
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM case_transfer WHERE id IN (SELECT max(id) FROM case_transfer\(only) GROUP BY case_id)",
            arguments: StatementArguments((cases ?? []).map(\.rawValue).sorted()))
        return Dictionary(try rows.map(Self.transfer).map { ($0.caseID, $0) }, uniquingKeysWith: { _, b in b })
    }

    static func transfer(_ row: Row) throws -> CaseTransfer {
        CaseTransfer(
            caseID: Case.ID(row["case_id"] as String), from: row["from_state"], to: row["to_state"], on: try day(row["on_day"]), note: row["note"],
            fromCourt: (row["from_court"] as String?).map { Court.ID($0) }, toCourt: (row["to_court"] as String?).map { Court.ID($0) },
            recordedBy: row["recorded_by"], recordedAt: row["recorded_at"])
    }
}
