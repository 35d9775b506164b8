import Foundation
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// A supplementary interview after the held one (issue #21), and a corrected registration moving the booked hearing's
/// deadline at once.
struct SupplementaryInterviewTests {
    /// Tuesday 12 January 2027, 10:00 in Kelantan: the interview of 6 January is past, the fixture's horizon still open.
    static let jan12 = Date(timeIntervalSince1970: 1_799_719_200)
    static let caseID: Case.ID = "K-2027-0001"
    static let week: @Sendable (StateInfo.ID, Day) -> Day? = { _, day in day.adding(days: 7) }

    static func database() throws -> AppDatabase {
        let db = try AppDatabase.inMemory(clock: { jan12 })
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        for person in ["IO-014", "IO-020", "PSY-03"] {
            try db.setContact(person: person, email: "\(person.lowercased())@example.test", delivery: .invitations, actor: "test")
        }
        try db.bookInterview(CaseYearFixture.interview, actor: "coord")
        try db.recordStep(caseID: caseID, CaseYearFixture.step(.interview, "2027-01-06", .held), actor: "coord")
        return db
    }

    @Test func aSupplementaryInterviewIsBookedThroughFindASlotAndItsInvitationsGoOut() throws {
        let db = try Self.database()
        // A trial already booked on 14 February: the new interview must leave the 28 preparation days before it.
        let trial = HearingBooking(
            caseID: Self.caseID, court: "SC-KB", dates: [AppFixtures.day("2027-02-14"), AppFixtures.day("2027-02-15")], psychologist: "PSY-03")
        try db.bookHearing(trial, actor: "coord")
        let deadline = try #require(try db.caseRecord(id: Self.caseID)?.item.hearing?.deadline)
        let rules = try AppFixtures.rules()
        let factsBefore = try Self.facts(db, rules)
        let request = try db.requestSupplementaryInterview(
            caseID: Self.caseID, reason: "the child disclosed a second incident", minutes: 60, target: Self.week, actor: "coord")
        // Seven days from the request would be 19 January; the booked trial brings it forward to 17 January.
        #expect(request.targetBy == AppFixtures.day("2027-01-17"))
        let record = try #require(try db.caseRecord(id: Self.caseID))
        #expect(record.item.interview?.earliest == AppFixtures.day("2027-01-12"))
        #expect(record.item.interview?.targetBy == AppFixtures.day("2027-01-17"))
        #expect(record.item.interview?.durationMinutes == 60)
        #expect(record.item.interviewDoneOn == nil)
        // The booked trial and its deadline stay; the first interview's held record stays in the timeline.
        #expect(record.item.hearing?.deadline == deadline)
        #expect(try db.bookings().hearings.map(\.booking) == [trial])
        let history = try db.caseHistory(caseID: Self.caseID)
        #expect(history.steps.map(\.outcome) == [.held])
        #expect(history.supplementary.map(\.reason) == ["the child disclosed a second incident"])
        #expect(try db.auditLog(subject: "case:\(Self.caseID.rawValue)").first?.action == "request-supplementary-interview")
        // The rules' facts do not change: the report → interview target was met by the first interview.
        #expect(try Self.facts(db, rules) == factsBefore)
        // Find a slot sees it with the child's needs: a woman officer (IO-014), the psychologist, before the trial.
        try CaseYearFixture.sendAll(db)
        let suggestion = try Suggester.suggest(instance: db.exportInstance(), plan: db.bookings().plan, caseID: Self.caseID, task: .interview)
        let interview = try #require(suggestion.suggestions.first?.interview, "\(suggestion.reasons)")
        #expect(interview.interviewer == "IO-014")
        #expect(interview.psychologist == "PSY-03")
        #expect(interview.start.day >= AppFixtures.day("2027-01-12") && interview.start.day <= AppFixtures.day("2027-01-17"))
        try db.bookInterview(interview, actor: "coord")
        #expect(BookingCheck.problems(try db.exportInstance(), try db.bookings().plan, cases: [Self.caseID]).isEmpty)
        let requested = try db.outbox(status: .queued).filter { $0.method == .request && $0.task.hasPrefix("interview/\(Self.caseID.rawValue)") }
        #expect(requested.map(\.recipient).sorted() == ["IO-014", "PSY-03"])
    }

    @Test func aHeldSupplementaryInterviewGivesBackTheFirstInterviewsDay() throws {
        let db = try Self.database()
        try db.requestSupplementaryInterview(caseID: Self.caseID, reason: "a second incident", minutes: 60, target: Self.week, actor: "coord")
        try db.recordStep(caseID: Self.caseID, CaseYearFixture.step(.interview, "2027-01-12", .held), actor: "coord")
        let record = try #require(try db.caseRecord(id: Self.caseID))
        #expect(record.item.interview == nil)
        #expect(record.item.interviewDoneOn == AppFixtures.day("2027-01-06"))
        let history = try db.caseHistory(caseID: Self.caseID)
        #expect(history.steps.map(\.on) == [AppFixtures.day("2027-01-06"), AppFixtures.day("2027-01-12")])
        #expect(history.interviewHeldOn == AppFixtures.day("2027-01-06"))
        let input = try db.recordInput()
        #expect(input.cases.first { $0.id == Self.caseID }?.interviewedOn == AppFixtures.day("2027-01-06"))
        #expect(input.cases.first { $0.id == Self.caseID }?.reportedOn == AppFixtures.day("2027-01-04"))
    }

