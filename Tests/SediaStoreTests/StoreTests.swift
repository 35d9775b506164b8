import Foundation
import GRDB
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

struct ImportExportTests {
    @Test func exportGivesBackTheImportedInstance() throws {
        let db = try AppFixtures.database()
        #expect(try db.exportInstance() == AppFixtures.instance)
    }

    @Test func importTwiceMergesInsteadOfDuplicating() throws {
        let db = try AppFixtures.database()
        let summary = try db.importInstance(AppFixtures.instance, actor: "test")
        #expect(summary.cases == 3)
        #expect(try db.caseRecords(state: nil).count == 3)
        #expect(try db.bookings().interviews.count == 1)
        #expect(try db.exportInstance() == AppFixtures.instance)
    }

    @Test func casesAreFiledUnderTheirState() throws {
        let db = try AppFixtures.database()
        #expect(try db.caseRecords(state: "MY-03").map(\.item.id.rawValue) == ["K-2027-0001", "K-2027-0002"])
        #expect(try db.caseRecords(state: "MY-10").map(\.item.id.rawValue) == ["B-2027-0003"])
    }

    @Test func aBrokenImportLeavesNothingBehind() throws {
        let db = try AppDatabase.inMemory()
        var broken = AppFixtures.instance
        broken.cases[0].hearing?.court = "SC-NOWHERE"
        #expect(throws: StoreError(.invalid, "case K-2027-0001: hearing.court SC-NOWHERE does not exist")) {
            try db.importInstance(broken, actor: "test")
        }
        #expect(try db.caseRecords(state: nil).isEmpty)
        #expect(try db.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM centre") } == 0)
        #expect(try db.auditLog().isEmpty)
    }

    @Test func unpinnedBookingsExportAsThePreviousPlan() throws {
        let db = try AppFixtures.database()
        let booking = InterviewBooking(
            caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00"))
        try db.bookInterview(booking, actor: "coord")
        let exported = try db.exportInstance()
        #expect(exported.previous?.interviews == [booking])
        #expect(exported.cases[1].interview?.pinned?.room == "CIC-KB-2")
    }
}

struct DoubleBookingTests {
    static let pinnedRoomStart = "2027-01-05T10:00"

    @Test(arguments: [
        ("2027-01-05T10:00", true), ("2027-01-05T10:30", true), ("2027-01-05T09:30", true), ("2027-01-05T11:00", false),
        ("2027-01-05T08:00", false),
    ])
    func theSameRoomCannotHoldOverlappingInterviews(start: String, collides: Bool) throws {
        let db = try AppFixtures.database()
        // Case 1 is 90 minutes; the pinned case 2 holds CIC-KB-2 from 10:00 to 11:00.
        let booking = InterviewBooking(
            caseID: "K-2027-0001", room: "CIC-KB-2", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at(start))
        let auditBefore = try db.auditLog().count
        if collides {
            let error = #expect(throws: StoreError.self) { try db.bookInterview(booking, actor: "coord") }
            #expect(error?.code == .conflict)
            #expect(error?.message.hasPrefix("case K-2027-0001: room CIC-KB-2 is already booked on 2027-01-05") == true)
            #expect(try db.bookings().interviews.count == 1)
            #expect(try db.auditLog().count == auditBefore)
        } else {
            try db.bookInterview(booking, actor: "coord")
            #expect(try db.bookings().interviews.count == 2)
        }
    }

