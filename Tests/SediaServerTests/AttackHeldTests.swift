import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// What held in the second attack (issue 24, docs/security.md "What held in the second attack"), kept by tests: every
/// page for every role, every form without its token or from another site, the security headers on every page, markup
/// that comes back, other people's feed ids, sessions. Each test fails when the protection it names is taken away.

extension Harness {
    /// The harness's accounts plus a national coordinator, an admin and a psychologist's own account.
    static func everyRole() throws -> Harness {
        let harness = try Harness()
        try harness.addUser("nat", role: .coordinator, state: nil)
        try harness.addUser("root", role: .admin, state: nil)
        try harness.database.addUser(
            username: "psy", passwordHash: Passwords.hash(Harness.password, cost: 4), role: .staff, state: nil, person: "PSY-03", actor: "t")
        return harness
    }

    /// Everything a form could have changed: the audit log, the bookings, the cases, the accounts, the feed addresses.
    func fingerprint() throws -> String {
        let users = ["kb", "sel", "nat", "dpp", "io14", "psy", "root"].compactMap { try? database.credentials(username: $0) }
        let feeds = try users.map { try database.feedTokens(userID: $0.user.id).map { "\($0.id)\($0.revokedAt == nil)" } }
        let bookings = try database.bookings()
        let audit = try database.auditLog(limit: 100_000).count
        let cases = try database.caseRecords(state: nil).count
        let accounts = users.map { "\($0.user)\($0.passwordHash)" }.joined()
        return "\(audit)|\(bookings.interviews.count)/\(bookings.hearings.count)|\(cases)|\(accounts)|\(feeds)"
    }
}

/// The fields every page's response carries when it is HTML (SecurityHeaders.page and .common).
func expectPageHeaders(_ response: TestResponse, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let name = { (text: String) in HTTPFields.Element.Name(text).flatMap { response.headers[$0] } }
    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, "\(what)", sourceLocation: sourceLocation)
    #expect(response.headers[.cacheControl] == "no-store", "\(what)", sourceLocation: sourceLocation)
    let csp = response.headers[.contentSecurityPolicy] ?? ""
    // No script-src: default-src 'none' forbids every script, inline or not.
    #expect(csp.hasPrefix("default-src 'none';") && !csp.contains("script-src"), "\(what)", sourceLocation: sourceLocation)
    #expect(csp.contains("frame-ancestors 'none'"), "\(what)", sourceLocation: sourceLocation)
    #expect(name("X-Frame-Options") == "DENY", "\(what)", sourceLocation: sourceLocation)
    #expect(name("Referrer-Policy") == "no-referrer", "\(what)", sourceLocation: sourceLocation)
    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(what)", sourceLocation: sourceLocation)
}

struct RoleMatrixTests {
    static let roles = ["anonymous", "kb", "sel", "nat", "dpp", "io14", "psy", "root"]
    static let signedIn = Set(roles.dropFirst())

    /// A GET path, who gets it (200), who gets 404 (out of scope); every other signed-in role gets 403, and anyone
    /// without a session is sent to sign-in.
    struct Row: Sendable, CustomStringConvertible {
        var path: String
        var ok: Set<String>
        var hidden: Set<String> = []
        var description: String { path }

        init(_ path: String, ok: String, hidden: String = "") {
            self.path = path
            self.ok = ok == "all" ? RoleMatrixTests.signedIn : Set(ok.split(separator: " ").map(String.init))
            self.hidden = Set(hidden.split(separator: " ").map(String.init))
        }

        func expected(_ role: String) -> HTTPResponse.Status {
            if role == "anonymous" { return .seeOther }
            return ok.contains(role) ? .ok : hidden.contains(role) ? .notFound : .forbidden
        }
    }

