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

/// A router over a fresh in-memory database with the fixture and four users, and helpers that sign in like a browser.
struct Harness {
    static let password = "correct horse battery"

    let database: AppDatabase
    let clock: MutableClock
    let hooks: PlanningHooks
    let rules: ServerRules?
    /// The server's background replans, so a test waits on a job's completion rather than polling.
    let replanJobs = ReplanJobs(parallelism: 2)
    /// The server's background what-if questions, likewise.
    let whatifJobs = WhatifJobs(parallelism: 2)

    /// `rules` when given (the real rule book), else the small fixture book unless `withRules` is false.
    init(
        hooks: PlanningHooks = .live, path: String? = nil, withRules: Bool = true, rules: ServerRules? = nil,
        instance: Instance = AppFixtures.instance
    ) throws {
        self.rules = try rules ?? (withRules ? ServerRules(book: try RuleFixtures.book(), calendars: RuleFixtures.calendars()) : nil)
        let clock = MutableClock(AppFixtures.fixedNow)
        database = try path.map { try AppDatabase.open(path: $0, clock: { clock.now }) } ?? AppDatabase.inMemory(clock: { clock.now })
        _ = try database.importInstance(instance, actor: "test")
        let hash = Passwords.hash(Self.password, cost: 4)
        try database.addUser(username: "kb", passwordHash: hash, role: .coordinator, state: "MY-03", person: nil, actor: "test")
        try database.addUser(username: "sel", passwordHash: hash, role: .coordinator, state: "MY-10", person: nil, actor: "test")
        try database.addUser(username: "dpp", passwordHash: hash, role: .prosecutor, state: "MY-03", person: nil, actor: "test")
        try database.addUser(username: "io14", passwordHash: hash, role: .staff, state: nil, person: "IO-014", actor: "test")
        try database.addUser(username: "dpp01", passwordHash: hash, role: .prosecutor, state: "MY-03", person: "DPP-01", actor: "test")
        self.clock = clock
        self.hooks = hooks
    }

    /// Replans search a fixed number of iterations, so a proposal is the same on every run.
    func configuration(secure: Bool) -> ServerConfiguration {
        var configuration = ServerConfiguration(secureCookies: secure, sessionLifetime: 3600)
        configuration.replanIterations = 300
        configuration.whatifIterations = 200
        return configuration
    }

    func run(secure: Bool = false, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let dependencies = ServerDependencies(
            database: database, hooks: hooks, configuration: configuration(secure: secure), logger: Logger(label: "test"), rules: rules,
            replanJobs: replanJobs, whatifJobs: whatifJobs, places: AppFixtures.places)
        let app = Application(router: try await buildRouter(dependencies))
        try await app.test(.router) { client in try await body(client) }
    }
}

/// A signed-in browser: the session cookie and the page's CSRF token.
struct Browser {
    var cookie: String
    var csrf: String

    static func signIn(_ client: any TestClientProtocol, _ username: String, password: String = Harness.password) async throws -> Browser {
        let page = try await client.execute(uri: "/login", method: .get)
        let loginCookie = try #require(cookieValue(page.headers, "sedia_login"))
        let token = try #require(hidden(String(buffer: page.body), "login"))
        let response = try await client.execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "sedia_login=\(loginCookie)"],
            body: ByteBuffer(string: "login=\(token)&username=\(username)&password=\(password.replacingOccurrences(of: " ", with: "+"))"))
        #expect(response.status == .seeOther)
        let session = try #require(cookieValue(response.headers, "sedia_session"))
        let me = try await client.execute(uri: "/me", method: .get, headers: [.cookie: "sedia_session=\(session)"])
        let csrf = try #require(hidden(String(buffer: me.body), "csrf"))
        return Browser(cookie: "sedia_session=\(session)", csrf: csrf)
    }

    /// The revision a case's change forms carry, read from the case page as a browser would have it.
    func caseRevision(_ client: any TestClientProtocol, _ id: String) async throws -> String {
        try #require(hidden(String(buffer: try await get(client, "/cases/\(id)").body), "revision"))
    }

    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
    }

    func post(_ client: any TestClientProtocol, _ uri: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> TestResponse {
        var all = fields
        if csrf { all.append(("csrf", self.csrf)) }
        let body = all.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await client.execute(
            uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie], body: ByteBuffer(string: body))
    }
}

