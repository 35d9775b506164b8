import SediaCore
import Testing

struct RulesComputationTests {
    static let thirtyDaysStatutory = Timing(
        trigger: .event(.charge), offset: Offset(amount: 30, unit: .days), nonWorkingDay: .forward, statutory: true)

    @Test(arguments: [
        // Charge on Wed 1 Jan 2025 + 30 = Fri 31 Jan, a rest day in Kelantan: Sat is one too, so Sun 2 Feb.
        ("MY-03", "2025-01-01", "2025-02-02", "2025-01-31"),
        // Charge on Fri 3 Jan 2025 + 30 = Sun 2 Feb in Selangor: Mon 3 Feb.
        ("MY-10", "2025-01-03", "2025-02-03", "2025-02-02"),
        // Charge on Sat 1 Mar 2025 + 30 = Mon 31 Mar, Hari Raya Aidilfitri (two days): Wed 2 Apr.
        ("MY-10", "2025-03-01", "2025-04-02", "2025-03-31"),
        // Charge on Tue 1 Apr 2025 + 30 = Thu 1 May, a working day in this fixture: no move.
        ("MY-10", "2025-04-01", "2025-05-01", "2025-05-01"),
    ])
    func interpretationActsPeriodRunsToTheNextWorkingDay(state: String, charge: String, due: String, unadjusted: String) {
        let cal = state == "MY-03" ? Fixture.kelantan : Fixture.selangor
        let r = ComputationOfTime.compute(Self.thirtyDaysStatutory, from: Fixture.day(charge), calendar: cal)
        #expect(r.due == Fixture.day(due))
        #expect(r.unadjusted == Fixture.day(unadjusted))
        #expect((r.moved != nil) == (due != unadjusted))
    }

    @Test func rollsForwardOverAHolidayWeek() {
        // Monday to Friday all holidays after a weekend: a period ending on the Saturday runs to the next Monday.
        let week = (0..<5).map { (Fixture.day("2025-03-31").adding(days: $0).description, "Holiday week") }
        let cal = WorkingCalendar(state: Fixture.week("MY-14", rest: [.sat, .sun], inLieu: [.sun]), holidays: Fixture.holidays(week))
        let timing = Timing(trigger: .event(.charge), offset: Offset(amount: 30, unit: .days), nonWorkingDay: .forward, statutory: true)
        let r = ComputationOfTime.compute(timing, from: Fixture.day("2025-02-27"), calendar: cal)
        #expect(r.unadjusted == Fixture.day("2025-03-29"))
        #expect(r.due == Fixture.day("2025-04-07"))
    }

    @Test func shortStatutoryPeriodsSkipExcludedDays() {
        // Five days from Thursday 2 Jan 2025 in Selangor: Fri 3, Mon 6, Tue 7, Wed 8, Thu 9.
        let statutory = Timing(trigger: .event(.charge), offset: Offset(amount: 5, unit: .days), nonWorkingDay: .forward, statutory: true)
        #expect(ComputationOfTime.compute(statutory, from: Fixture.day("2025-01-02"), calendar: Fixture.selangor).due == Fixture.day("2025-01-09"))
        // The same five days as a plain period: Tue 7 Jan.
        let plain = Timing(trigger: .event(.charge), offset: Offset(amount: 5, unit: .days), nonWorkingDay: .forward, statutory: false)
        #expect(ComputationOfTime.compute(plain, from: Fixture.day("2025-01-02"), calendar: Fixture.selangor).due == Fixture.day("2025-01-07"))
        // Seven days is above the six-day threshold: counted in calendar days.
        let seven = Timing(trigger: .event(.charge), offset: Offset(amount: 7, unit: .days), nonWorkingDay: .forward, statutory: true)
        #expect(ComputationOfTime.compute(seven, from: Fixture.day("2025-01-02"), calendar: Fixture.selangor).due == Fixture.day("2025-01-09"))
    }

    @Test func aBackwardStepRollsBack() {
        // 14 days before 30 March 2025 is Sunday 16 March: brought forward to Friday 14 March, never towards the trial.
        let timing = Timing(trigger: .event(.trial), offset: Offset(amount: -14, unit: .days), nonWorkingDay: .back)
        let r = ComputationOfTime.compute(timing, from: Fixture.day("2025-03-30"), calendar: Fixture.selangor)
        #expect(r.due == Fixture.day("2025-03-14"))
    }

    @Test(arguments: [
        ("30 days after", 30, OffsetUnit.days), ("14 days before", -14, .days), ("12 months after", 12, .months),
        ("7 working days after", 7, .workingDays), ("1 day before", -1, .days), ("on", 0, .days),
    ])
    func offsetsParse(text: String, amount: Int, unit: OffsetUnit) {
        #expect(Offset(text: text) == Offset(amount: amount, unit: unit))
    }

    @Test(arguments: ["30 days", "thirty days after", "30 weeks after", "-3 days after", "30 days later", "", "after"])
    func badOffsetsAreRejected(text: String) {
        #expect(Offset(text: text) == nil)
    }
}
