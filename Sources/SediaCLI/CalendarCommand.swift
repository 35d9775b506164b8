import ArgumentParser
import SediaCalendar
import SediaCore
import SediaRules

/// `sedia calendar`: a state's working days, rest days and holidays over a range, for checking the calendar data.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show working days, rest days and holidays of a state between two dates (inclusive).",
        discussion: """
            With --availability FILE.ics instead of --state, imports an availability file (a court's sittings as an RRULE,
            an officer's leave as VEVENTs) and prints the days it covers, so an import can be checked before it is used.
            """)

    @Option(help: "ISO 3166-2:MY state code, MY-01 … MY-16.")
    var state: String?

    @Option(help: "An availability ICS file to import and show instead of a state's calendar.")
    var availability: String?

    @Option(help: "First day (YYYY-MM-DD).")
    var from: String

    @Option(help: "Last day (YYYY-MM-DD).")
    var to: String

    @OptionGroup var home: HomeOptions

    func run() throws {
        let first = try parseDay(from, option: "--from")
        let last = try parseDay(to, option: "--to")
        guard first <= last else {
            CLIIO.printErr("--to: \(last) is before --from \(first)")
            throw ExitCode(2)
        }
        guard first.days(to: last) <= 3660 else {
            CLIIO.printErr("--to: at most ten years at a time")
            throw ExitCode(2)
        }
        if let availability {
            guard state == nil else {
                CLIIO.printErr("give either --state or --availability, not both")
                throw ExitCode(2)
            }
            try showAvailability(availability, from: first, to: last)
            return
        }
        guard let state, MalaysianStates.isValid(state) else {
            CLIIO.printErr("--state: \(state.map { "unknown state code \($0)" } ?? "missing") (expected MY-01 … MY-16)")
            throw ExitCode(2)
        }
        let context = try RulesContext.load(home)
        guard let calendar = context.calendars[StateInfo.ID(state)] else {
            CLIIO.printErr("--state: no calendar loaded for \(state)")
            throw ExitCode(2)
        }
        CLIIO.print(CalendarReport.render(calendar, from: first, to: last), terminator: "")
    }
}

extension CalendarCommand {
    func showAvailability(_ path: String, from: Day, to: Day) throws {
        let ranges: [DayRange]
        do {
            ranges = try ICSImport.dayRanges(try SediaHome.read(path), file: path, window: DayRange(from: from, to: to))
        } catch {
            // Reading the file (SediaHome) and parsing it (libical) both throw file:line errors (`FileLineErrors`).
            for error in error.errors { CLIIO.printErr(error.description) }
            throw ExitCode(2)
        }
        CLIIO.print("\(path), \(from) to \(to)")
        for r in ranges {
            CLIIO.print(r.from == r.to ? "\(r.from)  \(r.from.weekday.rawValue)" : "\(r.from) to \(r.to)  (\(r.from.days(to: r.to) + 1) days)")
        }
        CLIIO.print("\(ranges.reduce(0) { $0 + $1.from.days(to: $1.to) + 1 }) days covered")
    }
}

/// The text `sedia calendar` prints: one line per day, then a count.
enum CalendarReport {
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
