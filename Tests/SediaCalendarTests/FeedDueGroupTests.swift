import Foundation
import Testing

@testable import SediaCalendar
@testable import SediaCore

/// The deadlines feed carries open items only, one all-day event per case and day with the items listed; interviews
/// carry where they happen (never the child's home) and reminders the subscriber can turn off.
struct FeedDueGroupTests {
    static func day(_ text: String) -> Day { FeedFixtures.day(text) }

    static func item(_ rule: String, due: String, status: ChecklistStatus, advisory: Advisory? = nil) -> ReadinessItem {
        ReadinessItem(
            item: "Item \(rule)", itemMs: "Perkara \(rule)", rule: rule, kind: .readiness, owner: "dpp", due: day(due), status: status, daysLeft: nil,
            source: "law \(rule)", confidence: .law, notes: [], advisory: advisory)
    }

    /// The feed's text (folded lines joined) from a state.
    static func render(_ feed: FeedID, state: FeedState) -> String {
        let entries = state.entries.values.filter { $0.event.feeds.contains(feed) }
        return String(decoding: FeedCalendar.render(feed: feed, entries: Array(entries), options: FeedOptions()), as: UTF8.self)
            .replacingOccurrences(of: "\r\n ", with: "")
    }

    /// The feed's text for events published for the first time.
    static func render(_ feed: FeedID, _ events: [FeedEvent]) -> String {
        var state = FeedFixtures.state()
        state.reconcile(with: events, now: FeedFixtures.now, options: FeedOptions())
        return render(feed, state: state)
    }

    static func checklist(_ items: [ReadinessItem]) -> CaseChecklist {
        CaseChecklist(caseID: "K-1", prosecutor: "DPP-01", court: nil, trialStart: nil, trialEnd: nil, interview: nil, items: items)
    }

    @Test func itemsOfOneCaseAndDayAreOneEventListingThem() {
        let events = FeedExport.dueDates(from: [
            Self.checklist([
                Self.item("a", due: "2027-02-01", status: .open), Self.item("b", due: "2027-02-01", status: .overdue),
                Self.item("c", due: "2027-02-01", status: .atRisk), Self.item("d", due: "2027-02-03", status: .advisory, advisory: .always),
            ])
        ])
        #expect(events.map(\.task) == ["due/K-1/2027-02-01", "due/K-1/2027-02-03"])
        #expect(events[0].dueItems.map(\.label) == ["Item a", "Item b", "Item c"])
        #expect(events[0].dueItems.map(\.labelMs) == ["Perkara a", "Perkara b", "Perkara c"])
        #expect(events[1].dueItems.map(\.advisory) == ["always"])
        let text = Self.render(FeedID(kind: .deadlines, owner: "DPP-01"), events)
        #expect(text.components(separatedBy: "BEGIN:VEVENT").count == 3)
        #expect(text.contains("SUMMARY:3 items due – K-1"))
        #expect(text.contains("• Item a") && text.contains("• Item b") && text.contains("• Item c"))
        #expect(text.contains("SUMMARY:Item d – K-1"))
    }

    @Test func doneAndNoLongerApplyingItemsAreLeftOut() {
        let events = FeedExport.dueDates(from: [
            Self.checklist([
                Self.item("done", due: "2027-02-01", status: .done), Self.item("none", due: "2027-02-01", status: .noTarget),
                Self.item("unpublished", due: "2027-02-01", status: .timelineNotPublished), Self.item("open", due: "2027-02-02", status: .open),
            ])
        ])
        #expect(events.map(\.task) == ["due/K-1/2027-02-02"])
        #expect(events.flatMap(\.dueItems).map(\.label) == ["Item open"])
    }

    /// A UID comes from the case and the day alone (a keyed hash of `FeedEvent.dueTask`), so it survives items
    /// coming and going; an item moving day updates both days' events, and a day whose last item is ticked is cancelled.
    @Test func anItemMovingDayOrTickedUpdatesOrCancelsTheDaysEvents() throws {
        let options = FeedOptions()
        let now = FeedFixtures.now
        var state = FeedFixtures.state()
        state.reconcile(
            with: FeedExport.dueDates(from: [
                Self.checklist([Self.item("a", due: "2027-02-01", status: .open), Self.item("b", due: "2027-02-01", status: .open)])
            ]), now: now, options: options)
        let first = FeedEvent.dueTask("K-1", day: Self.day("2027-02-01"))
        let second = FeedEvent.dueTask("K-1", day: Self.day("2027-02-05"))
        #expect(state.entries[first]?.uid == state.uid(forTask: first))
        let uid = try #require(state.entries[first]?.uid)

        // "b" moves to 5 February: the first day keeps its UID with one item left, SEQUENCE 1; the new day is new.
        let later = now.adding(seconds: 600)
        state.reconcile(
            with: FeedExport.dueDates(from: [
                Self.checklist([Self.item("a", due: "2027-02-01", status: .open), Self.item("b", due: "2027-02-05", status: .open)])
            ]), now: later, options: options)
        #expect(state.entries[first]?.uid == uid)
        #expect(state.entries[first]?.sequence == 1)
        #expect(state.entries[first]?.event.dueItems.map(\.label) == ["Item a"])
        #expect(state.entries[second]?.sequence == 0)
        #expect(state.entries[second]?.event.dueItems.map(\.label) == ["Item b"])

        // "a" is ticked: its day has nothing left and is published cancelled; the other day is untouched.
        state.reconcile(
            with: FeedExport.dueDates(from: [
                Self.checklist([Self.item("a", due: "2027-02-01", status: .done), Self.item("b", due: "2027-02-05", status: .open)])
            ]), now: later.adding(seconds: 600), options: options)
        #expect(state.entries[first]?.cancelledAt != nil)
        #expect(state.entries[first]?.sequence == 2)
        #expect(state.entries[second]?.sequence == 0)
        let text = Self.render(FeedID(kind: .deadlines, owner: "DPP-01"), state: state)
        // The emptied day is published once more, cancelled, with its last content; the other day stays confirmed.
        let blocks = text.components(separatedBy: "BEGIN:VEVENT").dropFirst()
        #expect(blocks.filter { $0.contains("• Item a") }.allSatisfy { $0.contains("STATUS:CANCELLED") })
        #expect(blocks.filter { $0.contains("• Item b") }.allSatisfy { $0.contains("STATUS:CONFIRMED") })
        #expect(blocks.count == 2)
    }

