import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// Issue #24: findings 4, 7 and 9 of the second attack, replayed on the pages.
struct HardeningTests {
    @Test func wrongCurrentPasswordsCountInTheThrottleAndEndTheSession() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            for _ in 0..<4 {
                let wrong = try await kb.post(client, "/me/password", [("current", "guess-guess-1"), ("password", "Yet-Another-Passphrase-31")])
                #expect(wrong.status == .forbidden)
            }
            // The fifth wrong guess ends the session: back to sign-in, and the cookie opens nothing any more.
            let fifth = try await kb.post(client, "/me/password", [("current", "guess-guess-5"), ("password", "Yet-Another-Passphrase-31")])
            #expect(fifth.status == .seeOther)
            #expect(fifth.headers[.location] == "/login")
            #expect(try await kb.get(client, "/cases").headers[.location] == "/login")
            // The failures counted in the sign-in throttle too: five wrong sign-ins more and the next one waits.
            func attempt(_ password: String) async throws -> TestResponse {
                let login = try await client.execute(uri: "/login", method: .get)
                let cookie = try #require(cookieValue(login.headers, "sedia_login"))
                let token = try #require(hidden(String(buffer: login.body), "login"))
                return try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "sedia_login=\(cookie)"],
                    body: ByteBuffer(string: "login=\(token)&username=kb&password=\(password)"))
            }
            for _ in 0..<5 { #expect(try await attempt("wrong-wrong-wrong").status == .unauthorized) }
            let throttled = try await attempt("wrong-wrong-wrong")
            #expect(throttled.status == .tooManyRequests)
        }
    }

    @Test func anAdminCannotSetTheirOwnPasswordWithoutTheCurrentOne() async throws {
        let harness = try Harness()
        try harness.addUser("root", role: .admin, state: nil)
        try await harness.run { client in
            let root = try await Browser.signIn(client, "root")
            let own = try await root.post(client, "/admin/users/password", [("username", "root"), ("password", "Yet-Another-Passphrase-31")])
            #expect(own.status == .forbidden)
            #expect(String(buffer: own.body).contains("change your own password on My page"))
            let other = try await root.post(client, "/admin/users/password", [("username", "kb"), ("password", "Yet-Another-Passphrase-31")])
            #expect(other.status == .ok)
        }
        #expect(try harness.database.auditLog(subject: "user:root").contains { $0.action == "set-password" } == false)
    }

    @Test func theIntakeFormKeepsChildrensNamesOutOfFormHistory() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/cases/new").body)
            #expect(page.contains("action=\"/cases\" autocomplete=\"off\""))
            #expect(page.contains("name=\"childName\" id=\"child-name\" autocomplete=\"off\""))
            #expect(page.contains("name=\"childRef\" id=\"child-ref\" autocomplete=\"off\""))
        }
    }

    @Test(arguments: ["/%09/evil.example", "/%0A/evil.example", "/%20/evil.example", "/\u{00A0}/evil", "/%0D%0ALocation:x"])
    func theLanguageSwitchNeverRedirectsThroughWhiteSpaceOrControls(back: String) async throws {
        let harness = try Harness()
        try await harness.run { client in
            let encoded = back.contains("%") ? back : (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            let away = try await client.execute(
                uri: "/language", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "language=ms&back=\(encoded)"))
            #expect(away.status == .seeOther)
            #expect(away.headers[.location] == "/")
        }
    }
}
