import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// Issue #24, findings 8, 10 and 11 of the second attack, replayed on the pages.
struct HardeningPageTests {
    /// Finding 11: a child's name with a bidirectional override or a line break is refused, naming the field.
    @Test(arguments: ["Nur\u{202E}elpmaxE", "Nur\r\nExample", "Nur\u{1B}Example"])
    func theIntakeFormRefusesANameWithControlOrFormatCharacters(name: String) async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            var fields = FormSecurityTests.validIntake.filter { $0.0 != "childName" }
            fields.append(("childName", name))
            let response = try await kb.post(client, "/cases", fields)
            #expect(response.status == .unprocessableContent)
            let page = String(buffer: response.body)
            // The field is named (by its label); ESC was already refused by the form reader, the others by the name rule.
            #expect(page.contains("Child&#39;s name"))
            #expect(page.contains("no control or formatting characters") || page.contains("contains control characters"))
        }
        #expect(try harness.database.caseRecord(id: "K-2027-0100") == nil)
    }

    /// Finding 10: "Book here" with another state's room answers 404 and lists none of that state's staff; the own
    /// state's room still works.
    @Test func bookHereWithAnotherStatesRoomIsNotFound() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let other = try await kb.get(client, "/cases/K-2027-0009/book-at?room=CIC-SA-1&start=2027-01-06T09:00")
            #expect(other.status == .notFound)
            #expect(!String(buffer: other.body).contains("IO-100"))
            let own = try await kb.get(client, "/cases/K-2027-0009/book-at?room=CIC-KB-1&start=2027-01-06T09:00")
            #expect(own.status == .ok)
            #expect(String(buffer: own.body).contains("IO-014"))
        }
    }

    /// Finding 10: the outbox counts only the coordinator's state's mail, as its list shows only that.
    @Test func theOutboxCountsOnlyTheStatesMail() async throws {
        let harness = try Harness()
        let db = harness.database
        try db.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try db.setContact(person: "IO-014", email: "io014@example.test", delivery: .invitations, actor: "test")
        try db.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0009", room: "CIC-KB-1", interviewer: "IO-014", psychologist: nil, start: AppFixtures.at("2027-01-06T09:00")),
            actor: "kb")
        let kelantan = try db.outboxCounts(state: "MY-03")
        #expect(kelantan.queued > 0)
        #expect(try db.outboxCounts(state: "MY-10") == OutboxCounts(queued: 0, sent: 0, failed: 0))
        try await harness.run { client in
            let sel = try await Browser.signIn(client, "sel")
            let selangor = String(buffer: try await sel.get(client, "/outbox").body)
            #expect(selangor.contains("0 waiting · 0 sent · 0 failed"))
            let kb = try await Browser.signIn(client, "kb")
            let own = String(buffer: try await kb.get(client, "/outbox").body)
            #expect(own.contains("\(kelantan.queued) waiting · 0 sent · 0 failed"))
        }
    }

    /// Finding 8: a booking cell's `return=` carries the page's known parameters only, never the rest of the query.
    @Test func bookingLinksReturnWithTheKnownParametersOnly() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let response = try await kb.get(client, "/week/centre/CIC-KB?junk=ZZJUNK&case=K-2027-0009&x=ZZJUNK&week=2027-01-03")
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains("return=%2Fweek%2Fcentre%2FCIC-KB%3Fweek%3D2027-01-03%26case%3DK-2027-0009"))
            // The language switch keeps the page's own (short) address; no booking link copies the junk.
            #expect(!page.contains("return=%2Fweek%2Fcentre%2FCIC-KB%3Fjunk"))
            #expect(page.components(separatedBy: "ZZJUNK").count <= 3)
        }
    }

    /// Finding 8: a page query over 50 parameters or 2 KB is refused with 400 and a page saying why, in the reader's
    /// language; one within the limits is served.
    @Test(arguments: [
        String(repeating: "x=1&", count: 50) + "week=2027-01-03", "week=2027-01-03&q=" + String(repeating: "a", count: 2100),
    ])
    func aPageQueryOverTheLimitsIsRefused(query: String) async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let refused = try await kb.get(client, "/week/centre/CIC-KB?\(query)")
            #expect(refused.status == .badRequest)
            let page = String(buffer: refused.body)
            #expect(page.contains("The address is too long"))
            #expect(page.utf8.count < 8192)
            let served = try await kb.get(client, "/week/centre/CIC-KB?" + String(repeating: "x=1&", count: 49) + "week=2027-01-03")
            #expect(served.status == .ok)
        }
    }

    @Test func theLongQueryPageIsInMalayToo() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let refused = try await client.execute(
                uri: "/login?" + String(repeating: "x=1&", count: 60), method: .get, headers: [.acceptLanguage: "ms"])
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("Alamat ini terlalu panjang"))
        }
    }
}
