public import ArgumentParser
import Foundation
import SediaCalendar
public import SediaCore
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
        } catch {
            throw BadInput(error.errors.map(\.description))
        }
    }

    static func loadOrThrow(_ options: HomeOptions) throws(RuleFileErrors) -> RulesContext {
        let home = try SediaHome.locate(rules: options.rulesDirectory, calendars: options.calendarsDirectory)
        var errors: [RuleFileError] = []
        var book: RuleBook?
        do { book = try home.loadRuleBook() } catch { errors += error.errors }
        var loaded: (calendars: WorkingCalendars, summary: SediaHome.CalendarSummary)?
        do { loaded = try home.loadCalendars(importHolidays: importHolidays) } catch { errors += error.errors }
        guard errors.isEmpty, let book, let loaded else { throw RuleFileErrors(errors) }
        return RulesContext(
            home: home, book: book, calendars: loaded.calendars, holidayCount: loaded.summary.holidays, projectedCount: loaded.summary.projected)
    }

    /// SediaCalendar's holiday import, with its errors in the rule files' shape.
    static func importHolidays(_ text: String, _ file: String) throws(RuleFileErrors) -> (holidays: [HolidayEntry], coverage: DayRange?) {
        do {
            let imported = try ICSImport.holidays(text, file: file)
            return (imported.holidays, imported.coverage)
        } catch {
            throw RuleFileErrors(error.errors.map { RuleFileError(file: $0.file, line: $0.line, message: $0.message) })
        }
    }
}

extension RulesContext {
    /// `rules/places/`, the intake form's list of places; every problem printed and exit 2, like the rule files.
    func places() throws -> Gazetteer {
        do {
            return try home.loadPlaces()
        } catch {
            throw BadInput(error.errors.map(\.description))
        }
    }

    /// The instance generator's rules from the rule files: disposal targets and interview targets from `rules/`, holidays
    /// (with replacement days, under the name "replacement holiday for ...") from `calendars/`. `sedia generate` can pass
    /// this instead of `GeneratorRules.builtIn` when the files are found.
    func generatorRules() -> GeneratorRules { GeneratorRules(book: book, calendars: calendars) }
}

/// Today in Malaysia (UTC+8, no daylight saving): the CLI's clock, passed into the core as a parameter.
func todayInMalaysia() -> Day { MalaysianTime.day(unixSeconds: Int64(Date().timeIntervalSince1970.rounded(.down))) }

/// `--on`, `--from`, `--to` and `--today` are ISO days (2027-01-04). argument-parser refuses any other text before the
/// command runs, naming the option ("The value '2027-13-01' is invalid for '--on <on>'"), and the command ends with 2.
extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}
