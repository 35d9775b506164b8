import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The page each person starts from (issue 22): a prosecutor's My cases, an officer's agenda, a coordinator's Today,
/// each with its scope, in both languages, and where signing in lands each role.
@Suite struct StartPageTests {
    @Test func aProsecutorLandsOnTheirOwnCasesOnly() async throws {
        let harness = try Harness()
        try harness.database.addUser(
            username: "dpp02", passwordHash: Passwords.hash(Harness.password, cost: 4), role: .prosecutor, state: "MY-03", person: "DPP-02",
            actor: "test")
        try harness.database.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", actor: "test")
        try harness.database.setProsecutor(caseID: "K-2027-0002", prosecutor: "DPP-02", actor: "test")
        try await harness.run { client in
            let dpp = try await Browser.signIn(client, "dpp01")
            #expect(try await dpp.get(client, "/").headers[.location] == "/my-cases")
            let page = String(buffer: try await dpp.get(client, "/my-cases").body)
            #expect(page.contains("<h1>My cases</h1>"))
            #expect(page.contains("href=\"/cases/K-2027-0001\""))
            #expect(!page.contains("K-2027-0002"))
            #expect(!page.contains("B-2027-0003"))
            #expect(page.contains("1 case of yours"))
            // The disposal target (20 Nov 2027) or an earlier open item is its nearest date; the trial is still to book.
            #expect(page.contains("trial dates still to book"))
            // My page links to My cases, and to no week view (a prosecutor has none: the old link was a 404).
            let me = String(buffer: try await dpp.get(client, "/me").body)
            #expect(me.contains("href=\"/my-cases\" id=\"my-cases-link\""))
            #expect(!me.contains("/week/"))
            let other = String(buffer: try await Browser.signIn(client, "dpp02").get(client, "/my-cases").body)
            #expect(other.contains("K-2027-0002"))
            #expect(!other.contains("K-2027-0001"))
            // A prosecutor account without a person has no cases of its own, and says why.
            #expect(String(buffer: try await Browser.signIn(client, "dpp").get(client, "/my-cases").body).contains("id=\"no-person\""))
            // My cases is a prosecutor's page.
            #expect(try await Browser.signIn(client, "kb").get(client, "/my-cases").status == .forbidden)
        }
        let account = try #require(try harness.database.users().first { $0.username == "dpp01" })
        try harness.database.setLanguage(userID: account.id, language: .ms, actor: "test")
        try await harness.run { client in
            let page = String(buffer: try await Browser.signIn(client, "dpp01").get(client, "/my-cases").body)
            #expect(page.contains("<h1>Kes saya</h1>"))
            #expect(page.contains("tarikh perbicaraan belum ditempah"))
        }
    }

    @Test func myCasesPutsTheNearestDeadlineFirst() async throws {
        let harness = try Harness()
        try harness.database.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", actor: "test")
        try harness.database.setProsecutor(caseID: "K-2027-0002", prosecutor: "DPP-01", actor: "test")
        try await harness.run { client in
            let page = String(buffer: try await Browser.signIn(client, "dpp01").get(client, "/my-cases").body)
            // K-2027-0001 has a trial with a disposal target; K-2027-0002 has no trial and no date, so it comes last.
            let first = try #require(page.range(of: "K-2027-0001"))
            let second = try #require(page.range(of: "K-2027-0002"))
            #expect(first.lowerBound < second.lowerBound)
            #expect(page.contains("none planned"))
        }
    }
}
