import Foundation
import GRDB
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// The fixture world at the end of 2027, so the fixture's 2027 bookings are in the past and can be recorded.
enum CaseYearFixture {
    static let late2027 = Date(timeIntervalSince1970: 1_830_000_000)

    static func database() throws -> AppDatabase {
        let db = try AppDatabase.inMemory(clock: { late2027 })
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        for person in ["IO-014", "IO-020", "PSY-03"] {
            try db.setContact(person: person, email: "\(person.lowercased())@example.test", delivery: .invitations, actor: "test")
        }
        return db
    }

    static let interview = InterviewBooking(
        caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00"))
    static let trial = HearingBooking(
        caseID: "K-2027-0001", court: "SC-KB", dates: [AppFixtures.day("2027-02-01"), AppFixtures.day("2027-02-02")], psychologist: "PSY-03")
    static let charge = ChargeRecord(
        court: "SC-KB", courtCaseNo: "KB-62S-12-11/2026", registeredOn: AppFixtures.day("2026-11-20"), chargedOn: AppFixtures.day("2026-11-20"),
        represented: .yes, plea: .claimsTrial, childBornOn: AppFixtures.day("2017-05-04"))

    /// Marks every queued invitation sent: a CANCEL goes only to someone who may have received the REQUEST.
    static func sendAll(_ db: AppDatabase) throws {
        try db.writer.write { sql in
            try sql.execute(sql: "UPDATE outbox SET status = 'sent', sent_at = '2027-01-01T00:00:00Z', attempts = 1 WHERE status = 'queued'")
        }
    }

    static func invitations(_ db: AppDatabase, _ method: InvitationMethod) throws -> [String] {
        try db.outbox().filter { $0.method == method }.map { "\($0.task) \($0.recipient)" }.sorted()
    }

    static func step(_ step: CaseStep, _ on: String, _ outcome: StepOutcome, _ reason: String? = nil, next: String? = nil) -> StepRecord {
        StepRecord(
            step: step, on: AppFixtures.day(on), outcome: outcome, reason: reason.map { StepReason(code: $0) },
            nextOn: next.map(AppFixtures.day))
    }
}

struct InterviewOutcomeTests {
    @Test func aHeldInterviewBecomesInterviewDoneOnAndItsBookingHistory() throws {
        let db = try CaseYearFixture.database()
        try db.bookInterview(CaseYearFixture.interview, actor: "coord")
        let requests = try CaseYearFixture.invitations(db, .request)
        var held = CaseYearFixture.step(.interview, "2027-01-06", .held)
        held.recordingUsable = true
        try db.recordStep(caseID: "K-2027-0001", held, actor: "coord")
        let record = try #require(try db.caseRecord(id: "K-2027-0001"))
        #expect(record.item.interviewDoneOn == AppFixtures.day("2027-01-06"))
        #expect(record.item.interview == nil)
        #expect(try db.bookings().interviews.contains { $0.booking.caseID == "K-2027-0001" } == false)
        // It took place: nobody's calendar entry is cancelled.
        #expect(try CaseYearFixture.invitations(db, .cancel).isEmpty)
        #expect(try CaseYearFixture.invitations(db, .request) == requests)
        #expect(try db.caseHistory(caseID: "K-2027-0001").steps == [held])
        #expect(try db.auditLog(subject: "case:K-2027-0001").first?.action == "record-interview")
    }

    @Test func anInterviewNotHeldGoesBackToBeBookedWithItsInvitationsCancelled() throws {
        let db = try CaseYearFixture.database()
        try db.bookInterview(CaseYearFixture.interview, actor: "coord")
        try CaseYearFixture.sendAll(db)
        try db.recordStep(caseID: "K-2027-0001", CaseYearFixture.step(.interview, "2027-01-06", .notHeld, "child-unwell"), actor: "coord")
        let record = try #require(try db.caseRecord(id: "K-2027-0001"))
        #expect(record.item.interview != nil)
        #expect(record.item.interviewDoneOn == nil)
        #expect(try db.bookings().interviews.contains { $0.booking.caseID == "K-2027-0001" } == false)
        #expect(try CaseYearFixture.invitations(db, .cancel) == ["interview/K-2027-0001 IO-014", "interview/K-2027-0001 PSY-03"])
        #expect(try db.caseHistory(caseID: "K-2027-0001").steps.first?.reason == StepReason(code: "child-unwell"))
    }

