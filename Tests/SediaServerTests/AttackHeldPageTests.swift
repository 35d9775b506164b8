import Foundation
import Hummingbird
import HummingbirdTesting
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// What held in the second attack on the pages (issue 24): markup comes back escaped, a booking's way back stays on
/// this site, other people's feed ids are not there, sessions end when they should.
struct AttackHeldPageTests {
    static let script = "<script>alert(1)</script>"
    static let image = "\"><img src=x onerror=alert(1)>"

    /// Neither payload is on the page as markup, and `escaped` (what the page shows of it) is.
    func expectEscaped(_ response: TestResponse, _ what: String, shown: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        let page = String(buffer: response.body)
        #expect(!page.contains("<script>alert") && !page.contains("<img src=x"), "\(what)", sourceLocation: sourceLocation)
        if shown { #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(what)", sourceLocation: sourceLocation) }
        #expect(response.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("a=") }, "\(what)", sourceLocation: sourceLocation)
    }

    /// `<script>`, `"><img onerror>` and CR LF in a staff name, a reason, `q=`, `?week=`, `return=`, a what-if change and
    /// a case id: escaped on /cases, the case page, the week views, book-at, what-if and the error pages.
    @Test func markupInEveryFieldThatComesBackIsEscaped() async throws {
        let harness = try Harness()
        let name = Self.script + " " + Self.image
        let cell = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let csv = "id,kind,gender,languages,centres,maxPerDay,name\nIO-020,interviewer,M,ms,CIC-KB,2,\(cell)\n"
        _ = try harness.database.importStaff(try ImportRows.staff(Array(csv.utf8), file: "staff.csv"), actor: "test")
        let payload = Self.script + Self.image + "\r\nSet-Cookie: a=b"
        let query = try #require(payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            // IO-020 holds K-2027-0002's interview: its name is on the case page and the officer's week.
            expectEscaped(try await kb.get(client, "/cases/K-2027-0002"), "case page, staff name")
            expectEscaped(try await kb.get(client, "/week/officer/IO-020?week=2027-01-03"), "officer's week")
            expectEscaped(try await kb.get(client, "/week/centre/CIC-KB?week=2027-01-03"), "centre week")
            let cancel = try await kb.post(
                client, "/cases/K-2027-0002/cancel",
                [("revision", try await kb.caseRevision(client, "K-2027-0002")), ("task", "interview"), ("reason", payload)])
            #expect(cancel.status == .seeOther || cancel.status == .unprocessableContent)
            if cancel.status == .unprocessableContent {
                expectEscaped(cancel, "cancel refused", shown: false)
                let plain = Self.script + Self.image
                let again = try await kb.post(
                    client, "/cases/K-2027-0002/cancel",
                    [("revision", try await kb.caseRevision(client, "K-2027-0002")), ("task", "interview"), ("reason", plain)])
                #expect(again.status == .seeOther)
            }
            expectEscaped(try await kb.get(client, "/cases/K-2027-0002"), "case page, the reason in its history")
            // The list's search takes 64 characters: the script alone is echoed escaped, the whole payload is a 400.
            let short = try #require(Self.script.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            expectEscaped(try await kb.get(client, "/cases?q=\(short)"), "case list filter")
            let long = try await kb.get(client, "/cases?q=\(query)")
            #expect(long.status == .badRequest)
            expectEscaped(long, "case list filter, too long", shown: false)
            let week = try await kb.get(client, "/week/centre/CIC-KB?week=\(query)")
            #expect(week.status == .badRequest)
            expectEscaped(week, "week error page", shown: false)
            let day = try await kb.get(client, "/week/officer/IO-014?day=\(query)")
            #expect(day.status == .badRequest)
            expectEscaped(day, "day error page", shown: false)
            let bookAt = try await kb.get(
                client, "/cases/K-2027-0001/book-at?room=CIC-KB-1&start=2027-01-06T09:00&return=%2Fweek%2F\(query)")
            #expect(bookAt.status == .ok)
            expectEscaped(bookAt, "book-at, return=")
            let whatif = try await kb.get(client, "/whatif?changes=\(query)")
            expectEscaped(whatif, "what-if changes", shown: false)
            let slots = try await kb.get(client, "/cases/K-2027-0001/slots?task=\(query)")
            expectEscaped(slots, "slots task", shown: false)
            let missing = try await kb.get(client, "/cases/\(query)")
            #expect(missing.status == .notFound)
            expectEscaped(missing, "404", shown: false)
            expectPageHeaders(missing, "404")
        }
    }

