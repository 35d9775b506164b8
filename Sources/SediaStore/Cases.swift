import Foundation
import GRDB
public import SediaCore

/// A case with the state it is filed under (for per-state scope) and its prosecutor, when one is set.
public struct CaseRecord: Sendable, Equatable {
    public var item: Case
    public var state: String
    /// The person id of the deputy public prosecutor holding the case (not part of the planning format).
    public var prosecutor: String?
    /// The case's revision, which every change form carries back (see `AppDatabase.reviseCase`).
    public var revision: Int = 0
    /// Who made the current revision.
    public var revisedBy: String?
}

/// Who recorded a checklist item as done, and when (a tick, kept by case and rule id).
public struct ChecklistTick: Sendable, Equatable {
    public var doneBy: String
    public var doneAt: String

    public init(doneBy: String, doneAt: String) {
        self.doneBy = doneBy
        self.doneAt = doneAt
    }
}

extension AppDatabase {
    /// The open cases filed under `state` (every case when nil), in intake order; with `includeClosed`, the disposed
    /// and closed ones too.
    public func caseRecords(state: String?, includeClosed: Bool = false) throws(StoreError) -> [CaseRecord] {
        try read { db in try loadCaseRecords(db, state: state, includeClosed: includeClosed, only: nil) }
    }

    /// The cases as `caseRecords` reads them, or only those of `only` (with their own bookings alone).
    /// `bookings`: theirs (or every booking), when the caller has read them already in this transaction.
    func loadCaseRecords(
        _ db: Database, state: String?, includeClosed: Bool, only: Set<Case.ID>?, bookings: StoredBookings? = nil
    ) throws -> [CaseRecord] {
        let bookings = try bookings ?? loadBookings(db, cases: only)
        let pi = Dictionary(bookings.interviews.filter(\.pinned).map { ($0.booking.caseID, $0.booking) }, uniquingKeysWith: { a, _ in a })
        let ph = Dictionary(bookings.hearings.filter(\.pinned).map { ($0.booking.caseID, $0.booking) }, uniquingKeysWith: { a, _ in a })
        // Disposed and closed cases have left the board and the lists (issue #21); their own page still shows them.
        var conditions = [includeClosed ? "1" : "id NOT IN (SELECT case_id FROM case_closure)"]
        var arguments: StatementArguments = []
        if let state {
            conditions.append("state = ?")
            arguments += [state]
        }
        if let only {
            conditions.append("id IN " + Self.placeholders(only.count))
            arguments += StatementArguments(only.map(\.rawValue).sorted())
        }
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM case_file WHERE \(conditions.joined(separator: " AND ")) ORDER BY position, id", arguments: arguments)
        return try rows.map { row in
            CaseRecord(
                item: try caseFrom(row, pinnedInterview: pi, pinnedHearing: ph), state: row["state"], prosecutor: row["prosecutor"],
                revision: row["revision"], revisedBy: row["revised_by"])
        }
    }

