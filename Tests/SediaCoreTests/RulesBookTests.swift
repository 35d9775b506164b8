import SediaCore
import Testing

struct RulesBookTests {
    static let circular = DisposalTarget(id: "circular-2-2017", title: "12 months", months: 12, source: "Circular 2/2017", confidence: .circular)

    static func court(_ id: String, _ state: String, disposal: String?, defaultFor: [StateInfo.ID] = []) -> CourtProfile {
        CourtProfile(
            id: Court.ID(id), name: id, state: StateInfo.ID(state), special: false, videoLink: false, childWaitingRoom: false,
            sittingDays: [.mon, .tue, .wed, .thu, .fri], disposal: disposal, noDisposalReason: disposal == nil ? "none published" : nil,
            operatingSince: nil, defaultFor: defaultFor, source: "test", confidence: .guess)
    }

    static func rule(_ id: String, _ trigger: Trigger, _ offset: Int = 30) -> Rule {
        Rule(
            id: id, title: id, timing: Timing(trigger: trigger, offset: Offset(amount: offset, unit: .days), nonWorkingDay: .forward), source: "test",
            confidence: .law)
    }

    static let calendars = WorkingCalendars([
        Fixture.selangor, Fixture.kelantan, WorkingCalendar(state: Fixture.week("MY-12", rest: [.sat, .sun], inLieu: [.sun]), holidays: []),
    ])