    @Test func theSameOfficerCannotBeInTwoRooms() throws {
        let db = try AppFixtures.database()
        let booking = InterviewBooking(
            caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-020", psychologist: "PSY-03", start: AppFixtures.at("2027-01-05T10:30"))
        let error = #expect(throws: StoreError.self) { try db.bookInterview(booking, actor: "coord") }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("interviewer IO-020") == true)
    }

    @Test func twoCoordinatorsPressingBookTogetherGetOneBooking() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-race-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let db = try AppDatabase.open(path: path)
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        try db.createCase(
            AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, actor: "test")
        // Two connections to one file, as two server requests would have.
        let other = try AppDatabase.open(path: path)
        let a = InterviewBooking(
            caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00"))
        let b = InterviewBooking(
            caseID: "K-2027-0009", room: "CIC-KB-1", interviewer: "IO-020", psychologist: nil, start: AppFixtures.at("2027-01-06T09:30"))
        // Neither writes until both connections are open and have read: then the two writes really race.
        let barrier = Barrier(parties: 2)
        let outcomes = await withTaskGroup(of: StoreError?.self) { group in
            for (database, booking, actor) in [(db, a, "one"), (other, b, "two")] {
                group.addTask {
                    _ = try? database.bookings()
                    await barrier.arriveAndWait()
                    do { try database.bookInterview(booking, actor: actor) } catch {
                        return error as? StoreError ?? StoreError(.database, "\(error)")
                    }
                    return nil
                }
            }
            var all: [StoreError?] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { $0 == nil }.count == 1)
        let refusal = try #require(outcomes.compactMap { $0 }.first)
        #expect(refusal.code == .conflict)
        #expect(refusal.message.contains("room CIC-KB-1 is already booked on 2027-01-06"))
        let rooms = try db.bookings().interviews.filter { $0.booking.room == "CIC-KB-1" }
        #expect(rooms.count == 1)
    }

    @Test func aCourtTakesNoMoreHearingsADayThanItSits() throws {
        let db = try AppFixtures.database()
        try db.createCase(
            Case(
                id: "K-2027-0010",
                child: Child(
                    ref: "C-0010", age: 10, gender: "F", languages: ["ms"], lat: 6.1, lon: 102.2, interviewerGender: nil, needsPsychologist: false,
                    needsAccessibleRoom: false),
                interview: nil, interviewDoneOn: AppFixtures.day("2026-12-01"),
                hearing: HearingRequest(
                    court: "SC-KB", registeredOn: nil, deadline: AppFixtures.day("2027-12-01"), days: 1, earliest: AppFixtures.day("2027-02-01"),
                    needsVideoLink: false, needsPsychologist: false)), state: "MY-03", childName: "never exported", actor: "test")
        try db.bookHearing(
            HearingBooking(
                caseID: "K-2027-0001", court: "SC-KB", dates: [AppFixtures.day("2027-03-07"), AppFixtures.day("2027-03-08")], psychologist: "PSY-03"),
            actor: "coord")
        let error = #expect(throws: StoreError.self) {
            try db.bookHearing(
                HearingBooking(caseID: "K-2027-0010", court: "SC-KB", dates: [AppFixtures.day("2027-03-08")], psychologist: nil), actor: "coord")
        }
        #expect(error?.message.contains("full on 2027-03-08") == true)
        #expect(try db.bookings().hearings.count == 1)
        try db.bookHearing(
            HearingBooking(caseID: "K-2027-0010", court: "SC-KB", dates: [AppFixtures.day("2027-03-09")], psychologist: nil), actor: "coord")
        #expect(try db.bookings().hearings.count == 2)
    }

    @Test func aPsychologistInCourtTakesNoInterviewThatDay() throws {
        let db = try AppFixtures.database()
        try db.bookHearing(
            HearingBooking(
                caseID: "K-2027-0001", court: "SC-KB", dates: [AppFixtures.day("2027-03-07"), AppFixtures.day("2027-03-08")], psychologist: "PSY-03"),
            actor: "coord")
        #expect(throws: StoreError(.conflict, "case K-2027-0001: psychologist PSY-03 is already booked on 2027-03-08 at 09:00")) {
            try db.bookInterview(
                InterviewBooking(
                    caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-03-08T09:00")),
                actor: "coord")
        }
    }

    @Test func aPinnedInterviewCannotBeMoved() throws {
        let db = try AppFixtures.database()
        let move = InterviewBooking(
            caseID: "K-2027-0002", room: "CIC-KB-1", interviewer: "IO-020", psychologist: nil, start: AppFixtures.at("2027-01-07T09:00"))
        #expect(
            throws: StoreError(.conflict, "case K-2027-0002: the interview is pinned (told to the family) and cannot be moved here")
        ) { try db.bookInterview(move, actor: "coord") }
        #expect(try db.bookings().interviews.first?.booking.room == "CIC-KB-2")
    }
}