    @Test(arguments: [
        (CaseYearFixture.step(.interview, "2027-01-06", .notHeld, "sleepy"), "reason: not in the list"),
        (CaseYearFixture.step(.interview, "2027-01-06", .notHeld), "reason: missing"),
        (CaseYearFixture.step(.interview, "2027-01-06", .notHeld, "other"), "reason: other needs a text"),
        (CaseYearFixture.step(.interview, "2027-01-06", .adjourned, "child-unwell"), "outcome: an interview is held or not-held"),
        (CaseYearFixture.step(.interview, "2028-06-01", .held), "on: 2028-06-01 is still to come"),
    ])
    func aBadOutcomeIsRefusedNamingItsField(step: StepRecord, message: String) throws {
        let db = try CaseYearFixture.database()
        try db.bookInterview(CaseYearFixture.interview, actor: "coord")
        let before = try db.auditLog().count
        #expect(
            StoreErrorCheck.matches(
                { try db.recordStep(caseID: "K-2027-0001", step, actor: "coord") },
                { ($0 as? StoreError)?.message.hasPrefix(message) == true }))
        #expect(try db.auditLog().count == before)
        #expect(try db.bookings().interviews.contains { $0.booking.caseID == "K-2027-0001" })
    }
}

struct CourtDateTests {
    @Test func aCourtDateNeedsTheRegistrationAndComesAfterIt() throws {
        let db = try CaseYearFixture.database()
        #expect(throws: StoreError(.invalid, "on: case B-2027-0003 has no registration date; record the charge first")) {
            try db.recordStep(caseID: "B-2027-0003", CaseYearFixture.step(.mention, "2027-03-01", .held), actor: "dpp")
        }
        #expect(throws: StoreError(.invalid, "on: 2026-11-01 is before the registration on 2026-11-20")) {
            try db.recordStep(caseID: "K-2027-0001", CaseYearFixture.step(.mention, "2026-11-01", .held), actor: "dpp")
        }
        try db.recordStep(caseID: "K-2027-0001", CaseYearFixture.step(.mention, "2026-12-01", .held), actor: "dpp")
        #expect(throws: StoreError(.invalid, "on: 2026-11-25 is before the court date of 2026-12-01 already recorded")) {
            try db.recordStep(caseID: "K-2027-0001", CaseYearFixture.step(.ptc, "2026-11-25", .held), actor: "dpp")
        }
    }

    @Test func aHeldPTCTicksItsReadinessItem() throws {
        let db = try CaseYearFixture.database()
        try db.recordCharge(caseID: "K-2027-0001", CaseYearFixture.charge, actor: "dpp")
        try db.recordStep(caseID: "K-2027-0001", CaseYearFixture.step(.ptc, "2026-12-10", .held), actor: "dpp")
        #expect(try db.checklistTicks(caseID: "K-2027-0001")["ptc-held"]?.doneBy == "dpp")
    }

    @Test func anAdjournedTrialReleasesItsDaysAndIsRebookedThroughFindASlot() throws {
        let db = try CaseYearFixture.database()
        try db.recordCharge(caseID: "K-2027-0001", CaseYearFixture.charge, actor: "dpp")
        try db.recordStep(caseID: "K-2027-0001", CaseYearFixture.step(.interview, "2027-01-06", .held), actor: "coord")
        try db.bookHearing(CaseYearFixture.trial, actor: "coord")
        try CaseYearFixture.sendAll(db)
        try db.recordStep(caseID: "K-2027-0001", CaseYearFixture.step(.trial, "2027-02-01", .held), actor: "dpp")
        try db.recordStep(
            caseID: "K-2027-0001", CaseYearFixture.step(.trial, "2027-02-02", .adjourned, "defence-counsel-absent", next: "2027-03-01"), actor: "dpp")
        #expect(try db.bookings().hearings.isEmpty)
        let item = try #require(try db.caseRecord(id: "K-2027-0001")?.item.hearing)
        #expect(item.days == 1)
        #expect(item.earliest == AppFixtures.day("2027-03-01"))
        #expect(try CaseYearFixture.invitations(db, .cancel).contains("hearing/K-2027-0001/2 PSY-03"))
        // Find a slot, then book it: the new day is requested.
        let suggestion = try Suggester.suggest(instance: db.exportInstance(), plan: db.bookings().plan, caseID: "K-2027-0001", task: .hearing)
        let hearing = try #require(suggestion.suggestions.first?.hearing, "\(suggestion.reasons)")
        #expect(hearing.dates.count == 1)
        #expect(hearing.dates[0] >= AppFixtures.day("2027-03-01"))
        try db.bookHearing(hearing, actor: "coord")
        let requested = try db.outbox(status: .queued).filter { $0.method == .request && $0.task == "hearing/K-2027-0001/1" }
        #expect(requested.map(\.recipient) == ["PSY-03"])
        #expect(try db.caseHistory(caseID: "K-2027-0001").trialDaysHeard == 1)
    }
}

