public import SediaCore

/// A small rule book for the fixture's two states, in the shape of rules/*.yaml but built here, so store, server and
/// core tests do not move when a legal officer edits the real files: the 12-month disposal target, a pre-trial
/// conference stage and three readiness items, with court profiles named like the fixture's courts.
public enum RuleFixtures {
    public static func timing(_ trigger: CaseEvent, _ offset: String, _ policy: NonWorkingDayPolicy = .back) -> Timing {
        Timing(trigger: .event(trigger), offset: Offset(text: offset) ?? Offset(amount: 0, unit: .days), nonWorkingDay: policy)
    }

    /// The Chief Registrar's 12-month target, as rules/disposal.yaml has it.
    public static let circular = DisposalTarget(
        id: "circular-2-2017", title: "Disposal within 12 months of registration", months: 12, source: "Circular 2/2017", confidence: .circular)

    /// Readiness items in the shape of rules/readiness.yaml, by id; each test book takes the ones it needs.
    public static func readiness(_ ids: [String]) -> [ReadinessTemplate] {
        let all = [
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
        ]
        return ids.compactMap { id in all.first { $0.id == id } }
    }

    public static func book() throws -> RuleBook {
        try RuleBook(
            disposalTargets: [circular],
            rules: [
                Rule(
                    id: "ptc", title: "Pre-trial conference within 30 days of registration", timing: timing(.registration, "30 days after"),
                    source: "CPC s.172A", confidence: .law)
            ],
            readiness: readiness(["transcript-translation", "witness-support", "psychologist"]),
            courts: [
                CourtProfile(
                    id: "SC-KB", name: "Sessions Court, Kota Bharu", state: "MY-03", special: false, videoLink: true, childWaitingRoom: false,
                    sittingDays: [.sun, .mon, .tue, .wed], disposal: "circular-2-2017", noDisposalReason: nil, operatingSince: nil,
                    defaultFor: ["MY-03"], source: "test", confidence: .circular),
                CourtProfile(
                    id: "SC-SA", name: "Sessions Court, Shah Alam", state: "MY-10", special: false, videoLink: false, childWaitingRoom: false,
                    sittingDays: [.mon, .tue, .wed, .thu], disposal: "circular-2-2017", noDisposalReason: nil, operatingSince: nil,
                    defaultFor: ["MY-10"], source: "test", confidence: .circular),
            ])
    }

    public static func calendars() -> WorkingCalendars {
        let coverage = DayRange(from: Fixtures.day("2026-01-01"), to: Fixtures.day("2028-12-31"))
        func calendar(_ code: StateInfo.ID, _ name: String, _ rest: Set<Weekday>) -> WorkingCalendar {
            let week = StateWorkWeek(
                code: code, name: name, periods: [WorkWeekPeriod(from: nil, to: nil, restDays: rest, inLieuFor: rest)], source: "test",
                confidence: .law)
            return WorkingCalendar(
                state: week, holidays: [HolidayEntry(date: Fixtures.day("2027-01-01"), name: "New Year")], coverage: coverage)
        }
        return WorkingCalendars([calendar("MY-03", "Kelantan", [.fri, .sat]), calendar("MY-10", "Selangor", [.sat, .sun])])
    }
}
