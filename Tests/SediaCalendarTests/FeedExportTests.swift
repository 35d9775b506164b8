import Foundation
import SediaCore
import Testing

@testable import SediaCalendar

struct FeedExportTests {
    @Test func everyFeedParsesWithoutErrorsAndPassesRestrictions() throws {
        let (files, _) = try FeedFixtures.export()
        #expect(files.count == 2 * (2 + 1 + 2 + 1 + 1) + 3 * 2)
        for file in files {
            let parsed = try FeedFixtures.parsed(file.fileName, in: files)
            #expect(parsed.errors.isEmpty, "\(file.fileName): \(parsed.errors)")
            #expect(parsed.restrictionsPass, "\(file.fileName)")
            #expect(parsed.components.filter { $0.name == "VCALENDAR" }.count == 1)
        }
    }

    @Test func reconcileThenRenderGivesExactlyTheExport() throws {
        // The CLI stores the state while it renders; the two halves must add up to the whole export.
        let (files, state) = try FeedFixtures.export()
        let (next, feeds) = try FeedExport.reconcile(
            instance: FeedFixtures.instance(), plan: FeedFixtures.plan(), prosecutors: FeedFixtures.prosecutors,
            rules: (ChecklistFixtures.book(), ChecklistFixtures.calendars()), state: FeedFixtures.state(), now: FeedFixtures.now,
            options: FeedOptions(busyVariants: true, todoFeeds: true))
        #expect(next == state)
        // The places of the instance (the centres' LOCATION) are the render's, as the CLI passes them.
        let rendered = FeedExport.render(
            state: next, feeds: feeds, now: FeedFixtures.now, options: FeedOptions(busyVariants: true, todoFeeds: true),
            places: FeedPlaces(instance: FeedFixtures.instance()))
        #expect(rendered == files)
    }

    @Test func linesEndInCRLFAndStayWithin75Octets() throws {
        let (files, _) = try FeedFixtures.export()
        for file in files {
            let bytes = file.bytes
            #expect(bytes.suffix(2) == [0x0D, 0x0A])
            var lineLength = 0
            for (i, b) in bytes.enumerated() {
                if b == 0x0A {
                    #expect(i > 0 && bytes[i - 1] == 0x0D, "bare LF in \(file.fileName)")
                    #expect(lineLength - 1 <= 75, "long line in \(file.fileName)")
                    lineLength = 0
                } else {
                    lineLength += 1
                }
            }
        }
    }

