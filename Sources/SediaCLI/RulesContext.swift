import ArgumentParser
import Foundation
import SediaCalendar
import SediaCore
import SediaRules

/// Options every rules-aware command shares: where rules/ and calendars/ are.
struct HomeOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: "Directory of rule files (default: $SEDIA_HOME/rules, ./rules, or beside the executable).")
    var rulesDirectory: String?

    @Option(
        name: .customLong("calendars"), help: "Directory of calendar files (default: $SEDIA_HOME/calendars, ./calendars, or beside the executable).")
    var calendarsDirectory: String?
}

/// Everything loaded from rules/ and calendars/, checked, ready for the calculator.
struct RulesContext {
    var home: SediaHome
    var book: RuleBook
    var calendars: WorkingCalendars
    var holidayCount: Int
    var projectedCount: Int

    /// Loads and checks everything; on any problem prints one line per problem to stderr and exits 2, so nothing is half-loaded.
    static func load(_ options: HomeOptions) throws -> RulesContext {
        do {
            return try loadOrThrow(options)
        } catch let e as RuleFileErrors {
            for error in e.errors { printError(error.description) }
            throw ExitCode(2)
        } catch let e as ICSImportErrors {
            for error in e.errors { printError(error.description) }
            throw ExitCode(2)
        }
    }

    static func loadOrThrow(_ options: HomeOptions) throws -> RulesContext {
        let home = try SediaHome.locate(rules: options.rulesDirectory, calendars: options.calendarsDirectory)
        var ruleErrors: [RuleFileError] = []
        var icsErrors: [ICSImportError] = []
        var book: RuleBook?
        do { book = try home.loadRuleBook() } catch { ruleErrors += error.errors }
        var weeks: [StateWorkWeek] = []
        do { weeks = try home.loadWorkWeeks() } catch { ruleErrors += error.errors }
        var overrides: [HolidayOverride] = []
        do { overrides = try home.loadOverrides() } catch { ruleErrors += error.errors }
        var calendars: [WorkingCalendar] = []
        var holidayCount = 0
        var projectedCount = 0
        let holidayDir = (home.calendars as NSString).appendingPathComponent("holidays")
        for week in weeks {
            let path = (holidayDir as NSString).appendingPathComponent(week.code.rawValue + ".ics")
            do {
                let text = try SediaHome.read(path)
                let imported = try ICSImport.holidays(text, file: path)
                holidayCount += imported.holidays.count
                projectedCount += imported.holidays.filter(\.projected).count
                calendars.append(WorkingCalendar(state: week, holidays: imported.holidays, overrides: overrides, coverage: imported.coverage))
            } catch let e as RuleFileErrors {
                ruleErrors += e.errors
            } catch let e as ICSImportErrors {
                icsErrors += e.errors
            }
        }
        if !ruleErrors.isEmpty {
            throw RuleFileErrors(ruleErrors + icsErrors.map { RuleFileError(file: $0.file, line: $0.line, message: $0.message) })
        }
        if !icsErrors.isEmpty { throw ICSImportErrors(icsErrors) }
        guard let book else { throw RuleFileErrors([RuleFileError(file: home.rules, line: 0, message: "no rules loaded")]) }
        return RulesContext(
            home: home, book: book, calendars: WorkingCalendars(calendars), holidayCount: holidayCount, projectedCount: projectedCount)
    }
}

/// One line on stderr.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Today in Malaysia (UTC+8, no daylight saving): the CLI's clock, passed into the core as a parameter.
func todayInMalaysia() -> Day {
    let seconds = Int(Date().timeIntervalSince1970) + 8 * 3600
    return Day(ordinal: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
}

/// Parses a `--on`/`--from`/`--to` date, exiting 2 with the option's name on a bad one.
func parseDay(_ text: String, option: String) throws -> Day {
    guard let d = Day(iso: text) else {
        printError("\(option): \(text) is not a date YYYY-MM-DD")
        throw ExitCode(2)
    }
    return d
}
