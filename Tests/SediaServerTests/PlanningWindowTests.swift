import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The rolling planning window: the app plans from today (Malaysian time) for `--horizon-days` days, whatever window
/// the imported instance had; nothing outside it is offered or booked, and the refusal is in the reader's language.
@Suite struct PlanningWindowTests {
    static let week = "/week/centre/CIC-KB?case=K-2027-0009&week=2027-09-19"

    /// The harness's today is Mon 21 Sep 2026, so the window ends on Mon 20 Sep 2027.
    @Test(.timeLimit(.minutes(2)))
    func bookHereIsOfferedOnlyInsideTheWindow() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let grid = String(buffer: try await kb.get(client, Self.week).body)
            #expect(grid.contains("start=2027-09-19T"))
            #expect(grid.contains("start=2027-09-20T"))
            #expect(!grid.contains("start=2027-09-21T") && !grid.contains("start=2027-09-22T"))
            // Nor before the case may be interviewed (4 Jan 2027), though the window starts in September 2026.
            let early = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?case=K-2027-0009&week=2027-01-03").body)
            #expect(early.contains("Choose an empty slot for case K-2027-0009"))
            #expect(!early.contains("start=2027-01-03T"))
            #expect(early.contains("start=2027-01-04T"))
            // A slot outside, asked for by hand: refused with the window's dates, in the page and in the post.
            let asked = try await kb.get(client, "/cases/K-2027-0009/book-at?room=CIC-KB-1&start=2027-09-22T09:00")
            #expect(asked.status == .unprocessableContent)
            #expect(String(buffer: asked.body).contains("Sedia plans from Mon 21 Sep 2026 to Mon 20 Sep 2027"))
            let posted = try await kb.post(
                client, "/cases/K-2027-0009/book",
                [
                    ("revision", try await kb.caseRevision(client, "K-2027-0009")), ("task", "interview"), ("room", "CIC-KB-1"),
                    ("start", "2027-09-22T09:00"), ("interviewer", "IO-014"), ("psychologist", ""), ("reason", ""),
                ])
            #expect(posted.status == .unprocessableContent)
            #expect(String(buffer: posted.body).contains("Sedia plans from Mon 21 Sep 2026 to Mon 20 Sep 2027"))
            #expect(try harness.database.bookings().interviews.allSatisfy { $0.booking.caseID != "K-2027-0009" })
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func theWindowMovesWithTheDayAndTheRefusalIsTranslated() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        let kbUser = try #require(try harness.database.users().first { $0.username == "kb" })
        try harness.database.setLanguage(userID: kbUser.id, language: .ms, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let refused = try await kb.get(client, "/cases/K-2027-0009/book-at?room=CIC-KB-1&start=2027-09-21T09:00")
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("Sedia merancang dari"))
            // A day later the window ends a day later: 21 Sep 2027 is offered (the snapshot follows the day).
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(86_400)
            let later = try await Browser.signIn(client, "kb")
            let grid = String(buffer: try await later.get(client, Self.week).body)
            #expect(grid.contains("start=2027-09-21T"))
            #expect(!grid.contains("start=2027-09-22T"))
        }
    }
}

/// The booking calendar of a centre beyond the case's travel limit offers no slot, and says why.
@Suite struct TravelLimitWeekTests {
    @Test(.timeLimit(.minutes(2)))
    func aCentreBeyondTheLimitOffersNoSlot() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try harness.database.setTravelLimit(state: "MY-03", km: 1, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let grid = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?case=K-2027-0009&week=2027-01-03").body)
            #expect(grid.contains("beyond the 1 km travel limit"))
            #expect(!grid.contains("book-at?"))
        }
    }
}
