import Foundation
import GRDB
public import SediaCore

extension AppDatabase {
    /// Requests a supplementary interview for a case whose interview was held (issue #21): the case gets a new interview
    /// to book, from today, for `minutes`, and the planner, find-a-slot and the board treat it like any interview (the
    /// same child: language, a woman officer when required, a psychologist). The first interview's held record stays in
    /// the timeline, and its day comes back as the case's `interviewDoneOn` once the new one is held.
    ///
    /// The new interview's target is `target(state, today)` (the caller's rule: rules/interview.yaml `interview-target` counted
    /// from the request, as from a report), brought forward so that it leaves `minPrepDays` before the first day of a
    /// trial already booked, when that day is still far enough away: the booked trial and its deadline do not move.
    ///
    /// Refused with the field named: `state`/`role` (403) for anyone but a coordinator of the case's state or an admin;
    /// `case` (409) for a disposed or closed case; `interview` (409) when the interview was not held, or a supplementary one is
    /// already to be booked; `reason`, `durationMinutes` (422). `expected` is the case revision the form was shown.
    @discardableResult
    public func requestSupplementaryInterview(
        caseID: Case.ID, reason: String, minutes: Int, target: (_ state: StateInfo.ID, _ requestedOn: Day) -> Day?, expected: Int? = nil,
        actor: String, by user: Recorder = nil
    ) throws(StoreError) -> SupplementaryRequest {
        try refuseAll(Self.supplementaryProblems(reason: reason, minutes: minutes))
        return try write { db in
            try requestSupplementary(
                db, caseID, reason: reason, minutes: minutes, on: today(), target: target, expected: expected, actor: actor, user: user)
        }
    }

    /// What is wrong with a supplementary interview's reason and length, for the form, the CLI and the import alike.
    static func supplementaryProblems(reason: String, minutes: Int) -> [StoreError.FieldProblem] {
        var problems: [StoreError.FieldProblem] = []
        let reason = Self.trimmed(reason)
        if reason == nil { problems.append(.init(field: "reason", problem: "say why a supplementary interview is needed")) }
        if let reason, reason.count > 500 { problems.append(.init(field: "reason", problem: "at most 500 characters")) }
        if !(15...480).contains(minutes) { problems.append(.init(field: "durationMinutes", problem: "\(minutes) is not between 15 and 480")) }
        return problems
    }

    /// The request, made on `requested` (today on the form and the CLI, the row's day in `sedia import events`), with the
    /// refusals of `requestSupplementaryInterview`; a request dated before the interview was held is refused on `on`.
    func requestSupplementary(
        _ db: Database, _ caseID: Case.ID, reason: String, minutes: Int, on requested: Day, target: (StateInfo.ID, Day) -> Day?,
        expected: Int?, actor: String, user: Recorder
    ) throws -> SupplementaryRequest {
        let reason = Self.trimmed(reason)
        let head = try caseHead(db, caseID)
        try allow(user, .interview, head, caseID)
        try requireOpen(db, caseID)
        if head.interviewMinutes != nil, try firstInterviewDay(db, caseID) != nil {
            throw StoreError(.conflict, .supplementaryPending(caseID: caseID))
        }
        guard let done = head.interviewDoneOn.flatMap({ Day(iso: $0) }) else {
            throw StoreError(.conflict, .supplementaryNotHeld(caseID: caseID))
        }
        if requested > today() { throw StoreError(.invalid, field: "on", "\(requested) is still to come") }
        if requested < done { throw StoreError(.invalid, field: "on", "\(requested) is before the interview was held (\(done))") }
        var targetBy = max(target(StateInfo.ID(head.state), requested) ?? requested.adding(days: 7), requested)
        if let trial = try storedHearing(db, caseID)?.booking.dates.min() {
            let prep = Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'minPrepDays'") ?? "") ?? 28
            let latest = trial.adding(days: -prep)
            if latest >= requested && latest < targetBy { targetBy = latest }
        }
        try reviseCase(db, caseID, expected: expected, actor: actor)
        try db.execute(
            sql: """
                UPDATE case_file SET interview_done_on = NULL, interview_minutes = ?, interview_earliest = ?, interview_target_by = ?
                WHERE id = ?
                """, arguments: [minutes, requested.description, targetBy.description, caseID.rawValue])
        try db.execute(
            sql: """
                INSERT INTO case_interview_supplement (case_id, requested_on, target_by, first_held_on, reason, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [caseID.rawValue, requested.description, targetBy.description, done.description, reason, actor, timestamp()])
        try audit(
            db, actor: actor, action: "request-supplementary-interview", subject: "case:\(caseID)",
            before: ["interviewDoneOn": done.description],
            after: ["earliest": requested.description, "targetBy": targetBy.description, "minutes": String(minutes)], reason: reason)
        try bumpDataVersion(db, cases: [caseID])
        return SupplementaryRequest(requestedOn: requested, targetBy: targetBy, reason: reason ?? "", recordedBy: actor)
    }

    /// The first interview's day when the case's open interview is a supplementary one, else nil.
    func firstInterviewDay(_ db: Database, _ caseID: Case.ID) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT first_held_on FROM case_interview_supplement WHERE case_id = ? ORDER BY id DESC LIMIT 1", arguments: [caseID.rawValue])
    }
}
