import CLibical
public import SediaCore

/// An ICS file problem at a line (`file:line: message`): the one file-and-line error type of SediaCore.
public typealias ICSImportError = FileLineError
/// Every problem found; nothing is loaded when there is one.
public typealias ICSImportErrors = FileLineErrors

/// A VEVENT as the day-based planner sees it: the days it covers (recurrences expanded inside a window) and its X- properties.
public struct ImportedEvent: Sendable, Equatable {
    public var uid: String?
    public var summary: String
    /// Every day the event or one of its occurrences covers, in order, inside the import window.
    public var days: [Day]
    /// True when DTSTART is a DATE (an all-day event).
    public var allDay: Bool
    /// X- properties by upper-case name (`X-SEDIA-PROJECTED`).
    public var properties: [String: String]
    /// Line of the event's BEGIN:VEVENT.
    public var line: Int
}

/// ICS import through libical: holidays, court sitting patterns and officers' leave.
///
/// libical accepts junk silently and records it as X-LIC-ERROR properties; this importer checks every component for them,
/// and also checks each content line itself, so that a garbage line, a bad date or a missing DTSTART is an error naming the
/// file and line instead of a quietly missing holiday.
public enum ICSImport {
    /// The most occurrences one RRULE may have up to the end of the import window.
    public static let maxOccurrences = 100_000