    /// Every page route: a Kelantan case (K-…) and centre (CIC-KB) and court, a Selangor one (B-…, CIC-SA, SC-SA),
    /// people's weeks, the booking pages, admin pages.
    static let rows: [Row] = [
        Row("/cases", ok: "kb sel nat dpp root"),
        Row("/cases/new", ok: "kb sel nat root"),
        Row("/cases/K-2027-0001", ok: "kb nat dpp root", hidden: "sel"),
        Row("/cases/B-2027-0003", ok: "sel nat root", hidden: "kb dpp"),
        Row("/cases/K-2027-0001/checklist", ok: "kb nat dpp root", hidden: "sel"),
        Row("/cases/B-2027-0003/checklist", ok: "sel nat root", hidden: "kb dpp"),
        Row("/cases/K-2027-0001/slots?task=interview", ok: "kb nat root", hidden: "sel"),
        Row("/cases/K-2027-0001/book-at?room=CIC-KB-1&start=2027-01-06T09:00", ok: "kb nat root", hidden: "sel"),
        // Another state's room is not there for a state's coordinator.
        Row("/cases/K-2027-0001/book-at?room=CIC-SA-1&start=2027-01-06T09:00", ok: "nat root", hidden: "kb sel"),
        Row("/cases/K-2027-0002/cancel-confirm", ok: "kb nat root", hidden: "sel"),
        Row("/week", ok: "kb sel nat dpp root"),
        Row("/week/centre/CIC-KB", ok: "kb nat dpp root", hidden: "sel"),
        Row("/week/centre/CIC-SA", ok: "sel nat root", hidden: "kb dpp"),
        // Booking mode with another state's case (a move typed into the address).
        Row("/week/centre/CIC-KB?case=K-2027-0001", ok: "kb nat dpp root", hidden: "sel"),
        Row("/week/centre/CIC-SA?case=K-2027-0001", ok: "nat root", hidden: "kb sel dpp"),
        Row("/week/officer/IO-014", ok: "kb nat dpp root io14", hidden: "sel psy"),
        Row("/week/officer/IO-100", ok: "sel nat root", hidden: "kb dpp io14 psy"),
        Row("/week/psychologist/PSY-03", ok: "kb nat dpp root psy", hidden: "sel io14"),
        Row("/week/court/SC-KB", ok: "kb nat dpp root", hidden: "sel"),
        Row("/week/court/SC-SA", ok: "sel nat root", hidden: "kb dpp"),
        Row("/board", ok: "kb sel nat dpp root"),
        Row("/replan", ok: "kb sel nat root"),
        Row("/whatif", ok: "kb sel nat root"),
        Row("/outbox", ok: "kb sel nat root"),
        Row("/reports", ok: "kb sel nat dpp root"),
        Row("/me", ok: "all"),
        Row("/admin/users", ok: "root"),
        Row("/admin/travel", ok: "root"),
    ]

    /// 28 GET paths × 8 roles: the status each gets, and every page (200, 403, 404) with the security headers.
    @Test func everyPageAnswersEveryRoleAsTheRulesSay() async throws {
        let harness = try Harness.everyRole()
        try await harness.run { client in
            var browsers: [String: Browser] = ["anonymous": Browser(cookie: "", csrf: "")]
            for role in Self.signedIn { browsers[role] = try await Browser.signIn(client, role) }
            for row in Self.rows {
                for role in Self.roles {
                    let browser = try #require(browsers[role])
                    let response =
                        role == "anonymous"
                        ? try await client.execute(uri: row.path, method: .get) : try await browser.get(client, row.path)
                    #expect(response.status == row.expected(role), "\(role) GET \(row.path)")
                    if role == "anonymous" {
                        #expect(response.headers[.location] == "/login", "\(row.path)")
                    } else {
                        expectPageHeaders(response, "\(role) GET \(row.path)")
                    }
                }
            }
            // Everyone reaches their start page and the sign-in page.
            for role in Self.roles {
                let browser = try #require(browsers[role])
                #expect(try await browser.get(client, "/").status == .seeOther, "\(role)")
                expectPageHeaders(try await browser.get(client, "/login"), "\(role) /login")
            }
        }
    }

