import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// Issue #24, the info items: the configured public origin only, and the idle expiry of sessions.
struct HardeningInfoTests {
    /// DNS rebinding: a name the attacker controls resolves to the server, so the request's Host and the page's
    /// Origin agree (here `localhost`, the test client's Host). With a public address configured, only its origin
    /// is ours.
    @Test func withAPublicAddressOnlyItsOriginIsAccepted() async throws {
        let harness = try Harness()
        let configuration = ServerConfiguration(sessionLifetime: 3600, publicBaseURL: "https://sedia.example.my")
        try await harness.run(configuration: configuration) { client in
            let rebound = try await attempt(client, "kb", Harness.password, origin: "http://localhost")
            #expect(rebound.status == .forbidden)
            let plainHTTP = try await attempt(client, "kb", Harness.password, origin: "http://sedia.example.my")
            #expect(plainHTTP.status == .forbidden)
            let mine = try await attempt(client, "kb", Harness.password, origin: "https://sedia.example.my")
            #expect(mine.status == .seeOther)
        }
        // Without a public address, the Host the request came to is this server's origin.
        try await harness.run(configuration: ServerConfiguration(sessionLifetime: 3600)) { client in
            let local = try await attempt(client, "kb", Harness.password, origin: "http://localhost")
            #expect(local.status == .seeOther)
        }
    }

    /// A session unused for 30 minutes has ended; one in use goes on (up to its 8 hours).
    @Test func aSessionUnusedForThirtyMinutesEnds() async throws {
        let harness = try Harness()
        try await harness.run(configuration: ServerConfiguration(sessionLifetime: 8 * 3600)) { client in
            let kb = try await Browser.signIn(client, "kb")
            let start = harness.clock.now
            harness.clock.now = start.addingTimeInterval(25 * 60)
            #expect(try await kb.get(client, "/cases").status == .ok)
            // 50 minutes after sign-in, 25 after the last use: still signed in.
            harness.clock.now = start.addingTimeInterval(50 * 60)
            #expect(try await kb.get(client, "/cases").status == .ok)
            // 31 minutes without use: back to sign-in, and nothing changes.
            harness.clock.now = start.addingTimeInterval(81 * 60)
            let page = try await kb.get(client, "/cases")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login")
            let cancel = try await kb.post(client, "/cases/K-2027-0002/cancel", [("task", "interview"), ("reason", "late")])
            #expect(cancel.headers[.location] == "/login")
        }
        #expect(try harness.database.bookings().interviews.count == 1)
    }
}