    /// All VEVENTs of `text`, recurrences expanded for the days inside `window`.
    ///
    /// A date-time with a zone (a TZID defined by the file's VTIMEZONE, as Outlook writes "GMT Standard Time"; an Olson TZID
    /// libical knows, as Google and Apple write "Europe/London"; or UTC with a trailing Z) is converted by libical to
    /// Asia/Kuala_Lumpur before its day is taken, so 23:30 in London is the next morning in Malaysia. A floating date-time
    /// (no zone) is taken as Malaysian local time; an all-day date is never shifted.
    public static func events(_ text: String, file: String, window: DayRange) throws(ICSImportErrors) -> [ImportedEvent] {
        var errors: [ICSImportError] = []
        let scan = ContentLines(text)
        for (line, message) in scan.problems { errors.append(ICSImportError(file: file, line: line, message: message)) }
        guard errors.isEmpty else { throw ICSImportErrors(errors) }
        guard let root = icalparser_parse_string(text) else {
            throw ICSImportErrors([ICSImportError(file: file, line: 0, message: "not an iCalendar file (no BEGIN:VCALENDAR ... END:VCALENDAR)")])
        }
        defer { icalcomponent_free(root) }
        guard icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT else {
            throw ICSImportErrors([ICSImportError(file: file, line: 1, message: "the file must hold one VCALENDAR")])
        }
        collectLibicalErrors(root, file: file, scan: scan, componentLine: scan.calendarLine, into: &errors)
        let clock = MalaysianClock()
        var out: [ImportedEvent] = []
        var index = 0
        var event = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT)
        while let ev = event {
            let line = index < scan.eventLines.count ? scan.eventLines[index] : 0
            index += 1
            collectLibicalErrors(ev, file: file, scan: scan, componentLine: line, into: &errors)
            if let e = importEvent(ev, line: line, scan: scan, window: window, file: file, clock: clock, errors: &errors) { out.append(e) }
            event = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)
        }
        let reported = Set(errors.map(\.line))
        for (line, message) in scan.dateProblems where !reported.contains(line) {
            errors.append(ICSImportError(file: file, line: line, message: message))
        }
        if index != scan.eventLines.count {
            errors.append(
                ICSImportError(
                    file: file, line: 0,
                    message: "\(scan.eventLines.count) BEGIN:VEVENT lines but libical read \(index) events: check BEGIN/END nesting"))
        }
        guard errors.isEmpty else { throw ICSImportErrors(errors) }
        return out
    }

    static func collectLibicalErrors(
        _ component: OpaquePointer, file: String, scan: ContentLines, componentLine: Int, into errors: inout [ICSImportError]
    ) {
        var p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY)
        while let prop = p {
            let message = icalproperty_get_xlicerror(prop).map { String(cString: $0) } ?? "unreadable property"
            if !isHarmless(message) {
                errors.append(ICSImportError(file: file, line: scan.line(mentionedIn: message, from: componentLine), message: "libical: " + message))
            }
            p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)
        }
    }

    /// Google Calendar writes `DESCRIPTION:` and `LOCATION:` with nothing after them; libical drops such a property with an
    /// error. An empty free-text property loses nothing, so only an empty date, time or recurrence property is a problem.
    static func isHarmless(_ message: String) -> Bool {
        let prefix = "No value for "
        guard message.hasPrefix(prefix), let name = message.dropFirst(prefix.count).split(separator: " ").first else { return false }
        return !["DTSTART", "DTEND", "DUE", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"].contains(name.uppercased())
    }

    static func importEvent(
        _ ev: OpaquePointer, line: Int, scan: ContentLines, window: DayRange, file: String, clock: MalaysianClock,
        errors: inout [ICSImportError]
    ) -> ImportedEvent? {
        func fail(_ message: String, property: String? = nil) -> ImportedEvent? {
            let at = property.map { scan.line(of: $0, from: line) } ?? line
            errors.append(ICSImportError(file: file, line: at, message: message))
            return nil
        }
        let summary = icalcomponent_get_summary(ev).map { String(cString: $0) } ?? ""
        let uid = icalcomponent_get_uid(ev).map { String(cString: $0) }
        let name = uid ?? summary
        guard let dtstartProp = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY) else {
            return fail("VEVENT \(name) has no DTSTART")
        }
        let start: icaltimetype
        switch clock.time(of: dtstartProp, in: ev) {
        case .success(let t): start = t
        case .failure(let problem): return fail("VEVENT \(name): DTSTART \(problem.message)", property: "DTSTART")
        }
        guard let startDay = clock.day(of: start) else { return fail("VEVENT \(name) has an invalid DTSTART", property: "DTSTART") }
        // Length in days of one occurrence: DTEND (exclusive for dates), else DURATION, else one day.
        var length = 1
        var endTime: icaltimetype?
        if let endProp = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY) {
            switch clock.time(of: endProp, in: ev) {
            case .success(let t): endTime = t
            case .failure(let problem): return fail("VEVENT \(name): DTEND \(problem.message)", property: "DTEND")
            }
        } else if let durProp = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY) {
            let duration = icalproperty_get_duration(durProp)
            let seconds = Int(icaldurationtype_as_int(duration))
            guard seconds >= 0 else { return fail("VEVENT \(name): negative DURATION") }
            if start.is_date != 0 {
                length = max(1, (seconds + 86_399) / 86_400)
            } else {
                // A timed event's end is where its duration takes it, which may be the next Malaysian day.
                endTime = icaltime_add(start, duration)
            }
        }
        if let end = endTime {
            guard let endDay = clock.day(of: end) else { return fail("VEVENT \(name) has an invalid DTEND", property: "DTEND") }
            if (end.is_date != 0) != (start.is_date != 0) {
                return fail("VEVENT \(name): DTSTART and DTEND must both be dates or both date-times")
            }
            if start.is_date != 0 {
                guard endDay > startDay else { return fail("VEVENT \(name): DTEND \(endDay) must be after DTSTART \(startDay)") }
                length = startDay.days(to: endDay)
            } else {
                guard icaltime_compare(end, start) >= 0 else { return fail("VEVENT \(name): DTEND is before DTSTART") }
                // A timed event ending at midnight (Malaysian time) does not cover the next day.
                let local = clock.local(end)
                let endsAtMidnight = local.hour == 0 && local.minute == 0 && local.second == 0 && endDay > startDay
                length = startDay.days(to: endDay) + (endsAtMidnight ? 0 : 1)
            }
        }
        guard length <= 3660 else { return fail("VEVENT \(name) lasts \(length) days: more than ten years is surely a typo") }

        var starts: [Day] = []
        if let rruleProp = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) {
            let rule = icalproperty_get_rrule(rruleProp)
            guard let iterator = icalrecur_iterator_new(rule, start) else {
                return fail("VEVENT \(name): RRULE cannot be expanded", property: "RRULE")
            }
            defer { icalrecur_iterator_free(iterator) }
            // Bounded, so a hostile rule (FREQ=SECONDLY from 1900) cannot run for ever; a rule that reaches the bound
            // before the window's end is refused, never stored cut short as a different calendar.
            var ended = false
            for _ in 0..<maxOccurrences {
                var next = icalrecur_iterator_next(iterator)
                if icaltime_is_null_time(next) != 0 {
                    ended = true
                    break
                }
                // Occurrences repeat in DTSTART's zone (a weekly 23:30 London event stays 23:30 London across daylight saving).
                if next.zone == nil { next.zone = start.zone }
                guard let d = clock.day(of: next) else {
                    return fail("VEVENT \(uid ?? summary): RRULE gives an invalid date", property: "RRULE")
                }
                if d > window.to {
                    ended = true
                    break
                }
                if d >= window.from.adding(days: -length) { starts.append(d) }
            }
            guard ended else {
                return fail(
                    "VEVENT \(uid ?? summary): RRULE has more than \(maxOccurrences) occurrences up to \(window.to); "
                        + "split it or give it an UNTIL or COUNT", property: "RRULE")
            }
        } else {
            starts = [startDay]
        }
        var excluded = Set<Day>()
        var p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY)
        while let prop = p {
            if case .success(let t) = clock.time(of: prop, in: ev), let d = clock.day(of: t) { excluded.insert(d) }
            p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)
        }
        var days: [Day] = []
        for s in starts where !excluded.contains(s) {
            for k in 0..<length {
                let d = s.adding(days: k)
                if window.contains(d) { days.append(d) }
            }
        }
        var properties: [String: String] = [:]
        var xp = icalcomponent_get_first_property(ev, ICAL_X_PROPERTY)
        while let prop = xp {
            if let name = icalproperty_get_x_name(prop), let value = icalproperty_get_x(prop) {
                properties[String(cString: name).uppercased()] = String(cString: value)
            }
            xp = icalcomponent_get_next_property(ev, ICAL_X_PROPERTY)
        }
        return ImportedEvent(uid: uid, summary: summary, days: days, allDay: start.is_date != 0, properties: properties, line: line)
    }

}

