import Foundation
import GRDB
public import SediaCore

/// Who records a fact about a case, for the role check: nil is an operator tool (`sedia import events`, `sedia case`),
/// which acts on every case.
public typealias Recorder = User?

/// What a person may record about a case (issue #21): a coordinator records interview outcomes in their own state, a
/// prosecutor records court dates for their own cases; both record the charge and close cases they hold; only an admin
/// reopens. Every refusal names the field that decides it.
enum CaseFactKind {
    case interview, courtDate, charge, ending, reopen
}

extension AppDatabase {
    /// The case's row facts every recording needs, or not found.
    struct CaseHead {
        var state: String
        var prosecutor: String?
        var interviewMinutes: Int?
        var interviewDoneOn: String?
        var hearingCourt: String?
        var hearingDays: Int?
        var hearingEarliest: String?
        var hearingDeadline: String?
        var hearingRegisteredOn: String?
    }

    func caseHead(_ db: Database, _ caseID: Case.ID) throws -> CaseHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM case_file WHERE id = ?", arguments: [caseID.rawValue]) else {
            throw StoreError(.notFound, field: "case", "\(caseID) does not exist")
        }
        return CaseHead(
            state: row["state"], prosecutor: row["prosecutor"], interviewMinutes: row["interview_minutes"], interviewDoneOn: row["interview_done_on"],
            hearingCourt: row["hearing_court"], hearingDays: row["hearing_days"], hearingEarliest: row["hearing_earliest"],
            hearingDeadline: row["hearing_deadline"], hearingRegisteredOn: row["hearing_registered_on"])
    }

    /// Refuses a person whose role or scope does not cover this fact of this case.
    func allow(_ user: Recorder, _ kind: CaseFactKind, _ head: CaseHead, _ caseID: Case.ID) throws {
        guard let user, user.role != .admin else { return }
        let inState = user.scope.contains(head.state)
        let ownCase = user.person != nil && user.person == head.prosecutor
        let (allowed, field): (Bool, String) =
            switch (kind, user.role) {
            case (.interview, .coordinator): (inState, "state")
            case (.courtDate, .prosecutor): (ownCase, "prosecutor")
            case (.charge, .coordinator), (.ending, .coordinator): (inState, "state")
            case (.charge, .prosecutor), (.ending, .prosecutor): (ownCase, "prosecutor")
            default: (false, "role")
            }
        guard !allowed else { return }
        let what: String
        switch kind {
        case .interview: what = "interview outcomes are recorded by the coordinators of the case's state"
        case .courtDate: what = "court dates are recorded by the case's own prosecutor"
        case .charge: what = "the charge is recorded by the case's prosecutor or a coordinator of its state"
        case .ending: what = "a case is closed by its prosecutor or a coordinator of its state"
        case .reopen: what = "only an admin reopens a closed case"
        }
        throw StoreError(.forbidden, "\(field): \(what); \(user.username) may not change case \(caseID)")
    }

    /// Refuses any change to a disposed or closed case, saying how and when it ended.
    func requireOpen(_ db: Database, _ caseID: Case.ID) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT kind, on_day, outcome FROM case_closure WHERE case_id = ?", arguments: [caseID.rawValue])
        else { return }
        let kind: String = row["kind"]
        let on: String = row["on_day"]
        let outcome: String = row["outcome"]
        throw StoreError(
            .conflict,
            "case: \(caseID) was \(kind == "disposal" ? "disposed of" : "closed") on \(on) (\(outcome)); it is read-only until an admin reopens it")
    }

    /// Today in Malaysia by the database's clock: no fact is recorded for a day still to come.
    func today() -> Day { MalaysianTime.day(unixSeconds: Int64(clock().timeIntervalSince1970.rounded(.down))) }

    func registration(_ db: Database, _ caseID: Case.ID, _ head: CaseHead) throws -> Day? {
        if let text = try String.fetchOne(db, sql: "SELECT registered_on FROM case_charge WHERE case_id = ?", arguments: [caseID.rawValue]) {
            return try day(text)
        }
        return try head.hearingRegisteredOn.map(day)
    }

    /// Records (or corrects) the charge and the registration in court. The registration date becomes the case's
    /// `hearing.registeredOn` too, so the planner and the disposal clock agree. The child's date of birth is stored and
    /// never written to the audit log.
    public func recordCharge(
        caseID: Case.ID, _ charge: ChargeRecord, expected: Int? = nil, actor: String, by user: Recorder = nil
    ) throws(StoreError) {
        try refuseAll(Self.chargeProblems(charge))
        try write { db in try recordCharge(db, caseID, charge, expected: expected, actor: actor, user: user) }
    }

    /// What is wrong with a charge on its own, field by field.
    static func chargeProblems(_ charge: ChargeRecord) -> [StoreError.FieldProblem] {
        var problems: [StoreError.FieldProblem] = []
        let number = charge.courtCaseNo.trimmingCharacters(in: .whitespaces)
        if number.isEmpty || number.count > 64 || number.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            problems.append(.init(field: "courtCaseNo", problem: "1 to 64 printable characters"))
        }
        if let born = charge.childBornOn, born >= charge.registeredOn {
            problems.append(.init(field: "childBornOn", problem: "must be before the registration date \(charge.registeredOn)"))
        }
        if let born = charge.childBornOn, born.adding(months: 18 * 12) <= charge.registeredOn.adding(months: -12 * 5) {
            problems.append(.init(field: "childBornOn", problem: "the child would have been 18 more than five years before registration"))
        }
        if charge.chargedOn.days(to: charge.registeredOn) > 366 || charge.registeredOn.days(to: charge.chargedOn) > 366 {
            problems.append(.init(field: "chargedOn", problem: "more than a year from the registration date \(charge.registeredOn): check the dates"))
        }
        return problems
    }

    func recordCharge(_ db: Database, _ caseID: Case.ID, _ charge: ChargeRecord, expected: Int?, actor: String, user: Recorder) throws {
        if let problem = Self.chargeProblems(charge).first { throw StoreError(.invalid, .fields([problem])) }
        let number = charge.courtCaseNo.trimmingCharacters(in: .whitespaces)
        let head = try caseHead(db, caseID)
        try allow(user, .charge, head, caseID)
        try requireOpen(db, caseID)
        if charge.registeredOn > today() { throw StoreError(.invalid, field: "registeredOn", "\(charge.registeredOn) is still to come") }
        if charge.chargedOn > today() { throw StoreError(.invalid, field: "chargedOn", "\(charge.chargedOn) is still to come") }
        guard let courtState = try String.fetchOne(db, sql: "SELECT state FROM court WHERE id = ?", arguments: [charge.court.rawValue]) else {
            throw StoreError(.invalid, field: "court", "\(charge.court) does not exist")
        }
        guard courtState == head.state else { throw StoreError(.invalid, field: "court", "\(charge.court) is in \(courtState), not \(head.state)") }
        if let first = try String.fetchOne(
            db, sql: "SELECT min(on_day) FROM case_event WHERE case_id = ? AND step != 'interview'", arguments: [caseID.rawValue]),
            first < charge.registeredOn.description
        {
            throw StoreError(.invalid, field: "registeredOn", "\(charge.registeredOn) is after the court date of \(first) already recorded")
        }
        let before = try chargeAudit(db, caseID)
        try reviseCase(db, caseID, expected: expected, actor: actor)
        try db.execute(
            sql: """
                INSERT INTO case_charge (case_id, court, court_case_no, registered_on, charged_on, represented, plea, child_born_on,
                    recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(case_id) DO UPDATE SET court = excluded.court, court_case_no = excluded.court_case_no,
                    registered_on = excluded.registered_on, charged_on = excluded.charged_on, represented = excluded.represented,
                    plea = excluded.plea, child_born_on = coalesce(excluded.child_born_on, case_charge.child_born_on),
                    recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
                """,
            arguments: [
                caseID.rawValue, charge.court.rawValue, number, charge.registeredOn.description, charge.chargedOn.description,
                charge.represented.rawValue, charge.plea.rawValue, charge.childBornOn?.description, actor, timestamp(),
            ])
        if head.hearingCourt != nil {
            var deadline = try head.hearingDeadline.map(day)
            if let old = try head.hearingRegisteredOn.map(day), let due = deadline, old != charge.registeredOn {
                deadline = Self.movedDeadline(due, registeredOn: old, to: charge.registeredOn)
            }
            // The planner's hearing follows the registration at once: its deadline moves with it (the booked days stay,
            // and show late if they now fall after it), and the earliest day never passes the deadline.
            try db.execute(
                sql: """
                    UPDATE case_file SET hearing_registered_on = ?1, hearing_deadline = coalesce(?2, hearing_deadline),
                        hearing_earliest = min(hearing_earliest, coalesce(?2, hearing_deadline))
                    WHERE id = ?3
                    """, arguments: [charge.registeredOn.description, deadline?.description, caseID.rawValue])
        }
        try audit(
            db, actor: actor, action: before == nil ? "record-charge" : "correct-charge", subject: "case:\(caseID)", before: before,
            after: try chargeAudit(db, caseID))
        try bumpDataVersion(db, cases: [caseID])
    }

    /// The hearing's deadline when its registration moves from `old` to `new`: a deadline that was the registration plus
    /// whole months (the courts' disposal targets, rules/disposal.yaml) stays that many months from the new registration;
    /// any other keeps its distance in days.
    static func movedDeadline(_ deadline: Day, registeredOn old: Day, to new: Day) -> Day {
        if let months = (0...120).first(where: { old.adding(months: $0) == deadline }) { return new.adding(months: months) }
        return deadline.adding(days: old.days(to: new))
    }

    /// The charge as the audit log shows it: the date of birth only as whether it is recorded.
    func chargeAudit(_ db: Database, _ caseID: Case.ID) throws -> [String: String]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM case_charge WHERE case_id = ?", arguments: [caseID.rawValue]) else { return nil }
        return [
            "court": row["court"], "courtCaseNo": row["court_case_no"], "registeredOn": row["registered_on"], "chargedOn": row["charged_on"],
            "represented": row["represented"], "plea": row["plea"], "childBornOn": (row["child_born_on"] as String?) == nil ? "" : "recorded",
        ]
    }

    func refuseAll(_ problems: [StoreError.FieldProblem]) throws(StoreError) {
        guard problems.isEmpty else { throw StoreError(.invalid, .fields(problems)) }
    }
}
