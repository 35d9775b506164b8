import Foundation
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

@testable import SediaServer

/// The pages' snapshot follows a change to one case by reading that case again, and ends exactly where a full load
/// of the database would; anything not named by case, or a case coming back, reads everything.
@Suite struct SnapshotCacheTests {
    /// The fixture world at the end of 2027, when its 2027 dates can be recorded as past.
    static let late2027 = Date(timeIntervalSince1970: 1_830_000_000)
    static let window = PlanningWindow(start: AppFixtures.day("2027-01-04"), days: 365)

    static func database() throws -> AppDatabase {
        let db = try AppDatabase.inMemory(clock: { late2027 })
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        try db.addUser(
            username: "dpp01", passwordHash: Passwords.hash("correct horse battery", cost: 4), role: .prosecutor, state: "MY-03", person: "DPP-01",
            actor: "test")
        return db
    }

    static func step(_ s: CaseStep, _ on: String, _ outcome: StepOutcome, _ reason: String? = nil, next: String? = nil) -> StepRecord {
        StepRecord(step: s, on: AppFixtures.day(on), outcome: outcome, reason: reason.map { StepReason(code: $0) }, nextOn: next.map(AppFixtures.day))
    }

    @Test func eachCaseChangeReplacesThatCaseAndEqualsAFullLoad() throws {
        let db = try Self.database()
        let cache = SnapshotCache()
        let first = try cache.snapshot(db, window: Self.window)
        #expect(cache.loads == .init(full: 1, cases: 0))
        #expect(first.instance.cases == first.records.map(\.item))
        #expect(try first.instance == db.exportInstance(window: Self.window))
        #expect(try first.bookings == db.bookings())
        #expect(try first.records == db.caseRecords(state: nil))
        let id: Case.ID = "K-2027-0001"
        let writes: [(String, () throws -> Void)] = [
            (
                "book the interview",
                {
                    try db.bookInterview(
                        InterviewBooking(
                            caseID: id, room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00")),
                        actor: "coord")
                }
            ),
            (
                "book the trial",
                {
                    try db.bookHearing(
                        HearingBooking(
                            caseID: id, court: "SC-KB", dates: [AppFixtures.day("2027-03-07"), AppFixtures.day("2027-03-08")],
                            psychologist: "PSY-03"),
                        actor: "coord")
                }
            ),
            (
                "record the charge",
                {
                    try db.recordCharge(
                        caseID: id,
                        ChargeRecord(
                            court: "SC-KB", courtCaseNo: "KB-62S-12-11/2026", registeredOn: AppFixtures.day("2026-11-20"),
                            chargedOn: AppFixtures.day("2026-11-20"), represented: .yes, plea: .claimsTrial, childBornOn: nil),
                        actor: "dpp")
                }
            ),
            ("a mention held", { try db.recordStep(caseID: id, Self.step(.mention, "2027-01-05", .held), actor: "dpp") }),
            (
                "the trial adjourned (its days released)",
                {
                    try db.recordStep(
                        caseID: id, Self.step(.trial, "2027-03-07", .adjourned, "defence-counsel-absent", next: "2027-04-04"), actor: "dpp")
                }
            ),
            ("another case's prosecutor", { try db.setProsecutor(caseID: "K-2027-0002", prosecutor: "DPP-01", actor: "coord") }),
            ("the case disposed of", { try db.endCase(caseID: id, on: AppFixtures.day("2027-06-01"), .disposal(.convicted), actor: "registry") }),
        ]
        for (n, (name, write)) in writes.enumerated() {
            try write()
            let kept = try cache.snapshot(db, window: Self.window)
            let full = try SnapshotCache.load(db, window: Self.window)
            #expect(kept == full, "after \(name)")
            #expect(try full.instance == db.exportInstance(window: Self.window), "after \(name)")
            #expect(cache.loads == .init(full: 1, cases: n + 1), "after \(name)")
        }
        let ended = try cache.snapshot(db, window: Self.window)
        #expect(ended.recordsByID[id] == nil && !ended.instance.cases.contains { $0.id == id } && ended.histories[id] == nil)
        #expect(ended.interviewsByCase[id] == nil && ended.hearingsByCase[id] == nil)
        #expect(ended.recordsByID["K-2027-0002"]?.prosecutor == "DPP-01")

        // A case coming back has no place known to the snapshot: everything is read again.
        try db.reopenCase(caseID: id, reason: "recorded on the wrong case", actor: "admin")
        #expect(try cache.snapshot(db, window: Self.window) == (try SnapshotCache.load(db, window: Self.window)))
        #expect(cache.loads == .init(full: 2, cases: writes.count))
        // So is a change that names no case (an officer's leave).
        _ = try db.setUnavailable(
            person: "IO-014", ranges: [DayRange(from: AppFixtures.day("2027-02-01"), to: AppFixtures.day("2027-02-05"))], source: "test",
            actor: "test")
        #expect(try cache.snapshot(db, window: Self.window).instance.interviewers.first { $0.id == "IO-014" }?.unavailable.isEmpty == false)
        #expect(cache.loads == .init(full: 3, cases: writes.count))
        // Nothing changed: the snapshot is shared as it is.
        _ = try cache.snapshot(db, window: Self.window)
        #expect(cache.loads == .init(full: 3, cases: writes.count))
    }

    @Test func readersArrivingTogetherShareOneLoad() async throws {
        let db = try Self.database()
        let cache = SnapshotCache()
        _ = try cache.snapshot(db, window: Self.window)
        try db.setProsecutor(caseID: "K-2027-0002", prosecutor: "DPP-01", actor: "coord")
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try cache.snapshot(db, window: Self.window).version } }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(versions.count == 1)
        #expect(cache.loads == .init(full: 1, cases: 1))
    }

    @Test func checklistsFollowTheReplacedCasesAndEqualAFullEvaluation() throws {
        let db = try Self.database()
        let rules = ServerRules(book: try RuleFixtures.book(), calendars: RuleFixtures.calendars())
        let snapshots = SnapshotCache()
        let checklists = ChecklistCache()
        let today = AppFixtures.day("2027-01-04")
        func current() throws -> ChecklistSet {
            checklists.checklists(
                try snapshots.snapshot(db, window: Self.window), rules: rules, today: today, changed: snapshots.casesChanged(since:))
        }
        let before = try current()
        // Two partial reloads between two reads of the checklists: both cases are computed again.
        try db.recordCharge(
            caseID: "K-2027-0001",
            ChargeRecord(
                court: "SC-KB", courtCaseNo: "KB-62S-12-11/2026", registeredOn: AppFixtures.day("2026-12-01"),
                chargedOn: AppFixtures.day("2026-12-01"), represented: .yes, plea: .claimsTrial, childBornOn: nil),
            actor: "dpp")
        _ = try snapshots.snapshot(db, window: Self.window)
        try db.endCase(caseID: "K-2027-0002", on: AppFixtures.day("2027-01-02"), .closure(.noFurtherAction), note: "no evidence", actor: "coord")
        let after = try current()
        #expect(snapshots.loads == .init(full: 1, cases: 2))
        #expect(after.byCase["K-2027-0001"] != before.byCase["K-2027-0001"])
        #expect(before.byCase["K-2027-0002"] != nil && after.byCase["K-2027-0002"] == nil)
        #expect(after == ChecklistCache().checklists(try snapshots.snapshot(db, window: Self.window), rules: rules, today: today))
    }
}