    @Test func aTriggerCycleIsRejectedNamingTheRules() {
        let rules = [Self.rule("a", .rule("b")), Self.rule("b", .rule("c")), Self.rule("c", .rule("a"))]
        let error = #expect(throws: RuleBookProblems.self) {
            _ = try RuleBook(
                disposalTargets: [Self.circular], rules: rules, readiness: [], courts: [Self.court("X", "MY-10", disposal: "circular-2-2017")])
        }
        #expect(error?.problems.contains { $0.message.contains("trigger cycle: a → b → c → a") } == true)
    }

    @Test func unknownReferencesAndDuplicatesAreRejected() {
        let rules = [Self.rule("a", .rule("nope")), Self.rule("a", .event(.charge)), Self.rule("disposal", .event(.charge))]
        let error = #expect(throws: RuleBookProblems.self) {
            _ = try RuleBook(disposalTargets: [Self.circular], rules: rules, readiness: [], courts: [Self.court("X", "MY-10", disposal: "missing")])
        }
        let messages = error?.problems.map(\.message) ?? []
        #expect(messages.contains { $0.contains("rule nope") })
        #expect(messages.contains { $0.contains("duplicate id a") })
        #expect(messages.contains { $0.contains("duplicate id disposal") })
        #expect(messages.contains { $0.contains("disposal target missing") })
    }

    @Test func disposalTargetDoesNotMoveAndClamps() throws {
        let book = try RuleBook(
            disposalTargets: [Self.circular], rules: [], readiness: [],
            courts: [Self.court("SES-10", "MY-10", disposal: "circular-2-2017", defaultFor: ["MY-10"])])
        // 29 Feb 2024 + 12 months: 28 Feb 2025 (a Friday, fine); 1 Mar 2025 + 12 months = Sun 1 Mar 2026, which stays.
        #expect(book.disposalDue(court: nil, state: "MY-10", registeredOn: Fixture.day("2024-02-29")) == Fixture.day("2025-02-28"))
        let facts = CaseFacts(id: "K-1", state: "MY-10", events: [.registration: Fixture.day("2025-03-01")])
        let d = try book.deadlines(for: facts, calendars: Self.calendars)
        #expect(d.first?.rule == "disposal")
        #expect(d.first?.due == Fixture.day("2026-03-01"))
    }

    @Test func sabahOrdinaryCourtSaysThereIsNoTarget() throws {
        let book = try RuleBook(
            disposalTargets: [Self.circular], rules: [], readiness: [], courts: [Self.court("SES-12", "MY-12", disposal: nil, defaultFor: ["MY-12"])])
        let facts = CaseFacts(id: "K-2", state: "MY-12", events: [.registration: Fixture.day("2025-03-01")])
        let d = try book.deadlines(for: facts, calendars: Self.calendars)
        #expect(d.count == 1)
        #expect(d.first?.due == nil)
        #expect(d.first?.status(on: Fixture.day("2025-04-01")) == .noTarget)
        #expect(d.first?.note == "none published")
    }

    @Test func statusFollowsDaysLeftAndCompletion() throws {
        let rule = Rule(
            id: "ptc", title: "PTC", timing: RulesComputationTests.thirtyDaysStatutory, source: "CPC s.172A(2)", confidence: .law, doneWhen: .trial,
            atRiskDays: 7)
        let book = try RuleBook(
            disposalTargets: [Self.circular], rules: [rule], readiness: [],
            courts: [Self.court("SES-10", "MY-10", disposal: "circular-2-2017", defaultFor: ["MY-10"])])
        var facts = CaseFacts(id: "K-3", state: "MY-10", events: [.charge: Fixture.day("2025-01-03")])
        let ptc = try #require(book.deadlines(for: facts, calendars: Self.calendars).first)
        #expect(ptc.due == Fixture.day("2025-02-03"))
        #expect(ptc.status(on: Fixture.day("2025-01-10")) == .onTrack)
        #expect(ptc.status(on: Fixture.day("2025-01-27")) == .atRisk)
        #expect(ptc.status(on: Fixture.day("2025-02-03")) == .atRisk)
        #expect(ptc.status(on: Fixture.day("2025-02-04")) == .overdue)
        facts.events[.trial] = Fixture.day("2025-03-03")
        let done = try #require(book.deadlines(for: facts, calendars: Self.calendars).first)
        #expect(done.status(on: Fixture.day("2025-03-03")) == .done)
        #expect(done.status(on: Fixture.day("2025-03-02")) == .overdue)
    }

    @Test func unknownCourtOrStateIsAnError() throws {
        let book = try RuleBook(
            disposalTargets: [Self.circular], rules: [], readiness: [], courts: [Self.court("SES-10", "MY-10", disposal: "circular-2-2017")])
        let court = #expect(throws: DeadlineError.self) {
            try book.deadlines(for: CaseFacts(id: "K", state: "MY-10", court: "NOPE", events: [:]), calendars: Self.calendars)
        }
        #expect(court?.message.hasPrefix("unknown court NOPE") == true)
        // A known court, but the case's own state has no working calendar.
        let state = #expect(throws: DeadlineError.self) {
            try book.deadlines(for: CaseFacts(id: "K", state: "MY-99", court: "SES-10", events: [:]), calendars: Self.calendars)
        }
        #expect(state?.message.hasPrefix("unknown state MY-99") == true)
        // No court and no default court for the state.
        let missing = #expect(throws: DeadlineError.self) {
            try book.deadlines(for: CaseFacts(id: "K", state: "MY-10", events: [:]), calendars: Self.calendars)
        }
        #expect(missing?.message.hasPrefix("no court given") == true)
    }

    @Test func scopeLimitsRulesByRegionCourtAndOffence() throws {
        var borneo = Self.rule("borneo-only", .event(.charge))
        borneo.scope = Scope(region: .sabahSarawak)
        var online = Self.rule("online-only", .event(.charge))
        online.scope = Scope(offences: ["SOAC s.11"])
        var special = Self.rule("special-only", .event(.charge))
        special.scope = Scope(courts: ["SES-12"])
        let book = try RuleBook(
            disposalTargets: [Self.circular], rules: [borneo, online, special], readiness: [],
            courts: [
                Self.court("SES-10", "MY-10", disposal: "circular-2-2017", defaultFor: ["MY-10"]),
                Self.court("SES-12", "MY-12", disposal: nil, defaultFor: ["MY-12"]),
            ])
        let charge: [CaseEvent: Day] = [.charge: Fixture.day("2025-01-06")]
        let selangor = try book.deadlines(for: CaseFacts(id: "A", state: "MY-10", events: charge, offences: ["SOAC s.11"]), calendars: Self.calendars)
        #expect(selangor.map(\.rule) == ["online-only"])
        let sabah = try book.deadlines(for: CaseFacts(id: "B", state: "MY-12", events: charge, offences: ["SOAC s.14"]), calendars: Self.calendars)
        #expect(sabah.map(\.rule) == ["borneo-only", "special-only"])
    }
}