struct BookingLifecycleTests {
    let booking = InterviewBooking(
        caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00"))

    @Test func moveAndCancelAreAuditedWithBeforeAndAfter() throws {
        let db = try AppFixtures.database()
        try db.bookInterview(booking, actor: "coord")
        var moved = booking
        moved.start = AppFixtures.at("2027-01-07T14:00")
        let previous = try db.bookInterview(moved, actor: "coord", reason: "officer in court")
        #expect(previous?.booking == booking)
        try db.cancel(caseID: "K-2027-0001", task: .interview, reason: "family withdrew", actor: "coord")
        let log = try db.auditLog(subject: "case:K-2027-0001")
        #expect(log.map(\.action) == ["cancel-interview", "move-interview", "book-interview"])
        #expect(log[0].reason == "family withdrew")
        #expect(log[1].before?.contains("2027-01-06T09:00") == true)
        #expect(log[1].after?.contains("2027-01-07T14:00") == true)
        #expect(log.allSatisfy { $0.actor == "coord" })
        // The slots went with the booking: the same time can be booked again.
        try db.bookInterview(booking, actor: "coord")
    }

    @Test func aCancellationNeedsAReason() throws {
        let db = try AppFixtures.database()
        try db.bookInterview(booking, actor: "coord")
        #expect(throws: StoreError(.invalid, "reason: a cancellation needs a reason")) {
            try db.cancel(caseID: "K-2027-0001", task: .interview, reason: "  ", actor: "coord")
        }
        #expect(try db.bookings().interviews.count == 2)
    }

    @Test func theAuditLogIsAppendOnly() throws {
        let db = try AppFixtures.database()
        let update = #expect(throws: DatabaseError.self) { try db.writer.write { try $0.execute(sql: "UPDATE audit SET actor = 'someone else'") } }
        #expect(update?.message == "the audit log is append-only")
        let delete = #expect(throws: DatabaseError.self) { try db.writer.write { try $0.execute(sql: "DELETE FROM audit") } }
        #expect(delete?.message == "the audit log is append-only")
        #expect(try db.auditLog().count == 1)
    }

    @Test func aPlanRefusedByTheCheckChangesNothing() throws {
        let db = try AppFixtures.database()
        let versionBefore = try db.dataVersion().version
        let plan = Plan(instance: "fixture-2027", interviews: [booking], hearings: [], unassigned: [], score: nil)
        let error = #expect(throws: StoreError.self) {
            try db.applyPlan(plan, actor: "ops") { _, bookings in
                bookings.interviews.count > 1
                    ? [Violation(caseID: "K-2027-0001", .interviewerUnavailable("IO-014", AppFixtures.day("2027-01-05")))] : []
            }
        }
        #expect(error?.message.contains("rule 3") == true)
        #expect(try db.bookings().interviews.count == 1)
        #expect(try db.dataVersion().version == versionBefore)
        let applied = try db.applyPlan(plan, actor: "ops")
        #expect(applied.booked == 1)
        #expect(try db.dataVersion().version == versionBefore + 1)
    }

    /// A booking's check sees the booked case's neighbourhood (`BookingNeighbourhood`), not the national plan: the case
    /// alone on a day nobody else uses its room or people, and K-2027-0002's pinned interview when it shares its room.
    @Test func theCheckSeesTheBookedCasesNeighbourhood() throws {
        let db = try AppFixtures.database()
        var seen: [(cases: [String], interviews: Int, centres: Int)] = []
        let check: (Instance, Plan) -> [Violation] = { instance, plan in
            seen.append((instance.cases.map(\.id.rawValue).sorted(), plan.interviews.count, instance.centres.count))
            return []
        }
        try db.bookInterview(booking, actor: "coord", check: check)
        let beside = InterviewBooking(
            caseID: "K-2027-0001", room: "CIC-KB-2", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-05T14:00"))
        try db.bookInterview(beside, actor: "coord", reason: "the family asked", check: check)
        #expect(seen.map(\.cases) == [["K-2027-0001"], ["K-2027-0001", "K-2027-0002"]])
        #expect(seen.map(\.interviews) == [1, 2])
        // The reference data is whole: every centre, room and person.
        #expect(seen.map(\.centres) == [AppFixtures.instance.centres.count, AppFixtures.instance.centres.count])
    }
}

struct CaseAndChecklistTests {
    @Test func aChildNameNeverLeavesItsColumn() throws {
        let db = try AppFixtures.database()
        let item = Case(
            id: "K-2027-0011",
            child: Child(
                ref: "C-0011", age: 8, gender: "F", languages: ["ms"], lat: 6.1, lon: 102.2, interviewerGender: "F", needsPsychologist: false,
                needsAccessibleRoom: false),
            interview: InterviewRequest(durationMinutes: 60, earliest: AppFixtures.day("2027-01-04"), targetBy: AppFixtures.day("2027-01-20")),
            interviewDoneOn: nil, hearing: nil)
        try db.createCase(item, state: "MY-03", childName: "Siti Nur Example", actor: "coord")
        let exported = try db.exportInstance()
        #expect(exported.cases.last == item)
        #expect(try db.auditLog().allSatisfy { !($0.after ?? "").contains("Siti") })
    }