func cookieValue(_ headers: HTTPFields, _ name: String) -> String? {
    for line in headers[values: .setCookie] where line.hasPrefix(name + "=") {
        let value = line.dropFirst(name.count + 1).prefix { $0 != ";" }
        if !value.isEmpty { return String(value) }
    }
    return nil
}

func hidden(_ html: String, _ name: String) -> String? {
    guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

struct SignInTests {
    @Test func healthzAnswersWhenReady() async throws {
        try await Harness().run { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "ok\n")
        }
    }

    @Test func aWrongPasswordIsRefusedAndOpensNoSession() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let page = try await client.execute(uri: "/login", method: .get)
            let loginCookie = try #require(cookieValue(page.headers, "sedia_login"))
            let token = try #require(hidden(String(buffer: page.body), "login"))
            let response = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "sedia_login=\(loginCookie)"],
                body: ByteBuffer(string: "login=\(token)&username=kb&password=wrong+password"))
            #expect(response.status == .unauthorized)
            #expect(cookieValue(response.headers, "sedia_session") == nil)
            #expect(String(buffer: response.body).contains("Wrong username or password"))
        }
        #expect(try harness.database.auditLog().allSatisfy { $0.action != "sign-in" })
    }

    @Test func signInWithoutTheFormTokenIsRefused() async throws {
        try await Harness().run { client in
            let response = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "username=kb&password=correct+horse+battery"))
            #expect(response.status == .forbidden)
            #expect(cookieValue(response.headers, "sedia_session") == nil)
        }
    }

    @Test(arguments: [false, true])
    func theSessionCookieIsHttpOnlySameSiteAndSecureUnderTLS(secure: Bool) async throws {
        try await Harness().run(secure: secure) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            let loginCookie = try #require(cookieValue(page.headers, "sedia_login"))
            let token = try #require(hidden(String(buffer: page.body), "login"))
            let response = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "sedia_login=\(loginCookie)"],
                body: ByteBuffer(string: "login=\(token)&username=kb&password=correct+horse+battery"))
            let line = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("sedia_session=") })
            #expect(line.contains("HttpOnly"))
            #expect(line.contains("SameSite=Lax"))
            #expect(line.contains("Secure") == secure)
        }
    }

    @Test func anExpiredSessionIsSentToSignInAndChangesNothing() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            #expect(try await browser.get(client, "/cases").status == .ok)
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(3601)
            let page = try await browser.get(client, "/cases")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login")
            let cancel = try await browser.post(client, "/cases/K-2027-0002/cancel", [("task", "interview"), ("reason", "late")])
            #expect(cancel.status == .seeOther)
            #expect(cancel.headers[.location] == "/login")
        }
        #expect(try harness.database.bookings().interviews.count == 1)
    }
}

