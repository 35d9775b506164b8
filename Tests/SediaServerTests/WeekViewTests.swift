import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The week and day views: time axis, the state's week, the opening week, and booking, moving and cancelling from them.
@Suite struct WeekViewTests {
    @Test func theCentreWeekOpensOnTheFirstBookedWeekStartingOnKelantansSunday() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            // Today is 21 Sep 2026; the first booking is K-2027-0002's, Tue 5 Jan 2027, 10:00–11:00 in CIC-KB-2.
            let page = String(buffer: try await kb.get(client, "/week/centre/CIC-KB").body)
            #expect(page.contains("Sun 3 Jan 2027 to Sat 9 Jan 2027"))
            // Drawn at its time and length: 10:00 is the fifth half hour after 08:00, and 60 minutes span two rows.
            #expect(page.contains("class=\"booking\" style=\"grid-column:7;grid-row:7 / span 2\""))
            #expect(page.contains("10:00–11:00"))
            // Friday and Saturday are Kelantan's rest days; the menu-free grid marks them across the day.
            #expect(page.components(separatedBy: "Rest day</").count - 1 == 6)
            // ?week= opens the week holding that day; ?from= keeps working; previous and next move by seven days.
            let asked = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?week=2027-01-06").body)
            #expect(asked.contains("Sun 3 Jan 2027 to Sat 9 Jan 2027"))
            #expect(asked.contains("?week=2026-12-27\" rel=\"prev\""))
            #expect(asked.contains("?week=2027-01-10\" rel=\"next\""))
            let from = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?from=2026-12-30").body)
            #expect(from.contains("Sun 27 Dec 2026 to Sat 2 Jan 2027"))
            #expect(from.contains("Public holiday: New Year"))
            #expect(try await kb.get(client, "/week/centre/CIC-KB?week=2027-13-01").status == .badRequest)
        }
    }

    @Test func aSelangorWeekStartsOnMonday() {
        let wednesday = Day(year: 2027, month: 1, day: 6)!
        #expect(CalendarWeek(containing: wednesday, weekend: [.sat, .sun]).start == Day(year: 2027, month: 1, day: 4))
        #expect(CalendarWeek(containing: wednesday, weekend: [.fri, .sat]).start == Day(year: 2027, month: 1, day: 3))
        #expect(CalendarWeek.firstWorkingWeekday(weekend: []) == .mon)
        let today = Day(year: 2026, month: 9, day: 21)!
        #expect(CalendarWeek.opening(today: today, booked: [], weekend: [.sat, .sun]).start == today)
        #expect(
            CalendarWeek.opening(today: today, booked: [Day(year: 2026, month: 1, day: 1)!, wednesday], weekend: [.sat, .sun]).start
                == Day(year: 2027, month: 1, day: 4))
    }

    @Test func aDayViewShowsTheRoomsAsColumns() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?day=2027-01-05").body)
            #expect(page.contains("grid-template-columns:4.5rem repeat(2, minmax(6.5rem, 1fr))"))
            #expect(page.contains(">CIC-KB-1</div>") && page.contains(">CIC-KB-2</div>"))
            #expect(page.contains("K-2027-0002"))
            #expect(page.contains("?day=2027-01-06\" rel=\"next\""))
        }
    }

    /// Book here, move here with a reason, cancel with a reason: all from the week view, checked by the same rules.
    @Test func bookMoveAndCancelFromTheWeekView() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let week = "/week/centre/CIC-KB?case=K-2027-0009&week=2027-01-03"
            let grid = String(buffer: try await kb.get(client, week).body)
            #expect(grid.contains("Choose an empty slot for case K-2027-0009"))
            let link = "/cases/K-2027-0009/book-at?room=CIC-KB-1&amp;start=2027-01-06T09:00"
            #expect(grid.contains(link))
            // The confirm page offers the officers of the centre who speak the child's language.
            let confirm = String(
                buffer: try await kb.get(
                    client,
                    "/cases/K-2027-0009/book-at?room=CIC-KB-1&start=2027-01-06T09:00&return=\(week.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                ).body)
            #expect(confirm.contains("<option value=\"IO-014\">"))
            let returnTo = try #require(hidden(confirm, "return")).replacingOccurrences(of: "&amp;", with: "&")
            #expect(returnTo == week)
            let revision = try #require(hidden(confirm, "revision"))
            let booked = try await kb.post(
                client, "/cases/K-2027-0009/book",
                [
                    ("revision", revision), ("task", "interview"), ("room", "CIC-KB-1"), ("start", "2027-01-06T09:00"), ("interviewer", "IO-014"),
                    ("psychologist", ""), ("reason", ""), ("return", returnTo),
                ])
            #expect(booked.status == .seeOther)
            // Back on the week, out of "pick a slot" mode (no `case=`), with the booking confirmed.
            #expect(booked.headers[.location] == "/week/centre/CIC-KB?week=2027-01-03&confirm=K-2027-0009")
            let landed = String(buffer: try await kb.get(client, try #require(booked.headers[.location])).body)
            #expect(!landed.contains("Choose an empty slot for case K-2027-0009"))
            #expect(landed.contains("<p class=\"notice\" role=\"status\" id=\"message\">Booked: Wed 6 Jan 2027, 09:00, CIC-KB-1"))
            let after = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?week=2027-01-03").body)
            #expect(after.contains("class=\"booking\" style=\"grid-column:8;grid-row:5 / span 2\""))
            // A move needs a reason: refused without one, with the store's words; done with one.
            let move = [("task", "interview"), ("room", "CIC-KB-2"), ("start", "2027-01-07T14:00"), ("interviewer", "IO-014"), ("return", week)]
            let noReason = try await kb.post(
                client, "/cases/K-2027-0009/book", [("revision", try await kb.caseRevision(client, "K-2027-0009"))] + move)
            #expect(noReason.status == .unprocessableContent)
            #expect(String(buffer: noReason.body).contains("reason"))
            let moved = try await kb.post(
                client, "/cases/K-2027-0009/book",
                [("revision", try await kb.caseRevision(client, "K-2027-0009")), ("reason", "family asked for the afternoon")] + move)
            #expect(
                moved.status == .seeOther,
                "\(String(buffer: moved.body).components(separatedBy: "role=\"alert\">").dropFirst().first?.prefix(400) ?? "")")
            #expect(try harness.database.auditLog(subject: "case:K-2027-0009").first?.reason == "family asked for the afternoon")
            // Cancel from the week view: the confirm page asks for a reason and returns to the week.
            let cancelPage = String(
                buffer: try await kb.get(
                    client, "/cases/K-2027-0009/cancel-confirm?return=\(week.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                ).body)
            #expect(cancelPage.contains("Thu 7 Jan 2027, 14:00"))
            let cancelled = try await kb.post(
                client, "/cases/K-2027-0009/cancel",
                [("revision", try #require(hidden(cancelPage, "revision"))), ("task", "interview"), ("reason", "child unwell"), ("return", week)])
            #expect(cancelled.status == .seeOther)
            #expect(cancelled.headers[.location] == "/week/centre/CIC-KB?week=2027-01-03&confirm=K-2027-0009")
        }
        #expect(try harness.database.bookings().interviews.contains { $0.booking.caseID == "K-2027-0009" } == false)
    }

    @Test func aProsecutorSeesTheWeekButCannotBookFromIt() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let dpp = try await Browser.signIn(client, "dpp")
            let page = String(buffer: try await dpp.get(client, "/week/centre/CIC-KB?case=K-2027-0001").body)
            #expect(!page.contains("Book here"))
            #expect(!page.contains("cancel-confirm"))
            #expect(try await dpp.get(client, "/cases/K-2027-0001/book-at?room=CIC-KB-1&start=2027-01-06T09:00").status == .forbidden)
            let court = String(buffer: try await dpp.get(client, "/week/court/SC-KB?week=2027-01-03").body)
            #expect(court.contains("Not a sitting day"))
        }
    }
}

/// Staff names (from `sedia import staff`) beside their ids on the pages; children's names never.
@Suite struct StaffNameTests {
    @Test func officersAreShownByNameAndId() async throws {
        let harness = try Harness()
        let csv = "id,kind,gender,languages,centres,maxPerDay,name\nIO-020,interviewer,M,ms,CIC-KB,2,Ahmad Faizal\n"
        _ = try harness.database.importStaff(try ImportRows.staff(Array(csv.utf8), file: "staff.csv"), actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/cases/K-2027-0002").body)
            #expect(page.contains("with Ahmad Faizal (IO-020)"))
            let week = String(buffer: try await kb.get(client, "/week/officer/IO-020").body)
            #expect(week.contains("Calendar of officer Ahmad Faizal (IO-020)"))
        }
    }
}
