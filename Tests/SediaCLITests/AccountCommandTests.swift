import ArgumentParser
import Foundation
import SediaAppTestSupport
import SediaCLI
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// `sedia user disable|enable|list` and `sedia apply-plan` with a swap, run in-process.
struct AccountCommandTests {
    static let hash = String(repeating: "h", count: 60)

    func run(_ arguments: [String]) throws {
        var command = try SediaCommand.parseAsRoot(arguments)
        try command.run()
    }

    func exitCode(_ arguments: [String]) -> Int32 { SediaRun.run(arguments).status }

    @Test func disableEndsSessionsAndFeedsAndEnableLetsTheAccountSignInAgain() throws {
        let dir = try TemporaryDirectory("cli-user")
        defer { dir.remove() }
        let db = dir.file("sedia.sqlite")
        let database = try AppDatabase.open(path: db)
        _ = try database.importInstance(AppFixtures.instance, actor: "test")
        let kb = try database.addUser(username: "kb", passwordHash: Self.hash, role: .coordinator, state: "MY-03", person: nil, actor: "t")
        let session: [UInt8] = Array(repeating: 1, count: 32)
        let feed: [UInt8] = Array(repeating: 2, count: 32)
        try database.createSession(tokenHash: session, userID: kb.id, csrf: "c", lifetime: 3600)
        try database.createFeedToken(tokenHash: feed, username: "kb", scope: FeedScope(kind: .centre, subject: "CIC-KB"), actor: "t")
        try run(["user", "disable", "--db", db, "--username", "kb", "--actor", "ops"])
        #expect(try database.session(tokenHash: session) == nil)
        #expect(try database.feedToken(hash: feed) == nil)
        #expect(try database.userSummaries().first?.disabled == true)
        try run(["user", "enable", "--db", db, "--username", "kb"])
        #expect(try database.userSummaries().first?.disabled == false)
        #expect(exitCode(["user", "disable", "--db", db, "--username", "nobody"]) == 2)
        #expect(exitCode(["user", "password", "--db", db, "--username", "kb"]) != 0)
        #expect(try database.auditLog(subject: "user:kb").prefix(2).map(\.action) == ["enable-user", "disable-user"])
    }

    @Test func theListNamesEveryFieldAndNeverAHash() throws {
        let users = [
            UserSummary(
                username: "kb", role: .coordinator, state: "MY-03", person: nil, language: .ms, disabled: false, lastSignIn: "2026-12-01T08:00:00Z"),
            UserSummary(username: "root", role: .admin, state: nil, person: nil, language: .en, disabled: true, lastSignIn: nil),
        ]
        let json = UserList.render(users, json: true)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(decoded.count == 2)
        #expect(Set(decoded[0].keys) == ["username", "role", "state", "person", "language", "disabled", "lastSignIn"])
        #expect(decoded[0]["language"] as? String == "ms")
        #expect(decoded[1]["lastSignIn"] is NSNull)
        let table = UserList.render(users, json: false)
        #expect(
            table
                == "username\trole\tstate\tlanguage\tdisabled\tlast sign-in\nkb\tcoordinator\tMY-03\tms\tno\t2026-12-01T08:00:00Z\nroot\tadmin\t*\ten\tyes\tnever\n"
        )
        #expect(!json.contains("hash") && !table.contains("hash"))
    }

    @Test func aPlanThatSwapsTwoBookingsIsAppliedByTheCommand() throws {
        let dir = try TemporaryDirectory("cli-swap")
        defer { dir.remove() }
        let db = dir.file("sedia.sqlite")
        let database = try AppDatabase.open(path: db)
        _ = try database.importInstance(AppFixtures.instance, actor: "test")
        try database.createCase(
            AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, actor: "test")
        func one(_ room: Room.ID) -> InterviewBooking {
            InterviewBooking(
                caseID: "K-2027-0001", room: room, interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00"))
        }
        func nine(_ room: Room.ID) -> InterviewBooking {
            InterviewBooking(caseID: "K-2027-0009", room: room, interviewer: "IO-020", psychologist: nil, start: AppFixtures.at("2027-01-06T09:00"))
        }
        try database.bookInterview(one("CIC-KB-1"), actor: "t")
        try database.bookInterview(nine("CIC-KB-2"), actor: "t")
        // The two cases trade rooms: neither new booking fits while the other old one is still in place.
        let plan = Plan(instance: "fixture-2027", interviews: [one("CIC-KB-2"), nine("CIC-KB-1")], hearings: [], unassigned: [], score: nil)
        let path = dir.file("plan.json")
        try Data(PlanningFormat.encode(plan)).write(to: URL(fileURLWithPath: path))
        try run(["apply-plan", path, "--db", db])
        let rooms = Dictionary(uniqueKeysWithValues: try database.bookings().interviews.map { ($0.booking.caseID, $0.booking.room) })
        #expect(rooms["K-2027-0001"] == "CIC-KB-2")
        #expect(rooms["K-2027-0009"] == "CIC-KB-1")
        #expect(try database.auditLog().first?.action == "apply-plan")
    }
}
