import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The admin's travel limits on the web: per state, 250 km unless changed, audited, refused with the field named.
@Suite struct TravelLimitPageTests {
    @Test(.timeLimit(.minutes(2)))
    func anAdminSetsAStatesLimitAndOthersMayNot() async throws {
        let harness = try Harness()
        try harness.database.addUser(
            username: "root", passwordHash: Passwords.hash(Harness.password, cost: 4), role: .admin, state: nil, person: nil, actor: "test")
        try await harness.run { client in
            let admin = try await Browser.signIn(client, "root")
            let page = String(buffer: try await admin.get(client, "/admin/travel").body)
            #expect(page.contains("Limit for the country"))
            #expect(page.contains("250 km"))
            let saved = try await admin.post(client, "/admin/travel", [("state", "MY-10"), ("km", "120")])
            #expect(saved.status == .ok)
            #expect(String(buffer: saved.body).contains("Saved: 120 km for MY-10."))
            #expect(try harness.database.travelLimits().byState == ["MY-10": 120])
            #expect(try harness.database.auditLog().contains { $0.action == "travel-limit" && $0.actor == "root" && $0.subject == "MY-10" })
            let bad = try await admin.post(client, "/admin/travel", [("state", "MY-10"), ("km", "0")])
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("Limit (km)"))
            #expect(try await admin.post(client, "/admin/travel", [("state", "MY-99"), ("km", "100")]).status == .unprocessableContent)
            #expect(try harness.database.travelLimits().byState == ["MY-10": 120])
            let kb = try await Browser.signIn(client, "kb")
            #expect(try await kb.get(client, "/admin/travel").status == .forbidden)
            #expect(try await kb.post(client, "/admin/travel", [("km", "5000")]).status == .forbidden)
            #expect(try harness.database.travelLimits().national == 250)
        }
    }
}
