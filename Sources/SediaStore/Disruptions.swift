import Foundation
import GRDB
public import SediaCore

/// Leave or a closure a coordinator entered on the web: an officer or psychologist away, a room closed or a court not
/// sitting, from one day to another (inclusive). Kept apart from the leave `sedia import leave` sets (which replaces a
/// person's whole list), and merged into the instance the planner, the booking check and find a slot read, so both
/// count exactly alike.
public struct Disruption: Sendable, Equatable, Identifiable {
    /// What is away or closed.
    public enum Kind: String, Sendable, CaseIterable { case person, room, court }
    /// Why a person is away (rooms and courts carry none).
    public enum Reason: String, Sendable, CaseIterable { case leave, sick, training, other }

    public var id: Int64
    public var kind: Kind
    /// The person's, room's or court's id.
    public var subject: String
    /// The state it belongs to (the scope it was entered in).
    public var state: String
    public var range: DayRange
    public var reason: Reason?
    public var createdBy: String
    public var createdAt: String

    /// The bookings of `bookings` this disruption breaks: interviews with that person or in that room on a day of the
    /// range, hearings at that court (or with that psychologist) on a day of it.
    public func affected(_ bookings: Plan) -> [AffectedBooking] {
        var out: [AffectedBooking] = []
        for b in bookings.interviews where range.contains(b.start.day) {
            let hit =
                switch kind {
                case .person: b.interviewer.rawValue == subject || b.psychologist?.rawValue == subject
                case .room: b.room.rawValue == subject
                case .court: false
                }
            if hit { out.append(AffectedBooking(caseID: b.caseID, task: .interview, day: b.start.day)) }
        }
        for b in bookings.hearings {
            guard let day = b.dates.first(where: range.contains) else { continue }
            let hit =
                switch kind {
                case .person: b.psychologist?.rawValue == subject
                case .room: false
                case .court: b.court.rawValue == subject
                }
            if hit { out.append(AffectedBooking(caseID: b.caseID, task: .hearing, day: day)) }
        }
        return out.sorted { ($0.day, $0.caseID.rawValue, $0.task.rawValue) < ($1.day, $1.caseID.rawValue, $1.task.rawValue) }
    }
}

/// A booking a disruption breaks: its case, which task, and the first day of it that falls in the disruption.
public struct AffectedBooking: Sendable, Equatable, Hashable {
    public var caseID: Case.ID
    public var task: TaskKind
    public var day: Day
}

extension Schema {
    static func disruptions(_ db: Database) throws {
        // Leave and closures entered on the web; one row per entry, removed when the coordinator removes it (the audit
        // log keeps both). The same subject and days twice is refused: a form sent twice enters it once.
        try db.execute(
            sql: """
                CREATE TABLE disruption (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('person', 'room', 'court')),
                    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 100),
                    state TEXT NOT NULL CHECK (length(state) BETWEEN 1 AND 16),
                    from_day TEXT NOT NULL CHECK (from_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                    to_day TEXT NOT NULL CHECK (to_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND to_day >= from_day),
                    reason TEXT CHECK (reason IS NULL OR reason IN ('leave', 'sick', 'training', 'other')),
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    UNIQUE (kind, subject, from_day, to_day)
                ) STRICT;
                CREATE INDEX disruption_state ON disruption (state, from_day);
                """)
    }
}

extension AppDatabase {
    /// The longest a disruption may run, in days.
    public static let maxDisruptionDays = 366

