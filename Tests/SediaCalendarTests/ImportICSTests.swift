import Foundation
import SediaCalendar
import SediaCore
import Testing

enum ICS {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func day(_ s: String) -> Day {
        guard let d = Day(iso: s) else { fatalError("bad date \(s)") }
        return d
    }

    static func file(_ relative: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: root + "/" + relative), let text = String(data: data, encoding: .utf8) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        return text
    }

    /// A calendar around the given VEVENT lines, CRLF-terminated as RFC 5545 wants.
    static func calendar(_ lines: [String]) -> String {
        (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Sedia//Test//EN"] + lines + ["END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
    }

    static let window = DayRange(from: day("2025-01-01"), to: day("2025-12-31"))
}

struct ImportHolidayFileTests {
    @Test(arguments: MalaysianStates.all.map(\.code.rawValue))
    func everyStateHolidayFileImports(state: String) throws {
        let imported = try ICSImport.holidays(try ICS.file("calendars/holidays/\(state).ics"), file: state + ".ics")
        #expect(imported.coverage == DayRange(from: ICS.day("2025-01-01"), to: ICS.day("2028-12-31")))
        let byYear = Dictionary(grouping: imported.holidays, by: \.date.year)
        for year in 2025...2028 { #expect((byYear[year]?.count ?? 0) >= 11, "\(state) \(year)") }
        // 2025 and 2026 are past and declared; 2027's Islamic dates wait for the moon sighting; every date says where it comes from.
        #expect(imported.holidays.filter { $0.date.year <= 2026 }.allSatisfy { !$0.projected })
        #expect(imported.holidays.contains { $0.date.year == 2027 && $0.projected && $0.name == "Hari Raya Aidilfitri" })
        #expect(imported.holidays.allSatisfy { $0.source?.isEmpty == false })
        // Every state keeps National Day, Malaysia Day and Hari Raya Aidilfitri 2025 (31 March).
        for date in ["2025-08-31", "2025-09-16", "2025-03-31"] {
            #expect(imported.holidays.contains { $0.date == ICS.day(date) }, "\(state) \(date)")
        }
    }

    @Test(arguments: [
        ("MY-13", "2025-10-20", false),  // Sarawak does not keep Deepavali
        ("MY-03", "2025-01-30", true),  // Kelantan keeps the second day of Chinese New Year as a state holiday
        ("MY-12", "2025-05-30", true),  // Pesta Kaamatan in Sabah
        ("MY-13", "2025-06-01", true),  // Gawai Dayak in Sarawak
        ("MY-14", "2025-02-01", true),  // Federal Territory Day in Kuala Lumpur
        ("MY-10", "2025-02-01", false),  // ... but not in Selangor
        ("MY-01", "2025-01-01", false),  // Johor does not keep New Year's Day
    ])
    func stateSpecificHolidays(state: String, date: String, kept: Bool) throws {
        let imported = try ICSImport.holidays(try ICS.file("calendars/holidays/\(state).ics"), file: state + ".ics")
        #expect(imported.holidays.contains { $0.date == ICS.day(date) } == kept)
    }
}

struct ImportMalformedICSTests {
    static let goodEvent = [
        "BEGIN:VEVENT", "UID:a@test", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20250505", "SUMMARY:Test day", "END:VEVENT",
    ]

    @Test func aGoodFileImports() throws {
        let events = try ICSImport.events(ICS.calendar(Self.goodEvent), file: "t.ics", window: ICS.window)
        #expect(events.map(\.days) == [[ICS.day("2025-05-05")]])
        #expect(events.first?.line == 4)
    }

    @Test func aGarbageLineIsReportedWithItsLine() {
        let text = ICS.calendar(Self.goodEvent + ["this is not ical"])
        let error = #expect(throws: ICSImportErrors.self) { try ICSImport.events(text, file: "t.ics", window: ICS.window) }
        #expect(error?.errors.first?.line == 10)
        #expect(error?.errors.first?.message.contains("not an iCalendar content line") == true)
    }

    @Test func aBadDateIsReported() {
        let text = ICS.calendar([
            "BEGIN:VEVENT", "UID:b@test", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20251345", "SUMMARY:Bad", "END:VEVENT",
        ])
        let error = #expect(throws: ICSImportErrors.self) { try ICSImport.events(text, file: "t.ics", window: ICS.window) }
        // Line 7 is the DTSTART line.
        #expect(error?.errors.contains { $0.file == "t.ics" && $0.line == 7 && $0.message.contains("DTSTART") } == true)
    }

    @Test func aMissingDTSTARTIsReported() {
        let text = ICS.calendar(["BEGIN:VEVENT", "UID:c@test", "DTSTAMP:20250101T000000Z", "SUMMARY:No start", "END:VEVENT"])
        let error = #expect(throws: ICSImportErrors.self) { try ICSImport.events(text, file: "t.ics", window: ICS.window) }
        #expect(error?.errors.map(\.description).contains("t.ics:4: VEVENT c@test has no DTSTART") == true)
    }

