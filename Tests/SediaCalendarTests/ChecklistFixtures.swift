import SediaCalendar
import SediaCore
import SediaTestSupport

/// A small rule book in the shape of rules/*.yaml (not loaded from it, so these tests do not move when a legal officer
/// edits the real files): Kelantan's calendar, the 12-month disposal target, case management and four readiness items.
enum ChecklistFixtures {
    static func book() throws -> RuleBook {
        try RuleBook(
            disposalTargets: [RuleFixtures.circular],
            rules: [
                Rule(
                    id: "case-management", title: "Case management at least 14 days before trial",
                    timing: RuleFixtures.timing(.trial, "14 days before"), source: "CPC s.172B(3)", confidence: .law)
            ],
            readiness: RuleFixtures.readiness(["transcript-translation", "interpreter", "witness-support", "psychologist"]),
            courts: [
                CourtProfile(
                    id: "SESSIONS-MY-03", name: "Sessions Court, Kota Bharu", state: "MY-03", special: false, videoLink: true,
                    childWaitingRoom: false,
                    sittingDays: [.sun, .mon, .tue, .wed, .thu], disposal: "circular-2-2017", noDisposalReason: nil, operatingSince: nil,
                    defaultFor: ["MY-03"], source: "test", confidence: .circular)
            ])
    }

    static func calendars() -> WorkingCalendars {
        let week = StateWorkWeek(
            code: "MY-03", name: "Kelantan", periods: [WorkWeekPeriod(from: nil, to: nil, restDays: [.fri, .sat], inLieuFor: [.fri, .sat])],
            source: "test", confidence: .law)
        return WorkingCalendars([
            WorkingCalendar(
                state: week, holidays: [HolidayEntry(date: FeedFixtures.day("2027-01-24"), name: "test holiday")],
                coverage: DayRange(from: FeedFixtures.day("2026-01-01"), to: FeedFixtures.day("2028-12-31")))
        ])
    }

    static func checklists(instance: Instance = FeedFixtures.instance(), today: Day = FeedFixtures.day("2027-01-04")) throws -> [CaseChecklist] {
        try Checklist.make(
            instance: instance, plan: FeedFixtures.plan(), book: book(), calendars: calendars(), today: today, prosecutors: FeedFixtures.prosecutors)
    }
}
