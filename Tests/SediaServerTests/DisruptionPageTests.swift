import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// Leave and closures entered on the web (issue 22): entered, listed and removed with an audit row, validated all at
/// once, kept to the coordinator's state, shown on the week views, honoured by the booking check and find a slot as
/// imported leave is, and the bookings they break replanned alone.
@Suite struct DisruptionPageTests {
    static func day(_ text: String) -> Day { AppFixtures.day(text) }

    /// K-2027-0009 booked with IO-014 on Tuesday 12 January (what sick leave that week breaks), K-2027-0001 with IO-014
    /// on 6 January (outside it); K-2027-0002 is the fixture's pinned interview with IO-020 on 5 January.
    static func bookedHarness() throws -> Harness {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        _ = try harness.database.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0009", room: "CIC-KB-1", interviewer: "IO-014", psychologist: nil, start: AppFixtures.at("2027-01-12T09:00")),
            actor: "test")
        _ = try harness.database.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0001", room: "CIC-KB-2", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00")),
            actor: "test")
        return harness
    }

    static func sickWeek(_ browser: Browser, _ client: any TestClientProtocol, person: String = "IO-014") async throws -> TestResponse {
        try await browser.post(
            client, "/disruptions", [("subject", "person:\(person)"), ("from", "2027-01-11"), ("to", "2027-01-15"), ("reason", "sick")])
    }

    @Test func aCoordinatorEntersListsAndRemovesLeaveEachAudited() async throws {
        let harness = try Self.bookedHarness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let empty = String(buffer: try await kb.get(client, "/disruptions").body)
            #expect(empty.contains("href=\"/disruptions\""))
            #expect(empty.contains("No leave or closures entered."))
            // Only Kelantan's people, rooms and courts are offered.
            #expect(empty.contains("value=\"person:IO-014\""))
            #expect(empty.contains("value=\"room:CIC-KB-1\""))
            #expect(empty.contains("value=\"court:SC-KB\""))
            #expect(!empty.contains("person:IO-100"))
            #expect(!empty.contains("room:CIC-SA-1"))
            #expect(!empty.contains("court:SC-SA"))

            let saved = try await Self.sickWeek(kb, client)
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location.contains("done=saved"))
            let page = String(buffer: try await kb.get(client, location).body)
            #expect(page.contains("Saved."))
            #expect(page.contains("Sick leave"))
            #expect(page.contains("1 booking broken"))
            // The affected list: the booking in the week, not the one before it nor the pinned one.
            let affected = try #require(page.components(separatedBy: "id=\"affected\"").last?.components(separatedBy: "<h2>").first)
            #expect(affected.contains("K-2027-0009"))
            #expect(!affected.contains("K-2027-0001"))
            #expect(!affected.contains("K-2027-0002"))
            #expect(affected.contains("id=\"replan-affected\""))

            // The same days twice is refused, and nothing is added.
            #expect(try await Self.sickWeek(kb, client).status == .conflict)
            let entries = try harness.database.disruptions(state: "MY-03")
            #expect(entries.count == 1)
            let entry = try #require(entries.first)
            #expect(entry.reason == .sick && entry.createdBy == "kb" && entry.state == "MY-03")

            let removed = try await kb.post(client, "/disruptions/remove", [("id", String(entry.id))])
            #expect(removed.status == .seeOther)
            #expect(String(buffer: try await kb.get(client, "/disruptions?done=removed").body).contains("No leave or closures entered."))
            // Removing it again: someone (here, the same coordinator) removed it meanwhile.
            let again = try await kb.post(client, "/disruptions/remove", [("id", String(entry.id))])
            #expect(again.status == .conflict)
            #expect(String(buffer: again.body).contains("removed meanwhile"))
        }
        #expect(try harness.database.disruptions(state: nil).isEmpty)
        let actions = try harness.database.auditLog(subject: "person:IO-014").map(\.action)
        #expect(actions.contains("disruption-add"))
        #expect(actions.contains("disruption-remove"))
    }

    @Test func everyProblemOfTheFormIsShownAtOnceNamingItsField() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let bad = try await kb.post(client, "/disruptions", [("subject", "IO-014"), ("from", "2027-13-01"), ("to", "")])
            #expect(bad.status == .unprocessableContent)
            let page = String(buffer: bad.body)
            #expect(page.contains("Please fix 3 problems"))
            #expect(page.contains("Who or what: choose an officer"))
            #expect(page.contains("From: not a date (YYYY-MM-DD): 2027-13-01"))
            #expect(page.contains("To: give a date"))
            // The values typed stay in the form.
            #expect(page.contains("value=\"2027-13-01\""))
            let order = try await kb.post(client, "/disruptions", [("subject", "person:IO-014"), ("from", "2027-01-15"), ("to", "2027-01-11")])
            let orderPage = String(buffer: order.body)
            #expect(order.status == .unprocessableContent)
            #expect(orderPage.contains("To: must be on or after the first day"))
            #expect(orderPage.contains("Reason: say why the person is away"))
            let unknown = try await kb.post(client, "/disruptions", [("subject", "room:CIC-XX-9"), ("from", "2027-01-11"), ("to", "2027-01-11")])
            #expect(unknown.status == .unprocessableContent)
            #expect(String(buffer: unknown.body).contains("no such officer, psychologist, room or court"))
            // Without the form's token nothing is entered.
            let forged = try await kb.post(
                client, "/disruptions", [("subject", "court:SC-KB"), ("from", "2027-01-11"), ("to", "2027-01-11")], csrf: false)
            #expect(forged.status == .forbidden)
        }
        #expect(try harness.database.disruptions(state: nil).isEmpty)
    }

    @Test func anotherStatesPeopleAndEntriesAreRefused() async throws {
        let harness = try Self.bookedHarness()
        try await harness.run { client in
            let sel = try await Browser.signIn(client, "sel")
            let kb = try await Browser.signIn(client, "kb")
            // A Selangor coordinator cannot enter leave for a Kelantan officer or close a Kelantan room.
            #expect(try await Self.sickWeek(sel, client).status == .forbidden)
            let room = try await sel.post(client, "/disruptions", [("subject", "room:CIC-KB-1"), ("from", "2027-01-11"), ("to", "2027-01-12")])
            #expect(room.status == .forbidden)
            #expect(try harness.database.disruptions(state: nil).isEmpty)
            _ = try await Self.sickWeek(kb, client)
            let entry = try #require(try harness.database.disruptions(state: "MY-03").first)
            // Nor see, remove or replan a Kelantan entry: it answers as if it did not exist.
            let list = String(buffer: try await sel.get(client, "/disruptions?show=\(entry.id)").body)
            #expect(!list.contains("K-2027-0009"))
            #expect(!list.contains("IO-014"))
            #expect(try await sel.post(client, "/disruptions/remove", [("id", String(entry.id))]).status == .notFound)
            #expect(try await sel.post(client, "/disruptions/replan", [("id", String(entry.id)), ("budgets", "none")]).status == .notFound)
            // A prosecutor has no such page.
            let dpp = try await Browser.signIn(client, "dpp")
            #expect(try await dpp.get(client, "/disruptions").status == .forbidden)
        }
        #expect(try harness.database.disruptions(state: nil).count == 1)
    }

    @Test func enteredLeaveShowsOnTheWeekAndTheBookingCheckRefusesASlotInsideIt() async throws {
        let harness = try Self.bookedHarness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            _ = try await Self.sickWeek(kb, client)
            _ = try await kb.post(client, "/disruptions", [("subject", "room:CIC-KB-2"), ("from", "2027-01-13"), ("to", "2027-01-13")])
            let week = String(buffer: try await kb.get(client, "/week/officer/IO-014?week=2027-01-11").body)
            #expect(week.contains("Away (leave or training)"))
            // The booking it breaks stays in view.
            #expect(week.contains("K-2027-0009"))
            let centre = String(buffer: try await kb.get(client, "/week/centre/CIC-KB?day=2027-01-13").body)
            #expect(centre.contains("Room closed"))
            // A new booking inside the leave is refused by the booking check, as for imported leave.
            let revision = try await kb.caseRevision(client, "K-2027-0009")
            let refused = try await kb.post(
                client, "/cases/K-2027-0009/book",
                [
                    ("revision", revision), ("task", "interview"), ("room", "CIC-KB-1"), ("start", "2027-01-14T09:00"), ("interviewer", "IO-014"),
                    ("reason", "family asked"),
                ])
            #expect(refused.status != .seeOther)
            #expect(String(buffer: refused.body).contains("IO-014"))
            // And in the closed room, with an officer who is free.
            let closedRoom = try await kb.post(
                client, "/cases/K-2027-0009/book",
                [
                    ("revision", revision), ("task", "interview"), ("room", "CIC-KB-2"), ("start", "2027-01-13T09:00"), ("interviewer", "IO-020"),
                    ("reason", "family asked"),
                ])
            #expect(closedRoom.status != .seeOther)
        }
        let stored = try harness.database.bookings().interviews.first { $0.booking.caseID == "K-2027-0009" }
        #expect(stored?.booking.start == AppFixtures.at("2027-01-12T09:00"))
    }

    @Test func findASlotNeverOffersADayOfEnteredLeaveOrAClosedRoom() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        // Both Kelantan officers away all January; Selangor is beyond the travel limit, so nothing fits before February.
        for person in ["IO-014", "IO-020"] {
            _ = try harness.database.addDisruption(
                kind: .person, subject: person, range: DayRange(from: Self.day("2027-01-04"), to: Self.day("2027-01-31")), reason: .leave,
                scope: "MY-03", actor: "kb")
        }
        _ = try harness.database.addDisruption(
            kind: .room, subject: "CIC-KB-1", range: DayRange(from: Self.day("2027-02-01"), to: Self.day("2027-02-28")), reason: nil,
            scope: "MY-03", actor: "kb")
        let instance = try harness.database.exportInstance()
        let result = try Suggester.suggest(
            instance: instance, plan: try harness.database.bookings().plan, caseID: "K-2027-0009", task: .interview, top: 10)
        let offered = result.suggestions.compactMap(\.interview)
        #expect(!offered.isEmpty)
        for booking in offered {
            #expect(booking.start.day >= Self.day("2027-02-01"), "\(booking)")
            if booking.start.day <= Self.day("2027-02-28") { #expect(booking.room != "CIC-KB-1", "\(booking)") }
        }
        // The verifier refuses a booking in the closed room (rule 1), as the booking check then does.
        let plan = Plan(
            instance: nil,
            interviews: [
                InterviewBooking(
                    caseID: "K-2027-0009", room: "CIC-KB-1", interviewer: "IO-014", psychologist: nil, start: AppFixtures.at("2027-02-02T09:00"))
            ], hearings: [], unassigned: [], score: nil)
        let problems = BookingCheck.problems(instance, plan, cases: ["K-2027-0009"])
        #expect(problems.contains { $0.kind == .roomClosed("CIC-KB-1", AppFixtures.day("2027-02-02")) })
        // Removing the entries gives the days back.
        for entry in try harness.database.disruptions(state: "MY-03") {
            _ = try harness.database.removeDisruption(id: entry.id, scope: "MY-03", actor: "kb")
        }
        let after = try Suggester.suggest(
            instance: try harness.database.exportInstance(), plan: try harness.database.bookings().plan, caseID: "K-2027-0009", task: .interview)
        #expect(after.suggestions.compactMap(\.interview).contains { $0.start.day < Self.day("2027-02-01") })
    }

    @Test func replanningJustTheBrokenBookingsMovesOnlyThoseAndTheResultVerifies() async throws {
        let harness = try Self.bookedHarness()
        let before = try harness.database.bookings()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            _ = try await Self.sickWeek(kb, client)
            let entry = try #require(try harness.database.disruptions(state: "MY-03").first)
            let started = try await kb.post(client, "/disruptions/replan", [("id", String(entry.id)), ("budgets", "0, 1, none")])
            #expect(started.status == .seeOther)
            let id = try ReplanPageTests.jobID(started)
            let status = try #require(await harness.replanJobs.completion(id))
            #expect(status.state == .done)
            #expect(status.proposal?.only == ["K-2027-0009"])
            let page = String(buffer: try await kb.get(client, "/replan?job=\(id)&budget=none").body)
            #expect(page.contains("Only the 1 case whose booking a disruption broke may move"))
            #expect(page.contains("K-2027-0009"))
            // Another state's coordinator cannot apply it.
            let sel = try await Browser.signIn(client, "sel")
            #expect(try await sel.post(client, "/replan/apply", [("job", id.rawValue), ("budget", "none")]).status == .notFound)
            let applied = try await kb.post(client, "/replan/apply", [("job", id.rawValue), ("budget", "none")])
            #expect(applied.status == .seeOther)
        }
        let after = try harness.database.bookings()
        func interview(_ stored: StoredBookings, _ id: Case.ID) -> InterviewBooking? {
            stored.interviews.first { $0.booking.caseID == id }?.booking
        }
        // Only the broken booking moved, out of the leave; the others are exactly as they were.
        #expect(interview(after, "K-2027-0001") == interview(before, "K-2027-0001"))
        #expect(interview(after, "K-2027-0002") == interview(before, "K-2027-0002"))
        #expect(after.hearings == before.hearings)
        let moved = try #require(interview(after, "K-2027-0009"))
        #expect(moved != interview(before, "K-2027-0009"))
        #expect(!(moved.interviewer == "IO-014" && moved.start.day >= Self.day("2027-01-11") && moved.start.day <= Self.day("2027-01-15")))
        // Everything booked now passes the rule check, the entered leave included.
        #expect(BookingCheck.problems(try harness.database.exportInstance(), after.plan, cases: nil).isEmpty)
        #expect(try harness.database.auditLog(limit: 5).map(\.action).contains("apply-plan"))
    }

    @Test func thePageReadsInMalay() async throws {
        let harness = try Self.bookedHarness()
        let kbUser = try #require(try harness.database.users().first { $0.username == "kb" })
        try harness.database.setLanguage(userID: kbUser.id, language: .ms, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let saved = try await Self.sickWeek(kb, client)
            let page = String(buffer: try await kb.get(client, try #require(saved.headers[.location])).body)
            #expect(page.contains("<html lang=\"ms\">"))
            #expect(page.contains("Cuti dan penutupan"))
            #expect(page.contains("Cuti sakit"))
            #expect(page.contains("1 tempahan terjejas"))
            #expect(page.contains("Rancang semula tempahan ini sahaja"))
            #expect(!page.contains("Sick leave"))
            let bad = String(buffer: try await kb.post(client, "/disruptions", [("subject", ""), ("from", "x"), ("to", "")]).body)
            #expect(bad.contains("Sila betulkan 3 masalah"))
            #expect(bad.contains("berikan tarikh"))
            let week = String(buffer: try await kb.get(client, "/week/officer/IO-014?week=2027-01-11").body)
            #expect(week.contains("Tidak bertugas (cuti atau latihan)"))
        }
    }
}