/// Malaysian time for the importer: libical resolves each date-time's zone and converts it to Asia/Kuala_Lumpur.
///
/// libical reads its built-in zones from the system's zoneinfo (the tzdata package) on Debian; without it a zoned time
/// cannot be converted, and the importer says so instead of guessing a day.
struct MalaysianClock {
    /// A date-time property that cannot be placed on a Malaysian day.
    struct Problem: Error {
        var message: String
    }

    let malaysia: OpaquePointer?

    init() { malaysia = icaltimezone_get_builtin_timezone("Asia/Kuala_Lumpur") }

    /// The property's value with its zone: the VTIMEZONE of that TZID in the file, else libical's built-in zone of that name;
    /// UTC for a trailing Z; none for a floating time or a date.
    func time(of property: OpaquePointer, in event: OpaquePointer) -> Result<icaltimetype, Problem> {
        let t = icalproperty_get_datetime_with_component(property, event)
        guard t.is_date == 0 else { return .success(t) }
        if t.zone == nil, let param = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER) {
            let tzid = icalparameter_get_tzid(param).map { String(cString: $0) } ?? ""
            return .failure(Problem(message: "has TZID \"\(tzid)\", which is neither a VTIMEZONE in the file nor a time zone libical knows"))
        }
        if t.zone != nil && malaysia == nil {
            return .failure(
                Problem(message: "cannot be converted to Malaysian time: libical found no zone data for Asia/Kuala_Lumpur (install tzdata)"))
        }
        return .success(t)
    }

    /// `t` in Malaysian time: zoned date-times converted by libical, dates and floating times unchanged.
    func local(_ t: icaltimetype) -> icaltimetype {
        guard t.is_date == 0, t.zone != nil, let malaysia else { return t }
        return icaltime_convert_to_zone(t, malaysia)
    }

    /// The Malaysian calendar day of `t`, or nil for a null or invalid time.
    func day(of t: icaltimetype) -> Day? {
        guard icaltime_is_null_time(t) == 0, icaltime_is_valid_time(t) != 0 else { return nil }
        let local = local(t)
        return Day(year: Int(local.year), month: Int(local.month), day: Int(local.day))
    }
}

/// The file's content lines after unfolding, with their line numbers, and the problems a line-level check finds.
struct ContentLines {
    var lines: [(number: Int, text: String)] = []
    var eventLines: [Int] = []
    var calendarLine = 1
    var problems: [(Int, String)] = []
    /// Date values libical might misread; reported where libical itself found nothing wrong on that line.
    var dateProblems: [(Int, String)] = []

