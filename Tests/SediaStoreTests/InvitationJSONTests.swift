import Foundation
import SediaCore
import Testing

@testable import SediaStore

/// The outbox keeps the JSON its rows have always held: a row queued before `FeedEvent` moved to the core still reads
/// as the event it describes, and an event written now reads back as itself.
@Suite struct InvitationJSONTests {
    static func decode(_ text: String) throws -> FeedEvent { try JSONDecoder().decode(InvitationJSON.self, from: Data(text.utf8)).event }

    @Test func anOlderRowReadsAsTheSameEvent() throws {
        let day = try #require(Day(iso: "2027-01-07"))
        let interview = try Self.decode(
            #"{"task":"interview/K-1","kind":"interview","caseID":"K-1","day":"2027-01-07","startMinute":1380,"endMinute":1470,"#
                + #""centre":"CIC-KB","room":"CIC-KB-1","interviewer":"IO-014","prosecutor":"DPP-01"}"#)
        #expect(
            interview
                == FeedEvent.interview(
                    "K-1", start: LocalDateTime(day: day, minute: 1380), minutes: 90, centre: "CIC-KB", room: "CIC-KB-1", interviewer: "IO-014",
                    psychologist: nil, prosecutor: "DPP-01"))
        #expect(interview.when == .timed(start: LocalDateTime(day: day, minute: 1380), end: LocalDateTime(day: day.adding(days: 1), minute: 30)))
        let hearing = try Self.decode(
            #"{"task":"hearing/K-1/2","kind":"hearing","caseID":"K-1","day":"2027-01-07","court":"SES-KB","prosecutor":"DPP-01","#
                + #""dayIndex":2,"dayCount":3}"#)
        #expect(hearing == FeedEvent.hearing("K-1", day: day, index: 2, count: 3, court: "SES-KB", psychologist: nil, prosecutor: "DPP-01"))
        #expect(hearing.task == FeedEvent.hearingTask("K-1", day: 2))
    }

    @Test func anEventWrittenNowReadsBackAsItself() throws {
        let day = try #require(Day(iso: "2027-01-07"))
        let events = [
            FeedEvent.interview(
                "K-2", start: LocalDateTime(day: day, minute: 540), minutes: 120, centre: "CIC-KB", room: "CIC-KB-2", interviewer: "IO-1",
                psychologist: "PSY-1", prosecutor: nil),
            FeedEvent.hearing("K-2", day: day, index: 1, count: 1, court: "SES-KB", psychologist: "PSY-1", prosecutor: "DPP-02"),
        ]
        for event in events {
            #expect(try Self.decode(String(decoding: JSONEncoder().encode(InvitationJSON(event)), as: UTF8.self)) == event)
        }
    }
}
