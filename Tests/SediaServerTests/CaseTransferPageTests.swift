import Foundation
import Hummingbird
import HummingbirdTesting
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// A transfer hands the case to the other state's coordinators: closed for the sending state, open to book in the
/// receiving one, "transferred from" on its page and in their Today list, never replanned by the sending state.
@Suite struct CaseTransferPageTests {
    @Test func theReceivingStateBooksATransferredCaseAndTheSendingStateNoLongerEditsIt() async throws {
        let harness = try Harness()
        let hash = Passwords.hash(Harness.password, cost: 4)
        try harness.database.addUser(username: "selms", passwordHash: hash, role: .coordinator, state: "MY-10", person: nil, actor: "test")
        let selms = try #require(try harness.database.users().first { $0.username == "selms" })
        try harness.database.setLanguage(userID: selms.id, language: .ms, actor: "test")
        #expect(try harness.database.bookings().interviews.contains { $0.booking.caseID == "K-2027-0002" })
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            // The form offers the other states' places (the new home names the state), not Kelantan's.
            let form = String(buffer: try await kb.get(client, "/cases/K-2027-0002/transfer").body)
            #expect(form.contains("<option value=\"1732903\">Shah Alam</option>"))
            #expect(!form.contains("Kota Bharu"))
            let revision = try #require(hidden(form, "revision"))
            let sent = try await kb.post(
                client, "/cases/K-2027-0002/end",
                [
                    ("revision", revision), ("ending", "closed:transferred"), ("toHome", "1732903"), ("on", "2026-09-21"),
                    ("reason", "the family moved to Shah Alam"),
                ])
            #expect(sent.status == .seeOther, "\(String(buffer: sent.body).prefix(600))")
            // Kelantan: closed for them, the transfer and why, nothing to change; off their Today.
            let away = String(buffer: try await kb.get(client, "/cases/K-2027-0002").body)
            #expect(away.contains("id=\"case-transferred-away\""))
            #expect(away.contains("Transferred to Selangor on"))
            #expect(away.contains("the family moved to Shah Alam"))
            #expect(!away.contains("<form method=\"post\" action=\"/cases/K-2027-0002"))
            let refused = try await kb.post(
                client, "/cases/K-2027-0002/book",
                [("revision", revision), ("task", "interview"), ("room", "CIC-KB-2"), ("start", "2027-01-06T09:00"), ("interviewer", "IO-020")])
            #expect(refused.status == .notFound)
            #expect(!String(buffer: try await kb.get(client, "/today").body).contains("K-2027-0002"))
            // Selangor: waiting to be booked on Today, said where it came from; on /cases; its page says so too.
            let sel = try await Browser.signIn(client, "sel")
            let today = String(buffer: try await sel.get(client, "/today").body)
            #expect(today.contains("<a href=\"/cases/K-2027-0002\">K-2027-0002</a>"))
            #expect(today.contains("transferred from Kelantan"))
            #expect(String(buffer: try await sel.get(client, "/cases").body).contains("K-2027-0002"))
            let page = String(buffer: try await sel.get(client, "/cases/K-2027-0002").body)
            #expect(page.contains("Transferred from Kelantan on"))
            #expect(page.contains("<li class=\"transfer\">"))
            // Its Selangor week offers starts (the child now lives in Shah Alam), and Selangor books it.
            let week = String(buffer: try await sel.get(client, "/week/centre/CIC-SA?case=K-2027-0002&week=2027-01-04").body)
            #expect(week.contains("book-at?room=CIC-SA-1&amp;start=2027-01-05T09:00"))
            let booked = try await sel.post(
                client, "/cases/K-2027-0002/book",
                [
                    ("revision", try await sel.caseRevision(client, "K-2027-0002")), ("task", "interview"), ("room", "CIC-SA-1"),
                    ("start", "2027-01-05T09:00"), ("interviewer", "IO-100"), ("psychologist", ""),
                ])
            #expect(
                booked.status == .seeOther,
                "\(String(buffer: booked.body).components(separatedBy: "role=\"alert\">").dropFirst().first?.prefix(400) ?? "")")
            let malay = try await Browser.signIn(client, "selms")
            #expect(String(buffer: try await malay.get(client, "/cases/K-2027-0002").body).contains("Dipindahkan dari Kelantan pada"))
        }
        #expect(try harness.database.bookings().interviews.first { $0.booking.caseID == "K-2027-0002" }?.booking.room == "CIC-SA-1")
        #expect(try harness.database.auditLog(subject: "case:K-2027-0002").contains { $0.action == "transfer-case" })
        // Kelantan's replan never sees it; Selangor's plans it.
        let kelantan = try ReplanInput.load(from: harness.database, scope: "MY-03")
        #expect(!kelantan.instance.cases.contains { $0.id == "K-2027-0002" && $0.interview?.pinned == nil })
        let selangor = try ReplanInput.load(from: harness.database, scope: "MY-10")
        #expect(selangor.instance.cases.contains { $0.id == "K-2027-0002" && $0.interview?.pinned == nil })
    }
}
