import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

// Each test here replays one finding of the attack on the running application (docs/security.md) through the pages,
// and fails without its fix.

extension Harness {
    /// One more account with the harness's password.
    func addUser(_ username: String, role: Role, state: String?) throws {
        try database.addUser(
            username: username, passwordHash: Passwords.hash(Self.password, cost: 4), role: role, state: state, person: nil, actor: "t")
    }
}

struct LostUpdatePageTests {
    static let slotA: [(String, String)] = [
        ("task", "interview"), ("start", "2027-01-06T09:00"), ("room", "CIC-KB-1"), ("interviewer", "IO-014"), ("psychologist", "PSY-03"),
    ]
    static let slotB: [(String, String)] = [
        ("task", "interview"), ("start", "2027-01-07T09:00"), ("room", "CIC-KB-1"), ("interviewer", "IO-014"), ("psychologist", "PSY-03"),
    ]

    @Test func theSecondOfTwoBookingsFromOnePageIsRefusedWithWhoChangedItAndWhatIsBookedNow() async throws {
        let harness = try Harness()
        try harness.addUser("kb2", role: .coordinator, state: "MY-03")
        try await harness.run { client in
            let one = try await Browser.signIn(client, "kb")
            let two = try await Browser.signIn(client, "kb2")
            // Both open the unbooked case: the same revision.
            let shown = try await one.caseRevision(client, "K-2027-0001")
            #expect(try await two.caseRevision(client, "K-2027-0001") == shown)
            let first = try await one.post(client, "/cases/K-2027-0001/book", [("revision", shown)] + Self.slotA)
            #expect(first.status == .seeOther)
            let second = try await two.post(client, "/cases/K-2027-0001/book", [("revision", shown), ("reason", "")] + Self.slotB)
            #expect(second.status == .conflict)
            let page = String(buffer: second.body)
            #expect(page.contains("changed meanwhile by kb;"))
            // The page is shown again with what is booked now, and a new revision to act on.
            #expect(page.contains("Booked for Wed 6 Jan 2027, 09:00 in CIC-KB-1"))
            #expect(hidden(page, "revision") != shown)
        }
        #expect(try harness.database.auditLog(subject: "case:K-2027-0001").map(\.action) == ["book-interview"])
        #expect(
            try harness.database.bookings().interviews.first { $0.booking.caseID == "K-2027-0001" }?.booking.start.description == "2027-01-06T09:00")
    }

    @Test(arguments: ["book", "cancel", "prosecutor"])
    func everyChangeFormNeedsTheRevisionItWasShown(form: String) async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            let fields: [(String, String)]
            switch form {
            case "book": fields = Self.slotA
            case "cancel": fields = [("task", "interview"), ("reason", "withdrawn")]
            default: fields = [("prosecutor", "DPP-01")]
            }
            // K-2027-0002's pinned interview for cancel; K-2027-0001 otherwise.
            let id = form == "cancel" ? "K-2027-0002" : "K-2027-0001"
            let missing = try await browser.post(client, "/cases/\(id)/\(form)", fields)
            #expect(missing.status == .unprocessableContent)
            #expect(String(buffer: missing.body).contains("Case version: required."))
            let stale = try await browser.post(client, "/cases/\(id)/\(form)", [("revision", "999999")] + fields)
            #expect(stale.status == .conflict)
            #expect(String(buffer: stale.body).contains("changed meanwhile by test"))
        }
        #expect(try harness.database.auditLog(subject: "case:K-2027-0001").isEmpty)
        #expect(try harness.database.auditLog(subject: "case:K-2027-0002").isEmpty)
        #expect(try harness.database.bookings().interviews.count == 1)
    }
}

/// State scope on shared resources: an officer serving Kelantan and Selangor, a Selangor case booked into Kelantan's centre.
struct StateScopeTests {
    static func sharedHarness() throws -> Harness {
        let harness = try Harness()
        var instance = AppFixtures.instance
        if let i = instance.interviewers.firstIndex(where: { $0.id == "IO-014" }) { instance.interviewers[i].centres = ["CIC-KB", "CIC-SA"] }
        _ = try harness.database.importInstance(instance, actor: "test")
        try harness.database.createCase(
            Case(
                id: "B-2027-0010",
                child: Child(
                    ref: "C-0010", age: 9, gender: "F", languages: ["ms"], lat: 3.1, lon: 101.6, interviewerGender: nil, needsPsychologist: false,
                    needsAccessibleRoom: false),
                interview: InterviewRequest(durationMinutes: 60, earliest: AppFixtures.day("2027-01-04"), targetBy: AppFixtures.day("2027-01-29")),
                interviewDoneOn: nil, hearing: nil), state: "MY-10", childName: nil, actor: "test")
        try harness.addUser("nat", role: .coordinator, state: nil)
        return harness
    }

