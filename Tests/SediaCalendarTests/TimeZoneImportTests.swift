import SediaCalendar
import SediaCore
import Testing

/// Availability files as three common clients export them, each with a leave event at 23:30 London time.
enum ClientExports {
    /// Outlook: a Windows zone name as TZID, defined by the file's own VTIMEZONE (rules from 1601), unquoted in DTSTART.
    static let outlook = lines([
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "X-MS-OLK-FORCEINSPECTOROPEN:TRUE",
        "BEGIN:VTIMEZONE",
        "TZID:GMT Standard Time",
        "BEGIN:STANDARD",
        "DTSTART:16011028T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010325T010000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "CLASS:PUBLIC",
        "CREATED:20250105T101500Z",
        "DTEND;TZID=GMT Standard Time:20250110T235900",
        "DTSTAMP:20250105T101500Z",
        "DTSTART;TZID=GMT Standard Time:20250110T233000",
        "LAST-MODIFIED:20250105T101500Z",
        "PRIORITY:5",
        "SEQUENCE:0",
        "SUMMARY;LANGUAGE=en-gb:Leave (late flight)",
        "TRANSP:OPAQUE",
        "UID:040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5@outlook",
        "X-MICROSOFT-CDO-BUSYSTATUS:OOF",
        "X-MICROSOFT-CDO-IMPORTANCE:1",
        "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTEND;TZID=GMT Standard Time:20250710T235900",
        "DTSTAMP:20250105T101500Z",
        "DTSTART;TZID=GMT Standard Time:20250710T233000",
        "SUMMARY;LANGUAGE=en-gb:Leave (summer)",
        "UID:040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F6@outlook",
        "X-MICROSOFT-CDO-BUSYSTATUS:OOF",
        "END:VEVENT",
        "END:VCALENDAR",
    ])

    /// Google Calendar: the Olson TZID with a VTIMEZONE carrying X-LIC-LOCATION, and events stored in UTC ('Z').
    static let google = lines([
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Leave",
        "X-WR-TIMEZONE:Europe/London",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "X-LIC-LOCATION:Europe/London",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "TZNAME:BST",
        "DTSTART:19700329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "TZNAME:GMT",
        "DTSTART:19701025T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "DTSTART;TZID=Europe/London:20250110T233000",
        "DTEND;TZID=Europe/London:20250110T235900",
        "DTSTAMP:20250105T101500Z",
        "UID:5k2p9c1d0v7q@google.com",
        "CREATED:20250105T101500Z",
        "DESCRIPTION:",
        "LAST-MODIFIED:20250105T101500Z",
        "LOCATION:",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "SUMMARY:Leave (late flight)",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTSTART:20250710T223000Z",
        "DTEND:20250710T225900Z",
        "DTSTAMP:20250105T101500Z",
        "UID:8h3m1x4r2b6t@google.com",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "SUMMARY:Leave (summer\\, stored in UTC)",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ])

    /// Apple Calendar: the Olson TZID with its VTIMEZONE, X-APPLE properties, and a weekly leave across the clock change.
    static let apple = lines([
        "BEGIN:VCALENDAR",
        "METHOD:PUBLISH",
        "VERSION:2.0",
        "X-WR-CALNAME:Leave",
        "PRODID:-//Apple Inc.//macOS 14.5//EN",
        "X-APPLE-CALENDAR-COLOR:#1BADF8",
        "X-WR-TIMEZONE:Europe/London",
        "CALSCALE:GREGORIAN",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "DTSTART:19810329T010000",
        "TZNAME:BST",
        "TZOFFSETTO:+0100",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0100",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "DTSTART:19961027T020000",
        "TZNAME:GMT",
        "TZOFFSETTO:+0000",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "TRANSP:OPAQUE",
        "DTEND;TZID=Europe/London:20250321T235900",
        "UID:6B29FC40-CA47-1067-B31D-00DD010662DA",
        "DTSTAMP:20250105T101500Z",
        "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
        "SEQUENCE:0",
        "X-APPLE-CREATOR-IDENTITY:com.apple.calendar",
        "X-APPLE-CREATOR-TEAM-IDENTITY:0000000000",
        "SUMMARY:Weekly leave",
        "LAST-MODIFIED:20250105T101500Z",
        "CREATED:20250105T101500Z",
        "DTSTART;TZID=Europe/London:20250321T233000",
        "RRULE:FREQ=WEEKLY;COUNT=3",
        "END:VEVENT",
        "END:VCALENDAR",
    ])

    static func lines(_ l: [String]) -> String { l.joined(separator: "\r\n") + "\r\n" }
}

struct TimeZoneImportTests {
    static let window = DayRange(from: ICS.day("2025-01-01"), to: ICS.day("2025-12-31"))

    static func days(_ text: String) throws -> [Day] {
        try ICSImport.events(text, file: "export.ics", window: window).flatMap(\.days)
    }

    @Test func outlookWindowsZoneFromTheFilesVTimezoneLandsOnTheMalaysianDay() throws {
        // 23:30 GMT on 10 January is 07:30 on 11 January in Malaysia; 23:30 BST on 10 July is 06:30 on 11 July.
        #expect(try Self.days(ClientExports.outlook) == [ICS.day("2025-01-11"), ICS.day("2025-07-11")])
    }

    @Test func googleOlsonZoneAndUTCTimesLandOnTheMalaysianDay() throws {
        #expect(try Self.days(ClientExports.google) == [ICS.day("2025-01-11"), ICS.day("2025-07-11")])
    }