    @Test(arguments: ["2027022X", "2027-02-21", "20270221T0900", "20270221T090000X"])
    func aMalformedDateIsRefusedNamingTheLineEvenWhereLibicalGuesses(value: String) {
        // libical reads "2027022X" as 2 February without an X-LIC-ERROR: a leave file must not move a day silently.
        // (Where libical does object, its own message is the one reported for the line.)
        let text = ICS.calendar(["BEGIN:VEVENT", "UID:m@test", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:\(value)", "SUMMARY:x", "END:VEVENT"])
        let error = #expect(throws: ICSImportErrors.self) { try ICSImport.dayRanges(text, file: "t.ics", window: ICS.window) }
        #expect(error?.errors.contains { $0.line == 7 && ($0.message.hasPrefix("DTSTART:") || $0.message.hasPrefix("libical:")) } == true)
    }

    @Test func libicalParseErrorsAreNotSwallowed() {
        // libical keeps this event and records X-LIC-ERROR for the bad value: the importer must refuse the file.
        let text = ICS.calendar([
            "BEGIN:VEVENT", "UID:d@test", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20250505", "DTEND;VALUE=DATE:garbage", "SUMMARY:x",
            "END:VEVENT",
        ])
        let error = #expect(throws: ICSImportErrors.self) { try ICSImport.events(text, file: "t.ics", window: ICS.window) }
        // Reported on the DTEND line (8), with libical's own words.
        #expect(error?.errors.contains { $0.line == 8 && $0.message.hasPrefix("libical:") } == true)
    }

    @Test func unbalancedComponentsAreReported() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250505\r\nEND:VCALENDAR\r\n"
        #expect(throws: ICSImportErrors.self) { try ICSImport.events(text, file: "t.ics", window: ICS.window) }
    }

    @Test func aTimedHolidayIsRejected() {
        let text = ICS.calendar(["BEGIN:VEVENT", "UID:e@test", "DTSTAMP:20250101T000000Z", "DTSTART:20250505T090000", "SUMMARY:Timed", "END:VEVENT"])
        let error = #expect(throws: ICSImportErrors.self) { try ICSImport.holidays(text, file: "h.ics") }
        #expect(error?.errors.first?.message.contains("all-day") == true)
    }
}

struct ImportAvailabilityTests {
    @Test func courtSittingsExpandFromAnRRULEWithExceptions() throws {
        let text = ICS.calendar([
            "BEGIN:VEVENT", "UID:s@test", "DTSTAMP:20250101T000000Z", "DTSTART;VALUE=DATE:20250106", "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH",
            "EXDATE;VALUE=DATE:20250108", "SUMMARY:Sits", "END:VEVENT",
        ])
        let window = DayRange(from: ICS.day("2025-01-06"), to: ICS.day("2025-01-19"))
        let days = try ICSImport.events(text, file: "s.ics", window: window).flatMap(\.days)
        #expect(days.map(\.description) == ["2025-01-06", "2025-01-07", "2025-01-09", "2025-01-13", "2025-01-14", "2025-01-15", "2025-01-16"])
    }

    @Test func officerLeaveBecomesDayRanges() throws {
        let ranges = try ICSImport.dayRanges(try ICS.file("calendars/availability/IV-07-leave.ics"), file: "leave.ics", window: ICS.window)
        // 24-28 March (DTEND 29 March is exclusive) and the timed course on 12 May (09:00-17:00 Malaysian time).
        #expect(
            ranges == [
                DayRange(from: ICS.day("2025-03-24"), to: ICS.day("2025-03-28")), DayRange(from: ICS.day("2025-05-12"), to: ICS.day("2025-05-12")),
            ])
    }

    @Test func theBundledSittingPatternImports() throws {
        let days = try ICSImport.events(try ICS.file("calendars/availability/SC-PJY-sittings.ics"), file: "s.ics", window: ICS.window).flatMap(\.days)
        #expect(days.allSatisfy { [.mon, .tue, .wed, .thu].contains($0.weekday) })
        #expect(!days.contains(ICS.day("2025-03-31")))
        #expect(days.contains(ICS.day("2025-04-02")))
    }

    @Test func aUTCTimeLateInTheDayIsTheNextMalaysianDay() throws {
        let text = ICS.calendar([
            "BEGIN:VEVENT", "UID:u@test", "DTSTAMP:20250101T000000Z", "DTSTART:20250504T170000Z", "DTEND:20250504T180000Z", "SUMMARY:Late",
            "END:VEVENT",
        ])
        let days = try ICSImport.events(text, file: "u.ics", window: ICS.window).flatMap(\.days)
        #expect(days == [ICS.day("2025-05-05")])
    }
}
