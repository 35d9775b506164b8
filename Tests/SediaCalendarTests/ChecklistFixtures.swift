import SediaCalendar
import SediaCore

/// A small rule book in the shape of rules/*.yaml (not loaded from it, so these tests do not move when a legal officer
/// edits the real files): Kelantan's calendar, the 12-month disposal target, case management and four readiness items.
enum ChecklistFixtures {
    static func timing(_ trigger: CaseEvent, _ offset: String, _ policy: NonWorkingDayPolicy = .back) -> Timing {
        Timing(trigger: .event(trigger), offset: Offset(text: offset) ?? Offset(amount: 0, unit: .days), nonWorkingDay: policy)
    }

    static func book() throws -> RuleBook {
        try RuleBook(
            disposalTargets: [
                DisposalTarget(
                    id: "circular-2-2017", title: "Disposal within 12 months of registration", months: 12, source: "Circular 2/2017",
                    confidence: .circular)
            ],
            rules: [
                Rule(
                    id: "case-management", title: "Case management at least 14 days before trial", timing: timing(.trial, "14 days before"),
                    source: "CPC s.172B(3)", confidence: .law)
            ],
            readiness: [
                ReadinessTemplate(
                    id: "transcript-translation", number: 2, title: "Transcript and Bahasa Malaysia translation", owner: "io",
                    timing: timing(.trial, "14 days before"), appliesWhen: .always, source: "EoCWA s.6(2)", confidence: .law),
                ReadinessTemplate(
                    id: "interpreter", number: 5, title: "Interpreter for the child's language", owner: "court-registry",
                    timing: timing(.trial, "14 days before"), appliesWhen: .interpreterNeeded, source: "EoCWA s.5", confidence: .localPolicy),
                ReadinessTemplate(
                    id: "witness-support", number: 6, title: "Witness supporter; court visit", owner: "jkm", timing: timing(.trial, "7 days before"),
                    appliesWhen: .always, source: "JKM witness support", confidence: .localPolicy),
                ReadinessTemplate(
                    id: "psychologist", number: 8, title: "Psychologist assessment or attendance", owner: "dpp",
                    timing: timing(.trial, "7 days before"), appliesWhen: .psychologistNeeded, source: "facts file item 8", confidence: .localPolicy),
            ],
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