struct FormSecurityTests {
    @Test func aFormWithoutItsCSRFTokenIsRefused() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            let response = try await browser.post(client, "/cases/K-2027-0002/cancel", [("task", "interview"), ("reason", "forged")], csrf: false)
            #expect(response.status == .forbidden)
            let wrong = try await browser.post(
                client, "/cases/K-2027-0002/cancel", [("task", "interview"), ("reason", "forged"), ("csrf", "x")], csrf: false)
            #expect(wrong.status == .forbidden)
        }
        #expect(try harness.database.bookings().interviews.count == 1)
        #expect(try harness.database.auditLog(subject: "case:K-2027-0002").isEmpty)
    }

    @Test func anotherStatesCaseIsNotFoundEvenByEditingTheURL() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "sel")
            #expect(try await browser.get(client, "/cases/K-2027-0001").status == .notFound)
            #expect(try await browser.get(client, "/cases/K-2027-0001/checklist").status == .notFound)
            let book = try await browser.post(
                client, "/cases/K-2027-0001/book",
                [("task", "interview"), ("start", "2027-01-06T09:00"), ("room", "CIC-KB-1"), ("interviewer", "IO-014")])
            #expect(book.status == .notFound)
            let cancel = try await browser.post(client, "/cases/K-2027-0002/cancel", [("task", "interview"), ("reason", "not mine")])
            #expect(cancel.status == .notFound)
            #expect(try await browser.get(client, "/week/centre/CIC-KB").status == .notFound)
            let list = String(buffer: try await browser.get(client, "/cases").body)
            #expect(!list.contains("K-2027-0001"))
            #expect(list.contains("B-2027-0003"))
        }
        #expect(try harness.database.bookings().interviews.count == 1)
    }

    @Test func staffCannotSubscribeToSomeoneElsesFeed() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "io14")
            let response = try await browser.post(client, "/me/feeds", [("feed", "officer:IO-020")])
            #expect(response.status == .forbidden)
            let centre = try await browser.post(client, "/me/feeds", [("feed", "centre:CIC-KB")])
            #expect(centre.status == .forbidden)
            #expect(try await browser.get(client, "/cases").status == .forbidden)
            #expect(try await browser.get(client, "/week/officer/IO-020").status == .notFound)
            let own = try await browser.post(client, "/me/feeds", [("feed", "officer:IO-014")])
            #expect(own.status == .ok)
            #expect(String(buffer: own.body).contains("webcal://"))
            // Feeds are offered and listed by the name the calendar will show, not by their scope's code.
            let page = String(buffer: own.body)
            #expect(page.contains("<option value=\"busy-officer:IO-014\">Sedia: Interviews – interviewer IO-014 (busy only)</option>"))
            #expect(page.contains("<td>Sedia: Interviews – interviewer IO-014</td>"))
            #expect(!page.contains(">officer:IO-014<"))
        }
        let user = try #require(try harness.database.credentials(username: "io14")).user
        #expect(try harness.database.feedTokens(userID: user.id).map(\.scope.description) == ["officer:IO-014"])
    }

    @Test func anOversizedFormIsRefusedBeforeItIsRead() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            let response = try await browser.post(client, "/cases", [("id", "K-BIG"), ("childRef", String(repeating: "x", count: 70_000))])
            #expect(response.status == .contentTooLarge)
        }
        #expect(try harness.database.caseRecord(id: "K-BIG") == nil)
    }

    static let validIntake: [(String, String)] = [
        ("id", "K-2027-0100"), ("state", "MY-03"), ("childRef", "C-0100"), ("childName", "Nur Example"), ("age", "8"), ("gender", "F"),
        ("lang.ms", "1"), ("lang.en", "1"), ("home", "1736376"), ("needsInterview", "1"), ("durationMinutes", "60"), ("earliest", "2027-01-04"),
        ("targetBy", "2027-01-25"),
    ]

    @Test(arguments: [
        ("age", "abc"), ("age", "18"), ("home", "north"), ("home", "1732903999"), ("earliest", "2027-02-30"), ("lang.<script>", "1"),
        ("otherLanguages", "<script>"), ("id", "K 1; DROP TABLE"),
        ("durationMinutes", "5"), ("state", "MY-10"), ("childRef", String(repeating: "r", count: 65)),
    ])
    func malformedIntakeFieldsAreRefusedAndNothingIsCreated(field: String, value: String) async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            var fields = Self.validIntake.filter { $0.0 != field }
            fields.append((field, value))
            let response = try await browser.post(client, "/cases", fields)
            #expect([.unprocessableContent, .forbidden].contains(response.status), "\(field)=\(value) gave \(response.status)")
        }
        #expect(try harness.database.caseRecords(state: nil).count == 3)
    }

    @Test func markupInFieldsIsEscapedOnEveryPage() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            var fields = Self.validIntake.filter { $0.0 != "childRef" }
            fields.append(("childRef", "<b>x</b>"))
            #expect(try await browser.post(client, "/cases", fields).status == .seeOther)
            for uri in ["/cases", "/cases/K-2027-0100"] {
                let page = String(buffer: try await browser.get(client, uri).body)
                #expect(page.contains("&lt;b&gt;x&lt;/b&gt;"), "\(uri)")
                #expect(!page.contains("<b>x</b>"), "\(uri)")
            }
        }
    }

    @Test func theIntakeFormCreatesACaseAndKeepsTheNameOutOfPages() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            let response = try await browser.post(client, "/cases", Self.validIntake)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/cases/K-2027-0100?confirm=K-2027-0100")
            let page = String(buffer: try await browser.get(client, "/cases/K-2027-0100").body)
            #expect(page.contains("C-0100"))
            #expect(!page.contains("Nur Example"))
        }
        #expect(try harness.database.caseRecord(id: "K-2027-0100")?.state == "MY-03")
    }

    @Test func targetsLeftEmptyAtIntakeComeFromTheRules() async throws {
        var hooks = PlanningHooks.live
        // What `sedia serve` wires from rules/: 12 months from registration, the interview within 7 days.
        hooks.disposalTarget = { court, state, registered in court == "SC-KB" && state == "MY-03" ? registered.adding(months: 12) : nil }
        hooks.interviewTarget = { _, reported in reported.adding(days: 7) }
        let harness = try Harness(hooks: hooks)
        let withTrial =
            Self.validIntake.filter { $0.0 != "targetBy" } + [
                ("court", "SC-KB"), ("hearingEarliest", "2027-03-01"), ("registeredOn", "2027-01-31"), ("days", "2"),
            ]
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            #expect(try await browser.post(client, "/cases", withTrial).status == .seeOther)
            // Neither a disposal target nor a registration date: refused, nothing created.
            let bare = withTrial.filter { $0.0 != "registeredOn" }.map { $0.0 == "id" ? ("id", "K-2027-0101") : $0 }
            #expect(try await browser.post(client, "/cases", bare).status == .unprocessableContent)
        }
        let record = try #require(try harness.database.caseRecord(id: "K-2027-0100"))
        #expect(record.item.hearing?.deadline == AppFixtures.day("2028-01-31"))
        #expect(record.item.interview?.targetBy == AppFixtures.day("2027-01-11"))
        #expect(try harness.database.caseRecord(id: "K-2027-0101") == nil)
    }
}