    init(_ text: String) {
        var physical = 0
        // Split on scalars: as Characters, "\r\n" is one grapheme and would never equal "\n".
        for raw in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            physical += 1
            var scalars = String.UnicodeScalarView(raw)
            if scalars.last == "\r" { scalars.removeLast() }
            let s = Substring(String(scalars))
            if s.first == " " || s.first == "\t" {
                if let last = lines.popLast() {
                    lines.append((last.number, last.text + s.dropFirst()))
                } else {
                    problems.append((physical, "continuation line with nothing before it"))
                }
                continue
            }
            if s.isEmpty { continue }
            lines.append((physical, String(s)))
        }
        var depth: [String] = []
        for (number, line) in lines {
            let nameEnd = line.firstIndex { $0 == ":" || $0 == ";" }
            let name = nameEnd.map { line[line.startIndex..<$0] } ?? Substring(line)
            let validName =
                !name.isEmpty
                && name.utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
            guard validName, let colon = Self.valueColon(line) else {
                problems.append((number, "not an iCalendar content line (NAME:VALUE): \(line.prefix(60))"))
                continue
            }
            let upper = name.uppercased()
            let value = line[line.index(after: colon)...].uppercased()
            if upper == "BEGIN" {
                if value == "VEVENT" { eventLines.append(number) }
                if value == "VCALENDAR" { calendarLine = number }
                depth.append(value)
            } else if upper == "END" {
                if depth.last == value {
                    depth.removeLast()
                } else {
                    problems.append((number, "END:\(value) does not close BEGIN:\(depth.last ?? "(nothing)")"))
                }
            } else if depth.isEmpty {
                problems.append((number, "\(upper) outside BEGIN:VCALENDAR ... END:VCALENDAR"))
            } else if Self.dateProperties.contains(String(upper)), !Self.isDateList(line[line.index(after: colon)...]) {
                // libical reads some malformed dates as a different day without any X-LIC-ERROR ("2027022X" as 2 February).
                dateProblems.append(
                    (
                        number,
                        "\(upper): \(line[line.index(after: colon)...].prefix(40)) is not an iCalendar date YYYYMMDD or date-time YYYYMMDDTHHMMSS[Z]"
                    ))
            }
        }
        if let open = depth.last { problems.append((lines.last?.number ?? 0, "BEGIN:\(open) is never closed")) }
    }

    /// The colon that starts the value: the first one outside a quoted parameter value, since Outlook writes zone names
    /// such as `TZID="(UTC+08:00) Kuala Lumpur, Singapore"`.
    static func valueColon(_ line: String) -> String.Index? {
        var quoted = false
        var i = line.startIndex
        while i < line.endIndex {
            switch line[i] {
            case "\"": quoted.toggle()
            case ":" where !quoted: return i
            default: break
            }
            i = line.index(after: i)
        }
        return nil
    }

    /// Properties whose values are dates or date-times (lists of them for EXDATE).
    static let dateProperties: Set<String> = ["DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE"]

    /// `YYYYMMDD` or `YYYYMMDDTHHMMSS` with an optional `Z`, comma-separated.
    static func isDateList(_ value: Substring) -> Bool {
        value.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { item in
            let u = Array(item.utf8)
            func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { (0x30...0x39).contains(u[$0]) } }
            switch u.count {
            case 8: return digits(0..<8)
            case 15, 16: return digits(0..<8) && u[8] == 0x54 && digits(9..<15) && (u.count == 15 || u[15] == 0x5A)
            default: return false
            }
        }
    }

    /// The first line at or after `from` holding property `name` (before the next END), or `from` when there is none.
    func line(of name: String, from: Int) -> Int {
        for (number, text) in lines where number > from {
            let upper = text.uppercased()
            if upper.hasPrefix("END:") { break }
            if upper.hasPrefix(name + ":") || upper.hasPrefix(name + ";") { return number }
        }
        return from
    }

    /// The first line at or after `from` whose text or value libical quotes in `message`; `from` when none is quoted.
    func line(mentionedIn message: String, from: Int) -> Int {
        for (number, text) in lines where number >= from {
            if let colon = text.firstIndex(of: ":") {
                let value = text[text.index(after: colon)...].trimmingSpaces
                if value.count >= 3 && message.contains(value) { return number }
            }
            if text.count >= 3 && message.contains(text) { return number }
        }
        return from
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