    /// The disruptions entered for `state` (nil: every state), soonest first.
    public func disruptions(state: String?) throws(StoreError) -> [Disruption] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM disruption WHERE ? IS NULL OR state = ? ORDER BY from_day, to_day, id", arguments: [state, state]
            ).map(disruption)
        }
    }

    /// The disruption `id`, if it exists.
    public func disruption(id: Int64) throws(StoreError) -> Disruption? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM disruption WHERE id = ?", arguments: [id]).map(disruption) }
    }

    func disruption(_ row: Row) throws -> Disruption {
        Disruption(
            id: row["id"], kind: Disruption.Kind(rawValue: row["kind"]) ?? .person, subject: row["subject"], state: row["state"],
            range: DayRange(from: try day(row["from_day"]), to: try day(row["to_day"])),
            reason: (row["reason"] as String?).flatMap(Disruption.Reason.init(rawValue:)), createdBy: row["created_by"],
            createdAt: row["created_at"])
    }

    /// The states a person (officer or psychologist, by their centres and courts), a room or a court belongs to; nil
    /// when there is no such one.
    func statesOf(_ db: Database, _ kind: Disruption.Kind, _ subject: String) throws -> [String]? {
        let sql: String
        switch kind {
        case .person:
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM person WHERE id = ? AND kind IN ('interviewer', 'psychologist'))",
                    arguments: [subject]) == true
            else { return nil }
            sql = """
                SELECT c.state FROM person_centre p JOIN centre c ON c.id = p.centre WHERE p.person = ?1
                UNION SELECT k.state FROM person_court p JOIN court k ON k.id = p.court WHERE p.person = ?1
                """
        case .room: sql = "SELECT c.state FROM room r JOIN centre c ON c.id = r.centre WHERE r.id = ?1"
        case .court: sql = "SELECT state FROM court WHERE id = ?1"
        }
        let states = try String.fetchAll(db, sql: sql, arguments: [subject])
        return states.isEmpty && kind != .person ? nil : states.sorted()
    }

    /// Enters a disruption, audited, in one transaction. `scope`: the state of the coordinator entering it (nil: any
    /// state); a person, room or court of another state is refused (`.forbidden`), an unknown one is `.notFound`, the
    /// same subject and days entered already is `.conflict`. Plans and pages made before are out of date after it.
    public func addDisruption(
        kind: Disruption.Kind, subject: String, range: DayRange, reason: Disruption.Reason?, scope: String?, actor: String
    ) throws(StoreError) -> Disruption {
        guard range.from <= range.to else { throw StoreError(.invalid, "to: the last day \(range.to) is before the first \(range.from)") }
        guard range.from.days(to: range.to) < Self.maxDisruptionDays else {
            throw StoreError(.invalid, "to: a disruption may last at most \(Self.maxDisruptionDays) days")
        }
        if kind == .person, reason == nil { throw StoreError(.invalid, "reason: say why the person is away") }
        return try write { db in
            guard let states = try statesOf(db, kind, subject) else { throw StoreError(.notFound, "subject: no \(kind.rawValue) \(subject)") }
            if let scope, !states.contains(scope) {
                throw StoreError(.forbidden, "subject: \(subject) is not in \(scope)")
            }
            let state = scope ?? states.first ?? "*"
            let existing = try String.fetchOne(
                db, sql: "SELECT created_by FROM disruption WHERE kind = ? AND subject = ? AND from_day = ? AND to_day = ?",
                arguments: [kind.rawValue, subject, range.from.description, range.to.description])
            if let existing {
                throw StoreError(.conflict, "subject: \(subject) from \(range.from) to \(range.to) was entered already by \(existing)")
            }
            try db.execute(
                sql: """
                    INSERT INTO disruption (kind, subject, state, from_day, to_day, reason, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    kind.rawValue, subject, state, range.from.description, range.to.description, reason?.rawValue, actor, timestamp(),
                ])
            let id = db.lastInsertedRowID
            try audit(
                db, actor: actor, action: "disruption-add", subject: "\(kind.rawValue):\(subject)",
                after: ["id": String(id), "days": range.text, "reason": reason?.rawValue ?? "closed", "state": state])
            try bumpDataVersion(db)
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM disruption WHERE id = ?", arguments: [id]) else {
                throw StoreError(.database, "the disruption just entered is missing")
            }
            return try disruption(row)
        }
    }

    /// Removes disruption `id`, audited. One of another state than `scope` (nil: any) is `.notFound`, as is one that
    /// never existed; one removed meanwhile is `.stale`, naming who removed it.
    public func removeDisruption(id: Int64, scope: String?, actor: String) throws(StoreError) -> Disruption {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM disruption WHERE id = ?", arguments: [id]) else {
                let by = try String.fetchOne(
                    db, sql: "SELECT actor FROM audit WHERE action = 'disruption-remove' AND json_extract(before, '$.id') = ? LIMIT 1",
                    arguments: [String(id)])
                if let by { throw StoreError(.stale, "id: this entry was removed meanwhile by \(by); nothing was changed") }
                throw StoreError(.notFound, "id: no disruption \(id)")
            }
            let found = try disruption(row)
            if let scope, found.state != scope { throw StoreError(.notFound, "id: no disruption \(id)") }
            try db.execute(sql: "DELETE FROM disruption WHERE id = ?", arguments: [id])
            try audit(
                db, actor: actor, action: "disruption-remove", subject: "\(found.kind.rawValue):\(found.subject)",
                before: ["id": String(id), "days": found.range.text, "reason": found.reason?.rawValue ?? "closed", "state": found.state])
            try bumpDataVersion(db)
            return found
        }
    }

    /// Adds the entered disruptions to an instance loaded from this database: a person's to their unavailable days,
    /// a room's to its closures, a court's to its closed days.
    func applyDisruptions(_ db: Database, to instance: inout Instance) throws {
        let all = try Row.fetchAll(db, sql: "SELECT * FROM disruption ORDER BY from_day, id").map(disruption)
        guard !all.isEmpty else { return }
        let bySubject = Dictionary(grouping: all) { "\($0.kind.rawValue):\($0.subject)" }
        func ranges(_ kind: Disruption.Kind, _ id: String) -> [DayRange] { bySubject["\(kind.rawValue):\(id)"]?.map(\.range) ?? [] }
        for k in instance.interviewers.indices { instance.interviewers[k].unavailable += ranges(.person, instance.interviewers[k].id.rawValue) }
        for k in instance.psychologists.indices {
            instance.psychologists[k].unavailable += ranges(.person, instance.psychologists[k].id.rawValue)
        }
        for k in instance.courts.indices { instance.courts[k].closed += ranges(.court, instance.courts[k].id.rawValue) }
        for c in instance.centres.indices {
            for r in instance.centres[c].rooms.indices {
                instance.centres[c].rooms[r].closed += ranges(.room, instance.centres[c].rooms[r].id.rawValue)
            }
        }
    }
}
