import Foundation
import GRDB
public import SediaCore

/// What recording a step did to the case's bookings, kept with the event for its timeline.
struct StepEffect: Codable {
    /// The interview booking that became history (held) or was cancelled (not held).
    var interview: InterviewJSON?
    /// The trial days released by an adjournment, the days already heard and the days the hearing still needs.
    var released: [Day]?
    var heard: Int?
    var daysLeft: Int?
}

extension AppDatabase {
    /// Records the outcome of the interview or of a court date, with its effects in the same transaction:
    ///
    /// - an interview held becomes the case's `interviewDoneOn` and its booking becomes history (no CANCEL: it took place);
    /// - an interview not held goes back to "to book", its invitations cancelled;
    /// - a held PTC, case management or first trial day ticks its readiness item;
    /// - an adjourned trial releases the booked days (CANCEL invitations) and puts the hearing back in the planner with
    ///   the days already heard counted, from the next date the court gave.
    ///
    /// `expected` is the case revision the form was shown (nil for imports).
    public func recordStep(
        caseID: Case.ID, _ step: StepRecord, expected: Int? = nil, actor: String, by user: Recorder = nil
    ) throws(StoreError) {
        try refuseAll(step.problems.map { StoreError.FieldProblem(field: $0.field, problem: $0.message) })
        try write { db in try recordStep(db, caseID, step, expected: expected, actor: actor, user: user) }
    }

    func recordStep(_ db: Database, _ caseID: Case.ID, _ step: StepRecord, expected: Int?, actor: String, user: Recorder) throws {
        let head = try caseHead(db, caseID)
        try allow(user, step.step == .interview ? .interview : .courtDate, head, caseID)
        try requireOpen(db, caseID)
        if step.on > today() { throw StoreError(.invalid, field: "on", "\(step.on) is still to come") }
        let track = step.step == .interview ? "step = 'interview'" : "step != 'interview'"
        if let last = try String.fetchOne(db, sql: "SELECT max(on_day) FROM case_event WHERE case_id = ? AND \(track)", arguments: [caseID.rawValue]),
            last > step.on.description
        {
            throw StoreError(
                .invalid, "on: \(step.on) is before the \(step.step == .interview ? "interview" : "court date") of \(last) already recorded")
        }
        var effect = StepEffect()
        if step.step == .interview {
            effect = try interviewEffect(db, caseID, step, head: head)
        } else {
            guard let registered = try registration(db, caseID, head) else {
                throw StoreError(.invalid, field: "on", "case \(caseID) has no registration date; record the charge first")
            }
            if step.on < registered { throw StoreError(.invalid, field: "on", "\(step.on) is before the registration on \(registered)") }
            if step.step == .trial && step.outcome == .adjourned { effect = try adjournTrial(db, caseID, step, head: head) }
        }
        try reviseCase(db, caseID, expected: expected, actor: actor)
        var effectJSON: String?
        if effect.interview != nil || effect.released != nil { effectJSON = try JSONText.encode(effect) }
        try db.execute(
            sql: """
                INSERT INTO case_event (case_id, step, on_day, outcome, reason, reason_text, next_on, recording_usable, effect, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                caseID.rawValue, step.step.rawValue, step.on.description, step.outcome.rawValue, step.reason?.code, step.reason?.text,
                step.nextOn?.description, step.recordingUsable, effectJSON, actor, timestamp(),
            ])
        if step.outcome == .held, let item = step.step.readinessItem {
            try db.execute(
                sql: "INSERT INTO checklist_tick (case_id, rule, done_by, done_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [caseID.rawValue, item, actor, timestamp()])
        }
        var after: [String: String] = ["step": step.step.rawValue, "on": step.on.description, "outcome": step.outcome.rawValue]
        if let r = step.reason { after["reason"] = r.code }
        if let n = step.nextOn { after["nextOn"] = n.description }
        if let released = effect.released { after["released"] = released.map(\.description).joined(separator: ";") }
        try audit(db, actor: actor, action: "record-\(step.step.rawValue)", subject: "case:\(caseID)", after: after, reason: step.reason?.text)
        try bumpDataVersion(db, cases: [caseID])
    }

    func interviewEffect(_ db: Database, _ caseID: Case.ID, _ step: StepRecord, head: CaseHead) throws -> StepEffect {
        let booked = try storedInterview(db, caseID)
        var effect = StepEffect(interview: booked.map { InterviewJSON($0.booking) })
        switch step.outcome {
        case .held:
            if let done = head.interviewDoneOn, head.interviewMinutes == nil {
                throw StoreError(.conflict, field: "outcome", "the interview of case \(caseID) was already held on \(done)")
            }
            // It took place: the booking is history (kept in the event), nobody's calendar entry is cancelled. A supplementary
            // interview gives the case its first interview's day back: the trial was planned from that one.
            try db.execute(sql: "DELETE FROM interview_booking WHERE case_id = ?", arguments: [caseID.rawValue])
            try db.execute(
                sql: """
                    UPDATE case_file SET interview_done_on = coalesce(?1, ?2),
                        reported_on = CASE WHEN ?1 IS NULL THEN coalesce(reported_on, interview_earliest) ELSE reported_on END,
                        interview_minutes = NULL, interview_earliest = NULL, interview_target_by = NULL
                    WHERE id = ?3
                    """, arguments: [try firstInterviewDay(db, caseID), step.on.description, caseID.rawValue])
        case .notHeld, .adjourned:
            guard head.interviewMinutes != nil else {
                throw StoreError(.invalid, field: "outcome", "case \(caseID) has no interview to book (held on \(head.interviewDoneOn ?? "-"))")
            }
            try queueInvitations(db, before: try interviewEvents(db, caseID), after: [])
            try db.execute(sql: "DELETE FROM interview_booking WHERE case_id = ?", arguments: [caseID.rawValue])
            if booked == nil { effect = StepEffect() }
        }
        return effect
    }

    /// Releases the trial's booked days and sends the hearing back to be booked, for the days not yet heard.
    func adjournTrial(_ db: Database, _ caseID: Case.ID, _ step: StepRecord, head: CaseHead) throws -> StepEffect {
        guard let hearing = try storedHearing(db, caseID), let days = head.hearingDays else { return StepEffect() }
        let heardDays = try String.fetchAll(
            db, sql: "SELECT DISTINCT on_day FROM case_event WHERE case_id = ? AND step = 'trial' AND outcome = 'held'", arguments: [caseID.rawValue]
        ).compactMap { Day(iso: $0) }
        let heard = hearing.booking.dates.filter { heardDays.contains($0) }.count
        let left = max(1, days - heard)
        try queueInvitations(db, before: try hearingEvents(db, caseID), after: [])
        try db.execute(sql: "DELETE FROM hearing_booking WHERE case_id = ?", arguments: [caseID.rawValue])
        var earliest = step.nextOn ?? step.on.adding(days: 1)
        if let deadline = head.hearingDeadline.flatMap({ Day(iso: $0) }), earliest > deadline {
            // The schema keeps earliest ≤ deadline; a next date past the target is still offered from the target on.
            earliest = deadline
        }
        try db.execute(
            sql: "UPDATE case_file SET hearing_days = ?, hearing_earliest = ? WHERE id = ?", arguments: [left, earliest.description, caseID.rawValue])
        return StepEffect(released: hearing.booking.dates.filter { !heardDays.contains($0) }, heard: heard, daysLeft: left)
    }
}
