import Foundation
import Hummingbird
import HummingbirdTesting
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// Every state-changing route, sent as a forged form would be: without the page's token, with a wrong one or another
/// user's, not form-encoded, or from another site. Each is refused and nothing changes (issue 24, what held).
struct FormTokenTests {
    static let publicURL = "https://sedia.example.my"

    /// Each POST route with fields that would do something, and the account whose form it is.
    static func routes(_ client: any TestClientProtocol, _ harness: Harness, _ kb: Browser) async throws -> [(String, String, [(String, String)])] {
        let kbUser = try #require(try harness.database.credentials(username: "kb")).user
        let feed = try #require(try harness.database.feedTokens(userID: kbUser.id).first).id
        let r1 = try await kb.caseRevision(client, "K-2027-0001")
        let r2 = try await kb.caseRevision(client, "K-2027-0002")
        var routes: [(String, String, [(String, String)])] = [
            ("kb", "/logout", []),
            ("kb", "/language", [("language", "ms"), ("back", "/cases")]),
            ("kb", "/cases", FormSecurityTests.validIntake),
            ("kb", "/cases/K-2027-0002/prosecutor", [("revision", r2), ("prosecutor", "DPP-01")]),
            ("kb", "/cases/K-2027-0001/book", [("revision", r1)] + LostUpdatePageTests.slotA),
            ("kb", "/cases/K-2027-0002/cancel", [("revision", r2), ("task", "interview"), ("reason", "forged")]),
            ("kb", "/cases/K-2027-0001/checklist", [("item", "transcript-translation"), ("done", "1")]),
            ("kb", "/replan/start", [("budgets", "0,5")]),
            ("kb", "/replan/apply", [("job", "1"), ("budget", "none")]),
            ("kb", "/replan/cancel", [("job", "1")]),
            ("kb", "/whatif/start", [("changes", "+room@CIC-KB"), ("mode", "compare")]),
            ("kb", "/whatif/cancel", [("job", "1")]),
            ("kb", "/me/feeds", [("feed", "centre:CIC-KB")]),
            ("kb", "/me/feeds/\(feed)/revoke", []),
            ("kb", "/me/feeds/\(feed)/rotate", []),
            ("kb", "/me/password", [("current", Harness.password), ("password", "a much better passphrase")]),
            ("kb", "/me/sign-out-everywhere", []),
            ("io14", "/me/contact", [("email", "io14@polis.gov.my"), ("delivery", "feed")]),
            ("root", "/admin/users/password", [("username", "sel"), ("password", "a new passphrase for sel")]),
            ("root", "/admin/users/disable", [("username", "sel")]),
            ("root", "/admin/users/enable", [("username", "sel")]),
            ("root", "/admin/travel", [("state", "MY-03"), ("km", "100")]),
        ]
        for action in ["charge", "outcome", "court-date", "end", "reopen"] {
            routes.append(
                ("kb", "/cases/K-2027-0001/\(action)", [("revision", r1), ("court", "SC-KB"), ("courtCaseNo", "KB-1"), ("on", "2027-02-01")]))
        }
        return routes
    }

    /// 27 routes (the 28th, sign-in, below) × missing, wrong and another user's token, and a body that is not a form;
    /// then each from another site. Refused every time; no audit line, booking, case, account or feed changes, and every
    /// session is still live.
    @Test func everyFormIsRefusedWithoutItsTokenOrFromAnotherSite() async throws {
        let harness = try Harness.everyRole()
        try harness.database.createFeedToken(
            tokenHash: Secrets.hash(Secrets.token()), username: "kb", scope: FeedScope(kind: .centre, subject: "CIC-KB"), actor: "t")
        let configuration = ServerConfiguration(sessionLifetime: 3600, publicBaseURL: Self.publicURL)
        try await harness.run(configuration: configuration) { client in
            var browsers: [String: Browser] = [:]
            for name in ["kb", "sel", "io14", "root"] { browsers[name] = try await Browser.signIn(client, name) }
            let kb = try #require(browsers["kb"])
            let sel = try #require(browsers["sel"])
            let routes = try await Self.routes(client, harness, kb)
            #expect(routes.count == 27)
            let before = try harness.fingerprint()
            let fetchSite = try #require(HTTPFields.Element.Name("Sec-Fetch-Site"))
            for (name, path, fields) in routes {
                let browser = try #require(browsers[name])
                let other = name == "kb" ? sel : kb
                for token in [nil, String(repeating: "A", count: 43), other.csrf] {
                    let forged = try await browser.post(client, path, fields + (token.map { [("csrf", $0)] } ?? []), csrf: false)
                    #expect(forged.status == .forbidden, "\(path) with token \(token ?? "none")")
                    #expect(String(buffer: forged.body).contains("The form has expired or did not come from this site"), "\(path)")
                }
                let body = (fields + [("csrf", browser.csrf)]).map { "\($0.0)=\($0.1)" }.joined(separator: "&")
                let plain = try await client.execute(
                    uri: path, method: .post, headers: [.contentType: "text/plain", .cookie: browser.cookie], body: ByteBuffer(string: body))
                #expect(plain.status == .unsupportedMediaType, "\(path) as text/plain")
                let encoded = (fields + [("csrf", browser.csrf)])
                    .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
                let sites: [HTTPFields] = [
                    [fetchSite: "cross-site"], [fetchSite: "same-site"], [.origin: "https://evil.example"],
                    [.origin: "https://sedia.example.my.evil.example"], [.origin: "http://sedia.example.my"],
                    [.origin: "https://sedia.example.my:8443"],
                    [.origin: "null"], [.origin: "null", fetchSite: "cross-site"],
                ]
                for site in sites {
                    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: browser.cookie]
                    headers.append(contentsOf: site)
                    let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: encoded))
                    #expect(response.status == .forbidden, "\(path) with \(site)")
                    #expect(String(buffer: response.body).contains("sent from another site"), "\(path) with \(site)")
                }
            }
            #expect(try harness.fingerprint() == before)
            for (name, browser) in browsers {
                #expect(try await browser.get(client, "/me").status == .ok, "\(name)'s session")
            }
        }
        #expect(harness.replanJobs.current(scope: "MY-03") == nil)
        #expect(harness.whatifJobs.board.current(scope: "MY-03") == nil)
        #expect(try harness.database.credentials(username: "kb")?.user.language == .en)
    }

    /// Sign-in's own token is a cookie bound to the form: missing, wrong, or another form's gives 403 and no session.
    @Test func signInNeedsItsOwnFormsToken() async throws {
        try await Harness().run { client in
            let first = try await client.execute(uri: "/login", method: .get)
            let second = try await client.execute(uri: "/login", method: .get)
            let cookie = try #require(cookieValue(first.headers, "sedia_login"))
            let otherToken = try #require(hidden(String(buffer: second.body), "login"))
            for field in ["", "login=&", "login=\(String(repeating: "A", count: 43))&", "login=\(otherToken)&"] {
                let response = try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "sedia_login=\(cookie)"],
                    body: ByteBuffer(string: "\(field)username=kb&password=correct+horse+battery"))
                #expect(response.status == .forbidden, "\(field)")
                #expect(cookieValue(response.headers, "sedia_session") == nil)
            }
        }
    }
}
