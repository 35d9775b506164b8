import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The outbox page, the case page's notice of undelivered mail, and a person's own address on their page.
@Suite struct OutboxPageTests {
    @Test func aFailedInvitationShowsOnTheCaseAndTheOutboxOfItsStateOnly() async throws {
        let harness = try Harness()
        let db = harness.database
        try db.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: "Sentinel Child Name", prosecutor: nil, actor: "test")
        try db.setContact(person: "IO-014", email: "io014@example.test", delivery: .invitations, actor: "test")
        try db.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0009", room: "CIC-KB-1", interviewer: "IO-014", psychologist: nil, start: AppFixtures.at("2027-01-06T09:00")),
            actor: "kb")
        let due = try db.dueMail(holdSeconds: 0, all: true)
        let message = try #require(due.first { $0.entry.caseID == "K-2027-0009" })
        #expect(try db.beginAttempt(id: message.entry.id, sequence: message.entry.sequence, messageID: "<test@example.test>"))
        try db.markAttemptFailed(id: message.entry.id, sequence: message.entry.sequence, error: "554 mailbox unavailable", retryAt: nil)
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let casePage = String(buffer: try await kb.get(client, "/cases/K-2027-0009").body)
            #expect(casePage.contains("id=\"mail-failed\""))
            #expect(casePage.contains("554 mailbox unavailable"))
            let outbox = String(buffer: try await kb.get(client, "/outbox?status=failed").body)
            #expect(outbox.contains("K-2027-0009"))
            #expect(outbox.contains("0 waiting · 0 sent · 1 failed") || outbox.contains("1 failed"))
            #expect(!outbox.contains("Sentinel Child Name"))
            #expect(!outbox.contains("C-0009"))
            let sel = try await Browser.signIn(client, "sel")
            #expect(!String(buffer: try await sel.get(client, "/outbox").body).contains("K-2027-0009"))
            // Staff and prosecutors do not open the outbox.
            let io = try await Browser.signIn(client, "io14")
            #expect(try await io.get(client, "/outbox").status == .forbidden)
        }
    }

    @Test func aPersonSetsTheirOwnAddressAndChoiceOnTheirPage() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let io = try await Browser.signIn(client, "io14")
            let page = String(buffer: try await io.get(client, "/me").body)
            #expect(page.contains("id=\"save-contact\""))
            #expect(page.contains("You receive no e-mail invitations"))
            let bad = try await io.post(client, "/me/contact", [("email", "not an address"), ("delivery", "both")])
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("E-mail address:"))
            let badChoice = try await io.post(client, "/me/contact", [("email", "siti@example.test"), ("delivery", "pigeon")])
            #expect(badChoice.status == .unprocessableContent)
            let saved = try await io.post(client, "/me/contact", [("email", "siti@example.test"), ("delivery", "both")])
            #expect(saved.status == .ok)
            #expect(String(buffer: saved.body).contains("You receive an e-mail invitation"))
        }
        let contact = try #require(try harness.database.contact(person: "IO-014"))
        #expect(contact.email == "siti@example.test")
        #expect(contact.delivery == .both)
        #expect(try harness.database.auditLog(subject: "person:IO-014").map(\.action).contains("set-contact"))
    }
}
