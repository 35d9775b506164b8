import Foundation
import GRDB
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

// Each test here replays one finding of the attack on the running application (docs/security.md) against the store,
// and fails without its fix.

/// Lost updates: a change against a revision that is no longer current is refused, naming who changed the case.
struct LostUpdateTests {
    static let slotA = InterviewBooking(
        caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00"))
    static let slotB = InterviewBooking(
        caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-07T09:00"))

    @Test func twoCoordinatorsBookingOneUnbookedCaseIntoTwoSlotsGetOneBookingAndOneRefusal() async throws {
        let dir = try TemporaryDirectory("lost-update")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        let first = try AppDatabase.open(path: path)
        _ = try first.importInstance(AppFixtures.instance, actor: "test")
        let second = try AppDatabase.open(path: path)
        // Both pages were shown the same revision of the unbooked case.
        let shown = try #require(try first.caseRecord(id: "K-2027-0001")).revision
        let barrier = Barrier(parties: 2)
        let outcomes = await withTaskGroup(of: (String, StoreError?).self) { group in
            for (database, actor, slot) in [(first, "one", Self.slotA), (second, "two", Self.slotB)] {
                group.addTask {
                    // Each connection has read before the barrier, so both are open and ready when the writes start.
                    _ = try? database.dataVersion()
                    await barrier.arriveAndWait()
                    do {
                        try database.bookInterview(slot, actor: actor, expected: shown)
                        return (actor, nil)
                    } catch {
                        return (actor, error as? StoreError ?? StoreError(.database, "\(error)"))
                    }
                }
            }
            var all: [(String, StoreError?)] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let winners = outcomes.filter { $0.1 == nil }.map(\.0)
        let refusals = outcomes.compactMap(\.1)
        #expect(winners.count == 1)
        let refusal = try #require(refusals.first)
        #expect(refusal.code == .stale)
        #expect(refusal.message.hasPrefix("revision: "))
        #expect(refusal.message.contains("changed meanwhile by \(winners.first ?? "?")"))
        let log = try first.auditLog(subject: "case:K-2027-0001")
        #expect(log.map(\.action) == ["book-interview"])
        #expect(try first.bookings().interviews.filter { $0.booking.caseID == "K-2027-0001" }.count == 1)
    }

    @Test func aMoveNeedsAReasonWhoeverMakesIt() throws {
        let db = try AppFixtures.database()
        try db.bookInterview(Self.slotA, actor: "coord")
        let error = #expect(throws: StoreError.self) { try db.bookInterview(Self.slotB, actor: "admin", reason: "  ") }
        #expect(error?.code == .invalid)
        #expect(error?.message.hasPrefix("reason: ") == true)
        #expect(try db.bookings().interviews.first { $0.booking.caseID == "K-2027-0001" }?.booking == Self.slotA)
        try db.bookInterview(Self.slotB, actor: "admin", reason: "officer in court")
    }

    @Test(arguments: ["book", "cancel", "prosecutor"])
    func aChangeAgainstAnOldRevisionWritesNothing(change: String) throws {
        let db = try AppFixtures.database()
        try db.addUser(
            username: "dpp", passwordHash: String(repeating: "x", count: 60), role: .prosecutor, state: "MY-03", person: "DPP-01", actor: "t")
        let shown = try #require(try db.caseRecord(id: "K-2027-0001")).revision
        try db.bookInterview(Self.slotA, actor: "alice", expected: shown)
        let audit = try db.auditLog().count
        let error = #expect(throws: StoreError.self) {
            switch change {
            case "book": try db.bookInterview(Self.slotB, actor: "bob", reason: "moved", expected: shown)
            case "cancel": try db.cancel(caseID: "K-2027-0001", task: .interview, reason: "withdrawn", expected: shown, actor: "bob")
            default: try db.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", expected: shown, actor: "bob")
            }
        }
        #expect(error?.code == .stale)
        #expect(error?.message.contains("changed meanwhile by alice") == true)
        #expect(try db.auditLog().count == audit)
        #expect(try db.bookings().interviews.first { $0.booking.caseID == "K-2027-0001" }?.booking == Self.slotA)
        #expect(try db.caseRecord(id: "K-2027-0001")?.prosecutor == nil)
    }

    @Test func everyChangeTakesANewRevisionAndNamesWhoMadeIt() throws {
        let db = try AppFixtures.database()
        let r0 = try #require(try db.caseRecord(id: "K-2027-0001")).revision
        try db.bookInterview(Self.slotA, actor: "alice", expected: r0)
        let r1 = try #require(try db.caseRecord(id: "K-2027-0001"))
        #expect(r1.revision > r0)
        #expect(r1.revisedBy == "alice")
        try db.cancel(caseID: "K-2027-0001", task: .interview, reason: "withdrawn", expected: r1.revision, actor: "bob")
        let r2 = try #require(try db.caseRecord(id: "K-2027-0001"))
        #expect(r2.revision > r1.revision)
        #expect(r2.revisedBy == "bob")
    }
}

/// A plan is checked as a whole against what stays, so swaps are valid.
struct PlanSwapTests {
    static func database() throws -> AppDatabase {
        let db = try AppFixtures.database()
        try db.createCase(
            AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, actor: "test")
        try db.bookInterview(one(room: "CIC-KB-1"), actor: "coord")
        try db.bookInterview(nine(room: "CIC-KB-2"), actor: "coord")
        return db
    }

    static func one(room: Room.ID) -> InterviewBooking {
        InterviewBooking(caseID: "K-2027-0001", room: room, interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00"))
    }

    static func nine(room: Room.ID) -> InterviewBooking {
        InterviewBooking(caseID: "K-2027-0009", room: room, interviewer: "IO-020", psychologist: nil, start: AppFixtures.at("2027-01-06T09:00"))
    }

    @Test func aPlanThatSwapsTwoBookingsIsApplied() throws {
        let db = try Self.database()
        let plan = Plan(
            instance: "fixture-2027", interviews: [Self.one(room: "CIC-KB-2"), Self.nine(room: "CIC-KB-1")], hearings: [], unassigned: [], score: nil)
        let result = try db.applyPlan(plan, actor: "ops")
        #expect(result.moved == 2)
        let rooms = Dictionary(uniqueKeysWithValues: try db.bookings().interviews.map { ($0.booking.caseID, $0.booking.room) })
        #expect(rooms["K-2027-0001"] == "CIC-KB-2")
        #expect(rooms["K-2027-0009"] == "CIC-KB-1")
    }

    @Test func aPlanStillCollidesWithWhatStays() throws {
        let db = try Self.database()
        // K-2027-0009 is left alone in CIC-KB-2 at 09:00; the plan puts K-2027-0001 there too.
        let plan = Plan(instance: "fixture-2027", interviews: [Self.one(room: "CIC-KB-2")], hearings: [], unassigned: [], score: nil)
        let error = #expect(throws: StoreError.self) { try db.applyPlan(plan, actor: "ops") }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("room CIC-KB-2 is already booked") == true)
        #expect(try db.bookings().interviews.first { $0.booking.caseID == "K-2027-0001" }?.booking == Self.one(room: "CIC-KB-1"))
    }

    @Test func aPlannedMoveTakesANewRevision() throws {
        let db = try Self.database()
        let before = try #require(try db.caseRecord(id: "K-2027-0001")).revision
        _ = try db.applyPlan(
            Plan(
                instance: "fixture-2027", interviews: [Self.one(room: "CIC-KB-2"), Self.nine(room: "CIC-KB-1")], hearings: [], unassigned: [],
                score: nil),
            actor: "ops")
        #expect(try #require(try db.caseRecord(id: "K-2027-0001")).revision > before)
    }
}

/// A restore under a running server: everything ended since the backup stays ended, and nothing repeats a version.
struct RestoreTests {
    @Test func aRestoreEndsEverySessionKeepsEndedThingsEndedAndMovesEveryVersionOn() throws {
        let dir = try TemporaryDirectory("restore")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        let live = try AppDatabase.open(path: path)
        _ = try live.importInstance(AppFixtures.instance, actor: "test")
        let oldHash = String(repeating: "a", count: 60)
        let newHash = String(repeating: "b", count: 60)
        let kb = try live.addUser(username: "kb", passwordHash: oldHash, role: .coordinator, state: "MY-03", person: nil, actor: "t")
        try live.addUser(username: "sel", passwordHash: oldHash, role: .coordinator, state: "MY-10", person: nil, actor: "t")
        let token: [UInt8] = Array(repeating: 7, count: 32)
        try live.createFeedToken(tokenHash: token, username: "kb", scope: FeedScope(kind: .centre, subject: "CIC-KB"), actor: "t")
        let before: [UInt8] = Array(repeating: 1, count: 32)
        try live.createSession(tokenHash: before, userID: kb.id, csrf: "c", lifetime: 3600)
        try live.backup(to: dir.file("backup.sqlite"))

        // After the backup: a booking, a sign-in, a revoked token, a disabled account, a changed password.
        try live.bookInterview(LostUpdateTests.slotA, actor: "kb")
        let after: [UInt8] = Array(repeating: 2, count: 32)
        try live.createSession(tokenHash: after, userID: kb.id, csrf: "c", lifetime: 3600)
        _ = try live.revokeFeedToken(hash: token, userID: nil, actor: "kb")
        try live.setDisabled(username: "sel", disabled: true, actor: "admin")
        try live.setPassword(username: "kb", passwordHash: newHash, actor: "kb")
        let versionBefore = try live.dataVersion().version
        let stampBefore = try live.changeStamp()
        let revisionBefore = try #require(try live.caseRecord(id: "K-2027-0001")).revision
        let auditBefore = try live.auditLog(limit: 1000)

        // Restored from another connection, as `sedia restore` does beside a running server.
        try AppDatabase.open(path: path).restore(from: dir.file("backup.sqlite"), actor: "ops")

        #expect(try live.bookings().interviews.allSatisfy { $0.booking.caseID != "K-2027-0001" })
        #expect(try live.session(tokenHash: before) == nil)
        #expect(try live.session(tokenHash: after) == nil)
        #expect(try live.feedToken(hash: token) == nil)
        #expect(try live.credentials(username: "sel") == nil)
        #expect(try live.credentials(username: "kb")?.passwordHash == newHash)
        #expect(try live.dataVersion().version > versionBefore)
        #expect(try live.changeStamp() != stampBefore)
        // The case's revision is new, so a form shown before the restore is refused.
        let restored = try #require(try live.caseRecord(id: "K-2027-0001"))
        #expect(restored.revision != revisionBefore)
        let error = #expect(throws: StoreError.self) {
            try live.bookInterview(LostUpdateTests.slotB, actor: "kb", expected: revisionBefore)
        }
        #expect(error?.code == .stale)
        // The audit log keeps what happened since the backup, then says that a restore happened.
        let audit = try live.auditLog(limit: 1000)
        #expect(audit.first?.action == "restore")
        #expect(Array(audit.dropFirst()).map(\.id) == auditBefore.map(\.id))
    }

    @Test func aCheckpointLeavesEveryCommitInTheDatabaseFile() throws {
        let dir = try TemporaryDirectory("checkpoint")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        let db = try AppDatabase.open(path: path)
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        try db.bookInterview(LostUpdateTests.slotA, actor: "kb")
        let size = { (file: String) -> Int in ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? -1 }
        #expect(size(path + "-wal") > 0)
        try db.checkpoint()
        #expect(size(path + "-wal") == 0)
        // The file alone, copied without its -wal, holds the booking.
        try FileManager.default.copyItem(atPath: path, toPath: dir.file("copy.sqlite"))
        let copy = try DatabaseQueue(path: dir.file("copy.sqlite"))
        #expect(try copy.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM interview_booking WHERE case_id = 'K-2027-0001'") } == 1)
    }

    @Test func aDatabaseWhoseSharedMemoryFileCannotBeWrittenIsNamed() throws {
        let dir = try TemporaryDirectory("shm")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        do {
            let db = try AppDatabase.open(path: path)
            _ = try db.dataVersion()
            #expect(db.writeProblem() == nil)
        }
        try? FileManager.default.removeItem(atPath: path + "-shm")
        // A -shm this process cannot write (here a folder in its place: tests run as root, where permissions do not bind).
        try FileManager.default.createDirectory(atPath: path + "-shm", withIntermediateDirectories: false)
        #expect(AppDatabase.writeProblem(path: path) == "\(path)-shm is not a regular file")
        #expect(AppDatabase.writeProblem(path: dir.file("missing.sqlite")) == "\(dir.file("missing.sqlite")) does not exist")
    }
}

/// The account lifecycle: disable, enable, password, sign out everywhere, listing; every change audited.
struct AccountLifecycleTests {
    static let hash = String(repeating: "h", count: 60)

    @Test func disablingEndsSessionsAndFeedTokensAtOnceAndEnablingRevivesNoToken() throws {
        let db = try AppFixtures.database()
        let kb = try db.addUser(username: "kb", passwordHash: Self.hash, role: .coordinator, state: "MY-03", person: nil, actor: "t")
        let session: [UInt8] = Array(repeating: 3, count: 32)
        let token: [UInt8] = Array(repeating: 4, count: 32)
        try db.createSession(tokenHash: session, userID: kb.id, csrf: "c", lifetime: 3600)
        try db.createFeedToken(tokenHash: token, username: "kb", scope: FeedScope(kind: .centre, subject: "CIC-KB"), actor: "kb")
        try db.setDisabled(username: "kb", disabled: true, actor: "admin")
        #expect(try db.session(tokenHash: session) == nil)
        #expect(try db.feedToken(hash: token) == nil)
        #expect(try db.credentials(username: "kb") == nil)
        try db.setDisabled(username: "kb", disabled: false, actor: "admin")
        #expect(try db.credentials(username: "kb") != nil)
        #expect(try db.feedToken(hash: token) == nil)
        #expect(try db.auditLog(subject: "user:kb").prefix(2).map(\.action) == ["enable-user", "disable-user"])
        #expect(try db.auditLog(subject: "user:kb").allSatisfy { $0.actor == "admin" || $0.action != "disable-user" })
    }

    @Test func anUnknownUsernameIsRefusedNamingTheField() throws {
        let db = try AppFixtures.database()
        let error = #expect(throws: StoreError.self) { try db.setDisabled(username: "nobody", disabled: true, actor: "admin") }
        #expect(error?.code == .notFound)
        #expect(error?.message == "username: nobody does not exist")
    }

    @Test func aNewPasswordEndsEveryOtherSessionAndIsAuditedWithoutTheHash() throws {
        let db = try AppFixtures.database()
        let kb = try db.addUser(username: "kb", passwordHash: Self.hash, role: .coordinator, state: "MY-03", person: nil, actor: "t")
        let mine: [UInt8] = Array(repeating: 5, count: 32)
        let other: [UInt8] = Array(repeating: 6, count: 32)
        try db.createSession(tokenHash: mine, userID: kb.id, csrf: "c", lifetime: 3600)
        try db.createSession(tokenHash: other, userID: kb.id, csrf: "c", lifetime: 3600)
        let newHash = String(repeating: "n", count: 60)
        try db.setPassword(username: "kb", passwordHash: newHash, keeping: mine, actor: "kb")
        #expect(try db.session(tokenHash: mine) != nil)
        #expect(try db.session(tokenHash: other) == nil)
        #expect(try db.credentials(username: "kb")?.passwordHash == newHash)
        let line = try #require(try db.auditLog(subject: "user:kb").first)
        #expect(line.action == "set-password")
        #expect(!(line.after ?? "").contains(newHash))
        try db.endSessions(userID: kb.id, actor: "kb")
        #expect(try db.session(tokenHash: mine) == nil)
        #expect(try db.auditLog(subject: "user:kb").first?.action == "sign-out-everywhere")
    }

    @Test func theListGivesRoleStateLanguageDisabledAndLastSignIn() throws {
        let db = try AppFixtures.database()
        let kb = try db.addUser(username: "kb", passwordHash: Self.hash, role: .coordinator, state: "MY-03", person: nil, language: .ms, actor: "t")
        try db.addUser(username: "admin", passwordHash: Self.hash, role: .admin, state: nil, person: nil, actor: "t")
        try db.createSession(tokenHash: Array(repeating: 9, count: 32), userID: kb.id, csrf: "c", lifetime: 3600)
        try db.setDisabled(username: "admin", disabled: true, actor: "t")
        let list = try db.userSummaries()
        #expect(list.map(\.username) == ["admin", "kb"])
        #expect(list[0].language == .en)
        #expect(list[0].disabled)
        #expect(list[0].lastSignIn == nil)
        #expect(list[1].language == .ms)
        #expect(list[1].state == "MY-03")
        #expect(list[1].lastSignIn != nil)
    }

    @Test(arguments: [
        ("short", "password: use at least 12 characters (this one has 5)"),
        ("aaaaaaaaaaaaaaaa", "password: a single character repeated is too easy to guess"),
        (String(repeating: "ab", count: 40), "password: use at most 72 bytes (bcrypt ignores the rest)"),
    ])
    func aWeakPasswordIsRefusedNamingTheField(password: String, problem: String) {
        #expect(PasswordPolicy.problem(password) == problem)
    }

    @Test func aGoodPasswordPasses() {
        #expect(PasswordPolicy.problem("correct horse battery") == nil)
    }
}