    /// `return=//evil.example` (or any address off the week views) on a booking or a cancel falls back to the case page.
    @Test(arguments: ["//evil.example/week/", "https://evil.example/week/", "/\\evil.example", "/cases/../..//evil.example", "/week"])
    func aBookingsWayBackStaysOnThisSite(back: String) async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let booked = try await kb.post(
                client, "/cases/K-2027-0001/book",
                [("revision", try await kb.caseRevision(client, "K-2027-0001"))] + LostUpdatePageTests.slotA + [("return", back)])
            #expect(booked.status == .seeOther)
            #expect(booked.headers[.location] == "/cases/K-2027-0001?confirm=K-2027-0001")
            let cancelled = try await kb.post(
                client, "/cases/K-2027-0001/cancel",
                [("revision", try await kb.caseRevision(client, "K-2027-0001")), ("task", "interview"), ("reason", "test"), ("return", back)])
            #expect(cancelled.status == .seeOther)
            #expect(cancelled.headers[.location] == "/cases/K-2027-0001?confirm=K-2027-0001")
            let page = String(buffer: try await kb.get(client, "/cases/K-2027-0001/book-at?room=CIC-KB-1&start=2027-01-06T09:00&return=\(back)").body)
            #expect(hidden(page, "return") == "/week/centre/CIC-KB")
        }
    }

    /// Revoking or rotating another user's feed, by its id written any way (`0002`, `+2`, `-1`, too large): 404, and
    /// the feed still serves; the caller gets no new feed.
    @Test func anotherUsersFeedIdIsNotFoundHoweverItIsWritten() async throws {
        let harness = try Harness()
        let token = Secrets.token()
        let info = try harness.database.createFeedToken(
            tokenHash: Secrets.hash(token), username: "kb", scope: FeedScope(kind: .centre, subject: "CIC-KB"), actor: "t")
        let sel = try #require(try harness.database.credentials(username: "sel")).user
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "sel")
            let id = info.id
            for text in ["\(id)", "000\(id)", "+\(id)", "-\(id)", "-1", "0", "99999999999999999999", "\(id).0", "0x\(id)", "\(id)%20"] {
                for action in ["revoke", "rotate"] {
                    let response = try await browser.post(client, "/me/feeds/\(text)/\(action)", [])
                    #expect(response.status == .notFound, "\(action) \(text)")
                }
            }
            #expect(try await client.execute(uri: "/feeds/\(token).ics", method: .get).status == .ok)
        }
        #expect(try harness.database.feedTokens(userID: sel.id).isEmpty)
        #expect(try harness.database.auditLog(limit: 100).allSatisfy { !$0.action.contains("feed") || $0.actor == "t" })
    }

    /// Sign-in makes a new session whatever cookie the browser brought; signing out ends it, and the old cookie then
    /// opens nothing and changes nothing.
    @Test func signInMakesAFreshSessionAndSigningOutEndsIt() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let planted = "sedia_session=" + String(repeating: "A", count: 43)
            let page = try await client.execute(uri: "/login", method: .get, headers: [.cookie: planted])
            let loginCookie = try #require(cookieValue(page.headers, "sedia_login"))
            let token = try #require(hidden(String(buffer: page.body), "login"))
            let response = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(planted); sedia_login=\(loginCookie)"],
                body: ByteBuffer(string: "login=\(token)&username=kb&password=correct+horse+battery"))
            #expect(response.status == .seeOther)
            let fresh = try #require(cookieValue(response.headers, "sedia_session"))
            #expect("sedia_session=\(fresh)" != planted)
            #expect(try await client.execute(uri: "/cases", method: .get, headers: [.cookie: planted]).status == .seeOther)
            let first = try await Browser.signIn(client, "kb")
            let second = try await Browser.signIn(client, "kb")
            #expect(first.cookie != second.cookie && first.csrf != second.csrf)
            #expect(try await first.post(client, "/logout", []).status == .seeOther)
            let after = try await first.get(client, "/cases")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/login")
            let cancel = try await first.post(
                client, "/cases/K-2027-0002/cancel", [("revision", "0"), ("task", "interview"), ("reason", "after sign-out")])
            #expect(cancel.headers[.location] == "/login")
            // The other session of the same account goes on.
            #expect(try await second.get(client, "/cases").status == .ok)
        }
        #expect(try harness.database.bookings().interviews.count == 1)
    }

    /// Upper- and lower-case spellings of one username count in one throttle: ten failures spread over four spellings
    /// and ten addresses, and the account then waits even with the right password.
    @Test func usernameSpellingsShareOneThrottle() async throws {
        let harness = try Harness()
        try await harness.run(configuration: SecurityAuthTests.behindProxy) { client in
            let spellings = ["kb", "KB", "Kb", "kB"]
            for i in 0..<10 {
                let response = try await attempt(client, spellings[i % 4], "wrong password", address: "198.51.100.\(i + 1)")
                #expect(response.status == .unauthorized)
            }
            let refused = try await attempt(client, "kb", Harness.password, address: "198.51.100.99")
            #expect(refused.status == .tooManyRequests)
            #expect(cookieValue(refused.headers, "sedia_session") == nil)
        }
    }

    /// A disabled account gets 401 at sign-in with the right password, and no session.
    @Test func aDisabledAccountCannotSignIn() async throws {
        let harness = try Harness()
        try harness.database.setDisabled(username: "sel", disabled: true, actor: "t")
        try await harness.run { client in
            let response = try await attempt(client, "sel", Harness.password)
            #expect(response.status == .unauthorized)
            #expect(cookieValue(response.headers, "sedia_session") == nil)
        }
    }
}