    @Test func aSupplementaryInterviewIsRefusedNamingTheField() throws {
        let db = try Self.database()
        let selangor = try db.addUser(
            username: "coord-sa", passwordHash: CaseYearRoleTests.hash, role: .coordinator, state: "MY-10", person: nil, actor: "t")
        let dpp = try db.addUser(
            username: "dpp-kb", passwordHash: CaseYearRoleTests.hash, role: .prosecutor, state: "MY-03", person: "DPP-KB-1", actor: "t")
        try db.setProsecutor(caseID: Self.caseID, prosecutor: "DPP-KB-1", actor: "t")
        func refused(_ code: StoreError.Code, _ field: String, _ body: () throws -> Void) -> Bool {
            StoreErrorCheck.matches(body, { ($0 as? StoreError)?.code == code && ($0 as? StoreError)?.message.hasPrefix("\(field):") == true })
        }
        func request(by user: User? = nil, reason: String = "a second incident", minutes: Int = 60, expected: Int? = nil) throws {
            try db.requestSupplementaryInterview(
                caseID: Self.caseID, reason: reason, minutes: minutes, target: Self.week, expected: expected, actor: user?.username ?? "coord",
                by: user)
        }
        #expect(refused(.forbidden, "state") { try request(by: selangor) })
        #expect(refused(.forbidden, "role") { try request(by: dpp) })
        #expect(refused(.invalid, "reason") { try request(reason: "  ") })
        #expect(refused(.invalid, "durationMinutes") { try request(minutes: 5) })
        #expect(refused(.stale, "revision") { try request(expected: 1) })
        // Another case's interview was never held (K-2027-0002 still has one to book).
        #expect(
            throws: StoreError(
                .conflict, "interview: the interview of case K-2027-0002 was not held; a supplementary interview follows a held one")
        ) {
            try db.requestSupplementaryInterview(caseID: "K-2027-0002", reason: "again", minutes: 60, target: Self.week, actor: "coord")
        }
        #expect(try db.caseRecord(id: Self.caseID)?.item.interview == nil)
        #expect(try db.caseHistory(caseID: Self.caseID).supplementary.isEmpty)
        try request()
        #expect(refused(.conflict, "interview") { try request() })
        try db.recordCharge(caseID: Self.caseID, CaseYearFixture.charge, actor: "dpp")
        try db.endCase(caseID: Self.caseID, on: AppFixtures.day("2027-01-11"), .disposal(.pleadedGuilty), actor: "dpp")
        #expect(refused(.conflict, "case") { try request() })
    }

    @Test func aCorrectedRegistrationMovesTheBookedHearingsDeadlineAtOnce() throws {
        let db = try Self.database()
        try db.recordCharge(caseID: Self.caseID, CaseYearFixture.charge, actor: "dpp")
        let trial = HearingBooking(
            caseID: Self.caseID, court: "SC-KB", dates: [AppFixtures.day("2027-02-14"), AppFixtures.day("2027-02-15")], psychologist: "PSY-03")
        try db.bookHearing(trial, actor: "coord")
        #expect(try db.caseRecord(id: Self.caseID)?.item.hearing?.deadline == AppFixtures.day("2027-11-20"))
        var corrected = CaseYearFixture.charge
        corrected.registeredOn = AppFixtures.day("2026-12-03")
        try db.recordCharge(caseID: Self.caseID, corrected, actor: "dpp")
        // The court's 12 months now run from 3 December: the board's record, the planner's instance and the facts agree.
        let hearing = try #require(try db.caseRecord(id: Self.caseID)?.item.hearing)
        #expect(hearing.registeredOn == AppFixtures.day("2026-12-03"))
        #expect(hearing.deadline == AppFixtures.day("2027-12-03"))
        let exported = try #require(try db.exportInstance().cases.first { $0.id == Self.caseID }?.hearing)
        #expect(exported.deadline == AppFixtures.day("2027-12-03"))
        #expect(try db.factsInput().instance.cases.first { $0.id == Self.caseID }?.hearing?.deadline == AppFixtures.day("2027-12-03"))
        #expect(try db.bookings().hearings.map(\.booking) == [trial])
        #expect(try db.auditLog(subject: "case:\(Self.caseID.rawValue)").first?.action == "correct-charge")
    }

    static func facts(_ db: AppDatabase, _ rules: (book: RuleBook, calendars: WorkingCalendars)) throws -> [CaseEvent: Day]? {
        let input = try db.factsInput()
        return rules.book.caseFacts(instance: input.instance, plan: input.plan, histories: input.histories).first { $0.id == caseID }?.events
    }
}