    @Test func weekViewsShowAStateCoordinatorOnlyTheirOwnCases() async throws {
        let harness = try Self.sharedHarness()
        let db = harness.database
        try db.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-07T09:00")),
            actor: "kb")
        try db.bookInterview(
            InterviewBooking(
                caseID: "B-2027-0010", room: "CIC-KB-2", interviewer: "IO-014", psychologist: nil, start: AppFixtures.at("2027-01-06T14:00")),
            actor: "nat")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let sel = try await Browser.signIn(client, "sel")
            let nat = try await Browser.signIn(client, "nat")
            for uri in ["/week/officer/IO-014?from=2027-01-03", "/week/centre/CIC-KB?from=2027-01-03"] {
                let mine = String(buffer: try await kb.get(client, uri).body)
                #expect(mine.contains("K-2027-0001"), "\(uri)")
                #expect(!mine.contains("B-2027-0010"), "\(uri)")
                #expect(mine.contains("busy (another state"), "\(uri)")
                let national = String(buffer: try await nat.get(client, uri).body)
                #expect(national.contains("K-2027-0001") && national.contains("B-2027-0010"), "\(uri)")
            }
            let theirs = String(buffer: try await sel.get(client, "/week/officer/IO-014?from=2027-01-03").body)
            #expect(theirs.contains("B-2027-0010"))
            #expect(!theirs.contains("K-2027-0001"))
            #expect(try await sel.get(client, "/week/centre/CIC-KB?from=2027-01-03").status == .notFound)
        }
    }

    @Test(
        arguments: [
            ("CIC-KB-1", "IO-014", nil, "room: CIC-KB-1 is not a room of MY-10"),
            ("CIC-SA-1", "IO-020", nil, "interviewer: IO-020 does not serve MY-10"),
            ("CIC-SA-1", "IO-100", "PSY-03", "psychologist: PSY-03 does not serve MY-10"),
        ] as [(String, String, String?, String)])
    func aStateCoordinatorCannotBookAnotherStatesResources(room: String, interviewer: String, psychologist: String?, problem: String) async throws {
        let harness = try Self.sharedHarness()
        try await harness.run { client in
            let sel = try await Browser.signIn(client, "sel")
            let response = try await sel.post(
                client, "/cases/B-2027-0010/book",
                [
                    ("revision", try await sel.caseRevision(client, "B-2027-0010")), ("task", "interview"), ("start", "2027-01-06T09:00"),
                    ("room", room), ("interviewer", interviewer),
                ] + (psychologist.map { [("psychologist", $0)] } ?? []))
            #expect(response.status == .forbidden)
            let page = String(buffer: response.body)
            #expect(page.contains(problem))
            #expect(
                page.contains("needs that state&#39;s coordinator or a national one")
                    || page.contains("needs that state's coordinator or a national one"))
        }
        #expect(try harness.database.auditLog(subject: "case:B-2027-0010").map(\.action) == ["create-case"])
    }

    @Test func aSharedOfficerAndTheStatesOwnRoomMayBeBookedAndANationalCoordinatorMayBookAcrossStates() async throws {
        let harness = try Self.sharedHarness()
        try await harness.run { client in
            let sel = try await Browser.signIn(client, "sel")
            let own = try await sel.post(
                client, "/cases/B-2027-0010/book",
                [
                    ("revision", try await sel.caseRevision(client, "B-2027-0010")), ("task", "interview"), ("start", "2027-01-06T09:00"),
                    ("room", "CIC-SA-1"), ("interviewer", "IO-014"),
                ])
            #expect(own.status == .seeOther)
            let nat = try await Browser.signIn(client, "nat")
            let across = try await nat.post(
                client, "/cases/K-2027-0001/book",
                [("revision", try await nat.caseRevision(client, "K-2027-0001")), ("room", "CIC-SA-1")]
                    + Array(LostUpdatePageTests.slotA.filter { $0.0 != "room" }))
            #expect(across.status != .forbidden)
            #expect(!String(buffer: across.body).contains("national one"))
        }
    }

    @Test func intakeWithAnotherStatesCaseIdAnswersAsForAnyRefusedId() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let sel = try await Browser.signIn(client, "sel")
            func intake(_ id: String) async throws -> TestResponse {
                let fields = FormSecurityTests.validIntake.filter { $0.0 != "id" && $0.0 != "state" } + [("id", id), ("state", "MY-10")]
                return try await sel.post(client, "/cases", fields)
            }
            // K-2027-0001 exists in Kelantan; "K 2027 0001" is refused by its form alone. The two answers must not differ.
            let taken = try await intake("K-2027-0001")
            let malformed = try await intake("K 2027 0001")
            #expect(taken.status == .unprocessableContent)
            #expect(taken.status == malformed.status)
            let takenPage = String(buffer: taken.body)
            #expect(!takenPage.contains("already exists"))
            #expect(takenPage.contains("this case id cannot be used"))
            #expect(String(buffer: malformed.body).contains("this case id cannot be used"))
            // Within their own state a coordinator is told plainly.
            let kb = try await Browser.signIn(client, "kb")
            let own = try await kb.post(client, "/cases", FormSecurityTests.validIntake.filter { $0.0 != "id" } + [("id", "K-2027-0002")])
            #expect(own.status == .conflict)
            #expect(String(buffer: own.body).contains("already exists"))
        }
        #expect(try harness.database.caseRecords(state: nil).count == 3)
    }
}

