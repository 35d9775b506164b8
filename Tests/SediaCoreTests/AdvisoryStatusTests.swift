import Testing

@testable import SediaCore

/// Rules the law allows later (`after-due`) or makes optional (`always`) are shown as due or advisory, never overdue.
struct AdvisoryStatusTests {
    static let circular = DisposalTarget(id: "circular-2-2017", title: "12 months", months: 12, source: "Circular 2/2017", confidence: .circular)

    static func court(_ id: String, _ state: String, videoLink: Bool = false) -> CourtProfile {
        CourtProfile(
            id: Court.ID(id), name: id, state: StateInfo.ID(state), special: false, videoLink: videoLink, childWaitingRoom: false,
            sittingDays: [.mon, .tue, .wed, .thu, .fri], disposal: "circular-2-2017", noDisposalReason: nil, operatingSince: nil,
            defaultFor: [StateInfo.ID(state)], source: "test", confidence: .guess)
    }

    static let calendars = WorkingCalendars([Fixture.selangor])

    /// The pre-trial conference as stages.yaml has it: 30 days after charge, then advisory.
    static func book(advisory: Advisory?, appliesWhen: ReadinessCondition = .always) throws -> RuleBook {
        let rule = Rule(
            id: "ptc", title: "PTC", timing: RulesComputationTests.thirtyDaysStatutory, source: "CPC s.172A(2)", confidence: .law, doneWhen: .trial,
            atRiskDays: 7, appliesWhen: appliesWhen, advisory: advisory)
        return try RuleBook(disposalTargets: [Self.circular], rules: [rule], readiness: [], courts: [Self.court("SES-10", "MY-10")])
    }

    static let charged = CaseFacts(id: "K-3", state: "MY-10", events: [.charge: Fixture.day("2025-01-03")])

    // Charged Friday 3 January 2025: due Monday 3 February.
    @Test(arguments: [
        ("2025-01-10", DeadlineStatus.onTrack), ("2025-01-27", .atRisk), ("2025-02-03", .atRisk), ("2025-02-04", .advisory),
        ("2026-12-31", .advisory),
    ])
    func aRuleAllowedLaterIsDueThenAdvisoryNeverOverdue(day: String, expected: DeadlineStatus) throws {
        let ptc = try #require(try Self.book(advisory: .afterDue).deadlines(for: Self.charged, calendars: Self.calendars).first)
        #expect(ptc.due == Fixture.day("2025-02-03"))
        #expect(ptc.status(on: Fixture.day(day)) == expected)
    }

    @Test(arguments: ["2025-01-04", "2025-01-31", "2025-02-03", "2025-02-04", "2027-06-30"])
    func anOptionalRuleIsAlwaysAdvisory(day: String) throws {
        let ptc = try #require(try Self.book(advisory: .always).deadlines(for: Self.charged, calendars: Self.calendars).first)
        #expect(ptc.status(on: Fixture.day(day)) == .advisory)
    }

    @Test func anAdvisoryRuleIsDoneOnceItsEventHasHappened() throws {
        var facts = Self.charged
        facts.events[.trial] = Fixture.day("2025-03-03")
        let ptc = try #require(try Self.book(advisory: .always).deadlines(for: facts, calendars: Self.calendars).first)
        #expect(ptc.status(on: Fixture.day("2025-03-02")) == .advisory)
        #expect(ptc.status(on: Fixture.day("2025-03-03")) == .done)
    }

    @Test func aDutyIsStillOverdue() throws {
        let ptc = try #require(try Self.book(advisory: nil).deadlines(for: Self.charged, calendars: Self.calendars).first)
        #expect(ptc.status(on: Fixture.day("2025-02-04")) == .overdue)
    }

    @Test func theChecklistShowsAdvisoryAndCountsItApart() throws {
        let d = try #require(try Self.book(advisory: .afterDue).deadlines(for: Self.charged, calendars: Self.calendars).first)
        let item = Checklist.item(for: d, today: Fixture.day("2025-03-01"), trialStart: nil, trialEnd: nil)
        #expect(item.status == .advisory)
        #expect(item.advisory == .afterDue)
        let list = CaseChecklist(caseID: "K-3", prosecutor: nil, court: nil, trialStart: nil, trialEnd: nil, interview: nil, items: [item])
        #expect(list.overdue == 0 && list.atRisk == 0 && list.advisory == 1)
        // The printout's words are SediaTexts' table; the two it reads here, as English has them.
        let words = ChecklistWords(
            texts: Texts(
                language: .en,
                table: ["format.checklist": "codes", "printout.countsAdvisory": "Overdue: {overdue}, at risk: {atRisk}, advisory: {advisory}"],
                fallback: [:]))
        let json = String(decoding: ChecklistRenderer.render([list], today: Fixture.day("2025-03-01"), format: .json, words: words), as: UTF8.self)
        #expect(json.contains("\"status\": \"advisory\""))
        #expect(json.contains("\"advisory\": 1"))
        let markdown = ChecklistRenderer.markdown([list], today: Fixture.day("2025-03-01"), words: words)
        #expect(markdown.contains("Overdue: 0, at risk: 0, advisory: 1"))
        #expect(markdown.contains("| advisory ("))
    }

    @Test func appliesWhenLeavesOutTheConferenceForAnUnrepresentedAccused() throws {
        let book = try Self.book(advisory: .afterDue, appliesWhen: .accusedRepresentedClaimsTrial)
        var facts = Self.charged
        #expect(try book.deadlines(for: facts, calendars: Self.calendars).map(\.rule) == ["ptc"])
        facts.accusedRepresented = false
        #expect(try book.deadlines(for: facts, calendars: Self.calendars).isEmpty)
        facts.accusedRepresented = true
        facts.claimsTrial = false
        #expect(try book.deadlines(for: facts, calendars: Self.calendars).isEmpty)
    }

