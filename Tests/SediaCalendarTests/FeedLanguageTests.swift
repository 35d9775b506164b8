import Foundation
import SediaCore
import SediaTexts
import Testing

@testable import SediaCalendar

/// Feeds in the subscriber's language: the fixed words from SediaTexts' `Strings/<language>.strings`, a deadline's label
/// from the rule file's `titleMs`; English stays the default, byte for byte what it was.
struct FeedLanguageTests {
    static let interview = FeedState.Entry(
        uid: "u1@sedia", sequence: 0, lastModified: UTCInstant(seconds: 1_800_000_000),
        event: FeedEvent(
            task: "interview/K-1", kind: .interview, caseID: "K-1",
            when: .timed(
                start: LocalDateTime(day: Day(iso: "2027-01-04") ?? Day(ordinal: 0), minute: 930),
                end: LocalDateTime(day: Day(iso: "2027-01-04") ?? Day(ordinal: 0), minute: 1020)),
            centre: "CIC-KB", room: "CIC-KB-1", interviewer: "IO-008", psychologist: "PSY-02", prosecutor: "DPP-01"))

    static let deadline = FeedState.Entry(
        uid: "u2@sedia", sequence: 0, lastModified: UTCInstant(seconds: 1_800_000_000),
        event: FeedEvent(
            task: "due/K-1/ptc", kind: .deadline, caseID: "K-1", when: .allDay(Day(iso: "2027-01-18") ?? Day(ordinal: 0)), prosecutor: "DPP-01",
            label: "Pre-trial conference within 30 days of charge", source: "ptc: CPC s.172A", done: false,
            labelMs: "Persidangan pra-perbicaraan dalam tempoh 30 hari dari pertuduhan"))

    static func text(_ feed: FeedID, _ entries: [FeedState.Entry], language: Language) -> String {
        let bytes = FeedCalendar.render(feed: feed, entries: entries, options: FeedOptions(language: language))
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
    }

    /// Every word a feed reads is in both languages' tables (the tables' own parity is the pages' LanguageTests).
    @Test func bothLanguagesHaveTheSameWordsAndPlaceholders() throws {
        let en = FeedWords(texts: try TextTables.load(.en))
        let ms = FeedWords(texts: try TextTables.load(.ms))
        let tables = try TextTables.tables.get()
        for language in Language.allCases {
            #expect(FeedWords.keys.filter { tables[language]?[$0] == nil } == [], "\(language)")
        }
        let placeholder = /\{[a-z]+\}/
        for key in FeedWords.keys {
            let a = Set(en(key).matches(of: placeholder).map { String($0.output) })
            let b = Set(ms(key).matches(of: placeholder).map { String($0.output) })
            #expect(a == b, "\(key)")
            #expect(en(key) != key && ms(key) != key, "\(key)")
        }
    }

    @Test func aMalayInterviewersFeedSpeaksMalay() {
        let feed = FeedID(kind: .interviewer, owner: "IO-008")
        let ms = Self.text(feed, [Self.interview], language: .ms)
        #expect(ms.contains("X-WR-CALNAME:Sedia: Temu bual – pegawai temu bual IO-008"))
        #expect(ms.contains("SUMMARY:Temu bual – CIC-KB bilik 1"))
        #expect(ms.contains("Pegawai temu bual: IO-008\\nAhli psikologi: PSY-02\\nBilik: CIC-KB-1"))
        #expect(ms.contains("Diterbitkan oleh Sedia"))
        #expect(!ms.contains("Interview"))
        // Still no case reference in a staff feed, in either language.
        #expect(!ms.contains("K-1"))
        let en = Self.text(feed, [Self.interview], language: .en)
        #expect(en.contains("SUMMARY:Interview – CIC-KB room 1"))
        // The default options are English.
        let byDefault = FeedCalendar.render(feed: feed, entries: [Self.interview], options: FeedOptions())
        #expect(String(decoding: byDefault, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "") == en)
    }

    @Test func aDeadlineTakesTheRulesMalayTitleAndFallsBackToEnglish() {
        let feed = FeedID(kind: .deadlines, owner: "DPP-01")
        let ms = Self.text(feed, [Self.deadline], language: .ms)
        #expect(ms.contains("SUMMARY:Persidangan pra-perbicaraan dalam tempoh 30 hari dari pertuduhan – K-1"))
        #expect(ms.contains("Status: belum selesai"))
        #expect(ms.contains("Sumber: ptc: CPC s.172A"))
        #expect(Self.text(feed, [Self.deadline], language: .en).contains("SUMMARY:Pre-trial conference within 30 days of charge – K-1"))
        var noMalay = Self.deadline
        noMalay.event.labelMs = nil
        #expect(Self.text(feed, [noMalay], language: .ms).contains("SUMMARY:Pre-trial conference within 30 days of charge – K-1"))
        let busy = Self.text(FeedID(kind: .interviewer, owner: "IO-008", busyOnly: true), [Self.interview], language: .ms)
        #expect(busy.contains("SUMMARY:Sibuk"))
        #expect(busy.contains("(sibuk sahaja)"))
    }

    @Test func theStateKeepsTheMalayLabelAndReadsFilesWrittenBeforeIt() throws {
        var state = FeedState(secret: Array(repeating: 7, count: 32))
        state.entries["due/K-1/ptc"] = Self.deadline
        let bytes = state.jsonBytes()
        #expect(try FeedState(jsonBytes: bytes, file: "state.json") == state)
        // The server's stored form too.
        #expect(FeedEvent(storedJSON: Self.deadline.event.storedJSON, task: "due/K-1/ptc") == Self.deadline.event)
        // A /2 file written before `labelMs`: 23 columns.
        var old = String(decoding: bytes, as: UTF8.self)
        old = old.replacingOccurrences(of: ",\"labelMs\"]", with: "]")
        let stringsStart = try #require(old.range(of: "\"strings\":"))
        let entries = try #require(old.range(of: "\"entries\":", range: stringsStart.upperBound..<old.endIndex))
        let rowEnd = try #require(old.range(of: "]", options: .backwards, range: entries.upperBound..<old.endIndex))
        let lastComma = try #require(old.range(of: ",", options: .backwards, range: entries.upperBound..<rowEnd.lowerBound))
        // The row's last cell (the labelMs string index) goes; everything before it stays.
        let rowClose = try #require(old.range(of: "]", range: lastComma.upperBound..<old.endIndex))
        old.replaceSubrange(lastComma.lowerBound..<rowClose.lowerBound, with: "")
        let back = try FeedState(jsonBytes: Array(old.utf8), file: "old.json")
        #expect(back.entries["due/K-1/ptc"]?.event.labelMs == nil)
        #expect(back.entries["due/K-1/ptc"]?.event.label == "Pre-trial conference within 30 days of charge")
        // and a stored row of that layout.
        var cells = Self.deadline.event.storedJSON
        cells = String(cells[..<(cells.range(of: ",", options: .backwards)?.lowerBound ?? cells.endIndex)]) + "]"
        #expect(FeedEvent(storedJSON: cells, task: "due/K-1/ptc")?.label == "Pre-trial conference within 30 days of charge")
        #expect(FeedEvent(storedJSON: cells, task: "due/K-1/ptc")?.labelMs == nil)
    }
}