    @Test func timedEventsCarryTheZoneAndAllDayEventsAnExclusiveEnd() throws {
        let (files, _) = try FeedFixtures.export()
        let interviewer = try FeedFixtures.parsed("interviewer-IO-014.ics", in: files)
        let tz = try #require(interviewer.components.first { $0.name == "VTIMEZONE" })
        #expect(tz.value("TZID") == "Asia/Kuala_Lumpur")
        #expect(interviewer.components.filter { $0.name == "STANDARD" || $0.name == "DAYLIGHT" }.count == 1)
        let event = try #require(interviewer.events.first)
        let start = try #require(event.properties.first { $0.name == "DTSTART" })
        #expect(start.value == "20270106T090000")
        #expect(start.parameters == ["TZID=Asia/Kuala_Lumpur"])
        #expect(event.value("DTEND") == "20270106T103000")
        #expect(event.value("SUMMARY") == "Interview – CIC-KB room 1")

        let court = try FeedFixtures.parsed("court-SC-KB.ics", in: files)
        #expect(court.events.count == 2)
        let first = try #require(court.events.first)
        #expect(first.value("DTSTART") == "20270207")
        #expect(first.value("DTEND") == "20270208")
        #expect(first.value("SUMMARY") == "Hearing – SC-KB (day 1 of 2)")
        #expect(first.properties.first { $0.name == "DTSTART" }?.parameters == ["VALUE=DATE"])

        let deadlines = try FeedFixtures.parsed("deadlines-DPP-01.ics", in: files)
        for event in deadlines.events { #expect(event.value("TRANSP") == "TRANSPARENT") }
    }

    @Test func sameInputsTwiceGiveTheSameBytesAndState() throws {
        let first = try FeedFixtures.export()
        let later = FeedFixtures.now.adding(seconds: 3600)
        let second = try FeedFixtures.export(state: first.state, now: later)
        #expect(second.state == first.state)
        #expect(second.files == first.files)
    }

    @Test func aMovedBookingKeepsItsUIDWithSequencePlusOne() throws {
        let first = try FeedFixtures.export()
        var plan = FeedFixtures.plan()
        plan.interviews[0].start = FeedFixtures.time("2027-01-10T10:00")
        let later = FeedFixtures.now.adding(seconds: 86_400)
        let second = try FeedFixtures.export(plan: plan, state: first.state, now: later)
        func events(_ files: [FeedFile]) throws -> [FeedInspection.Component] {
            try FeedFixtures.parsed("room-CIC-KB-1.ics", in: files).events
        }
        let before = try #require(try events(first.files).first)
        let after = try #require(try events(second.files).first)
        #expect(after.value("UID") == before.value("UID"))
        #expect(before.value("SEQUENCE") == "0")
        #expect(after.value("SEQUENCE") == "1")
        #expect(before.value("LAST-MODIFIED") == "20270104T010000Z")
        #expect(after.value("LAST-MODIFIED") == "20270105T010000Z")
        #expect(after.value("DTSTAMP") == "20270105T010000Z")
        #expect(after.value("DTSTART") == "20270110T100000")
        // Nothing else changed, so every other feed without that interview is byte for byte the same.
        #expect(FeedFixtures.file("court-SC-KB.ics", in: second.files) == FeedFixtures.file("court-SC-KB.ics", in: first.files))
        #expect(FeedFixtures.file("interviewer-IO-015.ics", in: second.files) == FeedFixtures.file("interviewer-IO-015.ics", in: first.files))
    }

    @Test func uidsRevealNoCaseAndDependOnTheSecret() throws {
        let state = FeedFixtures.state()
        let uid = state.uid(forTask: "interview/K-2027-0001")
        #expect(!uid.contains("K-2027"))
        #expect(uid.hasSuffix("@sedia") && uid.count == 32 + 6)
        #expect(FeedState(secret: Array(repeating: 7, count: 32)).uid(forTask: "interview/K-2027-0001") != uid)
        #expect(state.uid(forTask: "interview/K-2027-0002") != uid)
    }

    @Test func aCancelledBookingIsPublishedAsCancelledThenDropped() throws {
        let first = try FeedFixtures.export()
        var plan = FeedFixtures.plan()
        plan.interviews.removeLast()
        let next = FeedFixtures.now.adding(seconds: 3600)
        let second = try FeedFixtures.export(plan: plan, state: first.state, now: next)
        let feed = try FeedFixtures.parsed("interviewer-IO-015.ics", in: second.files)
        let cancelled = try #require(feed.events.first)
        #expect(cancelled.value("STATUS") == "CANCELLED")
        #expect(cancelled.value("SEQUENCE") == "1")
        #expect(cancelled.value("TRANSP") == "TRANSPARENT")

        let afterGrace = next.adding(seconds: 15 * 86_400)
        let third = try FeedFixtures.export(plan: plan, state: second.state, now: afterGrace)
        let gone = try FeedFixtures.parsed("interviewer-IO-015.ics", in: third.files)
        #expect(gone.events.isEmpty)

        // Put back within the grace period: the same UID comes back confirmed, SEQUENCE + 1 again.
        let back = try FeedFixtures.export(state: second.state, now: next.adding(seconds: 3600))
        let restored = try #require(try FeedFixtures.parsed("interviewer-IO-015.ics", in: back.files).events.first)
        #expect(restored.value("UID") == cancelled.value("UID"))
        #expect(restored.value("STATUS") == "CONFIRMED")
        #expect(restored.value("SEQUENCE") == "2")
    }

    @Test func anInterviewReportedAsHeldIsNotCancelled() throws {
        let first = try FeedFixtures.export()
        var instance = FeedFixtures.instance()
        instance.cases[0].interview = nil
        instance.cases[0].interviewDoneOn = FeedFixtures.day("2027-01-06")
        var plan = FeedFixtures.plan()
        plan.interviews.removeFirst()
        let second = try FeedFixtures.export(instance: instance, plan: plan, state: first.state, now: FeedFixtures.now.adding(seconds: 86_400))
        #expect(FeedFixtures.file("interviewer-IO-014.ics", in: second.files) == FeedFixtures.file("interviewer-IO-014.ics", in: first.files))
    }

    @Test func theRollingWindowLimitsWhatIsPublished() throws {
        let options = FeedOptions(daysBack: 30, daysAhead: 20)
        let (files, state) = try FeedFixtures.export(options: options)
        let court = try FeedFixtures.parsed("court-SC-KB.ics", in: files)
        #expect(court.events.isEmpty)
        let later = try FeedFixtures.export(state: state, now: FeedFixtures.now.adding(seconds: 20 * 86_400), options: options)
        let court2 = try FeedFixtures.parsed("court-SC-KB.ics", in: later.files)
        #expect(court2.events.count == 2)
        #expect(later.state == state)
    }

    @Test func busyOnlyFeedsSayBusyAndNothingElse() throws {
        let (files, _) = try FeedFixtures.export()
        let busy = try FeedFixtures.parsed("psychologist-PSY-03.busy.ics", in: files)
        #expect(busy.events.count == 4)
        for event in busy.events {
            #expect(event.value("SUMMARY") == "Busy")
            #expect(event.value("DESCRIPTION") == nil)
        }
    }

    @Test func thePlanMustNameWhatTheInstanceHas() throws {
        var plan = FeedFixtures.plan()
        plan.interviews[1].room = "CIC-XX-9"
        plan.hearings[0].court = "SC-NOPE"
        #expect(throws: InputErrors.self) { try FeedFixtures.export(plan: plan) }
        do {
            _ = try FeedFixtures.export(plan: plan)
        } catch {
            #expect((error as? InputErrors)?.errors.map(\.path) == ["interviews[1].room", "hearings[0].court"])
        }
    }

    @Test(arguments: [("IO-014", "interviewer-IO-014.ics"), ("../etc/passwd", "interviewer-..%2Fetc%2Fpasswd.ics"), ("a b", "interviewer-a%20b.ics")])
    func fileNamesNeverLeaveTheDirectory(owner: String, expected: String) {
        #expect(FeedID(kind: .interviewer, owner: owner).fileName == expected)
    }

    @Test func utcInstantsRoundTrip() throws {
        let t = try #require(UTCInstant(iso: "2027-01-04T23:59:58Z"))
        #expect(t.description == "2027-01-04T23:59:58Z")
        #expect(t.localDay(offsetSeconds: 8 * 3600) == FeedFixtures.day("2027-01-05"))
        #expect(UTCInstant(iso: "2027-01-04T24:00:00Z") == nil)
        #expect(UTCInstant(iso: "1969-12-31T23:00:00Z")?.description == "1969-12-31T23:00:00Z")
    }
}
