import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

@testable import SediaServer

/// After every change the next page says what was done, in the reader's language, from what the database holds: the
/// redirect names only the case (`?confirm=`), so a forged link can show no words of its own.
@Suite struct ConfirmationTests {
    static let notice = "<p class=\"notice\" role=\"status\" id=\"message\">"

    /// The confirmation line of a page, or nil.
    static func line(_ page: String) -> String? {
        guard let start = page.range(of: notice) else { return nil }
        return String(page[start.upperBound...].prefix { $0 != "<" })
    }

    /// The page a change redirected to, in English and then in Malay (the reader switches language in between).
    static func both(_ client: any TestClientProtocol, _ browser: Browser, _ response: TestResponse) async throws -> (en: String?, ms: String?) {
        #expect(response.status == .seeOther, "\(String(buffer: response.body).prefix(600))")
        let location = try #require(response.headers[.location])
        let en = Self.line(String(buffer: try await browser.get(client, location).body))
        #expect(try await browser.post(client, "/language", [("language", "ms"), ("back", "/cases")]).status == .seeOther)
        let ms = Self.line(String(buffer: try await browser.get(client, location).body))
        #expect(try await browser.post(client, "/language", [("language", "en"), ("back", "/cases")]).status == .seeOther)
        return (en, ms)
    }

    @Test func bookingMovingAndCancellingAreConfirmedInBothLanguages() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let slot = [("task", "interview"), ("room", "CIC-KB-1"), ("start", "2027-01-06T09:00"), ("interviewer", "IO-014"), ("psychologist", "")]
            let booked = try await Self.both(
                client, kb,
                try await kb.post(client, "/cases/K-2027-0009/book", [("revision", try await kb.caseRevision(client, "K-2027-0009"))] + slot))
            #expect(booked.en?.hasPrefix("Booked: Wed 6 Jan 2027, 09:00, CIC-KB-1 · ") == true, "\(booked.en ?? "none")")
            #expect(booked.en?.hasSuffix(", with IO-014.") == true, "\(booked.en ?? "none")")
            #expect(booked.ms?.hasPrefix("Ditempah: Rabu, 6 Jan 2027, 9:00 pagi, CIC-KB-1 · ") == true, "\(booked.ms ?? "none")")
            #expect(booked.ms?.hasSuffix(", bersama IO-014.") == true, "\(booked.ms ?? "none")")

            let move = [
                ("task", "interview"), ("room", "CIC-KB-2"), ("start", "2027-01-07T14:00"), ("interviewer", "IO-014"), ("psychologist", ""),
            ]
            let moved = try await Self.both(
                client, kb,
                try await kb.post(
                    client, "/cases/K-2027-0009/book",
                    [("revision", try await kb.caseRevision(client, "K-2027-0009")), ("reason", "family asked")] + move))
            #expect(moved.en?.hasPrefix("Moved: Thu 7 Jan 2027, 14:00, CIC-KB-2 · ") == true, "\(moved.en ?? "none")")
            #expect(moved.en?.hasSuffix("with IO-014.") == true, "\(moved.en ?? "none")")
            #expect(moved.ms?.hasPrefix("Dipindahkan: Khamis, 7 Jan 2027, 2:00 ptg, CIC-KB-2 · ") == true, "\(moved.ms ?? "none")")
            #expect(moved.ms?.hasSuffix("bersama IO-014.") == true, "\(moved.ms ?? "none")")