    @Test(arguments: [
        (
            Child(
                ref: "C-1", age: 30, gender: "F", languages: ["ms"], lat: 6, lon: 102, interviewerGender: nil, needsPsychologist: false,
                needsAccessibleRoom: false), "age"
        ),
        (
            Child(
                ref: "", age: 9, gender: "F", languages: ["ms"], lat: 6, lon: 102, interviewerGender: nil, needsPsychologist: false,
                needsAccessibleRoom: false), "ref"
        ),
        (
            Child(
                ref: "C-1", age: 9, gender: "X", languages: ["ms"], lat: 6, lon: 102, interviewerGender: nil, needsPsychologist: false,
                needsAccessibleRoom: false), "gender"
        ),
        (
            Child(
                ref: "C-1", age: 9, gender: "F", languages: ["ms"], lat: 95, lon: 102, interviewerGender: nil, needsPsychologist: false,
                needsAccessibleRoom: false), "lat"
        ),
    ])
    func theSchemaRefusesOutOfRangeValues(child: Child, field: String) throws {
        let db = try AppFixtures.database()
        let item = Case(
            id: "K-BAD", child: child,
            interview: InterviewRequest(durationMinutes: 60, earliest: AppFixtures.day("2027-01-04"), targetBy: AppFixtures.day("2027-01-20")),
            interviewDoneOn: nil, hearing: nil)
        let error = #expect(throws: StoreError.self, "\(field)") { try db.createCase(item, state: "MY-03", childName: nil, actor: "coord") }
        #expect(error?.code == .invalid)
        #expect(error?.message.contains(field) == true, "\(error?.message ?? "")")
        #expect(try db.caseRecord(id: "K-BAD") == nil)
    }

    @Test func checklistTicksRecordWhoAndWhenByRuleID() throws {
        let db = try AppFixtures.database()
        try db.setChecklistTick(caseID: "K-2027-0001", rule: "transcript-translation", done: true, actor: "dpp.kb")
        let tick = try #require(try db.checklistTicks(caseID: "K-2027-0001")["transcript-translation"])
        #expect(tick.doneBy == "dpp.kb")
        #expect(!tick.doneAt.isEmpty)
        #expect(try db.checklistTicks().keys.sorted() == ["K-2027-0001"])
        // Ticking again changes nothing (who and when stay the first tick's); unticking removes it, both audited.
        try db.setChecklistTick(caseID: "K-2027-0001", rule: "transcript-translation", done: true, actor: "other")
        #expect(try db.checklistTicks(caseID: "K-2027-0001")["transcript-translation"]?.doneBy == "dpp.kb")
        try db.setChecklistTick(caseID: "K-2027-0001", rule: "transcript-translation", done: false, actor: "dpp.kb")
        #expect(try db.checklistTicks(caseID: "K-2027-0001").isEmpty)
        #expect(try db.auditLog(subject: "case:K-2027-0001").map(\.action).filter { $0.contains("tick") } == ["untick-checklist", "tick-checklist"])
        #expect(throws: StoreError(.notFound, "no case K-404")) {
            try db.setChecklistTick(caseID: "K-404", rule: "transcript-translation", done: true, actor: "x")
        }
    }

    @Test func checklistTicksSurviveAReimport() throws {
        let db = try AppFixtures.database()
        try db.setChecklistTick(caseID: "K-2027-0001", rule: "ptc", done: true, actor: "dpp.kb")
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        #expect(try db.checklistTicks(caseID: "K-2027-0001")["ptc"]?.doneBy == "dpp.kb")
    }
}

struct UserAndTokenTests {
    let hash = "$2b$04$abcdefghijklmnopqrstuuJ0hVbAfvyZqUWGh1cFt5lf9HqVhYqyy"

