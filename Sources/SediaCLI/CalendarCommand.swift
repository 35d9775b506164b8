import ArgumentParser
import SediaCalendar
import SediaCore
import SediaRules

/// Output formats of `sedia calendar`.
enum CalendarFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// `sedia calendar`: a state's working days, rest days and holidays over a range, for checking the calendar data.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show working days, rest days and holidays of a state between two dates (inclusive).",
        discussion: """
            With --availability FILE.ics instead of --state, imports an availability file (a court's sittings as an RRULE,
            an officer's leave as VEVENTs) and prints the days it covers, so an import can be checked before it is used.
            Timed events are placed on the Malaysian day they fall on (their TZID, VTIMEZONE or UTC time converted by libical).
            --format json prints one object per day: date, weekday, kind (working, rest, holiday or replacement), name,
            projected, source and restDay; a holiday or replacement day on a rest day has that kind and restDay true.
            """)

    @Option(help: "ISO 3166-2:MY state code, MY-01 … MY-16.")
    var state: String?

    @Option(help: "An availability ICS file to import and show instead of a state's calendar.")
    var availability: String?

    @Option(help: "First day (YYYY-MM-DD).")
    var from: Day

    @Option(help: "Last day (YYYY-MM-DD).")
    var to: Day

    @Option(help: "Output format: table or json (state calendars only).")
    var format: CalendarFormat = .table

    @OptionGroup var home: HomeOptions

    func run() throws {
        let first = from
        let last = to
        guard first <= last else {
            throw BadInput("--to: \(last) is before --from \(first)")
        }
        guard first.days(to: last) <= 3660 else {
            throw BadInput("--to: at most ten years at a time")
        }
        if let availability {
            guard state == nil else {
                throw BadInput("give either --state or --availability, not both")
            }
            guard format == .table else {
                throw BadInput("--format: json is for a state's calendar (--state), not for --availability")
            }
            try showAvailability(availability, from: first, to: last)
            return
        }
        guard let state, MalaysianStates.isValid(state) else {
            throw BadInput("--state: \(state.map { "unknown state code \($0)" } ?? "missing") (expected MY-01 … MY-16)")
        }
        let context = try RulesContext.load(home)
        guard let calendar = context.calendars[StateInfo.ID(state)] else {
            throw BadInput("--state: no calendar loaded for \(state)")
        }
        switch format {
        case .table: CLIIO.print(CalendarReport.render(calendar, from: first, to: last), terminator: "")
        case .json: CLIIO.print(CalendarReport.json(calendar, from: first, to: last), terminator: "")
        }
    }
}

extension CalendarCommand {
    func showAvailability(_ path: String, from: Day, to: Day) throws {
        let ranges: [DayRange]
        do {
            ranges = try ICSImport.dayRanges(try SediaHome.read(path), file: path, window: DayRange(from: from, to: to))
        } catch {
            // Reading the file (SediaHome) and parsing it (libical) both throw file:line errors (`FileLineErrors`).
            throw BadInput(error.errors.map(\.description))
        }
        CLIIO.print("\(path), \(from) to \(to)")
        for r in ranges {
            CLIIO.print(r.from == r.to ? "\(r.from)  \(r.from.weekday.rawValue)" : "\(r.from) to \(r.to)  (\(r.from.days(to: r.to) + 1) days)")
        }
        CLIIO.print("\(ranges.reduce(0) { $0 + $1.from.days(to: $1.to) + 1 }) days covered")
    }
}

/// The text `sedia calendar` prints: one line per day, then a count; or the same days as JSON for scripts.
enum CalendarReport {
    /// What kind of day `day` is in the JSON output: a holiday or replacement day wins over a rest day, so a Sunday holiday
    /// in a Saturday–Sunday state reads `holiday` (with `restDay` true) and the replacement it gives reads `replacement`.
    enum Kind: String {
        case working, rest, holiday, replacement
    }

    static func kind(_ calendar: WorkingCalendar, on day: Day) -> Kind {
        switch calendar.holiday(on: day) {
        case .holiday: .holiday
        case .inLieu: .replacement
        case .restDay, nil: calendar.isRestDay(day) ? .rest : .working
        }
    }

    /// One object per day in an array, built as a `JSONValue` and written by SediaCore's `JSONWriter`.
    static func json(_ calendar: WorkingCalendar, from: Day, to: Day) -> String {
        var rows: [JSONValue] = []
        var d = from
        while d <= to {
            let kind = kind(calendar, on: d)
            let name: JSONValue
            let source: JSONValue
            switch calendar.holiday(on: d) {
            case .holiday(let n):
                name = .string(n)
                source = calendar.source(on: d).map { .string($0) } ?? .null
            case .inLieu(let n):
                name = .string("Replacement holiday for " + n)
                source = calendar.source(on: d).map { .string($0) } ?? .null
            case .restDay, nil:
                name = kind == .rest ? .string("weekly rest day") : .null
                source = kind == .rest ? .string(calendar.state.source) : .null
            }
            rows.append(
                .object([
                    ("date", .string(d.description)), ("weekday", .string(d.weekday.rawValue)), ("kind", .string(kind.rawValue)),
                    ("name", name), ("projected", .bool(calendar.isProjected(d))), ("source", source),
                    ("restDay", .bool(calendar.isRestDay(d))),
                ]))
            d = d.adding(days: 1)
        }
        let lines = rows.map { "  " + String(decoding: JSONWriter.render($0), as: UTF8.self) }
        return rows.isEmpty ? "[]\n" : "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }

    static func render(_ calendar: WorkingCalendar, from: Day, to: Day) -> String {
        var out = "\(calendar.state.code) \(calendar.state.name), \(from) to \(to)\n"
        var working = 0
        var d = from
        while d <= to {
            let rest = calendar.isRestDay(d)
            let holiday = calendar.holiday(on: d)
            var status: String
            if holiday == nil && !rest {
                status = "working"
                working += 1
            } else {
                var parts: [String] = []
                if rest { parts.append("rest day") }
                if let holiday { parts.append(holiday.description) }
                status = parts.joined(separator: "; ")
                if calendar.isProjected(d) { status += " (projected date)" }
            }
            out += "\(d)  \(d.weekday.rawValue)  \(status)\n"
            d = d.adding(days: 1)
        }
        out += "\(working) working days of \(from.days(to: to) + 1)"
        if let c = calendar.coverage, !(c.contains(from) && c.contains(to)) {
            out += " (holiday data covers \(c.from) to \(c.to) only; outside it only rest days count)"
        }
        return out + "\n"
    }
}