            let cancelled = try await Self.both(
                client, kb,
                try await kb.post(
                    client, "/cases/K-2027-0009/cancel",
                    [("revision", try await kb.caseRevision(client, "K-2027-0009")), ("task", "interview"), ("reason", "child unwell")]))
            #expect(cancelled.en == "Cancelled: the interview of case K-2027-0009.")
            #expect(cancelled.ms == "Dibatalkan: temu bual kes K-2027-0009.")
        }
    }

    @Test func intakeProsecutorAndCaseRecordsAreConfirmedInBothLanguages() async throws {
        let harness = try Harness()
        harness.clock.now = CaseYearWorld.late2027
        try harness.database.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let created = try await Self.both(client, kb, try await kb.post(client, "/cases", FormSecurityTests.validIntake))
            #expect(created.en == "Case K-2027-0100 opened.")
            #expect(created.ms == "Kes K-2027-0100 dibuka.")

            let assigned = try await Self.both(
                client, kb,
                try await kb.post(
                    client, "/cases/K-2027-0002/prosecutor",
                    [("revision", try await kb.caseRevision(client, "K-2027-0002")), ("prosecutor", "DPP-01")]))
            #expect(assigned.en?.hasPrefix("Prosecutor of case K-2027-0002: ") == true, "\(assigned.en ?? "none")")
            #expect(assigned.ms?.hasPrefix("Timbalan Pendakwa Raya kes K-2027-0002: ") == true, "\(assigned.ms ?? "none")")

            let dpp = try await Browser.signIn(client, "dpp01")
            let charge = try await Self.both(
                client, dpp,
                try await dpp.post(
                    client, "/cases/K-2027-0001/charge",
                    [
                        ("revision", try await dpp.caseRevision(client, "K-2027-0001")), ("court", "SC-KB"), ("courtCaseNo", "KB-62S-1/2026"),
                        ("registeredOn", "2026-11-20"), ("chargedOn", "2026-11-20"), ("represented", "yes"), ("plea", "claims-trial"),
                    ]))
            #expect(charge.en == "Saved for case K-2027-0001: charge recorded.")
            #expect(charge.ms?.hasPrefix("Disimpan untuk kes K-2027-0001: ") == true, "\(charge.ms ?? "none")")
            #expect(charge.ms != nil && charge.ms?.contains("charge recorded") == false)
        }
    }

    @Test func aChecklistTickIsConfirmedWithTheItemsTitle() async throws {
        let harness = try ServedFeedTests.harness()
        try await harness.run { client in
            let dpp = try await Browser.signIn(client, "dpp01")
            let ticked = try await Self.both(
                client, dpp, try await dpp.post(client, "/cases/K-2027-0001/checklist", [("item", "transcript"), ("done", "1")]))
            #expect(ticked.en == "Ticked for case K-2027-0001: Transcript of the recorded interview in its original language.")
            #expect(ticked.ms == "Ditanda untuk kes K-2027-0001: Transkrip temu bual yang dirakam dalam bahasa asalnya.")
        }
    }

    /// Only a case id is read from the URL: text in it is never shown, another person's change or another state's case
    /// shows nothing, and a confirmation does not outlive ten minutes.
    @Test func aForgedConfirmationShowsNothingOfItsOwn() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            for forged in ["%3Cscript%3Ealert(1)%3C/script%3E", "Booked%3A+anything+you+like", "K-2027-0009%22%3E%3Cb%3E", "K-2027-0001"] {
                let page = String(buffer: try await kb.get(client, "/cases/K-2027-0001?confirm=\(forged)").body)
                #expect(Self.line(page) == nil, "\(forged)")
                #expect(!page.contains("<script>alert") && !page.contains("anything you like"))
            }
            // The test's own booking (actor "test") is not the reader's change.
            try harness.database.bookInterview(
                InterviewBooking(
                    caseID: "K-2027-0009", room: "CIC-KB-1", interviewer: "IO-014", psychologist: nil, start: AppFixtures.at("2027-01-06T09:00")),
                actor: "test")
            #expect(Self.line(String(buffer: try await kb.get(client, "/cases/K-2027-0009?confirm=K-2027-0009").body)) == nil)
            let cancelled = try await kb.post(
                client, "/cases/K-2027-0009/cancel",
                [("revision", try await kb.caseRevision(client, "K-2027-0009")), ("task", "interview"), ("reason", "x")])
            let location = try #require(cancelled.headers[.location])
            #expect(Self.line(String(buffer: try await kb.get(client, location).body)) != nil)
            // Another coordinator (here of another state) sees nothing on the same link.
            let sel = try await Browser.signIn(client, "sel")
            #expect(Self.line(String(buffer: try await sel.get(client, "/cases?confirm=K-2027-0009").body)) == nil)
            // Ten minutes later the link confirms nothing.
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(601)
            #expect(Self.line(String(buffer: try await kb.get(client, location).body)) == nil)
        }
    }

    @Test func twoPeopleAreJoinedInTheReadersWords() {
        #expect(LanguageTests.translations.localizer(.en).both(["IO-014", "PSY-03"]) == "IO-014 and PSY-03")
        #expect(LanguageTests.translations.localizer(.ms).both(["IO-014", "PSY-03"]) == "IO-014 dan PSY-03")
    }

    /// Several broken rules are listed one per line, each rule's title and the case in the reader's language.
    @Test func aRefusalCitingSeveralRulesIsAListInMalay() {
        let ms = LanguageTests.translations.localizer(.ms)
        let violations = [
            Violation(caseID: "K-1", .duringBreak(start: 780, end: 840, weekday: .thu, breakStart: 780, breakEnd: 840, centre: "CIC-KB")),
            Violation(
                caseID: "K-1",
                .doubleBooked(.interviewer("IO-014"), Day(ordinal: 0), other: "K-2", otherStart: 540, otherEnd: 600, start: 540, end: 600)
            ),
        ]
        let text = ms.refusal(.rules(violations))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasPrefix("Ditolak oleh peraturan perancangan ") && $0.contains("Butiran: kes K-1: ") })
        let markup = Tag.error(text).description
        #expect(
            markup.contains("<ul><li>Ditolak oleh peraturan perancangan 1: ") && markup.contains("</li><li>Ditolak oleh peraturan perancangan 5: "))
    }
}

