import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SediaCore
import SediaStore
import SediaTestSupport
import Synchronization
import Testing

@testable import SediaServer

/// Lines a test's server logged, through the server's own log handler.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "test") { label in ServerLogHandler(label: label) { text in self.lines.withLock { $0.append(text) } } }
        logger.logLevel = .info
        return logger
    }
}

extension Harness {
    /// Runs the router with a configuration and logger of the test's choosing.
    func run(
        configuration: ServerConfiguration, logger: Logger = Logger(label: "test"),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let dependencies = ServerDependencies(
            database: database, hooks: hooks, configuration: configuration, logger: logger, rules: rules, replanJobs: replanJobs,
            whatifJobs: whatifJobs)
        let app = Application(router: try await buildRouter(dependencies), logger: logger)
        try await app.test(.router) { client in try await body(client) }
    }
}

/// A sign-in attempt as a browser makes it: the form's token, then the POST; `address` is sent as the proxy would.
func attempt(
    _ client: any TestClientProtocol, _ username: String, _ password: String, address: String? = nil, origin: String? = nil
) async throws -> TestResponse {
    let page = try await client.execute(uri: "/login", method: .get)
    let loginCookie = try #require(cookieValue(page.headers, "sedia_login"))
    let token = try #require(hidden(String(buffer: page.body), "login"))
    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "sedia_login=\(loginCookie)"]
    if let address, let name = HTTPFields.Element.Name("X-Forwarded-For") { headers[name] = "203.0.113.250, \(address)" }
    if let origin { headers[.origin] = origin }
    let fields = [("login", token), ("username", username), ("password", password)]
    let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    return try await client.execute(uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: body))
}

/// The attack on the running server, replayed: password guessing, log injection, ids in forms, HTTP details. Each
/// test fails without the fix it names (see docs/security.md).
struct SecurityAuthTests {
    static let behindProxy = ServerConfiguration(sessionLifetime: 3600, trustForwardedFor: true)

    // MARK: Password guessing

