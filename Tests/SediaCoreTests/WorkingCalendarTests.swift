import SediaCore
import Testing

/// Calendars built in code, so these tests pin the arithmetic and not the data files (those are tested in SediaRulesTests).
enum Fixture {
    static func day(_ s: String) -> Day {
        guard let d = Day(iso: s) else { fatalError("bad fixture date \(s)") }
        return d
    }

    static func week(_ code: String, rest: Set<Weekday>, inLieu: Set<Weekday>) -> StateWorkWeek {
        StateWorkWeek(
            code: StateInfo.ID(code), name: code, periods: [WorkWeekPeriod(from: nil, to: nil, restDays: rest, inLieuFor: inLieu)], source: "test",
            confidence: .guess)
    }

    static let johorWeek = StateWorkWeek(
        code: "MY-01", name: "Johor",
        periods: [
            WorkWeekPeriod(from: nil, to: day("2013-12-31"), restDays: [.sat, .sun], inLieuFor: [.sun]),
            WorkWeekPeriod(from: day("2014-01-01"), to: day("2024-12-31"), restDays: [.fri, .sat], inLieuFor: [.fri]),
            WorkWeekPeriod(from: day("2025-01-01"), to: nil, restDays: [.sat, .sun], inLieuFor: [.sun]),
        ], source: "test", confidence: .press)

    static func holidays(_ list: [(String, String)]) -> [HolidayEntry] { list.map { HolidayEntry(date: day($0.0), name: $0.1) } }

    /// 2025 holidays used below (as gazetted).
    static let raya2025 = [("2025-03-31", "Hari Raya Aidilfitri"), ("2025-04-01", "Hari Raya Aidilfitri (second day)")]

    static let selangor = WorkingCalendar(
        state: week("MY-10", rest: [.sat, .sun], inLieu: [.sun]),
        holidays: holidays(raya2025 + [("2025-08-31", "National Day"), ("2025-09-01", "Test holiday on the in-lieu Monday")]))
    static let kelantan = WorkingCalendar(
        state: week("MY-03", rest: [.fri, .sat], inLieu: [.sat]),
        holidays: holidays(
            raya2025 + [("2025-06-06", "Hari Arafah"), ("2025-06-07", "Hari Raya Haji"), ("2025-06-08", "Hari Raya Haji (second day)")]))
    static let kedah = WorkingCalendar(
        state: week("MY-02", rest: [.fri, .sat], inLieu: [.fri]), holidays: holidays([("2025-06-27", "Awal Muharram")]))
    static let johor = WorkingCalendar(
        state: johorWeek, holidays: holidays([("2024-03-22", "Test Friday holiday"), ("2025-03-23", "Birthday of the Sultan of Johor")]))
}

struct WorkingCalendarTests {
    @Test(arguments: [
        ("2025-06-05", true),  // Thursday
        ("2025-06-13", false),  // Friday: rest day
        ("2025-06-14", false),  // Saturday: rest day
        ("2025-06-15", true),  // Sunday: a working day in Kelantan
    ])
    func fridaySaturdayStates(date: String, working: Bool) {
        #expect(Fixture.kelantan.isWorkingDay(Fixture.day(date)) == working)
    }

    @Test(arguments: [
        ("2024-12-26", true),  // Thursday
        ("2024-12-27", false),  // Friday, still Friday-Saturday
        ("2024-12-29", true),  // Sunday was a working day in 2024
        ("2025-01-03", true),  // Friday is a working day from 2025
        ("2025-01-04", false),  // Saturday
        ("2025-01-05", false),  // Sunday is a rest day from 2025
        ("2013-12-29", false),  // Sunday before 2014
    ])
    func johorSwitchesItsWeekOn1January2025(date: String, working: Bool) {
        #expect(Fixture.johor.isWorkingDay(Fixture.day(date)) == working)
    }

    @Test func addingWorkingDaysAcrossJohorsSwitch() {
        let cal = Fixture.johor
        // Sunday 29 Dec 2024 (then a working day) + 3 working days: Mon 30, Tue 31, Wed 1 Jan (not a Johor holiday).
        #expect(cal.adding(workingDays: 3, to: Fixture.day("2024-12-29")) == Fixture.day("2025-01-01"))
        #expect(cal.adding(workingDays: 1, to: Fixture.day("2025-01-02")) == Fixture.day("2025-01-03"))
        #expect(cal.adding(workingDays: 2, to: Fixture.day("2025-01-02")) == Fixture.day("2025-01-06"))
        #expect(cal.adding(workingDays: -2, to: Fixture.day("2025-01-06")) == Fixture.day("2025-01-02"))
    }