struct RestoreUnderServerTests {
    @Test func aRestoreIsSeenAtOnceEndsEverySessionAndKeepsRevokedFeedsRevoked() async throws {
        let dir = try TemporaryDirectory("restore-server")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        let harness = try Harness(path: path)
        let token = Secrets.token()
        try harness.database.createFeedToken(
            tokenHash: Secrets.hash(token), username: "kb", scope: FeedScope(kind: .officer, subject: "IO-014"), actor: "test")
        try await harness.run { client in
            // Selangor's coordinator is signed in when the backup is made, and signs out after it.
            let sel = try await Browser.signIn(client, "sel")
            try harness.database.backup(to: dir.file("backup.sqlite"))
            #expect(try await sel.post(client, "/logout", []).status == .seeOther)
            let kb = try await Browser.signIn(client, "kb")
            let booked = try await kb.post(
                client, "/cases/K-2027-0001/book", [("revision", try await kb.caseRevision(client, "K-2027-0001"))] + LostUpdatePageTests.slotA)
            #expect(booked.status == .seeOther)
            // Pages and the feed are cached now.
            #expect(String(buffer: try await kb.get(client, "/cases/K-2027-0001").body).contains("interview-booking"))
            #expect(try await client.execute(uri: "/feeds/\(token).ics", method: .get).status == .ok)
            // The operator revokes the feed, then restores the backup from another process.
            let operatorConnection = try AppDatabase.open(path: path)
            _ = try operatorConnection.revokeFeedToken(hash: Secrets.hash(token), userID: nil, actor: "ops")
            try operatorConnection.restore(from: dir.file("backup.sqlite"), actor: "ops")

            let after = try await kb.get(client, "/cases/K-2027-0001")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/login")
            // The session that ended after the backup does not come back with it.
            #expect(try await sel.get(client, "/cases").headers[.location] == "/login")
            #expect(try await client.execute(uri: "/feeds/\(token).ics", method: .get).status == .notFound)
            let again = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await again.get(client, "/cases/K-2027-0001").body)
            #expect(!page.contains("interview-booking"))
            #expect(!String(buffer: try await again.get(client, "/cases").body).contains("2027-01-06T09:00"))
        }
    }
}

struct ShutdownAndReadOnlyTests {
    @Test func healthzReportsADatabaseItCannotWrite() async throws {
        let dir = try TemporaryDirectory("healthz")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        let harness = try Harness(path: path)
        try await harness.run { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            // The -shm replaced by something this process cannot write (a folder: tests run as root).
            try? FileManager.default.removeItem(atPath: path + "-shm")
            try FileManager.default.createDirectory(atPath: path + "-shm", withIntermediateDirectories: false)
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(String(buffer: response.body) == "database not writable: \(path)-shm is not a regular file\n")
        }
    }

    @Test func aServerThatStopsRightAfterAWriteLeavesItInTheDatabaseFile() async throws {
        let dir = try TemporaryDirectory("stop")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        let harness = try Harness(path: path)
        let dependencies = ServerDependencies(
            database: harness.database, hooks: harness.hooks, configuration: ServerConfiguration(port: 0), logger: Logger(label: "test"))
        let (running, signal) = AsyncStream<Void>.makeStream()
        let server = Task { try await runServer(dependencies) { _ in signal.yield() } }
        for await _ in running { break }
        try harness.database.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00")),
            actor: "kb")
        let size = { ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int) ?? -1 }
        #expect(size() > 0)
        server.cancel()
        _ = await server.result
        #expect(size() == 0)
    }

    @Test func aServerRefusesToStartOnADatabaseItCannotWrite() async throws {
        let dir = try TemporaryDirectory("refuse-start")
        defer { dir.remove() }
        let path = dir.file("sedia.sqlite")
        let harness = try Harness(path: path)
        try? FileManager.default.removeItem(atPath: path + "-shm")
        try FileManager.default.createDirectory(atPath: path + "-shm", withIntermediateDirectories: false)
        let dependencies = ServerDependencies(
            database: harness.database, hooks: harness.hooks, configuration: ServerConfiguration(port: 0), logger: Logger(label: "test"))
        let error = await #expect(throws: StoreError.self) { try await runServer(dependencies) { _ in } }
        #expect(error?.message == "cannot serve: \(path)-shm is not a regular file")
    }
}