    @Test func derivedConditionsComeFromTheCourtAndTheCase() throws {
        let book = try Self.book(advisory: nil)
        let withLink = Self.court("SC", "MY-10", videoLink: true)
        let without = Self.court("SES", "MY-10", videoLink: false)
        var facts = Self.charged
        #expect(book.holds(.courtHasLiveLink, court: withLink, facts: facts) && !book.holds(.courtLacksLiveLink, court: withLink, facts: facts))
        #expect(!book.holds(.courtHasLiveLink, court: without, facts: facts) && book.holds(.courtLacksLiveLink, court: without, facts: facts))
        // Unknown plea and representation count as the usual case.
        #expect(book.holds(.accusedClaimsTrial, court: without, facts: facts))
        #expect(book.holds(.accusedRepresentedClaimsTrial, court: without, facts: facts))
        // Turning 18: on or before the last trial day, else not.
        facts.events[.trial] = Fixture.day("2025-06-02")
        facts.trialEnd = Fixture.day("2025-06-06")
        facts.childTurns18On = Fixture.day("2025-06-06")
        #expect(book.holds(.childTurns18, court: without, facts: facts))
        facts.childTurns18On = Fixture.day("2025-06-07")
        #expect(!book.holds(.childTurns18, court: without, facts: facts))
        // Listed conditions hold only when listed.
        #expect(!book.holds(.intermediaryNeeded, court: without, facts: facts))
        facts.conditions.insert(.intermediaryNeeded)
        #expect(book.holds(.intermediaryNeeded, court: without, facts: facts))
    }

    @Test func anItemForOnlineOffencesNeedsTheOffenceList() throws {
        let item = ReadinessTemplate(
            id: "data-preservation", number: 18, title: "Preservation", owner: "io",
            timing: Timing(trigger: .event(.report), offset: Offset(amount: 0, unit: .days), nonWorkingDay: .none), appliesWhen: .onlineOffence,
            source: "CMA s.252A", confidence: .law)
        let error = #expect(throws: RuleBookProblems.self) {
            _ = try RuleBook(disposalTargets: [Self.circular], rules: [], readiness: [item], courts: [Self.court("SES-10", "MY-10")])
        }
        #expect(error?.problems.first?.message.contains("onlineOffences") == true)
        let book = try RuleBook(
            disposalTargets: [Self.circular], rules: [], readiness: [item], courts: [Self.court("SES-10", "MY-10")],
            onlineOffences: OnlineOffences(sections: ["SOAC s.11"], source: "test", confidence: .law))
        let report: [CaseEvent: Day] = [.report: Fixture.day("2025-01-06")]
        let online = CaseFacts(id: "A", state: "MY-10", events: report, offences: ["SOAC s.11"])
        let offline = CaseFacts(id: "B", state: "MY-10", events: report, offences: ["SOAC s.14"])
        #expect(try book.deadlines(for: online, calendars: Self.calendars).map(\.rule) == ["data-preservation"])
        #expect(try book.deadlines(for: offline, calendars: Self.calendars).isEmpty)
    }

    @Test func aCourtWhoseTimelineIsNotPublishedSaysSo() throws {
        var borneo = Self.court("SES-12", "MY-12")
        borneo.disposal = nil
        borneo.noDisposalReason = "Timeline not published"
        borneo.timelineUnpublished = true
        let book = try RuleBook(disposalTargets: [Self.circular], rules: [], readiness: [], courts: [borneo])
        let calendars = WorkingCalendars([WorkingCalendar(state: Fixture.week("MY-12", rest: [.sat, .sun], inLieu: [.sun]), holidays: [])])
        let facts = CaseFacts(id: "K", state: "MY-12", events: [.registration: Fixture.day("2025-03-01")])
        let disposal = try #require(try book.deadlines(for: facts, calendars: calendars).first)
        #expect(disposal.due == nil)
        #expect(disposal.status(on: Fixture.day("2025-04-01")) == .timelineNotPublished)
        #expect(DeadlineStatus.timelineNotPublished.rawValue == "timeline not published")
    }

    @Test func theCaseFileReadsTheNewColumnsAndRefusesDerivedConditions() throws {
        let book = try RuleBook(
            disposalTargets: [Self.circular], rules: [], readiness: [], courts: [Self.court("SES-10", "MY-10")])
        let csv = """
            case,state,court,registeredOn,chargedOn,trialOn,trialEndOn,childTurns18On,represented,plea,conditions
            K-1,MY-10,,2025-01-31,2025-02-03,2025-05-05,2025-05-09,2025-05-07,no,claims-trial,intermediary-needed;child-with-disability
            """
        let facts = try #require(try CaseFile.parse(csv, file: "cases.csv", book: book).first)
        #expect(facts.accusedRepresented == false && facts.claimsTrial == true)
        #expect(facts.trialEnd == Fixture.day("2025-05-09") && facts.childTurns18On == Fixture.day("2025-05-07"))
        #expect(facts.conditions == [.intermediaryNeeded, .childWithDisability])
        let bad = """
            case,state,court,registeredOn,chargedOn,represented,plea,conditions
            K-1,MY-10,,2025-01-31,2025-02-03,maybe,innocent,court-has-live-link
            """
        let error = #expect(throws: CaseFileErrors.self) { try CaseFile.parse(bad, file: "cases.csv", book: book) }
        let columns = Set(error?.errors.compactMap(\.column) ?? [])
        #expect(columns == ["represented", "plea", "conditions"])
    }
}
