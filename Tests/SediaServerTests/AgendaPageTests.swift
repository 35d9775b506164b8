import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// An officer's week as an agenda on a phone: their own bookings only, each with what they need to get there and to
/// meet the child, and no link to a case page they may not open.
@Suite struct AgendaPageTests {
    @Test func anOfficerLandsOnTheirOwnAgendaGroupedByDay() async throws {
        let harness = try Harness()
        try harness.database.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00")),
            actor: "test")
        try await harness.run { client in
            let io = try await Browser.signIn(client, "io14")
            #expect(try await io.get(client, "/").headers[.location] == "/agenda")
            let response = try await io.get(client, "/agenda?from=2027-01-04")
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains("<h1>My week</h1>"))
            // One section per day, seven days from the given one.
            #expect(page.components(separatedBy: "<section ").count - 1 == 7)
            #expect(page.contains("id=\"day-2027-01-06\""))
            #expect(page.contains("case K-2027-0001"))
            #expect(page.contains("CIC-KB-1"))
            #expect(page.contains("child speaks Bahasa Malaysia"))
            #expect(page.contains("needs a psychologist"))
            #expect(page.contains("Psychologist: PSY-03"))
            #expect(page.contains("openstreetmap.org/?mlat=6.12&amp;mlon=102.24"))
            // Staff cannot open case pages, so the agenda links to none.
            #expect(!page.contains("href=\"/cases/"))
            // IO-020's pinned interview of K-2027-0002 on 5 January is not IO-014's.
            #expect(!page.contains("K-2027-0002"))
            #expect(page.contains("rel=\"next\""))
            #expect(try await io.get(client, "/agenda?from=someday").status == .badRequest)
            // Nor does the officer's own day view (the case link there was a 403).
            let day = String(buffer: try await io.get(client, "/week/officer/IO-014?day=2027-01-06").body)
            #expect(day.contains("K-2027-0001"))
            #expect(!day.contains("href=\"/cases/"))
            // My page points to the agenda.
            #expect(String(buffer: try await io.get(client, "/me").body).contains("href=\"/agenda\""))
            // A coordinator has no agenda of their own.
            #expect(try await Browser.signIn(client, "kb").get(client, "/agenda").status == .notFound)
        }
        let account = try #require(try harness.database.users().first { $0.username == "io14" })
        try harness.database.setLanguage(userID: account.id, language: .ms, actor: "test")
        try await harness.run { client in
            let page = String(buffer: try await Browser.signIn(client, "io14").get(client, "/agenda?from=2027-01-04").body)
            #expect(page.contains("<h1>Minggu saya</h1>"))
            #expect(page.contains("kanak-kanak bertutur Bahasa Malaysia"))
            #expect(page.contains("Ahli psikologi: PSY-03"))
        }
    }
}
