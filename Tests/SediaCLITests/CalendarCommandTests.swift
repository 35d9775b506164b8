import ArgumentParser
import Foundation
import SediaCore
import Testing

@testable import SediaCLI

/// `sedia calendar` over the repository's calendar files: the JSON scripts read, and the corrected dates a deadline rests on.
struct CalendarCommandTests {
    static func calendar(_ state: String) throws -> WorkingCalendar {
        let context = try RulesContext.load(try HomeOptions.parse(RulesCLI.homeArgs))
        return try #require(context.calendars[StateInfo.ID(state)])
    }

    static func day(_ s: String) throws -> Day { try #require(Day(iso: s)) }

    /// The JSON rows of `sedia calendar --format json` by date.
    static func rows(_ state: String, _ from: String, _ to: String) throws -> [String: [String: Any]] {
        let json = CalendarReport.json(try calendar(state), from: try day(from), to: try day(to))
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: array.compactMap { row in (row["date"] as? String).map { ($0, row) } })
    }

    @Test func jsonGivesEveryDayWithTheIssueFields() throws {
        // Kelantan, February 2027: Chinese New Year on Saturday (a rest day it replaces) and its second day on Sunday.
        let rows = try Self.rows("MY-03", "2027-02-04", "2027-02-09")
        #expect(rows.count == 6)
        for row in rows.values {
            #expect(Set(row.keys).isSuperset(of: ["date", "weekday", "kind", "name", "projected", "source"]))
        }
        let thursday = try #require(rows["2027-02-04"])
        #expect(thursday["kind"] as? String == "working")
        #expect(thursday["weekday"] as? String == "thu")
        #expect(thursday["name"] is NSNull && thursday["source"] is NSNull)
        let friday = try #require(rows["2027-02-05"])
        #expect(friday["kind"] as? String == "rest")
        #expect((friday["source"] as? String)?.contains("Friday-Saturday") == true)
        let newYear = try #require(rows["2027-02-06"])
        #expect(newYear["kind"] as? String == "holiday")
        #expect(newYear["name"] as? String == "Chinese New Year")
        #expect(newYear["restDay"] as? Bool == true)
        #expect(newYear["projected"] as? Bool == false)
        #expect((newYear["source"] as? String)?.hasPrefix("HKA 2027") == true)
        #expect(rows["2027-02-07"]?["kind"] as? String == "holiday")
        let replacement = try #require(rows["2027-02-08"])
        #expect(replacement["kind"] as? String == "replacement")
        #expect(replacement["name"] as? String == "Replacement holiday for Chinese New Year")
        #expect((replacement["source"] as? String)?.contains("states.yaml") == true)
        #expect(rows["2027-02-09"]?["kind"] as? String == "working")
    }

    @Test func jsonMarksAProjectedReplacementDay() throws {
        // Johor's Hari Hol 2027 (6 Safar) falls on Sunday 11 July; the Monday replacement rests on a moon-sighting date.
        let rows = try Self.rows("MY-01", "2027-07-11", "2027-07-12")
        #expect(rows["2027-07-11"]?["name"] as? String == "Hari Hol Almarhum Sultan Iskandar")
        #expect(rows["2027-07-11"]?["projected"] as? Bool == true)
        #expect(rows["2027-07-12"]?["kind"] as? String == "replacement")
        #expect(rows["2027-07-12"]?["projected"] as? Bool == true)
    }

    @Test func theSecondDayOfChineseNewYearMovesKelantansReplacementToMonday() throws {
        // Without the second day (a Kelantan and Terengganu state holiday), Saturday's replacement would be Sunday 7 February.
        for state in ["MY-03", "MY-11"] {
            let calendar = try Self.calendar(state)
            #expect(calendar.holiday(on: try Self.day("2027-02-07")) == .holiday("Chinese New Year (second day)"))
            #expect(calendar.holiday(on: try Self.day("2027-02-08")) == .inLieu(of: "Chinese New Year"))
            #expect(calendar.nextWorkingDay(onOrAfter: try Self.day("2027-02-06")) == (try Self.day("2027-02-09")))
        }
    }

    @Test(arguments: [
        ("MY-10", "2025-09-15", true),  // Malaysia Day extra holiday, every state
        ("MY-13", "2025-09-15", true),
        ("MY-10", "2026-03-20", true),  // Hari Raya Aidilfitri extra holiday ...
        ("MY-02", "2026-03-20", false),  // ... which Kedah, resting on Friday, took on Monday 23 March instead
        ("MY-02", "2026-03-23", true),
        ("MY-04", "2025-04-15", false),  // Melaka's 15 April holiday ended in 2024 ...
        ("MY-04", "2025-02-20", true),  // ... replaced by 20 February
        ("MY-04", "2025-04-02", true),  // third day of Hari Raya since 2025
        ("MY-01", "2025-07-31", true),  // Hari Hol Almarhum Sultan Iskandar
        ("MY-02", "2026-07-05", true),  // Sultan of Kedah's birthday moved by the state's letter ...
        ("MY-02", "2026-06-28", false),  // ... not the projected last Sunday of June
        ("MY-09", "2026-01-01", true),  // Perlis occasional holiday declared the day before
    ])
    func correctedDatesAreHolidays(state: String, date: String, holiday: Bool) throws {
        let calendar = try Self.calendar(state)
        #expect((calendar.holiday(on: try Self.day(date)) != nil) == holiday)
    }

    @Test func aStatutoryPeriodEndingOnTheDeclaredHolidayMovesPastIt() throws {
        // A 30-day period from 16 August 2025 ends on Monday 15 September, now a holiday, so it runs to Wednesday 17 September.
        let calendar = try Self.calendar("MY-10")
        let end = try Self.day("2025-08-16").adding(days: 30)
        #expect(end == (try Self.day("2025-09-15")))
        #expect(calendar.nextWorkingDay(onOrAfter: end) == (try Self.day("2025-09-17")))
    }

    @Test func jsonIsForAStatesCalendarOnly() {
        let range = ["--from", "2027-02-01", "--to", "2027-02-28"]
        #expect(RulesCLI.exitCode(["calendar", "--state", "MY-03", "--format", "json"] + range + RulesCLI.homeArgs) == 0)
        let leave = RulesCLI.root + "/calendars/availability/IV-07-leave.ics"
        #expect(RulesCLI.exitCode(["calendar", "--availability", leave, "--format", "json"] + range) == 2)
    }
}