struct BookingPageTests {
    @Test func bookingByFormIsCheckedByTheVerifier() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            // Case 1 needs a female interviewer; IO-020 is male (rule 3).
            let refused = try await browser.post(
                client, "/cases/K-2027-0001/book",
                [
                    ("revision", try await browser.caseRevision(client, "K-2027-0001")), ("task", "interview"), ("start", "2027-01-06T09:00"),
                    ("room", "CIC-KB-1"), ("interviewer", "IO-020"), ("psychologist", "PSY-03"),
                ])
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("rule 3"))
            #expect(String(buffer: refused.body).contains("IO-020 is not a woman interviewer, as the child needs"))
            // A Malay reader is told what is wrong in Malay, not in the verifier's English.
            #expect(try await browser.post(client, "/language", [("language", "ms"), ("back", "/cases")]).status == .seeOther)
            let ditolak = try await browser.post(
                client, "/cases/K-2027-0001/book",
                [
                    ("revision", try await browser.caseRevision(client, "K-2027-0001")), ("task", "interview"), ("start", "2027-01-06T09:00"),
                    ("room", "CIC-KB-1"), ("interviewer", "IO-020"), ("psychologist", "PSY-03"),
                ])
            #expect(ditolak.status == .unprocessableContent)
            #expect(String(buffer: ditolak.body).contains("IO-020 bukan pegawai temu bual perempuan seperti yang diperlukan oleh kanak-kanak"))
            #expect(!String(buffer: ditolak.body).contains("gender M != required F"))
            #expect(try await browser.post(client, "/language", [("language", "en"), ("back", "/cases")]).status == .seeOther)
            #expect(try harness.database.bookings().interviews.count == 1)
            let booked = try await browser.post(
                client, "/cases/K-2027-0001/book",
                [
                    ("revision", try await browser.caseRevision(client, "K-2027-0001")), ("task", "interview"), ("start", "2027-01-06T09:00"),
                    ("room", "CIC-KB-1"), ("interviewer", "IO-014"), ("psychologist", "PSY-03"),
                ])
            #expect(booked.status == .seeOther)
            let week = String(buffer: try await browser.get(client, "/week/centre/CIC-KB?from=2027-01-03").body)
            #expect(week.contains("K-2027-0001"))
            // Moving needs a reason.
            let move = try await browser.post(
                client, "/cases/K-2027-0001/book",
                [
                    ("revision", try await browser.caseRevision(client, "K-2027-0001")), ("task", "interview"), ("start", "2027-01-07T09:00"),
                    ("room", "CIC-KB-1"), ("interviewer", "IO-014"), ("psychologist", "PSY-03"),
                ])
            #expect(move.status == .unprocessableContent)
            let cancel = try await browser.post(
                client, "/cases/K-2027-0001/cancel",
                [("revision", try await browser.caseRevision(client, "K-2027-0001")), ("task", "interview"), ("reason", "")])
            #expect(cancel.status == .unprocessableContent)
        }
        #expect(try harness.database.bookings().interviews.count == 2)
    }

    @Test func findASlotOffersAPlacementThatBooksCleanly() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await browser.get(client, "/cases/K-2027-0001/slots?task=interview").body)
            #expect(page.contains("Book option 1"))
            let start = try #require(hidden(page, "start"))
            let room = try #require(hidden(page, "room"))
            let interviewer = try #require(hidden(page, "interviewer"))
            let psychologist = try #require(hidden(page, "psychologist"))
            #expect(interviewer == "IO-014")
            let booked = try await browser.post(
                client, "/cases/K-2027-0001/book",
                [
                    ("revision", try await browser.caseRevision(client, "K-2027-0001")), ("task", "interview"), ("start", start), ("room", room),
                    ("interviewer", interviewer), ("psychologist", psychologist),
                ])
            #expect(booked.status == .seeOther)
            let hearing = String(buffer: try await browser.get(client, "/cases/K-2027-0001/slots?task=hearing").body)
            #expect(hearing.contains("Book option 1"))
        }
        #expect(try harness.database.bookings().interviews.count == 2)
    }

    @Test func theBoardDrawsItsChart() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "dpp")
            let board = String(buffer: try await browser.get(client, "/board").body)
            #expect(board.contains("<svg"))
            #expect(board.contains("K-2027-0001"))
            #expect(!board.contains("B-2027-0003"))
        }
    }
}