    @Test func staffMustNameTheirPerson() throws {
        let db = try AppFixtures.database()
        #expect(
            throws: StoreError(.invalid, "person: a staff account must name the interviewer or psychologist it belongs to (--person)")
        ) { try db.addUser(username: "io", passwordHash: hash, role: .staff, state: nil, person: nil, actor: "admin") }
        #expect(throws: StoreError(.invalid, "person: IO-999 is not a person in this database")) {
            try db.addUser(username: "io", passwordHash: hash, role: .staff, state: nil, person: "IO-999", actor: "admin")
        }
        try db.addUser(username: "io", passwordHash: hash, role: .staff, state: nil, person: "IO-014", actor: "admin")
        #expect(throws: StoreError(.conflict, "username: io already exists")) {
            try db.addUser(username: "io", passwordHash: hash, role: .admin, state: nil, person: nil, actor: "admin")
        }
        #expect(try db.users().count == 1)
    }

    @Test func feedTokensAreScopedAndRevocable() throws {
        let db = try AppFixtures.database()
        try db.addUser(username: "io", passwordHash: hash, role: .staff, state: nil, person: "IO-014", actor: "admin")
        try db.addUser(username: "kb", passwordHash: hash, role: .coordinator, state: "MY-03", person: nil, actor: "admin")
        let token = [UInt8](repeating: 7, count: 32)
        #expect(throws: StoreError(.invalid, "feed: a staff member may only subscribe to their own feed")) {
            try db.createFeedToken(tokenHash: token, username: "io", scope: FeedScope(kind: .officer, subject: "IO-020"), actor: "admin")
        }
        #expect(throws: StoreError(.invalid, "feed: centre:CIC-SA belongs to state MY-10, outside kb's state MY-03")) {
            try db.createFeedToken(tokenHash: token, username: "kb", scope: FeedScope(kind: .centre, subject: "CIC-SA"), actor: "admin")
        }
        try db.createFeedToken(tokenHash: token, username: "io", scope: FeedScope(kind: .officer, subject: "IO-014"), actor: "admin")
        #expect(try db.feedToken(hash: token)?.scope == FeedScope(kind: .officer, subject: "IO-014"))
        #expect(try db.feedToken(hash: [UInt8](repeating: 8, count: 32)) == nil)
        _ = try db.revokeFeedToken(hash: token, userID: nil, actor: "admin")
        #expect(try db.feedToken(hash: token) == nil)
        #expect(throws: StoreError(.notFound, "no live feed token has that URL")) { try db.revokeFeedToken(hash: token, userID: nil, actor: "admin") }
    }

    @Test func sessionsExpire() throws {
        let clock = MutableClock(AppFixtures.fixedNow)
        let db = try AppDatabase.inMemory(clock: { clock.now })
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        let user = try db.addUser(username: "kb", passwordHash: hash, role: .coordinator, state: "MY-03", person: nil, actor: "admin")
        let token = [UInt8](repeating: 1, count: 32)
        try db.createSession(tokenHash: token, userID: user.id, csrf: "csrf", lifetime: 3600)
        #expect(try db.session(tokenHash: token)?.user == user)
        clock.now = AppFixtures.fixedNow.addingTimeInterval(3601)
        #expect(try db.session(tokenHash: token) == nil)
    }

    @Test(arguments: [("officer:IO-014", true), ("centre:CIC-KB", true), ("nope:X", false), ("officer:", false), ("officer", false)])
    func feedScopesParse(text: String, valid: Bool) {
        #expect((FeedScope(text) != nil) == valid)
    }
}

struct BackupTests {
    @Test func backupAndRestoreRoundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try AppDatabase.open(path: dir.appendingPathComponent("live.sqlite").path)
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        let backup = dir.appendingPathComponent("backup.sqlite").path
        try db.backup(to: backup)
        try db.cancel(caseID: "K-2027-0002", task: .interview, reason: "mistake", actor: "coord")
        #expect(try db.bookings().interviews.isEmpty)
        try db.restore(from: backup, actor: "ops")
        #expect(try db.bookings().interviews.count == 1)
        #expect(try db.auditLog().first?.action == "restore")
        #expect(!FileManager.default.fileExists(atPath: backup + ".partial"))
    }

    @Test func restoreRefusesAFileThatIsNotABackup() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let junk = dir.appendingPathComponent("junk.sqlite").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        let db = try AppFixtures.database()
        let error = #expect(throws: StoreError.self) { try db.restore(from: junk, actor: "ops") }
        #expect(error?.code == .database)
        #expect(error?.message.hasPrefix("restore from \(junk) failed: ") == true)
        #expect(try db.bookings().interviews.count == 1)
    }
}
