import Foundation
import Hummingbird
import HummingbirdTesting
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The booking calendar offers only starts where the whole interview fits; breaks and the Friday prayers are drawn and
/// never offered; the booking form lists who is free first, then the others with why, in the reader's language.
@Suite struct BookingFitPageTests {
    /// Kelantan with a third room and an officer who speaks only English; Selangor's centre with a lunch break and the
    /// Friday prayers; two cases to book (K-2027-0009 in Kelantan, B-2027-0010 in Selangor).
    static func harness() throws -> Harness {
        var instance = AppFixtures.instance
        instance.centres[0].rooms.append(Room(id: "CIC-KB-3", features: ["recording"]))
        instance.centres[1].breaks = [
            Break(days: [.mon, .tue, .wed, .thu], start: 13 * 60, end: 14 * 60), Break(days: [.fri], start: 12 * 60 + 15, end: 14 * 60 + 45),
        ]
        instance.interviewers.append(
            Interviewer(id: "IO-030", gender: "M", languages: ["en"], centres: ["CIC-KB"], trainedUntil: nil, maxPerDay: 2, unavailable: []))
        let harness = try Harness(instance: instance)
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        var selangor = AppFixtures.unbookedKelantanCase
        selangor.id = "B-2027-0010"
        selangor.child.ref = "C-0010"
        selangor.child.lat = 3.1
        selangor.child.lon = 101.55
        try harness.database.createCase(selangor, state: "MY-10", childName: nil, prosecutor: nil, actor: "test")
        // Tue 5 Jan: IO-020 holds K-2027-0002 in CIC-KB-2 10:00–11:00 (pinned); IO-014 and PSY-03 take K-2027-0001 in
        // CIC-KB-1 10:00–11:30.
        _ = try harness.database.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-05T10:00")),
            actor: "test")
        let hash = Passwords.hash(Harness.password, cost: 4)
        try harness.database.addUser(username: "kbms", passwordHash: hash, role: .coordinator, state: "MY-03", person: nil, actor: "test")
        try harness.database.addUser(username: "selms", passwordHash: hash, role: .coordinator, state: "MY-10", person: nil, actor: "test")
        for name in ["kbms", "selms"] {
            let user = try #require(try harness.database.users().first { $0.username == name })
            try harness.database.setLanguage(userID: user.id, language: .ms, actor: "test")
        }
        return harness
    }

    /// The text of the picker's option for `id` ("" when it is not there).
    static func option(_ page: String, _ id: String) -> String {
        guard let start = page.range(of: "<option value=\"\(id)\"") else { return "" }
        return String(page[start.upperBound...].prefix { $0 != "<" })
    }

    static func offers(_ page: String, _ room: String, _ start: String) -> Bool {
        page.contains("book-at?room=\(room)&amp;start=\(start)&amp;")
    }

    @Test func aStartThatRunsIntoTheBreakOrPastClosingIsNotOffered() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?case=K-2027-0009&week=2027-01-03").body)
            // A 60-minute interview: 12:00 ends at the lunch break, 12:30 would run into it; 13:00 and 13:30 are the break.
            #expect(Self.offers(page, "CIC-KB-1", "2027-01-06T12:00"))
            #expect(!Self.offers(page, "CIC-KB-1", "2027-01-06T12:30"))
            #expect(!Self.offers(page, "CIC-KB-1", "2027-01-06T13:00"))
            #expect(Self.offers(page, "CIC-KB-1", "2027-01-06T14:00"))
            #expect(Self.offers(page, "CIC-KB-1", "2027-01-06T16:00"))
            #expect(!Self.offers(page, "CIC-KB-1", "2027-01-06T16:30"))
            // The break is drawn in every room of every working day, labelled, with no link in it.
            #expect(page.components(separatedBy: "span 2\">Break</div>").count - 1 == 5 * 3)
        }
    }

    @Test func theFridayPrayersAreDrawnAndNeverOfferedInBothLanguages() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let sel = try await Browser.signIn(client, "sel")
            let page = String(buffer: try await sel.get(client, "/week/centre/CIC-SA?case=B-2027-0010&week=2027-01-04").body)
            // Fri 8 Jan, prayers 12:15–14:45: 11:00 fits, 12:00 and 14:30 would cross them, 15:00 fits.
            #expect(Self.offers(page, "CIC-SA-1", "2027-01-08T11:00"))
            #expect(!Self.offers(page, "CIC-SA-1", "2027-01-08T12:00"))
            #expect(!Self.offers(page, "CIC-SA-1", "2027-01-08T14:30"))
            #expect(Self.offers(page, "CIC-SA-1", "2027-01-08T15:00"))
            // The rows starting 12:30 … 14:30 are one labelled block; Monday to Thursday have the lunch break.
            #expect(page.components(separatedBy: "span 5\">Friday prayers</div>").count - 1 == 1)
            #expect(page.components(separatedBy: "span 2\">Break</div>").count - 1 == 4)
            let malay = try await Browser.signIn(client, "selms")
            let ms = String(buffer: try await malay.get(client, "/week/centre/CIC-SA?case=B-2027-0010&week=2027-01-04").body)
            #expect(ms.contains("span 5\">Solat Jumaat</div>"))
            #expect(ms.contains("span 2\">Rehat</div>"))
            #expect(!Self.offers(ms, "CIC-SA-1", "2027-01-08T12:00"))
        }
    }

    @Test func aStartWithNoOfficerFreeIsNotOffered() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?case=K-2027-0009&week=2027-01-03").body)
            // Tue 5 Jan, CIC-KB-3 is empty all day, but IO-014 is in an interview 10:00–11:30 and IO-020 10:00–11:00
            // (IO-030 does not speak the child's language).
            #expect(Self.offers(page, "CIC-KB-3", "2027-01-05T09:00"))
            #expect(!Self.offers(page, "CIC-KB-3", "2027-01-05T09:30"))
            #expect(!Self.offers(page, "CIC-KB-3", "2027-01-05T10:30"))
            #expect(Self.offers(page, "CIC-KB-3", "2027-01-05T11:00"))
            // A room already taken offers nothing.
            #expect(!Self.offers(page, "CIC-KB-1", "2027-01-05T11:00"))
            // Mon 1 Feb: IO-014 is on leave (imported); IO-020 is free, so the day offers starts.
            let leave = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?case=K-2027-0009&week=2027-01-31").body)
            #expect(Self.offers(leave, "CIC-KB-1", "2027-02-01T09:00"))
            // IO-020 off sick that week (entered on the web): nobody who speaks the child's language is left.
            _ = try harness.database.addDisruption(
                kind: .person, subject: "IO-020", range: DayRange(from: AppFixtures.day("2027-02-01"), to: AppFixtures.day("2027-02-02")),
                reason: .sick, scope: "MY-03", actor: "kb")
            let sick = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?case=K-2027-0009&week=2027-01-31").body)
            #expect(!sick.contains("book-at?room=CIC-KB-1&amp;start=2027-02-01T"))
            #expect(!sick.contains("book-at?room=CIC-KB-3&amp;start=2027-02-02T"))
            #expect(Self.offers(sick, "CIC-KB-1", "2027-02-03T09:00"))
        }
    }

    @Test func thePickersListWhoIsFreeFirstAndSayWhyTheOthersAreNot() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            // Tue 5 Jan, 11:00 in CIC-KB-3: IO-020 is free; IO-014 is in K-2027-0001's interview until 11:30; IO-030
            // speaks English only; PSY-03 attends K-2027-0001 until 11:30.
            let form = String(buffer: try await kb.get(client, "/cases/K-2027-0009/book-at?room=CIC-KB-3&start=2027-01-05T11:00").body)
            let free = try #require(form.range(of: "<option value=\"IO-020\">"))
            let busy = try #require(form.range(of: "<option value=\"IO-014\" disabled>"))
            #expect(free.lowerBound < busy.lowerBound)
            #expect(form.contains("<optgroup label=\"Free at this time\">"))
            #expect(form.contains("<optgroup label=\"Not free at this time\">"))
            #expect(Self.option(form, "IO-014").hasSuffix(" — already booked 10:00–11:30"))
            #expect(Self.option(form, "IO-030").hasSuffix(" — does not speak ms"))
            #expect(Self.option(form, "PSY-03").hasSuffix(" — already booked 10:00–11:30"))
            #expect(!form.contains("slot-problems"))
            // 10:30: nobody is free; the form says why the start does not fit.
            let none = String(buffer: try await kb.get(client, "/cases/K-2027-0009/book-at?room=CIC-KB-3&start=2027-01-05T10:30").body)
            #expect(none.contains("id=\"slot-problems\""))
            #expect(none.contains("no officer who may hold it is free at that time"))
            #expect(!none.contains("<optgroup label=\"Free at this time\">"))
            // 12:30 runs into the lunch break; 1 Feb IO-014 is on leave.
            let lunch = String(buffer: try await kb.get(client, "/cases/K-2027-0009/book-at?room=CIC-KB-3&start=2027-01-06T12:30").body)
            #expect(lunch.contains("runs into the break (13:00–14:00)"))
            let away = String(buffer: try await kb.get(client, "/cases/K-2027-0009/book-at?room=CIC-KB-3&start=2027-02-01T09:00").body)
            #expect(Self.option(away, "IO-014").hasSuffix(" — on leave"))
            // A woman officer asked for: the man is listed with why.
            let woman = String(buffer: try await kb.get(client, "/cases/K-2027-0001/book-at?room=CIC-KB-3&start=2027-01-06T09:00").body)
            #expect(Self.option(woman, "IO-020").hasSuffix(" — a woman officer is required"))
            // The same in Malay.
            let malay = try await Browser.signIn(client, "kbms")
            let ms = String(buffer: try await malay.get(client, "/cases/K-2027-0009/book-at?room=CIC-KB-3&start=2027-01-05T11:00").body)
            #expect(ms.contains("<optgroup label=\"Lapang pada waktu ini\">"))
            #expect(ms.contains("<optgroup label=\"Tidak lapang pada waktu ini\">"))
            #expect(Self.option(ms, "IO-014").hasSuffix(" — sudah ditempah 10:00 pagi–11:30 pagi"))
            #expect(Self.option(ms, "IO-030").hasSuffix(" — tidak bertutur ms"))
            let msNone = String(buffer: try await malay.get(client, "/cases/K-2027-0009/book-at?room=CIC-KB-3&start=2027-01-06T12:30").body)
            #expect(msNone.contains("bertembung dengan waktu rehat (1:00 tgh–2:00 ptg)"))
        }
    }
}