    @Test func theGroupedItemsSurviveTheStateFileAndTheServersRows() throws {
        let event = FeedEvent.due(
            "K-1", day: Self.day("2027-02-01"), prosecutor: "DPP-01",
            items: [
                FeedDueItem(label: "One", labelMs: "Satu", source: "r1: law"),
                FeedDueItem(label: "Two\nlines", source: nil, advisory: "always"),
            ])
        #expect(event.dueItems.map(\.label) == ["One", "Two lines"])
        #expect(event.dueItems.map(\.labelMs) == ["Satu", nil])
        #expect(event.dueItems.map(\.source) == ["r1: law", nil])
        #expect(event.dueItems.map(\.advisory) == [nil, "always"])
        #expect(FeedEvent(storedJSON: event.storedJSON, task: event.task) == event)
        var state = FeedFixtures.state()
        state.reconcile(with: [event], now: FeedFixtures.now, options: FeedOptions())
        #expect(try FeedState(jsonBytes: state.jsonBytes(), file: "state.json") == state)
    }

    /// The export of the fixture: one deadlines event per case and day, each holding every item due that day.
    @Test func theFixturesDeadlinesFeedHasOneEventPerCaseAndDay() throws {
        let (_, state) = try FeedFixtures.export()
        let due = state.entries.values.map(\.event).filter { $0.kind == .readiness || $0.kind == .deadline }
        #expect(!due.isEmpty)
        var seen = Set<String>()
        for event in due {
            #expect(seen.insert("\(event.caseID) \(event.when.firstDay)").inserted)
            #expect(event.task == FeedEvent.dueTask(Case.ID(event.caseID), day: event.when.firstDay))
        }
    }

    static let gazetteer = Gazetteer([Place(id: 1_736_376, name: "Kota Bharu", state: "MY-03", lat: 6.12361, lon: 102.24333)])

    static func interviewFeeds(_ options: FeedOptions = FeedOptions(busyVariants: true, todoFeeds: true)) throws -> [FeedFile] {
        try FeedExport.export(
            instance: FeedFixtures.instance(), plan: FeedFixtures.plan(), prosecutors: FeedFixtures.prosecutors,
            rules: (ChecklistFixtures.book(), ChecklistFixtures.calendars()), state: FeedFixtures.state(), now: FeedFixtures.now, options: options,
            gazetteer: gazetteer
        ).files
    }

    static func text(_ name: String, _ files: [FeedFile]) throws -> String {
        String(decoding: try #require(FeedFixtures.file(name, in: files)).bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
    }

    @Test func interviewsCarryTheCentresPlaceAndNoChildData() throws {
        let files = try Self.interviewFeeds()
        for name in ["interviewer-IO-014.ics", "room-CIC-KB-1.ics", "centre-CIC-KB.ics", "prosecutor-DPP-01.ics"] {
            let text = try Self.text(name, files)
            #expect(text.contains("LOCATION:CIC-KB\\, Kota Bharu\\, Kelantan"), "\(name)")
            #expect(text.contains("GEO:6.12"), "\(name)")
            // The child's home (6.05, 102.10 in the fixture) is never a place of the feed, nor any typed name.
            #expect(!text.contains("6.05") && !text.contains("102.1;") && !text.contains("102.10"), "\(name)")
            for sentinel in FeedFixtures.sentinels { #expect(!text.contains(sentinel), "\(name) holds \(sentinel)") }
        }
        let busy = try Self.text("interviewer-IO-014.busy.ics", files)
        #expect(!busy.contains("LOCATION") && !busy.contains("GEO") && !busy.contains("VALARM"))
    }

    @Test func attendeesGetRemindersUnlessTheyTurnThemOff() throws {
        let files = try Self.interviewFeeds()
        for name in ["interviewer-IO-014.ics", "psychologist-PSY-03.ics", "prosecutor-DPP-01.ics"] {
            let text = try Self.text(name, files)
            #expect(text.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P1D"), "\(name)")
            #expect(text.contains("TRIGGER:-PT1H"), "\(name)")
        }
        // A room's or a centre's calendar is looked at, not attended: no reminders there.
        #expect(!(try Self.text("room-CIC-KB-1.ics", files)).contains("VALARM"))
        #expect(!(try Self.text("centre-CIC-KB.ics", files)).contains("VALARM"))
        // Every property and component is one the privacy list allows, VALARM included.
        let parsed = try FeedFixtures.parsed("interviewer-IO-014.ics", in: files)
        #expect(parsed.components.contains { $0.name == "VALARM" })
        for property in parsed.properties {
            #expect(FeedCalendar.allowedProperties[property.component]?.contains(property.name) == true, "\(property.component) \(property.name)")
        }
        var quiet = FeedOptions(busyVariants: true, todoFeeds: true)
        quiet.reminders = false
        let off = try Self.interviewFeeds(quiet)
        let text = try Self.text("interviewer-IO-014.ics", off)
        #expect(!text.contains("VALARM"))
        #expect(text.contains("LOCATION:CIC-KB"))
    }
}
