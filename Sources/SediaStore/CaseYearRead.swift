import GRDB
public import SediaCore

extension AppDatabase {
    /// What was recorded about every case (or the cases of `state`; with `openOnly`, the cases not disposed or closed:
    /// the planner's, the board's and the checklists') after its booking, by case.
    public func caseHistories(state: String? = nil, openOnly: Bool = false) throws(StoreError) -> [Case.ID: CaseHistory] {
        try read { db in try caseHistories(db, state: state, cases: nil, openOnly: openOnly) }
    }

    /// What was recorded about one case; an empty history for a case with none.
    public func caseHistory(caseID: Case.ID) throws(StoreError) -> CaseHistory {
        try read { db in try caseHistories(db, state: nil, cases: [caseID])[caseID] ?? CaseHistory() }
    }

    func caseHistories(_ db: Database, state: String?, cases: Set<Case.ID>?, openOnly: Bool = false) throws -> [Case.ID: CaseHistory] {
        // The filter is written for what is asked, not as `(? IS NULL OR case_id = ?)`: SQLite plans that form once for
        // every argument and scans the whole table (190,000 court dates at national size) to read one case's.
        var conditions = ["1"]
        var arguments: StatementArguments = []
        if let cases {
            conditions.append("case_id IN " + Self.placeholders(cases.count))
            arguments += StatementArguments(cases.map(\.rawValue).sorted())
        }
        if let state {
            conditions.append("case_id IN (SELECT id FROM case_file WHERE state = ?)")
            arguments += [state]
        }
        if openOnly { conditions.append("case_id NOT IN (SELECT case_id FROM case_closure)") }
        let filter = "WHERE " + conditions.joined(separator: " AND ")
        var out: [Case.ID: CaseHistory] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM case_charge \(filter)", arguments: arguments) {
            let charge = ChargeRecord(
                court: .init(row["court"] as String), courtCaseNo: row["court_case_no"], registeredOn: try day(row["registered_on"]),
                chargedOn: try day(row["charged_on"]), represented: Representation(rawValue: row["represented"]) ?? .unknown,
                plea: Plea(rawValue: row["plea"]) ?? .unknown, childBornOn: try (row["child_born_on"] as String?).map(day))
            out[Case.ID(row["case_id"] as String), default: CaseHistory()].charge = charge
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM case_event \(filter) ORDER BY case_id, on_day, id", arguments: arguments) {
            guard let step = CaseStep(rawValue: row["step"]), let outcome = StepOutcome(rawValue: row["outcome"]) else {
                throw StoreError(.database, "stored event \(row["step"] as String) \(row["outcome"] as String) is not known")
            }
            let reason = (row["reason"] as String?).map { StepReason(code: $0, text: row["reason_text"]) }
            let record = StepRecord(
                step: step, on: try day(row["on_day"]), outcome: outcome, reason: reason, nextOn: try (row["next_on"] as String?).map(day),
                recordingUsable: row["recording_usable"])
            out[Case.ID(row["case_id"] as String), default: CaseHistory()].steps.append(record)
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM case_interview_supplement \(filter) ORDER BY case_id, id", arguments: arguments) {
            let request = SupplementaryRequest(
                requestedOn: try day(row["requested_on"]), targetBy: try day(row["target_by"]), reason: row["reason"], recordedBy: row["recorded_by"])
            out[Case.ID(row["case_id"] as String), default: CaseHistory()].supplementary.append(request)
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM case_closure \(filter)", arguments: arguments) {
            out[Case.ID(row["case_id"] as String), default: CaseHistory()].closure = try Self.closure(row)
        }
        return out
    }

    /// Every case (the disposed and closed too), the bookings and what was recorded, read together: the rules' facts of
    /// each case as the app has them (`RuleBook.caseFacts(instance:plan:histories:)`), for `sedia export cases`.
    public func factsInput() throws(StoreError) -> (instance: Instance, plan: Plan, histories: [Case.ID: CaseHistory]) {
        try read { db in
            var instance = try loadInstance(db, includeClosed: true)
            instance.previous = nil
            return (instance, try loadBookings(db).plan, try caseHistories(db, state: nil, cases: nil))
        }
    }

    /// Whether the case was disposed of or closed: its page then offers no booking, only its record.
    public func isEnded(_ caseID: Case.ID) throws(StoreError) -> Bool {
        try read { db in try Int.fetchOne(db, sql: "SELECT 1 FROM case_closure WHERE case_id = ?", arguments: [caseID.rawValue]) != nil }
    }

    /// The ids of the disposed and closed cases: off the board, the lists and the planner.
    public func closedCases() throws(StoreError) -> Set<Case.ID> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT case_id FROM case_closure").map { Case.ID($0) }) }
    }

    /// The dates the disposal record counts, for every case (or those of `state`), and the adjourned court dates. The
    /// registration is the recorded charge's, else the intake's `hearing.registeredOn`; a registered case that was
    /// disposed of or closed counts as disposed on that day (it has left the court's list). The target day is the
    /// caller's to add: the store knows no rules.
    public func recordInput(state: String? = nil) throws(StoreError) -> (cases: [RecordCase], adjournments: [RecordAdjournment]) {
        try read { db in
            let cases = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.state, coalesce(ch.court, c.hearing_court, '') AS court,
                        coalesce(ch.registered_on, c.hearing_registered_on) AS registered, cl.on_day AS disposed,
                        coalesce(c.reported_on, CASE WHEN c.id IN (SELECT case_id FROM case_interview_supplement) THEN NULL
                            ELSE c.interview_earliest END) AS reported,
                        coalesce(c.interview_done_on, (SELECT s.first_held_on FROM case_interview_supplement s WHERE s.case_id = c.id
                            ORDER BY s.id DESC LIMIT 1)) AS interviewed,
                        (SELECT min(e.on_day) FROM case_event e WHERE e.case_id = c.id AND e.step = 'trial' AND e.outcome = 'held') AS first_trial
                    FROM case_file c LEFT JOIN case_charge ch ON ch.case_id = c.id LEFT JOIN case_closure cl ON cl.case_id = c.id
                    WHERE ?1 IS NULL OR c.state = ?1 ORDER BY c.position, c.id
                    """, arguments: [state]
            ).map { row in
                RecordCase(
                    id: Case.ID(row["id"] as String), state: row["state"], court: row["court"],
                    registeredOn: try (row["registered"] as String?).map(day),
                    disposedOn: try (row["disposed"] as String?).map(day), targetDue: nil, reportedOn: try (row["reported"] as String?).map(day),
                    interviewedOn: try (row["interviewed"] as String?).map(day), firstTrialOn: try (row["first_trial"] as String?).map(day))
            }
            let adjournments = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.case_id, e.on_day, e.reason FROM case_event e JOIN case_file c ON c.id = e.case_id
                    WHERE e.outcome = 'adjourned' AND (?1 IS NULL OR c.state = ?1) ORDER BY e.on_day, e.id
                    """, arguments: [state]
            ).map { row in RecordAdjournment(caseID: Case.ID(row["case_id"] as String), on: try day(row["on_day"]), reason: row["reason"]) }
            return (cases, adjournments)
        }
    }
}
