import ArgumentParser
import SediaCore

/// `sedia calendar`: a state's working days, rest days and holidays over a range, for checking the calendar data.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show working days, rest days and holidays of a state between two dates (inclusive).")

    @Option(help: "ISO 3166-2:MY state code, MY-01 … MY-16.")
    var state: String

    @Option(help: "First day (YYYY-MM-DD).")
    var from: String

    @Option(help: "Last day (YYYY-MM-DD).")
    var to: String

    @OptionGroup var home: HomeOptions

    func run() throws {
        guard MalaysianStates.isValid(state) else {
            printError("--state: unknown state code \(state) (expected MY-01 … MY-16)")
            throw ExitCode(2)
        }
        let first = try parseDay(from, option: "--from")
        let last = try parseDay(to, option: "--to")
        guard first <= last else {
            printError("--to: \(last) is before --from \(first)")
            throw ExitCode(2)
        }
        guard first.days(to: last) <= 3660 else {
            printError("--to: at most ten years at a time")
            throw ExitCode(2)
        }
        let context = try RulesContext.load(home)
        guard let calendar = context.calendars[StateInfo.ID(state)] else {
            printError("--state: no calendar loaded for \(state)")
            throw ExitCode(2)
        }
        print(CalendarReport.render(calendar, from: first, to: last), terminator: "")
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
