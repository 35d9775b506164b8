public import SediaCore

/// A state's holiday file as imported: its holidays and the years it covers.
public struct ImportedHolidays: Sendable, Equatable {
    public var holidays: [HolidayEntry]
    /// 1 January of the first year to 31 December of the last year with a holiday.
    public var coverage: DayRange?
}

extension ICSImport {
    /// Widest window any import expands recurrences in: far enough for a decade of holiday files.
    public static let defaultWindow = DayRange(from: Day(ordinal: Day.ordinalOf(2000, 1, 1)), to: Day(ordinal: Day.ordinalOf(2060, 12, 31)))

    /// Reads a holiday file (`calendars/holidays/MY-xx.ics`): all-day VEVENTs with a SUMMARY; `X-SEDIA-PROJECTED:TRUE` marks
    /// a date not yet confirmed, `X-SEDIA-SOURCE` says where the date comes from.
    public static func holidays(_ text: String, file: String) throws(ICSImportErrors) -> ImportedHolidays {
        let events = try events(text, file: file, window: defaultWindow)
        var errors: [ICSImportError] = []
        var out: [HolidayEntry] = []
        for e in events {
            if !e.allDay {
                errors.append(ICSImportError(file: file, line: e.line, message: "a holiday must be an all-day event (DTSTART;VALUE=DATE:YYYYMMDD)"))
            }
            if e.summary.isEmpty { errors.append(ICSImportError(file: file, line: e.line, message: "a holiday needs a SUMMARY (its name)")) }
            let projected = e.properties["X-SEDIA-PROJECTED"]?.uppercased() == "TRUE"
            let source = e.properties["X-SEDIA-SOURCE"].flatMap { $0.isEmpty ? nil : $0 }
            for d in e.days { out.append(HolidayEntry(date: d, name: e.summary, projected: projected, source: source)) }
        }
        guard errors.isEmpty else { throw ICSImportErrors(errors) }
        out.sort { $0.date < $1.date }
        var coverage: DayRange?
        if let first = out.first, let last = out.last, let from = Day(year: first.date.year, month: 1, day: 1),
            let to = Day(year: last.date.year, month: 12, day: 31)
        {
            coverage = DayRange(from: from, to: to)
        }
        return ImportedHolidays(holidays: out, coverage: coverage)
    }

    /// The days the events of an availability file cover inside `window` (a court's sittings from an RRULE, an officer's leave),
    /// merged into ranges as the planning format's `unavailable` and `closed` lists want them.
    public static func dayRanges(_ text: String, file: String, window: DayRange) throws(ICSImportErrors) -> [DayRange] {
        let days = Set(try events(text, file: file, window: window).flatMap(\.days)).sorted()
        var ranges: [DayRange] = []
        for d in days {
            if let last = ranges.last, last.to.adding(days: 1) == d {
                ranges[ranges.count - 1].to = d
            } else {
                ranges.append(DayRange(from: d, to: d))
            }
        }
        return ranges
    }
}

extension Day {
    static func ordinalOf(_ y: Int, _ m: Int, _ d: Int) -> Int { Day(year: y, month: m, day: d)?.ordinal ?? 0 }
}