    /// 16 guesses a second were answered. After 10 failures the 11th try is refused (429, Retry-After) even with the
    /// right password, so the refusal comes before any password check; once the delay is over, the right password
    /// signs in and clears the count.
    @Test func tenFailuresThrottleTheAccountAndASuccessResetsIt() async throws {
        let harness = try Harness()
        try await harness.run(configuration: Self.behindProxy) { client in
            for _ in 0..<10 {
                #expect(try await attempt(client, "kb", "wrong password", address: "198.51.100.1").status == .unauthorized)
            }
            let refused = try await attempt(client, "kb", Harness.password, address: "198.51.100.1")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "1")
            #expect(cookieValue(refused.headers, "sedia_session") == nil)
            // The delay grows with each failure after the tenth.
            harness.clock.now += 1
            #expect(try await attempt(client, "kb", "wrong again", address: "198.51.100.1").status == .unauthorized)
            #expect(try await attempt(client, "kb", Harness.password, address: "198.51.100.1").headers[.retryAfter] == "2")
            harness.clock.now += 2
            #expect(try await attempt(client, "kb", Harness.password, address: "198.51.100.1").status == .seeOther)
            // A success starts the count again: ten more failures are answered before the next refusal.
            for _ in 0..<10 {
                #expect(try await attempt(client, "kb", "wrong password", address: "198.51.100.1").status == .unauthorized)
            }
            #expect(try await attempt(client, "kb", "wrong password", address: "198.51.100.1").status == .tooManyRequests)
        }
    }

    /// Guessing one account from many addresses is throttled by the account, at most a minute at a time, and the
    /// user signing in from an address they used before is not held back by the attacker's failures.
    @Test func anAccountUnderAttackFromManyAddressesStaysOpenToItsOwner() async throws {
        let harness = try Harness()
        try await harness.run(configuration: Self.behindProxy) { client in
            #expect(try await attempt(client, "kb", Harness.password, address: "192.0.2.10").status == .seeOther)
            for k in 0..<30 {
                harness.clock.now += 61
                _ = try await attempt(client, "kb", "guess \(k)", address: "198.51.100.\(k)")
            }
            let attacker = try await attempt(client, "kb", "guess again", address: "198.51.100.200")
            #expect(attacker.status == .tooManyRequests)
            #expect(Int(attacker.headers[.retryAfter] ?? "") ?? 0 <= 60)
            #expect(try await attempt(client, "kb", Harness.password, address: "192.0.2.10").status == .seeOther)
        }
    }

    /// One address trying many accounts is throttled by the address.
    @Test func oneAddressTryingManyAccountsIsThrottled() async throws {
        let harness = try Harness()
        try await harness.run(configuration: Self.behindProxy) { client in
            for k in 0..<10 {
                let wrong = try await attempt(client, "user\(k)", "wrong password", address: "198.51.100.7")
                #expect(wrong.status == .unauthorized)
            }
            let sameAddress = try await attempt(client, "sel", Harness.password, address: "198.51.100.7")
            #expect(sameAddress.status == .tooManyRequests)
            let otherAddress = try await attempt(client, "sel", Harness.password, address: "198.51.100.8")
            #expect(otherAddress.status == .seeOther)
        }
    }

    /// bcrypt runs a bounded number at a time; beyond the waiting room a check is refused at once, without hashing.
    @Test func passwordChecksBeyondTheBoundAreRefusedAtOnce() async throws {
        let checker = PasswordChecker(concurrency: 1, maxWaiting: 0)
        let hash = Passwords.hash("a password of some length", cost: 4)
        #expect(await checker.verify("a password of some length", hash: hash) == true)
        #expect(await checker.acquire())
        #expect(await checker.verify("a password of some length", hash: hash) == nil)
        checker.release()
        #expect(await checker.verify("a password of some length", hash: hash) == true)
    }

    @Test(arguments: [
        ("short-pass1", "at least 12 characters"), ("qwerty123456", "most common passwords"), ("1qaz2wsx3edc", "most common passwords"),
        ("aaaaaaaaaaaaaaaa", "single character"), ("my-kb-password-2027", "username"),
        (String(repeating: "é", count: 40), "at most 72 bytes"),
    ])
    func weakPasswordsAreRefused(password: String, reason: String) {
        do {
            try PasswordPolicy.check(password, username: "kb-password")
            Issue.record("\(password) was accepted")
        } catch {
            #expect(error.code == .invalid)
            #expect(error.message.contains(reason))
        }
    }

    @Test func aLongUncommonPasswordPasses() throws {
        try PasswordPolicy.check("correct horse battery staple", username: "kb")
        try PasswordPolicy.check("Seri Menanti 1773 nasi kerabu")
    }

    // MARK: Log injection

    /// A failed sign-in logged the username raw: a newline in it wrote a forged line into the server log.
    @Test func aNewlineInAUsernameCannotForgeALogLine() async throws {
        let harness = try Harness()
        let log = LogLines()
        try await harness.run(configuration: ServerConfiguration(sessionLifetime: 3600), logger: log.logger) { client in
            let forged = "nobody\n2027-01-04T09:00:00Z notice sedia: sign-in admin ok\u{202E}"
            let forgedAttempt = try await attempt(client, forged, "wrong password")
            #expect(forgedAttempt.status == .unauthorized)
        }
        let lines = log.all.joined().split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        let failed = lines.filter { $0.contains("failed sign-in") }
        #expect(failed.count == 1)
        #expect(failed.first?.contains(#"username="nobody\n2027-01-04T09:00:00Z notice sedia: sign-in admin ok\u{202E}""#) == true)
        #expect(!lines.contains { $0.hasPrefix("2027-01-04T09:00:00Z") })
        #expect(!log.all.joined().unicodeScalars.contains("\u{202E}"))
    }

    @Test func everyLoggedValueIsEscaped() {
        #expect(ServerLogHandler.escape("a\nb\r\tc\\\"\u{0}\u{1B}[31m\u{2028}") == #"a\nb\r\tc\\\"\u{0}\u{1B}[31m\u{2028}"#)
    }

    // MARK: Ids in forms

    /// Intake accepted `A/B`, whose page then answered 404; a bidirectional control is refused as well.
    @Test(arguments: ["A/B", "K-\u{202E}1", "K%2F1", "K?1"])
    func intakeRefusesAnIdThatIsNotOne(id: String) async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let response = try await kb.post(
                client, "/cases",
                [
                    ("id", id), ("state", "MY-03"), ("childRef", "C-9"), ("age", "9"), ("lang.ms", "1"), ("home", "1736376"),
                    ("needsInterview", "1"), ("earliest", "2027-01-05"), ("targetBy", "2027-01-20"), ("durationMinutes", "90"),
                ])
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("id: "))
        }
        #expect(try harness.database.exportInstance().cases.allSatisfy { $0.id.rawValue != id })
    }

    // MARK: HTTP details

    /// HEAD on pages and /healthz answered 404; now as GET does, without the body.
    @Test(arguments: ["/healthz", "/login", "/robots.txt"])
    func headAnswersLikeGetWithoutABody(uri: String) async throws {
        try await Harness().run { client in
            let get = try await client.execute(uri: uri, method: .get)
            let head = try await client.execute(uri: uri, method: .head)
            #expect(head.status == get.status)
            #expect(get.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == get.headers[.contentType])
            if uri != "/login" { #expect(head.headers[.contentLength] == get.headers[.contentLength]) }
        }
    }

    /// HEAD on a feed answered `Content-Length: 0`; it must be GET's (here on a running server, as clients see it).
    @Test func headOnAFeedHasGetsContentLength() async throws {
        let harness = try Harness()
        let token = try #require(try ServedFeedTests.tokens(harness, ["officer:IO-020"])["officer:IO-020"])
        let dependencies = ServerDependencies(
            database: harness.database, hooks: harness.hooks, configuration: ServerConfiguration(port: 0), logger: Logger(label: "test"))
        try await buildApplication(dependencies).test(.live) { client in
            let get = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
            let head = try await client.execute(uri: "/feeds/\(token).ics", method: .head)
            #expect(get.status == .ok)
            #expect(head.status == .ok)
            let length = try #require(get.headers[.contentLength])
            #expect(Int(length) == get.body.readableBytes)
            #expect(head.headers[.contentLength] == length)
            #expect(head.body.readableBytes == 0)
            let healthz = try await client.execute(uri: "/healthz", method: .head)
            #expect(healthz.status == .ok)
            #expect(healthz.headers[.contentLength] == "3")
        }
    }

    /// An If-Modified-Since later than the server's clock gave 304, so a client with a fast clock never saw a change.
    @Test func anIfModifiedSinceInTheFutureIsIgnored() async throws {
        let harness = try Harness()
        let token = try #require(try ServedFeedTests.tokens(harness, ["officer:IO-020"])["officer:IO-020"])
        try await harness.run { client in
            let full = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
            let lastModified = try #require(full.headers[.lastModified])
            #expect(
                try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifModifiedSince: lastModified]).status == .notModified)
            let future = HTTPDate.format(harness.clock.now.addingTimeInterval(86_400))
            let answer = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifModifiedSince: future])
            #expect(answer.status == .ok)
            #expect(answer.body.readableBytes > 0)
        }
    }

    /// State-changing requests from another site are refused on top of the CSRF token.
    @Test func crossSiteFormsAreRefused() async throws {
        let harness = try Harness()
        let configuration = ServerConfiguration(sessionLifetime: 3600, publicBaseURL: "https://sedia.example.my")
        try await harness.run(configuration: configuration) { client in
            #expect(try await attempt(client, "kb", Harness.password, origin: "https://evil.example").status == .forbidden)
            #expect(try await attempt(client, "kb", Harness.password, origin: "null").status == .forbidden)
            #expect(try await attempt(client, "kb", Harness.password, origin: "https://sedia.example.my").status == .seeOther)
            let kb = try await Browser.signIn(client, "kb")
            let fetchSite = try #require(HTTPFields.Element.Name("Sec-Fetch-Site"))
            let logout = try await client.execute(
                uri: "/logout", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: kb.cookie, fetchSite: "cross-site"],
                body: ByteBuffer(string: "csrf=\(kb.csrf)"))
            #expect(logout.status == .forbidden)
            // The session is still live: nothing was done.
            #expect(try await kb.get(client, "/me").status == .ok)
            // A browser's own form under the pages' no-referrer policy: Origin null, Sec-Fetch-Site same-origin.
            let own = try await client.execute(
                uri: "/logout", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: kb.cookie, .origin: "null", fetchSite: "same-origin"],
                body: ByteBuffer(string: "csrf=\(kb.csrf)"))
            #expect(own.status == .seeOther)
            // Origin null without Sec-Fetch-Site is still refused (above, at sign-in).
        }
    }
}
