import ArgumentParser
import Foundation
import SediaCalendar
import SediaCore
import SediaRules

/// `sedia rules`: work with the rule and calendar files.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check the rule and calendar files.",
        subcommands: [RulesCheckCommand.self])
}

/// `sedia rules check`: validates every rule file, the working weeks, the overrides, every holiday ICS, every availability ICS and
/// the place list.
struct RulesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate every rule and calendar file; exit 0 when all are sound, 2 with one line per problem otherwise.")

    @OptionGroup var home: HomeOptions

    func run() throws {
        let context = try RulesContext.load(home)
        // Availability files (court sittings, leave) are checked here too: they are how real data arrives.
        let availabilityDir = (context.home.calendars as NSString).appendingPathComponent("availability")
        var availability = 0
        var problems: [String] = []
        if FileManager.default.fileExists(atPath: availabilityDir) {
            do {
                for path in try SediaHome.files(in: availabilityDir, ext: "ics") {
                    do {
                        _ = try ICSImport.events(try SediaHome.read(path), file: path, window: ICSImport.defaultWindow)
                        availability += 1
                    } catch {
                        // An unreadable file or an ICS problem: both file:line errors; the other files are still checked.
                        problems += error.errors.map(\.description)
                    }
                }
            } catch {
                problems += error.errors.map(\.description)
            }
        }
        // The intake form's place list (rules/places/).
        var places = Gazetteer.empty
        do { places = try context.home.loadPlaces() } catch { problems += error.errors.map(\.description) }
        guard problems.isEmpty else {
            throw BadInput(problems)
        }
        let b = context.book
        CLIIO.print(
            "rules: \(b.rules.count) rules, \(b.disposalTargets.count) disposal targets, \(b.readiness.count) readiness templates, \(b.courts.count) courts, "
                + "\(b.onlineOffences.sections.count) online-offence sections"
        )
        CLIIO.print(
            "calendars: \(context.calendars.byState.count) states, \(context.holidayCount) holidays (\(context.projectedCount) projected), \(availability) availability files"
        )
        CLIIO.print("places: \(places.places.count) for the intake form's child's home")
        CLIIO.print("ok: \(context.home.rules), \(context.home.calendars)")
    }
}
