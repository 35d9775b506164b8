import Foundation
import GRDB
public import SediaCore

/// A case with the state it is filed under (for per-state scope) and its prosecutor, when one is set.
public struct CaseRecord: Sendable, Equatable {
    public var item: Case
    public var state: String
    /// The person id of the deputy public prosecutor holding the case (not part of the planning format).
    public var prosecutor: String?
}

/// One readiness item of a case: what, by when, and who ticked it when.
public struct ChecklistItem: Sendable, Equatable {
    public var item: String
    public var label: String
    public var due: Day?
    public var doneBy: String?
    public var doneAt: String?

    public init(item: String, label: String, due: Day?, doneBy: String? = nil, doneAt: String? = nil) {
        self.item = item
        self.label = label
        self.due = due
        self.doneBy = doneBy
        self.doneAt = doneAt
    }

    public var done: Bool { doneBy != nil }
}

extension AppDatabase {
    /// The cases filed under `state` (every case when nil), in intake order.
    public func caseRecords(state: String?) throws(StoreError) -> [CaseRecord] {
        try read { db in
            let bookings = try loadBookings(db)
            let pi = Dictionary(bookings.interviews.filter(\.pinned).map { ($0.booking.caseID, $0.booking) }, uniquingKeysWith: { a, _ in a })
            let ph = Dictionary(bookings.hearings.filter(\.pinned).map { ($0.booking.caseID, $0.booking) }, uniquingKeysWith: { a, _ in a })
            let rows: [Row]
            if let state {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM case_file WHERE state = ? ORDER BY position, id", arguments: [state])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM case_file ORDER BY position, id")
            }
            return try rows.map { row in
                CaseRecord(item: try caseFrom(row, pinnedInterview: pi, pinnedHearing: ph), state: row["state"], prosecutor: row["prosecutor"])
            }
        }
    }

    /// One case, or nil.
    public func caseRecord(id: Case.ID) throws(StoreError) -> CaseRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM case_file WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            let bookings = try loadBookings(db)
            let pi = Dictionary(
                bookings.interviews.filter { $0.pinned && $0.booking.caseID == id }.map { ($0.booking.caseID, $0.booking) },
                uniquingKeysWith: { a, _ in a })
            let ph = Dictionary(
                bookings.hearings.filter { $0.pinned && $0.booking.caseID == id }.map { ($0.booking.caseID, $0.booking) },
                uniquingKeysWith: { a, _ in a })
            return CaseRecord(item: try caseFrom(row, pinnedInterview: pi, pinnedHearing: ph), state: row["state"], prosecutor: row["prosecutor"])
        }
    }

    /// Opens a new case from the intake form. The child's name, when given, goes to the one column nothing exports.
    public func createCase(_ item: Case, state: String, childName: String?, prosecutor: String? = nil, actor: String) throws(StoreError) {
        guard item.interview?.pinned == nil, item.hearing?.pinned == nil else {
            throw StoreError(.invalid, "a new case cannot arrive pinned; book it instead")
        }
        try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM case_file WHERE id = ?", arguments: [item.id.rawValue]) != nil {
                throw StoreError(.conflict, "id: case \(item.id) already exists")
            }
            if try Int.fetchOne(db, sql: "SELECT 1 FROM state WHERE code = ?", arguments: [state]) == nil {
                throw StoreError(.invalid, "state: \(state) is not a state in this database")
            }
            if let court = item.hearing?.court {
                guard let courtState = try String.fetchOne(db, sql: "SELECT state FROM court WHERE id = ?", arguments: [court.rawValue]) else {
                    throw StoreError(.invalid, "hearing.court: \(court) does not exist")
                }
                guard courtState == state else { throw StoreError(.invalid, "hearing.court: \(court) is in \(courtState), not \(state)") }
            }
            let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM case_file") ?? -1) + 1
            try upsertCase(db, item, state: state, position: position, createdAt: timestamp())
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

    /// Makes sure the case has these checklist items (new ones added, labels and due dates refreshed, ticks kept).
    public func ensureChecklist(caseID: Case.ID, items: [ChecklistItem]) throws(StoreError) {
        try write { db in
            for (i, item) in items.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO checklist_item (case_id, item, label, due, position) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(case_id, item) DO UPDATE SET label = excluded.label, due = excluded.due, position = excluded.position
                        """,
                    arguments: [caseID.rawValue, item.item, item.label, item.due?.description, i])
            }
        }
    }

    /// The case's checklist in order.
    public func checklist(caseID: Case.ID) throws(StoreError) -> [ChecklistItem] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM checklist_item WHERE case_id = ? ORDER BY position, item", arguments: [caseID.rawValue]).map {
                row in
                let due: String? = row["due"]
                return ChecklistItem(item: row["item"], label: row["label"], due: try due.map(day), doneBy: row["done_by"], doneAt: row["done_at"])
            }
        }
    }

    /// Done / total checklist items per case.
    public func checklistProgress() throws(StoreError) -> [Case.ID: (done: Int, total: Int)] {
        try read { db in
            var result: [Case.ID: (done: Int, total: Int)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT case_id, COUNT(done_by) AS done, COUNT(*) AS total FROM checklist_item GROUP BY case_id") {
                result[Case.ID(row["case_id"] as String)] = (row["done"], row["total"])
            }
            return result
        }
    }

    /// Ticks (or unticks) one checklist item, recording who and when.
    public func setChecklistItem(caseID: Case.ID, item: String, done: Bool, actor: String) throws(StoreError) {
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM checklist_item WHERE case_id = ? AND item = ?", arguments: [caseID.rawValue, item])
            else { throw StoreError(.notFound, "case \(caseID) has no checklist item \(item)") }
            let wasDone = (row["done_by"] as String?) != nil
            guard wasDone != done else { return }
            if done {
                try db.execute(
                    sql: "UPDATE checklist_item SET done_by = ?, done_at = ? WHERE case_id = ? AND item = ?",
                    arguments: [actor, timestamp(), caseID.rawValue, item])
            } else {
                try db.execute(
                    sql: "UPDATE checklist_item SET done_by = NULL, done_at = NULL WHERE case_id = ? AND item = ?",
                    arguments: [caseID.rawValue, item])
            }
            try audit(
                db, actor: actor, action: done ? "tick-checklist" : "untick-checklist", subject: "case:\(caseID)",
                before: ["item": item, "done": wasDone ? "yes" : "no"], after: ["item": item, "done": done ? "yes" : "no"])
        }
    }
}