struct CaseEndingTests {
    @Test func aDisposalClosesEverything() throws {
        let db = try CaseYearFixture.database()
        try db.recordCharge(caseID: "K-2027-0001", CaseYearFixture.charge, actor: "dpp")
        try db.bookInterview(CaseYearFixture.interview, actor: "coord")
        try db.bookHearing(
            HearingBooking(
                caseID: "K-2027-0001", court: "SC-KB", dates: [AppFixtures.day("2028-02-01"), AppFixtures.day("2028-02-02")], psychologist: "PSY-03"),
            actor: "coord")
        try CaseYearFixture.sendAll(db)
        try db.endCase(caseID: "K-2027-0001", on: AppFixtures.day("2027-12-01"), .disposal(.pleadedGuilty), actor: "dpp")
        #expect(try db.bookings().interviews.contains { $0.booking.caseID == "K-2027-0001" } == false)
        #expect(try db.bookings().hearings.isEmpty)
        // Only the days still to come are cancelled with invitations.
        #expect(try CaseYearFixture.invitations(db, .cancel) == ["hearing/K-2027-0001/1 PSY-03", "hearing/K-2027-0001/2 PSY-03"])
        #expect(try db.caseRecords(state: "MY-03").map(\.item.id) == ["K-2027-0002"])
        #expect(try db.exportInstance().cases.contains { $0.id == "K-2027-0001" } == false)
        #expect(try db.closure(caseID: "K-2027-0001")?.ending == .disposal(.pleadedGuilty))
        // Read-only: no booking, no event, no second ending.
        #expect(throws: StoreError.self) { try db.bookInterview(CaseYearFixture.interview, actor: "coord") }
        #expect(
            StoreErrorCheck.matches(
                { try db.recordStep(caseID: "K-2027-0001", CaseYearFixture.step(.mention, "2027-12-02", .held), actor: "dpp") },
                { ($0 as? StoreError)?.message.hasPrefix("case: K-2027-0001 was disposed of on 2027-12-01") == true }))
        #expect(throws: StoreError.self) {
            try db.endCase(caseID: "K-2027-0001", on: AppFixtures.day("2027-12-02"), .closure(.withdrawn), note: "x", actor: "dpp")
        }
        try db.reopenCase(caseID: "K-2027-0001", reason: "recorded on the wrong case", actor: "admin")
        #expect(try db.closure(caseID: "K-2027-0001") == nil)
        #expect(try db.auditLog(subject: "case:K-2027-0001").first?.action == "reopen-case")
    }

    @Test func aDisposalCannotComeBeforeTheRegistration() throws {
        let db = try CaseYearFixture.database()
        try db.recordCharge(caseID: "K-2027-0001", CaseYearFixture.charge, actor: "dpp")
        #expect(throws: StoreError(.invalid, "on: the disposal on 2026-10-01 is before the registration on 2026-11-20")) {
            try db.endCase(caseID: "K-2027-0001", on: AppFixtures.day("2026-10-01"), .disposal(.convicted), actor: "dpp")
        }
    }

    @Test func aTransferHandsTheCaseToTheOtherState() throws {
        let db = try CaseYearFixture.database()
        try db.endCase(
            caseID: "K-2027-0002", on: AppFixtures.day("2027-01-04"), .closure(.transferred), note: "the family moved to Shah Alam",
            transferTo: "MY-10", actor: "coord")
        // Closed for Kelantan, open in Selangor: on its lists, to book there.
        #expect(try db.caseRecords(state: "MY-10").map(\.item.id).contains("K-2027-0002"))
        #expect(try db.caseRecords(state: "MY-03").map(\.item.id).contains("K-2027-0002") == false)
        #expect(try db.closure(caseID: "K-2027-0002") == nil)
        #expect(try db.transfers(caseID: "K-2027-0002").map { "\($0.from)→\($0.to) \($0.on)" } == ["MY-03→MY-10 2027-01-04"])
        #expect(try db.auditLog(subject: "case:K-2027-0002").first?.action == "transfer-case")
        #expect(throws: StoreError(.invalid, "reason: closing a case before trial needs a reason")) {
            try db.endCase(caseID: "K-2027-0001", on: AppFixtures.day("2027-01-04"), .closure(.noFurtherAction), actor: "coord")
        }
    }
}