    @Test(arguments: [
        // Sunday holiday in a Saturday-Sunday state: the next working day that is not itself a holiday (Monday is one here).
        ("MY-10", "2025-08-31", "2025-09-02"),
        // Friday holiday in Kedah: Sunday.
        ("MY-02", "2025-06-27", "2025-06-29"),
        // Saturday holiday in Kelantan when Sunday is a holiday too: Monday.
        ("MY-03", "2025-06-07", "2025-06-09"),
        // Sunday holiday in Johor after its switch: Monday.
        ("MY-01", "2025-03-23", "2025-03-24"),
        // Friday holiday in Johor while it kept Friday-Saturday: Sunday.
        ("MY-01", "2024-03-22", "2024-03-24"),
    ])
    func inLieuHolidays(state: String, holiday: String, replacement: String) {
        let cal = [Fixture.selangor, Fixture.kelantan, Fixture.kedah, Fixture.johor].first { $0.state.code.rawValue == state }
        let d = Fixture.day(replacement)
        #expect(cal?.holiday(on: d) != nil)
        if case .inLieu = cal?.holiday(on: d) {
        } else {
            Issue.record("\(replacement) should be an in-lieu day in \(state), got \(String(describing: cal?.holiday(on: d)))")
        }
        #expect(cal?.isWorkingDay(d.adding(days: -1)) == false)
    }

    @Test func fridayHolidayInKelantanGivesNoReplacement() {
        // Kelantan replaces a Saturday holiday, not a Friday one: Hari Arafah (Fri 6 June 2025) adds no extra day.
        let cal = Fixture.kelantan
        #expect(cal.isWorkingDay(Fixture.day("2025-06-10")))
        #expect(cal.isWorkingDay(Fixture.day("2025-06-01")))
    }

    @Test func overridesAddAndRemoveHolidays() {
        let cal = WorkingCalendar(
            state: Fixture.week("MY-09", rest: [.sat, .sun], inLieu: [.sun]), holidays: Fixture.holidays([("2025-05-12", "Wesak Day")]),
            overrides: [
                HolidayOverride(action: .add, date: Fixture.day("2025-01-01"), states: ["MY-09"], name: "New Year (declared)", source: "test"),
                HolidayOverride(action: .remove, date: Fixture.day("2025-05-12"), states: ["MY-09"], name: "moved", source: "test"),
                HolidayOverride(action: .add, date: Fixture.day("2025-01-02"), states: ["MY-10"], name: "other state", source: "test"),
            ])
        #expect(!cal.isWorkingDay(Fixture.day("2025-01-01")))
        #expect(cal.isWorkingDay(Fixture.day("2025-01-02")))
        #expect(cal.isWorkingDay(Fixture.day("2025-05-12")))
    }

    @Test func everyHolidayAndReplacementDayCarriesItsSource() {
        let cal = WorkingCalendar(
            state: Fixture.week("MY-10", rest: [.sat, .sun], inLieu: [.sun]),
            holidays: [
                HolidayEntry(date: Fixture.day("2025-08-31"), name: "National Day", source: "the list"),
                HolidayEntry(date: Fixture.day("2025-09-16"), name: "Malaysia Day", source: "the list"),
            ],
            overrides: [
                HolidayOverride(action: .add, date: Fixture.day("2025-09-15"), states: ["MY-10"], name: "Extra day", source: "the declaration")
            ])
        #expect(cal.source(on: Fixture.day("2025-08-31")) == "the list")
        #expect(cal.source(on: Fixture.day("2025-09-15")) == "the declaration")
        // National Day on a Sunday is replaced on Monday 1 September, and the replacement says what it stands for.
        #expect(cal.holiday(on: Fixture.day("2025-09-01")) == .inLieu(of: "National Day"))
        #expect(cal.source(on: Fixture.day("2025-09-01"))?.contains("National Day on 2025-08-31") == true)
        #expect(cal.source(on: Fixture.day("2025-09-02")) == nil)
    }

    @Test func countsWorkingDaysExcludingTheFirstDay() {
        let cal = Fixture.selangor
        // (Fri 28 Mar, Thu 3 Apr]: Sat, Sun, Mon holiday, Tue holiday excluded; Wed 2 and Thu 3 count.
        #expect(cal.workingDays(from: Fixture.day("2025-03-28"), to: Fixture.day("2025-04-03")) == 2)
        #expect(cal.workingDays(from: Fixture.day("2025-04-03"), to: Fixture.day("2025-03-28")) == -2)
        #expect(cal.workingDays(from: Fixture.day("2025-04-03"), to: Fixture.day("2025-04-03")) == 0)
    }

    @Test(arguments: [
        ("2025-01-31", 1, "2025-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2027-02-28", 12, "2028-02-28"),
        ("2025-08-31", 6, "2026-02-28"),
        ("2025-03-31", -1, "2025-02-28"),
    ])
    func monthArithmeticClampsToTheMonthEnd(start: String, months: Int, expected: String) {
        #expect(Fixture.day(start).adding(months: months) == Fixture.day(expected))
    }
}