/// The checklist page and the board's progress come from the server's rule book; ticks live in the database.
struct ChecklistPageTests {
    /// The fixture with K-2027-0001's trial booked, so every readiness item of the rule book has a due date.
    func harnessWithTrial() throws -> Harness {
        let harness = try Harness()
        let booking = HearingBooking(
            caseID: "K-2027-0001", court: "SC-KB", dates: [AppFixtures.day("2027-03-07"), AppFixtures.day("2027-03-08")], psychologist: "PSY-03")
        _ = try harness.database.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00")),
            actor: "test", reason: nil, check: { _, _ in [] })
        _ = try harness.database.bookHearing(booking, actor: "test", reason: nil, check: { _, _ in [] })
        return harness
    }

    @Test func thePageListsTheRuleBooksItemsWithOwnerDueAndSource() async throws {
        let harness = try harnessWithTrial()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "dpp")
            let response = try await browser.get(client, "/cases/K-2027-0001/checklist")
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            for template in try RuleFixtures.book().readiness {
                #expect(page.contains(template.title))
                #expect(page.contains(template.id))
                #expect(page.contains(template.source))
            }
            #expect(page.contains("Pre-trial conference within 30 days of registration"))
            // Transcript: owner io, 14 days before the trial of 2027-03-07 (a Sunday, a Kelantan working day).
            #expect(page.contains("<td>investigating officer</td><td class=\"due\">Sun 21 Feb 2027</td>"))
            #expect(page.contains("EoCWA s.6(2) [law]"))
            #expect(!page.contains("C-0001"))
        }
    }

    @Test func aTickMakesTheItemDoneWithWhoAndWhenAndShowsOnTheBoard() async throws {
        let harness = try harnessWithTrial()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "dpp")
            let before = String(buffer: try await browser.get(client, "/board").body)
            #expect(before.contains(">0/5"))
            let tick = try await browser.post(client, "/cases/K-2027-0001/checklist", [("item", "transcript-translation"), ("done", "1")])
            #expect(tick.status == .seeOther)
            let page = String(buffer: try await browser.get(client, "/cases/K-2027-0001/checklist").body)
            #expect(page.contains("status-done\">done"))
            #expect(page.contains("<td>dpp "))
            #expect(page.contains("Mark not done"))
            let board = String(buffer: try await browser.get(client, "/board").body)
            #expect(board.contains(">1/5"))
            // An item that is not on the case's checklist cannot be ticked.
            let unknown = try await browser.post(client, "/cases/K-2027-0001/checklist", [("item", "no-such-rule"), ("done", "1")])
            #expect(unknown.status == .notFound)
        }
        let tick = try #require(try harness.database.checklistTicks(caseID: "K-2027-0001")["transcript-translation"])
        #expect(tick.doneBy == "dpp")
        #expect(!tick.doneAt.isEmpty)
        #expect(try harness.database.auditLog(subject: "case:K-2027-0001").contains { $0.action == "tick-checklist" && $0.actor == "dpp" })
    }

    @Test func aTickOnAnotherStatesCaseIsNotFound() async throws {
        let harness = try harnessWithTrial()
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "sel")
            let tick = try await browser.post(client, "/cases/K-2027-0001/checklist", [("item", "transcript-translation"), ("done", "1")])
            #expect(tick.status == .notFound)
            #expect(try await browser.get(client, "/cases/K-2027-0001/checklist").status == .notFound)
        }
        #expect(try harness.database.checklistTicks().isEmpty)
    }

    @Test func aTickForARuleLeftOutOfTheBookIsKeptButNotShown() async throws {
        let harness = try harnessWithTrial()
        try harness.database.setChecklistTick(caseID: "K-2027-0001", rule: "retired-rule", done: true, actor: "dpp")
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "dpp")
            let page = String(buffer: try await browser.get(client, "/cases/K-2027-0001/checklist").body)
            #expect(!page.contains("retired-rule"))
        }
        #expect(try harness.database.checklistTicks(caseID: "K-2027-0001")["retired-rule"] != nil)
    }

    @Test func withoutRulesThePageSaysSo() async throws {
        try await Harness(withRules: false).run { client in
            let browser = try await Browser.signIn(client, "dpp")
            let page = String(buffer: try await browser.get(client, "/cases/K-2027-0001/checklist").body)
            #expect(page.contains("without rules/"))
        }
    }
}