/// A transfer closes the case for its state and hands it to the other as an open case to book (issue #22).
struct CaseTransferTests {
    @Test func aTransferCancelsEveryBookingAndMovesTheTrialToTheOtherStatesCourt() throws {
        let db = try CaseYearFixture.database()
        try db.bookInterview(CaseYearFixture.interview, actor: "coord")
        try db.bookHearing(CaseYearFixture.trial, actor: "coord")
        try CaseYearFixture.sendAll(db)
        let on = AppFixtures.day("2027-01-04")
        // The trial needs a video link and Selangor's only court has none: refused, nothing changed.
        #expect(throws: StoreError(.invalid, "toCourt: MY-10 has no court that can hold this trial")) {
            try db.endCase(caseID: "K-2027-0001", on: on, .closure(.transferred), note: "moved", transferTo: "MY-10", actor: "coord")
        }
        #expect(throws: StoreError(.invalid, "toCourt: the trial needs a video link and SC-SA has none")) {
            try db.endCase(
                caseID: "K-2027-0001", on: on, .closure(.transferred), note: "moved",
                destination: TransferDestination(state: "MY-10", court: "SC-SA"),
                actor: "coord")
        }
        #expect(try db.caseRecord(id: "K-2027-0001")?.state == "MY-03")
        try db.writer.write { sql in try sql.execute(sql: "UPDATE court SET video_link = 1 WHERE id = 'SC-SA'") }
        try db.endCase(
            caseID: "K-2027-0001", on: on, .closure(.transferred), note: "the family moved to Shah Alam",
            destination: TransferDestination(state: "MY-10", home: (3.08507, 101.53281)), actor: "coord")
        let record = try #require(try db.caseRecord(id: "K-2027-0001"))
        #expect(record.state == "MY-10")
        #expect(record.prosecutor == nil)
        #expect(record.item.hearing?.court == "SC-SA")
        #expect(record.item.child.lat == 3.08507)
        // Open, both tasks back among those to book, the invitations of both withdrawn.
        #expect(try db.closure(caseID: "K-2027-0001") == nil)
        #expect(try db.bookings().interviews.contains { $0.booking.caseID == "K-2027-0001" } == false)
        #expect(try db.bookings().hearings.contains { $0.booking.caseID == "K-2027-0001" } == false)
        #expect(
            try CaseYearFixture.invitations(db, .cancel) == [
                "hearing/K-2027-0001/1 PSY-03", "hearing/K-2027-0001/2 PSY-03", "interview/K-2027-0001 IO-014", "interview/K-2027-0001 PSY-03",
            ])
        let moved = try #require(try db.transfers(caseID: "K-2027-0001").last)
        #expect([moved.from, moved.to, moved.fromCourt?.rawValue, moved.toCourt?.rawValue] == ["MY-03", "MY-10", "SC-KB", "SC-SA"])
        let audit = try #require(try db.auditLog(subject: "case:K-2027-0001").first)
        #expect(audit.action == "transfer-case")
        #expect(audit.reason == "the family moved to Shah Alam")
        // The receiving state books it: the store takes a Selangor booking.
        try db.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0001", room: "CIC-SA-1", interviewer: "IO-100", psychologist: nil, start: AppFixtures.at("2027-01-07T09:00")),
            actor: "sel")
    }
}

