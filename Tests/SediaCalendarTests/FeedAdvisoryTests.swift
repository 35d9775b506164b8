import Foundation
import SediaCore
import Testing

@testable import SediaCalendar

/// An advisory step in the deadlines and tasks feeds: "Status: advisory", and a to-do no client can mark overdue.
struct FeedAdvisoryTests {
    static func entry(advisory: String?, done: Bool = false) -> FeedState.Entry {
        let event = FeedEvent(
            task: "due/K-1/case-management", kind: .deadline, caseID: "K-1", when: .allDay(Day(iso: "2027-01-18") ?? Day(ordinal: 0)),
            prosecutor: "DPP-01", label: "Subsequent case management, if necessary", source: "case-management: CPC s.172B(3)", done: done,
            advisory: advisory)
        return FeedState.Entry(uid: "u1@sedia", sequence: 0, lastModified: UTCInstant(seconds: 1_800_000_000), event: event)
    }

    /// The feed's text with folded lines joined again (RFC 5545 folds at 75 octets).
    static func text(_ kind: FeedKind, _ entry: FeedState.Entry) -> String {
        let bytes = FeedCalendar.render(feed: FeedID(kind: kind, owner: "DPP-01"), entries: [entry], options: FeedOptions())
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
    }

    @Test func anOptionalStepIsAToDoWithAStartAndNoDue() throws {
        let text = Self.text(.tasks, Self.entry(advisory: "always"))
        #expect(text.contains("DTSTART;VALUE=DATE:20270118"))
        #expect(!text.contains("\r\nDUE"))
        #expect(text.contains("PRIORITY:9"))
        #expect(text.contains("STATUS:NEEDS-ACTION"))
        #expect(text.contains("Status: advisory"))
        let bytes = FeedCalendar.render(
            feed: FeedID(kind: .tasks, owner: "DPP-01"), entries: [Self.entry(advisory: "always")], options: FeedOptions())
        let parsed = try #require(FeedInspection.parse(bytes))
        for property in parsed.properties {
            #expect(FeedCalendar.allowedProperties[property.component]?.contains(property.name) == true, "\(property.name)")
        }
    }

    @Test func aDutyKeepsItsDue() {
        let text = Self.text(.tasks, Self.entry(advisory: nil))
        #expect(text.contains("DUE;VALUE=DATE:20270118"))
        #expect(!text.contains("PRIORITY"))
        #expect(text.contains("Status: open"))
    }

    @Test func theDeadlinesFeedSaysWhichWayTheStepIsAdvisory() {
        #expect(Self.text(.deadlines, Self.entry(advisory: "always")).contains("Status: advisory (optional in law: never overdue)"))
        #expect(Self.text(.deadlines, Self.entry(advisory: "after-due")).contains("Status: open (advisory after this date"))
        #expect(Self.text(.deadlines, Self.entry(advisory: "always", done: true)).contains("Status: done"))
        #expect(Self.text(.tasks, Self.entry(advisory: "always", done: true)).contains("STATUS:COMPLETED"))
    }

    @Test func theStateKeepsAdvisoryAndReadsFilesWrittenBeforeIt() throws {
        var state = FeedState(secret: Array(repeating: 7, count: 32))
        state.entries["due/K-1/case-management"] = Self.entry(advisory: "always")
        let bytes = state.jsonBytes()
        #expect(try FeedState(jsonBytes: bytes, file: "state.json") == state)
        // A /2 file of the layout before `advisory` (and `labelMs`): 22 columns.
        var old = String(decoding: bytes, as: UTF8.self)
        old = old.replacingOccurrences(of: ",\"advisory\",\"labelMs\"]", with: "]")
        let stringsStart = try #require(old.range(of: "\"strings\":"))
        let row = try #require(old.range(of: ",false,", range: stringsStart.upperBound..<old.endIndex))
        let end = try #require(old.range(of: "]", range: row.upperBound..<old.endIndex))
        old.replaceSubrange(row.lowerBound..<end.lowerBound, with: ",false")
        let back = try FeedState(jsonBytes: Array(old.utf8), file: "old.json")
        #expect(back.entries["due/K-1/case-management"]?.event.advisory == nil)
        #expect(back.entries["due/K-1/case-management"]?.event.label == "Subsequent case management, if necessary")
    }
}