/// Interviews in a served feed carry the centre's place and reminders; `?reminders=0` on the address turns them off,
/// with bytes (and ETag) of its own that stay the same from one request to the next.
@Suite struct FeedReminderTests {
    @Test func theServedFeedHasReminderAndPlaceAndAQuietAddress() async throws {
        let harness = try ServedFeedTests.harness()
        let token = try #require(try ServedFeedTests.tokens(harness, ["officer:IO-014"])["officer:IO-014"])
        try await harness.run { client in
            let loud = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
            let text = ServedFeedTests.unfolded(String(buffer: loud.body))
            #expect(text.contains("BEGIN:VALARM") && text.contains("TRIGGER:-P1D") && text.contains("TRIGGER:-PT1H"))
            #expect(text.contains("LOCATION:CIC-KB\\, Kota Bharu\\, Kelantan"))
            #expect(text.contains("GEO:"))
            let quiet = try await client.execute(uri: "/feeds/\(token).ics?reminders=0", method: .get)
            let quietText = ServedFeedTests.unfolded(String(buffer: quiet.body))
            #expect(quiet.status == .ok)
            #expect(!quietText.contains("VALARM"))
            #expect(quietText.contains("LOCATION:CIC-KB"))
            #expect(quiet.headers[.eTag] != loud.headers[.eTag])
            let again = try await client.execute(uri: "/feeds/\(token).ics?reminders=0", method: .get)
            #expect(again.headers[.eTag] == quiet.headers[.eTag])
            #expect(Array(buffer: again.body) == Array(buffer: quiet.body))
            // Every GEO is the centre's, never the child's home.
            let centre = try #require(AppFixtures.instance.centres.first { $0.id == "CIC-KB" })
            let child = try #require(AppFixtures.instance.cases.first { $0.id == "K-2027-0001" }).child
            let geos = text.components(separatedBy: "\r\n").filter { $0.hasPrefix("GEO:") }
            #expect(!geos.isEmpty)
            for geo in geos {
                let parts = geo.dropFirst(4).split(separator: ";").compactMap { Double($0) }
                #expect(parts.count == 2 && abs(parts[0] - centre.lat) < 1e-5 && abs(parts[1] - centre.lon) < 1e-5, "\(geo)")
                #expect(parts.count == 2 && (abs(parts[0] - child.lat) > 1e-5 || abs(parts[1] - child.lon) > 1e-5), "\(geo)")
            }
        }
    }

    @Test func myPageShowsTheAddressWithoutReminders() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let io = try await Browser.signIn(client, "io14")
            let created = try await io.post(client, "/me/feeds", [("feed", "officer:IO-014")])
            let page = String(buffer: created.body)
            #expect(page.contains("id=\"feed-quiet\""))
            #expect(page.contains(".ics?reminders=0</code>"))
        }
    }
}

/// Pages write dates and times as mail does (`MailTimeWordsTests` holds the same strings): "2:00 ptg", never "jam 14:00".
struct PageTimeWordsTests {
    @Test(arguments: [
        (Language.ms, "2027-01-11T14:00", "Isnin, 11 Jan 2027, 2:00 ptg"), (Language.ms, "2027-01-11T08:30", "Isnin, 11 Jan 2027, 8:30 pagi"),
        (Language.en, "2027-01-11T14:00", "Mon 11 Jan 2027, 14:00"), (Language.en, "2027-01-11T08:30", "Mon 11 Jan 2027, 08:30"),
    ])
    func timesReadAsInMail(language: Language, at: String, expected: String) throws {
        let moment = try #require(LocalDateTime(iso: at))
        #expect(LanguageTests.translations.localizer(language).dateTime(moment) == expected)
    }
}

/// A case closed before trial leaves its prosecutor's deadlines feed: no live event of it remains.
@Suite struct ClosedCaseFeedTests {
    @Test func aClosedCasesItemsLeaveTheDeadlinesFeed() async throws {
        let harness = try ServedFeedTests.harness()
        let token = try #require(try ServedFeedTests.tokens(harness, ["deadlines:DPP-01"])["deadlines:DPP-01"])
        try await harness.run { client in
            let live = { (text: String) in text.components(separatedBy: "BEGIN:VEVENT").dropFirst().filter { !$0.contains("STATUS:CANCELLED") } }
            let before = ServedFeedTests.unfolded(String(buffer: try await ServedFeedTests.get(client, token).body))
            #expect(live(before).contains { $0.contains("– K-2027-0001") })
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(600)
            try harness.database.endCase(
                caseID: "K-2027-0001", on: MalaysianTime.day(unixSeconds: Int64(harness.clock.now.timeIntervalSince1970)), .closure(.withdrawn),
                note: "withdrawn", actor: "test")
            let after = ServedFeedTests.unfolded(String(buffer: try await ServedFeedTests.get(client, token).body))
            #expect(!live(after).contains { $0.contains("– K-2027-0001") })
        }
    }
}