struct CaseYearRoleTests {
    static let hash = String(repeating: "h", count: 40)

    @Test func eachRoleRecordsOnlyWhatIsTheirs() throws {
        let db = try CaseYearFixture.database()
        try db.recordCharge(caseID: "K-2027-0001", CaseYearFixture.charge, actor: "dpp")
        let selangor = try db.addUser(username: "coord-sa", passwordHash: Self.hash, role: .coordinator, state: "MY-10", person: nil, actor: "t")
        let kelantan = try db.addUser(username: "coord-kb", passwordHash: Self.hash, role: .coordinator, state: "MY-03", person: nil, actor: "t")
        let dpp = try db.addUser(username: "dpp-kb", passwordHash: Self.hash, role: .prosecutor, state: "MY-03", person: "DPP-KB-1", actor: "t")
        let mention = CaseYearFixture.step(.mention, "2026-12-01", .held)
        #expect(
            StoreErrorCheck.matches(
                { try db.recordStep(caseID: "K-2027-0001", CaseYearFixture.step(.interview, "2027-01-06", .held), actor: "coord-sa", by: selangor) },
                { ($0 as? StoreError)?.code == .forbidden && ($0 as? StoreError)?.message.hasPrefix("state:") == true }))
        #expect(
            StoreErrorCheck.matches(
                { try db.recordStep(caseID: "K-2027-0001", mention, actor: "coord-kb", by: kelantan) },
                { ($0 as? StoreError)?.code == .forbidden && ($0 as? StoreError)?.message.hasPrefix("role:") == true }))
        #expect(
            StoreErrorCheck.matches(
                { try db.recordStep(caseID: "K-2027-0001", mention, actor: "dpp-kb", by: dpp) },
                { ($0 as? StoreError)?.code == .forbidden && ($0 as? StoreError)?.message.hasPrefix("prosecutor:") == true }))
        try db.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-KB-1", actor: "t")
        try db.recordStep(caseID: "K-2027-0001", mention, actor: "dpp-kb", by: dpp)
        try db.recordStep(caseID: "K-2027-0001", CaseYearFixture.step(.interview, "2027-01-06", .held), actor: "coord-kb", by: kelantan)
        try db.endCase(caseID: "K-2027-0001", on: AppFixtures.day("2027-12-01"), .disposal(.convicted), actor: "dpp-kb", by: dpp)
        #expect(
            StoreErrorCheck.matches(
                { try db.reopenCase(caseID: "K-2027-0001", reason: "typo", actor: "coord-kb", by: kelantan) },
                { ($0 as? StoreError)?.code == .forbidden }))
    }
}

struct CaseYearImportTests {
    static func rows<T>(_ parse: ([UInt8], String) throws(InputErrors) -> [Located<T>], _ text: String, file: String) throws -> [Located<T>] {
        try parse(Array(text.utf8), file)
    }