    /// Error pages of every other kind carry the same headers: 400, 401, 404 off any route, 413, 415, 422, 429; a
    /// feed is cached privately for five minutes and sniffed by nobody.
    @Test func errorPagesAndFeedsCarryTheirHeaders() async throws {
        let harness = try Harness()
        let token = try #require(try ServedFeedTests.tokens(harness, ["officer:IO-020"])["officer:IO-020"])
        try await harness.run { client in
            let feed = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
            #expect(feed.status == .ok)
            #expect(feed.headers[.cacheControl] == "private, max-age=300")
            #expect(feed.headers[.xContentTypeOptions] == "nosniff")
            #expect(HTTPFields.Element.Name("Referrer-Policy").flatMap { feed.headers[$0] } == "no-referrer")
            let kb = try await Browser.signIn(client, "kb")
            let badWeek = try await kb.get(client, "/week/centre/CIC-KB?week=2027-13-45")
            #expect(badWeek.status == .badRequest)
            expectPageHeaders(badWeek, "400")
            let nowhere = try await kb.get(client, "/no/such/page")
            #expect(nowhere.status == .notFound)
            expectPageHeaders(nowhere, "404 off the routes")
            let big = try await kb.post(client, "/cases", [("id", "K-BIG"), ("childRef", String(repeating: "x", count: 70_000))])
            #expect(big.status == .contentTooLarge)
            expectPageHeaders(big, "413")
            let plain = try await client.execute(
                uri: "/cases", method: .post, headers: [.contentType: "text/plain", .cookie: kb.cookie], body: ByteBuffer(string: "csrf=\(kb.csrf)"))
            #expect(plain.status == .unsupportedMediaType)
            expectPageHeaders(plain, "415")
            let bad = try await kb.post(client, "/cases", [("id", "A/B")])
            #expect(bad.status == .unprocessableContent)
            expectPageHeaders(bad, "422")
            let wrong = try await attempt(client, "sel", "wrong password here")
            #expect(wrong.status == .unauthorized)
            expectPageHeaders(wrong, "401")
            for _ in 0..<10 { _ = try await attempt(client, "sel", "wrong password here") }
            let throttled = try await attempt(client, "sel", "wrong password here")
            #expect(throttled.status == .tooManyRequests)
            expectPageHeaders(throttled, "429")
        }
    }

    /// Odd `?week`, `?day` and `?from` values are refused with 400, never a server error; far but real dates are served.
    @Test(arguments: [
        "week=2027-02-30", "week=-1", "week=%00", "week=2027-01-01T00:00", "day=0000-00-00", "day=2027-1-5", "day=%E2%80%AE2027-01-05",
        "from=9223372036854775807", "from=2027-01-0", "day=", "week=%3Cscript%3E",
    ])
    func oddDatesInTheAddressAre400(query: String) async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            for path in ["/week/centre/CIC-KB", "/week/officer/IO-014", "/week/court/SC-KB", "/reports"] {
                let asked =
                    path == "/reports" ? query.replacingOccurrences(of: "week=", with: "to=").replacingOccurrences(of: "day=", with: "from=") : query
                let response = try await kb.get(client, "\(path)?\(asked)")
                // The reports page reads an empty date as "not given".
                let expected: HTTPResponse.Status = path == "/reports" && asked == "from=" ? .ok : .badRequest
                #expect(response.status == expected, "\(path)?\(asked)")
            }
        }
    }

    @Test func farDatesAreServedAndABackwardsRangeIs400() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            for uri in [
                "/week/centre/CIC-KB?week=0001-01-01", "/week/centre/CIC-KB?day=9999-12-31", "/week/officer/IO-014?from=1970-01-01",
                "/reports?from=0001-01-01", "/reports?to=9999-12-31",
            ] {
                let status = try await kb.get(client, uri).status
                #expect(status == .ok || status == .badRequest, "\(uri): \(status)")
            }
            #expect(try await kb.get(client, "/reports?from=2027-02-01&to=2027-01-01").status == .badRequest)
        }
    }
}