struct AccountPageTests {
    @Test func changingMyPasswordNeedsTheCurrentOneEndsMyOtherSessionsAndKeepsThisOne() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let here = try await Browser.signIn(client, "kb")
            let elsewhere = try await Browser.signIn(client, "kb")
            let wrong = try await here.post(client, "/me/password", [("current", "not it"), ("password", "a much better passphrase")])
            #expect(wrong.status == .forbidden)
            let weak = try await here.post(client, "/me/password", [("current", Harness.password), ("password", "short")])
            #expect(weak.status == .unprocessableContent)
            #expect(String(buffer: weak.body).contains("password: use at least 12 characters"))
            let changed = try await here.post(client, "/me/password", [("current", Harness.password), ("password", "a much better passphrase")])
            #expect(changed.status == .ok)
            // The change rotates this session's cookie: the old one opens nothing, the new one goes on.
            let rotated = try #require(cookieValue(changed.headers, "sedia_session"))
            #expect("sedia_session=\(rotated)" != here.cookie)
            #expect(try await here.get(client, "/cases").headers[.location] == "/login")
            #expect(try await Browser(cookie: "sedia_session=\(rotated)", csrf: here.csrf).get(client, "/cases").status == .ok)
            #expect(try await elsewhere.get(client, "/cases").headers[.location] == "/login")
            _ = try await Browser.signIn(client, "kb", password: "a much better passphrase")
        }
        #expect(try harness.database.auditLog(subject: "user:kb").contains { $0.action == "set-password" && $0.actor == "kb" })
    }

    @Test func signingOutEverywhereEndsEverySession() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let here = try await Browser.signIn(client, "kb")
            let elsewhere = try await Browser.signIn(client, "kb")
            let response = try await here.post(client, "/me/sign-out-everywhere", [])
            #expect(response.status == .seeOther)
            #expect(try await here.get(client, "/cases").headers[.location] == "/login")
            #expect(try await elsewhere.get(client, "/cases").headers[.location] == "/login")
        }
        #expect(try harness.database.auditLog(subject: "user:kb").first?.action == "sign-out-everywhere")
    }

    @Test func anAdminListsAccountsWithoutHashesAndADisableEndsSessionsAndFeedsAtOnce() async throws {
        let harness = try Harness()
        try harness.addUser("root", role: .admin, state: nil)
        let token = Secrets.token()
        try harness.database.createFeedToken(
            tokenHash: Secrets.hash(token), username: "kb", scope: FeedScope(kind: .centre, subject: "CIC-KB"), actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            #expect(try await kb.get(client, "/admin/users").status == .forbidden)
            let admin = try await Browser.signIn(client, "root")
            let list = String(buffer: try await admin.get(client, "/admin/users").body)
            #expect(list.contains("<th scope=\"row\">kb</th><td>coordinator</td><td>MY-03</td>") && list.contains("<td>English</td><td>active</td>"))
            #expect(!list.contains("$2"))
            #expect(try await client.execute(uri: "/feeds/\(token).ics", method: .get).status == .ok)
            #expect(try await admin.post(client, "/admin/users/disable", [("username", "kb")]).status == .seeOther)
            #expect(try await kb.get(client, "/cases").headers[.location] == "/login")
            #expect(try await client.execute(uri: "/feeds/\(token).ics", method: .get).status == .notFound)
            let refused = try await admin.post(client, "/admin/users/disable", [("username", "root")])
            #expect(refused.status == .unprocessableContent)
            #expect(try await admin.post(client, "/admin/users/enable", [("username", "kb")]).status == .seeOther)
            let set = try await admin.post(client, "/admin/users/password", [("username", "kb"), ("password", "a new passphrase for kb")])
            #expect(set.status == .ok)
            _ = try await Browser.signIn(client, "kb", password: "a new passphrase for kb")
        }
        let actions = try harness.database.auditLog(subject: "user:kb").map(\.action)
        #expect(Array(actions.prefix(3)) == ["set-password", "enable-user", "disable-user"])
    }
}