    @Test func aRefusedFileReportsEveryProblemAndChangesNothing() throws {
        let db = try CaseYearFixture.database()
        try db.recordCharge(caseID: "K-2027-0001", CaseYearFixture.charge, actor: "dpp")
        let rows = try Self.rows(
            ImportRows.events,
            """
            case,event,on,outcome,reason,nextOn
            K-2027-0001,mention,2026-12-01,held,,
            K-2099-0001,mention,2026-12-01,held,,
            K-2027-0001,ptc,2026-11-30,held,,
            K-2027-0001,disposal,2027-01-10,convicted,,
            K-2027-0001,trial,2027-02-01,held,,
            """, file: "daily.csv")
        let before = try db.auditLog().count
        #expect(
            throws: StoreError(
                .invalid,
                """
                daily.csv: line 3: case: K-2099-0001 does not exist
                daily.csv: line 4: on: 2026-11-30 is before the court date of 2026-12-01 already recorded
                daily.csv: line 6: case: K-2027-0001 was disposed of on 2027-01-10 (convicted); it is read-only until an admin reopens it
                """)
        ) { try db.importEvents(rows, actor: "registry") }
        #expect(try db.auditLog().count == before)
        #expect(try db.caseHistory(caseID: "K-2027-0001").steps.isEmpty)
        #expect(try db.closure(caseID: "K-2027-0001") == nil)
    }

    @Test func aReasonNotInTheListIsRefusedWhenTheFileIsRead() throws {
        #expect {
            try Self.rows(ImportRows.events, "case,event,on,outcome,reason,nextOn\nK-1,trial,2027-02-01,adjourned,tired,\n", file: "d.csv")
        } throws: { error in
            (error as? InputErrors)?.errors.map(\.description).first?.hasPrefix("d.csv: line 2: reason: not in the list") == true
        }
    }

    @Test func chargesAndEventsLoadInOrder() throws {
        let db = try CaseYearFixture.database()
        let charges = try Self.rows(
            ImportRows.charges,
            "case,court,courtCaseNo,registeredOn,chargedOn,represented,plea,childBornOn\nK-2027-0001,SC-KB,KB-1/2026,2026-11-20,2026-11-20,no,guilty,2016-02-29\n",
            file: "charges.csv")
        #expect(try db.importCharges(charges, actor: "registry").added == 1)
        let events = try Self.rows(
            ImportRows.events,
            "case,event,on,outcome,reason,nextOn\nK-2027-0001,mention,2026-12-01,adjourned,documents-not-served,2027-01-05\nK-2027-0001,disposal,2027-01-05,pleaded-guilty,,\n",
            file: "daily.csv")
        #expect(try db.importEvents(events, actor: "registry").added == 2)
        let history = try db.caseHistory(caseID: "K-2027-0001")
        #expect(history.adjournments == 1)
        #expect(history.charge?.plea == .guilty)
        #expect(history.closure?.ending == .disposal(.pleadedGuilty))
        // The date of birth is stored, and never in the audit log.
        #expect(try db.auditLog().allSatisfy { !($0.after ?? "").contains("2016-02-29") && !($0.before ?? "").contains("2016-02-29") })
    }
}

/// Whether `body` throws an error that `check` accepts (a refusal's code and the field its message names).
enum StoreErrorCheck {
    static func matches(_ body: () throws -> Void, _ check: (any Error) -> Bool) -> Bool {
        do {
            try body()
            return false
        } catch {
            return check(error)
        }
    }
}

/// The child's name and date of birth never leave the database: not in invitations, the audit log or the case file.
struct CaseYearSentinelTests {
    @Test func noChildIdentityInMailAuditOrExport() throws {
        let db = try CaseYearFixture.database()
        var item = AppFixtures.unbookedKelantanCase
        item.id = "K-2027-0077"
        try db.createCase(item, state: "MY-03", childName: "Sentinel Siti Zulaikha", actor: "coord")
        try db.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0077", room: "CIC-KB-2", interviewer: "IO-020", psychologist: nil, start: AppFixtures.at("2027-01-07T10:00")),
            actor: "coord")
        try CaseYearFixture.sendAll(db)
        var charge = CaseYearFixture.charge
        charge.childBornOn = AppFixtures.day("2015-07-13")
        try db.recordCharge(caseID: "K-2027-0077", charge, actor: "dpp")
        try db.recordStep(caseID: "K-2027-0077", CaseYearFixture.step(.interview, "2027-01-07", .notHeld, "child-unwell"), actor: "coord")
        try db.endCase(caseID: "K-2027-0077", on: AppFixtures.day("2027-03-01"), .closure(.withdrawn), note: "family withdrew", actor: "coord")
        let mail = try db.dueMail(holdSeconds: 0, all: true)
        #expect(!mail.isEmpty)
        let texts = mail.map(\.payload) + (try db.auditLog(limit: 10_000)).flatMap { [$0.before, $0.after, $0.reason].compactMap { $0 } }
        for sentinel in ["Sentinel Siti Zulaikha", "2015-07-13"] { #expect(!texts.contains { $0.contains(sentinel) }) }
        let input = try db.factsInput()
        let rules = try AppFixtures.rules()
        let file = CaseFileWriter.write(
            rules.book.caseFacts(instance: input.instance, plan: input.plan, histories: input.histories).map { ($0, input.histories[$0.id]) })
        #expect(file.contains("K-2027-0077"))
        #expect(!file.contains("2015-07-13"))
        #expect(!file.contains("Sentinel"))
    }
}