    @Test func appleWeeklyEventKeepsItsLondonTimeAcrossTheClockChange() throws {
        // 21 and 28 March 23:30 GMT are 07:30 MYT the next day; 4 April 23:30 BST (after 30 March) is 06:30 MYT on 5 April.
        #expect(try Self.days(ClientExports.apple) == [ICS.day("2025-03-22"), ICS.day("2025-03-29"), ICS.day("2025-04-05")])
    }

    @Test func leaveImportMergesTheConvertedDays() throws {
        let ranges = try ICSImport.dayRanges(ClientExports.outlook, file: "outlook.ics", window: Self.window)
        #expect(
            ranges == [
                DayRange(from: ICS.day("2025-01-11"), to: ICS.day("2025-01-11")), DayRange(from: ICS.day("2025-07-11"), to: ICS.day("2025-07-11")),
            ])
    }

    @Test func anOutlookZoneNameInQuotesWithAColonIsRead() throws {
        // Older Outlook exports name the zone by its display name, quoted because it holds a colon and commas.
        let text = ClientExports.lines([
            "BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 14.0 MIMEDIR//EN", "VERSION:2.0", "BEGIN:VTIMEZONE",
            "TZID:(UTC+00:00) Dublin\\, Edinburgh\\, Lisbon\\, London", "BEGIN:STANDARD", "DTSTART:16011028T020000",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "END:STANDARD", "BEGIN:DAYLIGHT",
            "DTSTART:16010325T010000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "END:DAYLIGHT",
            "END:VTIMEZONE", "BEGIN:VEVENT", "UID:q@outlook", "DTSTAMP:20250105T101500Z",
            "DTSTART;TZID=\"(UTC+00:00) Dublin, Edinburgh, Lisbon, London\":20250110T233000",
            "DTEND;TZID=\"(UTC+00:00) Dublin, Edinburgh, Lisbon, London\":20250110T235900", "SUMMARY:Leave", "END:VEVENT", "END:VCALENDAR",
        ])
        #expect(try Self.days(text) == [ICS.day("2025-01-11")])
    }

    @Test(arguments: [
        ("DTSTART;TZID=Etc/UTC:20250110T233000", "2025-01-11"),  // libical's built-in zone, no VTIMEZONE in the file
        ("DTSTART;TZID=Europe/London:20250110T233000", "2025-01-11"),  // likewise
        ("DTSTART:20250110T233000Z", "2025-01-11"),
        ("DTSTART;TZID=Asia/Kuala_Lumpur:20250110T233000", "2025-01-10"),
        ("DTSTART:20250110T233000", "2025-01-10"),  // floating: Malaysian local time
        ("DTSTART;VALUE=DATE:20250110", "2025-01-10"),  // all-day: never shifted
    ])
    func aTimeAt2330IsPlacedOnTheDayItFallsOnInMalaysia(start: String, expected: String) throws {
        let text = ICS.calendar(["BEGIN:VEVENT", "UID:z@test", "DTSTAMP:20250101T000000Z", start, "SUMMARY:Leave", "END:VEVENT"])
        #expect(try Self.days(text) == [ICS.day(expected)])
    }

    @Test func anEventEndingAtMalaysianMidnightDoesNotCoverTheNextDay() throws {
        // 10:00 to 16:00 London in January is 18:00 to 00:00 in Malaysia.
        let text = ICS.calendar([
            "BEGIN:VEVENT", "UID:m@test", "DTSTAMP:20250101T000000Z", "DTSTART;TZID=Europe/London:20250110T100000",
            "DTEND;TZID=Europe/London:20250110T160000", "SUMMARY:Course", "END:VEVENT",
        ])
        #expect(try Self.days(text) == [ICS.day("2025-01-10")])
    }

    @Test func aDurationIsCountedFromTheConvertedStart() throws {
        // 14:00 UTC plus three hours runs from 22:00 to 01:00 Malaysian time: two Malaysian days.
        let text = ICS.calendar([
            "BEGIN:VEVENT", "UID:d@test", "DTSTAMP:20250101T000000Z", "DTSTART:20250110T140000Z", "DURATION:PT3H", "SUMMARY:Flight",
            "END:VEVENT",
        ])
        #expect(try Self.days(text) == [ICS.day("2025-01-10"), ICS.day("2025-01-11")])
    }

    @Test func anExcludedOccurrenceIsMatchedInItsZone() throws {
        let text = ICS.calendar([
            "BEGIN:VEVENT", "UID:x@test", "DTSTAMP:20250101T000000Z", "DTSTART;TZID=Europe/London:20250110T233000",
            "RRULE:FREQ=WEEKLY;COUNT=3", "EXDATE;TZID=Europe/London:20250117T233000", "SUMMARY:Weekly", "END:VEVENT",
        ])
        #expect(try Self.days(text) == [ICS.day("2025-01-11"), ICS.day("2025-01-25")])
    }

    @Test func anUnknownTimeZoneIsAnErrorNamingTheLine() throws {
        let text = ICS.calendar([
            "BEGIN:VEVENT", "UID:u@test", "DTSTAMP:20250101T000000Z", "DTSTART;TZID=Nowhere Standard Time:20250110T233000", "SUMMARY:Leave",
            "END:VEVENT",
        ])
        #expect {
            _ = try ICSImport.events(text, file: "bad.ics", window: Self.window)
        } throws: { error in
            guard let errors = error as? ICSImportErrors, let first = errors.errors.first else { return false }
            return errors.errors.count == 1 && first.line == 7 && first.message.contains("Nowhere Standard Time")
        }
    }
}