struct FeedEndpointTests {
    static let token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

    func harnessWithFeed() throws -> Harness {
        let harness = try Harness()
        try harness.database.createFeedToken(
            tokenHash: Secrets.hash(Self.token), username: "kb", scope: FeedScope(kind: .officer, subject: "IO-020"), actor: "test")
        return harness
    }

    @Test func theFeedServesCalendarDataWithCaseReferencesOnly() async throws {
        let referrer = try #require(HTTPFields.Element.Name("Referrer-Policy"))
        try await harnessWithFeed().run { client in
            for accept in ["", "*/*", "text/html", "application/json"] {
                let headers: HTTPFields = accept.isEmpty ? [:] : [.accept: accept, .userAgent: "Google-Calendar-Importer"]
                let response = try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get, headers: headers)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(response.headers[referrer] == "no-referrer")
                let body = String(buffer: response.body)
                #expect(body.hasPrefix("BEGIN:VCALENDAR\r\n"))
                #expect(body.contains("SUMMARY:Interview – CIC-KB room 2"))
                #expect(body.contains("DTSTART;TZID=Asia/Kuala_Lumpur:20270105T100000"))
                #expect(!body.contains("C-0002"))
                #expect(!body.contains("K-2027-0002"))
            }
        }
    }

    @Test func conditionalRequestsAnswer304OnlyWhenTheFeedIsUnchanged() async throws {
        let harness = try harnessWithFeed()
        try await harness.run { client in
            let first = try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get)
            let etag = try #require(first.headers[.eTag])
            let lastModified = try #require(first.headers[.lastModified])
            #expect(try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get, headers: [.ifNoneMatch: etag]).status == .notModified)
            #expect(try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get, headers: [.ifNoneMatch: "\"other\""]).status == .ok)
            #expect(
                try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get, headers: [.ifModifiedSince: lastModified]).status
                    == .notModified)
            // An unparseable date, or one before the last change, gets the full feed (never a blind 304).
            for since in ["yesterday", "Mon, 01 Jan 1990 00:00:00 GMT", "", "Thu, 31 Feb 2030 00:00:00 GMT x"] {
                #expect(try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get, headers: [.ifModifiedSince: since]).status == .ok)
            }
            // A change to the feed's data gives a new ETag, and the old one no longer matches.
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(600)
            _ = try harness.database.bookInterview(
                InterviewBooking(
                    caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-020", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00")),
                actor: "test")
            let changed = try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get, headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != etag)
            #expect(String(buffer: changed.body).contains("DTSTART;TZID=Asia/Kuala_Lumpur:20270106T090000"))
            #expect(try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get, headers: [.ifModifiedSince: lastModified]).status == .ok)
        }
    }

    @Test func unknownAndRevokedTokensGetTheSamePlainTextNotFound() async throws {
        let harness = try harnessWithFeed()
        try await harness.run { client in
            let unknown = try await client.execute(uri: "/feeds/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.ics", method: .get)
            let junk = try await client.execute(uri: "/feeds/short.ics", method: .get)
            _ = try harness.database.revokeFeedToken(hash: Secrets.hash(Self.token), userID: nil, actor: "test")
            let revoked = try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get)
            for response in [unknown, junk, revoked] {
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(response.headers[.location] == nil)
            }
            #expect(String(buffer: unknown.body) == String(buffer: revoked.body))
            #expect(String(buffer: junk.body) == String(buffer: revoked.body))
        }
    }

    @Test func aRevocationFromAnotherProcessStopsACachedFeedAtOnce() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-feed-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let harness = try Harness(path: path)
        try harness.database.createFeedToken(
            tokenHash: Secrets.hash(Self.token), username: "kb", scope: FeedScope(kind: .officer, subject: "IO-020"), actor: "test")
        try await harness.run { client in
            for _ in 0..<3 { #expect(try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get).status == .ok) }
            // A second connection, as `sedia feed-token revoke` would open.
            let operatorConnection = try AppDatabase.open(path: path)
            _ = try operatorConnection.revokeFeedToken(hash: Secrets.hash(Self.token), userID: nil, actor: "ops")
            #expect(try await client.execute(uri: "/feeds/\(Self.token).ics", method: .get).status == .notFound)
        }
    }

    @Test func robotsDoNotBlockFeeds() async throws {
        try await Harness().run { client in
            let robots = String(buffer: try await client.execute(uri: "/robots.txt", method: .get).body)
            #expect(!robots.contains("/feeds"))
        }
    }
}

/// `--public-url https://…` (issue 25): users arrive over TLS, so cookies are Secure and browsers are told to stay on
/// HTTPS (HSTS); an http public address, or none, sends neither.
struct PublicAddressTests {
    @Test(arguments: [("https://sedia.example.my", true), ("http://sedia.example.my", false), (nil, false)] as [(String?, Bool)])
    func anHTTPSPublicAddressMeansSecureCookiesAndHSTS(publicURL: String?, https: Bool) async throws {
        let harness = try Harness()
        let configuration = ServerConfiguration(secureCookies: false, publicBaseURL: publicURL)
        #expect(configuration.secureCookies == https)
        let dependencies = ServerDependencies(
            database: harness.database, hooks: harness.hooks, configuration: configuration, logger: Logger(label: "test"), rules: harness.rules)
        let app = Application(router: try await buildRouter(dependencies))
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.headers[.strictTransportSecurity] == (https ? "max-age=31536000" : nil))
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("sedia_login=") })
            #expect(cookie.contains("Secure") == https)
        }
    }
}
