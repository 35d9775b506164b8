import Foundation
import SediaCore
import Testing

@testable import SediaCalendar

/// The state file: what it must keep across runs (UIDs, SEQUENCE, LAST-MODIFIED, cancellations and each task's last
/// content), its `/2` layout, the `/1` files of earlier versions, and errors that name the damaged place.
struct FeedStateFormatTests {
    /// A state with every shape of entry: timed, all-day, cancelled, done (a one-item event of the layout before items
    /// were grouped by day, which a state may still hold), with and without optional fields.
    static func state() throws -> FeedState {
        var (_, state) = try FeedFixtures.export()
        let cancelled = UTCInstant(seconds: 1_800_000_000)
        let task = try #require(state.entries.keys.sorted().first { $0.hasPrefix("interview/") })
        state.entries[task]?.cancelledAt = cancelled
        let done = FeedEvent(
            task: "due/K-2027-0003/ptc", kind: .readiness, caseID: "K-2027-0003", when: .allDay(FeedFixtures.day("2027-01-20")),
            prosecutor: "DPP-01", label: "Pre-trial conference", source: "ptc: CPC s.172A", done: true)
        state.entries[done.task] = FeedState.Entry(uid: state.uid(forTask: done.task), sequence: 1, lastModified: cancelled, event: done)
        return state
    }

    @Test func theStateRoundTripsThroughItsFile() throws {
        let state = try Self.state()
        #expect(state.entries.values.contains { $0.cancelledAt != nil })
        #expect(state.entries.values.contains { if case .timed = $0.event.when { true } else { false } })
        #expect(state.entries.values.contains { if case .allDay = $0.event.when { true } else { false } })
        #expect(state.entries.values.contains { $0.event.done != nil })
        let bytes = state.jsonBytes()
        let back = try FeedState(jsonBytes: bytes, file: "state.json")
        #expect(back == state)
        // Stable: the same state gives the same bytes, whatever the dictionary's order.
        #expect(back.jsonBytes() == bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\n\"format\":\"sedia-feed-state/2\""))
        // Each label and source is written once, in the string table.
        let label = try #require(state.entries.values.compactMap(\.event.label).first { !$0.contains("\n") })
        #expect(text.components(separatedBy: "\"\(label)\"").count == 2)
    }

    /// The server keeps each event in the file's own columns (strings written out): the same encoding, read back equal.
    @Test func everyEventRoundTripsThroughTheStoredForm() throws {
        let state = try Self.state()
        for (task, entry) in state.entries {
            let stored = entry.event.storedJSON
            #expect(FeedEvent.isCurrentStoredForm(stored))
            #expect(FeedEvent(storedJSON: stored, task: task) == entry.event, "\(task)")
        }
        #expect(FeedEvent(storedJSON: "[\"interview\"]", task: "interview/K-1") == nil)
        #expect(FeedEvent(storedJSON: "not json", task: "interview/K-1") == nil)
    }

    /// Rows written by earlier servers (an object with `caseID` and a `when` object) are still read, so they can be
    /// written back once in the current form.
    @Test func anEarlierServerRowIsRead() throws {
        let old = """
            {"caseID":"K-1","centre":"CIC-KB","interviewer":"IO-014","kind":"interview","room":"CIC-KB-1","task":"interview/K-1",\
            "when":{"end":"2027-01-06T10:30","start":"2027-01-06T09:00"}}
            """
        let event = try #require(FeedEvent(storedJSON: old, task: "interview/K-1"))
        #expect(!FeedEvent.isCurrentStoredForm(old))
        #expect(event.caseID == "K-1" && event.interviewer == "IO-014" && event.room == "CIC-KB-1" && event.kind == .interview)
        #expect(
            event.when
                == .timed(start: try #require(LocalDateTime(iso: "2027-01-06T09:00")), end: try #require(LocalDateTime(iso: "2027-01-06T10:30"))))
        let allDay = try #require(
            FeedEvent(storedJSON: #"{"caseID":"K-1","kind":"deadline","label":"Disposal","when":{"day":"2027-11-20"}}"#, task: "due/K-1/disposal"))
        #expect(allDay.when == .allDay(try #require(Day(iso: "2027-11-20"))))
        #expect(FeedEvent(storedJSON: allDay.storedJSON, task: "due/K-1/disposal") == allDay)
    }

    @Test func aVersionOneFileIsReadAndRewrittenAsVersionTwo() throws {
        let v1 = """
            {"format":"sedia-feed-state/1","secret":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",\
            "entries":{"due/K-1/ptc":{"uid":"aa@sedia","sequence":2,"lastModified":"2027-01-04T01:00:00Z","event":\
            {"task":"due/K-1/ptc","kind":"readiness","case":"K-1","day":"2027-02-01","prosecutor":"DPP-01",\
            "label":"Pre-trial conference","source":"ptc: PD 2019","done":false}},\
            "interview/K-1":{"uid":"bb@sedia","sequence":0,"lastModified":"2027-01-03T00:00:00Z",\
            "cancelledAt":"2027-01-05T08:00:00Z","event":{"task":"interview/K-1","kind":"interview","case":"K-1",\
            "start":"2027-01-11T09:00","end":"2027-01-11T10:30","centre":"CIC-KB","room":"CIC-KB-1","interviewer":"IO-014"}}}}
            """
        let state = try FeedState(jsonBytes: Array(v1.utf8), file: "old.json")
        let due = try #require(state.entries["due/K-1/ptc"])
        #expect(due.uid == "aa@sedia" && due.sequence == 2 && due.event.when == .allDay(Day(iso: "2027-02-01")!))
        #expect(due.event.label == "Pre-trial conference" && due.event.done == false && due.cancelledAt == nil)
        let interview = try #require(state.entries["interview/K-1"])
        #expect(interview.cancelledAt == UTCInstant(iso: "2027-01-05T08:00:00Z"))
        #expect(interview.event.when == .timed(start: LocalDateTime(iso: "2027-01-11T09:00")!, end: LocalDateTime(iso: "2027-01-11T10:30")!))
        #expect(try FeedState(jsonBytes: state.jsonBytes(), file: "new.json") == state)
    }

    @Test func aDamagedRowIsNamed() throws {
        let state = try Self.state()
        var text = String(decoding: state.jsonBytes(), as: UTF8.self)
        // The first row's sequence (third column) becomes a string.
        let rowStart = try #require(text.range(of: "\"entries\":[\n["))
        let afterTask = try #require(text.range(of: ",", range: rowStart.upperBound..<text.endIndex))
        let afterUID = try #require(text.range(of: ",", range: afterTask.upperBound..<text.endIndex))
        text.insert(contentsOf: "\"x\",", at: afterUID.upperBound)
        #expect {
            try FeedState(jsonBytes: Array(text.utf8), file: "s.json")
        } throws: { error in
            (error as? InputErrors)?.errors.contains { $0.file == "s.json" && $0.path == "entries[0]" } == true
        }
        let wrongType = String(decoding: state.jsonBytes(), as: UTF8.self).replacingOccurrences(of: "\"secret\":\"", with: "\"secret\":\"zz")
        #expect {
            try FeedState(jsonBytes: Array(wrongType.utf8), file: "s.json")
        } throws: { error in
            (error as? InputErrors)?.errors.contains { $0.path == "secret" } == true
        }
    }
}
