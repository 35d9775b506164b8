import Foundation
import GRDB
public import SediaCore

extension AppDatabase {
    /// Ends a case: a disposal (the court decided) or a closure before trial (no further action, withdrawn, transferred).
    /// One mechanism for all: the case's bookings are cancelled (a CANCEL to everyone invited to a day still to come).
    /// A disposal or closure takes the case off the board, the lists and the planner, read-only until an admin reopens
    /// it. A transfer closes the case for its state only: it is handed to the other state as an open case to book
    /// (`transfer`, with `destination`'s home and court when given), its prosecutor, of the old state, cleared.
    public func endCase(
        caseID: Case.ID, on: Day, _ ending: CaseEnding, note: String? = nil, transferTo: String? = nil, destination: TransferDestination? = nil,
        expected: Int? = nil, actor: String, by user: Recorder = nil
    ) throws(StoreError) {
        let note = Self.trimmed(note)
        let destination = destination ?? transferTo.map { TransferDestination(state: $0) }
        try write { db in
            try endCase(db, caseID, on: on, ending, note: note, destination: destination, expected: expected, actor: actor, user: user)
        }
    }

    func endCase(
        _ db: Database, _ caseID: Case.ID, on: Day, _ ending: CaseEnding, note: String?, transferTo: String? = nil,
        destination: TransferDestination? = nil, expected: Int?, actor: String, user: Recorder
    ) throws {
        let destination = destination ?? transferTo.map { TransferDestination(state: $0) }
        let transferTo = destination?.state
        let head = try caseHead(db, caseID)
        try allow(user, .ending, head, caseID)
        try requireOpen(db, caseID)
        if on > today() { throw StoreError(.invalid, field: "on", "\(on) is still to come") }
        if let note, note.count > 500 { throw StoreError(.invalid, field: "reason", "at most 500 characters") }
        let isTransfer = ending == .closure(.transferred)
        switch ending {
        case .disposal(let outcome):
            guard let registered = try registration(db, caseID, head) else {
                throw StoreError(.invalid, field: "on", "case \(caseID) has no registration date; record the charge first")
            }
            if on < registered { throw StoreError(.invalid, field: "on", "the disposal on \(on) is before the registration on \(registered)") }
            if outcome == .other && note == nil { throw StoreError(.invalid, field: "reason", "a disposal of other needs a text saying what it was") }
        case .closure:
            if let started = try String.fetchOne(
                db, sql: "SELECT min(on_day) FROM case_event WHERE case_id = ? AND step = 'trial' AND outcome = 'held'", arguments: [caseID.rawValue])
            {
                throw StoreError(.conflict, field: "outcome", "the trial began on \(started); record the court's disposal instead")
            }
            if note == nil { throw StoreError(.invalid, field: "reason", "closing a case before trial needs a reason") }
        }
        if isTransfer {
            guard let transferTo, !transferTo.isEmpty else { throw StoreError(.invalid, field: "transferTo", "name the state that takes the case") }
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM state WHERE code = ?", arguments: [transferTo]) != nil else {
                throw StoreError(.invalid, field: "transferTo", "\(transferTo) is not a state in this database")
            }
            guard transferTo != head.state else { throw StoreError(.invalid, field: "transferTo", "the case is already in \(transferTo)") }
        } else if transferTo != nil {
            throw StoreError(.invalid, field: "transferTo", "only a case closed as transferred goes to another state")
        }
        if let last = try String.fetchOne(db, sql: "SELECT max(on_day) FROM case_event WHERE case_id = ?", arguments: [caseID.rawValue]),
            last > on.description
        {
            throw StoreError(.invalid, field: "on", "\(on) is before the date of \(last) already recorded")
        }
        try reviseCase(db, caseID, expected: expected, actor: actor)
        // Days still to come are cancelled with invitations; a booked day already past simply ends with the case.
        let cancelled = try bookedEvents(db, caseID).filter { $0.when.firstDay >= on }
        try queueInvitations(db, before: cancelled, after: [])
        try db.execute(sql: "DELETE FROM interview_booking WHERE case_id = ?", arguments: [caseID.rawValue])
        try db.execute(sql: "DELETE FROM hearing_booking WHERE case_id = ?", arguments: [caseID.rawValue])
        if isTransfer, let destination, let note {
            let courts = try transfer(db, caseID, from: head, on: on, note: note, to: destination, actor: actor)
            var after = ["state": destination.state, "on": on.description, "cancelled": String(cancelled.count)]
            if let court = courts.toCourt { after["court"] = court }
            if destination.home != nil { after["home"] = "changed" }
            try audit(
                db, actor: actor, action: "transfer-case", subject: "case:\(caseID)",
                before: ["state": head.state, "court": courts.fromCourt ?? head.hearingCourt ?? "", "prosecutor": head.prosecutor ?? ""],
                after: after,
                reason: note)
            try bumpDataVersion(db, cases: [caseID])
            return
        }
        try db.execute(
            sql: """
                INSERT INTO case_closure (case_id, kind, on_day, outcome, note, transferred_to, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [caseID.rawValue, ending.kind, on.description, ending.word, note, nil, actor, timestamp()])
        let after = ["kind": ending.kind, "outcome": ending.word, "on": on.description, "cancelled": String(cancelled.count)]
        try audit(
            db, actor: actor, action: ending.kind == "disposal" ? "dispose-case" : "close-case", subject: "case:\(caseID)",
            before: ["state": head.state], after: after, reason: note)
        try bumpDataVersion(db, cases: [caseID])
    }

    /// Reopens a disposed or closed case (an admin's correction), audited with the ending it undoes and why. Its bookings
    /// are not restored: the case goes back to the planner as it stands.
    public func reopenCase(caseID: Case.ID, reason: String, expected: Int? = nil, actor: String, by user: Recorder = nil) throws(StoreError) {
        guard let reason = Self.trimmed(reason) else { throw StoreError(.invalid, field: "reason", "reopening a case needs a reason") }
        try write { db in
            let head = try caseHead(db, caseID)
            if let user, user.role != .admin { try allow(user, .reopen, head, caseID) }
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM case_closure WHERE case_id = ?", arguments: [caseID.rawValue]) else {
                throw StoreError(.conflict, field: "case", "\(caseID) is open; there is nothing to reopen")
            }
            let before: [String: String] = [
                "kind": row["kind"], "outcome": row["outcome"], "on": row["on_day"], "transferredTo": row["transferred_to"] ?? "",
            ]
            try db.execute(sql: "DELETE FROM case_closure WHERE case_id = ?", arguments: [caseID.rawValue])
            try reviseCase(db, caseID, expected: expected, actor: actor)
            try audit(db, actor: actor, action: "reopen-case", subject: "case:\(caseID)", before: before, reason: reason)
            try bumpDataVersion(db, cases: [caseID])
        }
    }

    /// How the case ended, or nil while it is open.
    public func closure(caseID: Case.ID) throws(StoreError) -> CaseClosure? {
        try read { db in try closure(db, caseID) }
    }

    func closure(_ db: Database, _ caseID: Case.ID) throws -> CaseClosure? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM case_closure WHERE case_id = ?", arguments: [caseID.rawValue]) else { return nil }
        return try Self.closure(row)
    }

    static func closure(_ row: Row) throws -> CaseClosure {
        let kind: String = row["kind"]
        let outcome: String = row["outcome"]
        let ending: CaseEnding
        if kind == "disposal", let o = DisposalOutcome(rawValue: outcome) {
            ending = .disposal(o)
        } else if let r = ClosureReason(rawValue: outcome) {
            ending = .closure(r)
        } else {
            throw StoreError(.database, "stored closure \(kind) \(outcome) is not known")
        }
        return CaseClosure(
            on: try day(row["on_day"]), ending: ending, note: row["note"], transferredTo: row["transferred_to"], recordedBy: row["recorded_by"],
            recordedAt: row["recorded_at"])
    }
}