    /// One case, or nil.
    public func caseRecord(id: Case.ID) throws(StoreError) -> CaseRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM case_file WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            let bookings = try loadBookings(db, cases: [id])
            let pi = Dictionary(
                bookings.interviews.filter { $0.pinned && $0.booking.caseID == id }.map { ($0.booking.caseID, $0.booking) },
                uniquingKeysWith: { a, _ in a })
            let ph = Dictionary(
                bookings.hearings.filter { $0.pinned && $0.booking.caseID == id }.map { ($0.booking.caseID, $0.booking) },
                uniquingKeysWith: { a, _ in a })
            return CaseRecord(
                item: try caseFrom(row, pinnedInterview: pi, pinnedHearing: ph), state: row["state"], prosecutor: row["prosecutor"],
                revision: row["revision"], revisedBy: row["revised_by"])
        }
    }

    /// Opens a new case from the intake form. The child's name, when given, goes to the one column nothing exports.
    public func createCase(_ item: Case, state: String, childName: String?, prosecutor: String? = nil, actor: String) throws(StoreError) {
        guard item.interview?.pinned == nil, item.hearing?.pinned == nil else {
            throw StoreError(.invalid, "a new case cannot arrive pinned; book it instead")
        }
        try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM case_file WHERE id = ?", arguments: [item.id.rawValue]) != nil {
                throw StoreError(.conflict, .caseExists(item.id))
            }
            if try Int.fetchOne(db, sql: "SELECT 1 FROM state WHERE code = ?", arguments: [state]) == nil {
                throw StoreError(.invalid, field: "state", "\(state) is not a state in this database")
            }
            if let court = item.hearing?.court {
                guard let courtState = try String.fetchOne(db, sql: "SELECT state FROM court WHERE id = ?", arguments: [court.rawValue]) else {
                    throw StoreError(.invalid, field: "hearing.court", "\(court) does not exist")
                }
                guard courtState == state else { throw StoreError(.invalid, field: "hearing.court", "\(court) is in \(courtState), not \(state)") }
            }
            let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM case_file") ?? -1) + 1
            try upsertCase(db, item, state: state, position: position, createdAt: timestamp(), actor: actor)
            if let prosecutor {
                try checkProsecutor(db, prosecutor, caseState: state)
                try db.execute(sql: "UPDATE case_file SET prosecutor = ? WHERE id = ?", arguments: [prosecutor, item.id.rawValue])
            }
            if let childName, !childName.isEmpty {
                try db.execute(sql: "UPDATE case_file SET child_name = ? WHERE id = ?", arguments: [childName, item.id.rawValue])
            }
            // The audit line names the case and child reference only, never the name.
            try audit(
                db, actor: actor, action: "create-case", subject: "case:\(item.id)",
                after: [
                    "state": state, "childRef": item.child.ref, "interview": item.interview == nil ? "no" : "yes",
                    "hearing": item.hearing?.court.rawValue ?? "no", "prosecutor": prosecutor ?? "",
                ])
            try bumpDataVersion(db)
        }
    }

    /// The checklist ticks of every case: rule id → who ticked it and when. Rules no longer in the book are included;
    /// the caller shows only the ticks its checklist has.
    public func checklistTicks() throws(StoreError) -> [Case.ID: [String: ChecklistTick]] {
        try read { db in
            var result: [Case.ID: [String: ChecklistTick]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT case_id, rule, done_by, done_at FROM checklist_tick") {
                result[Case.ID(row["case_id"] as String), default: [:]][row["rule"]] = ChecklistTick(doneBy: row["done_by"], doneAt: row["done_at"])
            }
            return result
        }
    }

    /// The ticks of one case, by rule id.
    public func checklistTicks(caseID: Case.ID) throws(StoreError) -> [String: ChecklistTick] {
        try read { db in
            var result: [String: ChecklistTick] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT rule, done_by, done_at FROM checklist_tick WHERE case_id = ?", arguments: [caseID.rawValue])
            {
                result[row["rule"]] = ChecklistTick(doneBy: row["done_by"], doneAt: row["done_at"])
            }
            return result
        }
    }

    /// Ticks (or unticks) the checklist item of one rule of a case, recording who and when in the tick and the audit log.
    /// The caller checks that the rule is on the case's checklist; the store knows no rules.
    public func setChecklistTick(caseID: Case.ID, rule: String, done: Bool, actor: String) throws(StoreError) {
        guard (1...64).contains(rule.count) else { throw StoreError(.invalid, field: "item", "a rule id of 1 to 64 characters") }
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM case_file WHERE id = ?", arguments: [caseID.rawValue]) != nil else {
                throw StoreError(.notFound, "no case \(caseID)")
            }
            let wasDone =
                try Int.fetchOne(db, sql: "SELECT 1 FROM checklist_tick WHERE case_id = ? AND rule = ?", arguments: [caseID.rawValue, rule]) != nil
            guard wasDone != done else { return }
            if done {
                try db.execute(
                    sql: "INSERT INTO checklist_tick (case_id, rule, done_by, done_at) VALUES (?, ?, ?, ?)",
                    arguments: [caseID.rawValue, rule, actor, timestamp()])
            } else {
                try db.execute(sql: "DELETE FROM checklist_tick WHERE case_id = ? AND rule = ?", arguments: [caseID.rawValue, rule])
            }
            try audit(
                db, actor: actor, action: done ? "tick-checklist" : "untick-checklist", subject: "case:\(caseID)",
                before: ["item": rule, "done": wasDone ? "yes" : "no"], after: ["item": rule, "done": done ? "yes" : "no"])
        }
    }
}
