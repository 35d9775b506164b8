import SediaCore
import SediaTestSupport
import Testing

/// The `done:` parameter of `Checklist.make`: rule ids ticked in the application make their items done.
struct ChecklistDoneTests {
    /// K-2027-0001 with its trial planned, so every readiness item has a due date.
    func plan() -> Plan {
        Plan(
            instance: "fixture-2027", interviews: [],
            hearings: [
                HearingBooking(
                    caseID: "K-2027-0001", court: "SC-KB", dates: [AppFixtures.day("2027-03-07"), AppFixtures.day("2027-03-08")], psychologist: nil)
            ],
            unassigned: [], score: nil)
    }

    func make(done: [Case.ID: Set<String>]) throws -> CaseChecklist {
        let lists = try Checklist.make(
            instance: AppFixtures.instance, plan: plan(), book: RuleFixtures.book(), calendars: RuleFixtures.calendars(),
            today: AppFixtures.day("2027-03-01"), cases: ["K-2027-0001"], done: done)
        return try #require(lists.first)
    }

    @Test func withoutTicksNothingIsDoneBeforeTheTrial() throws {
        let list = try make(done: [:])
        #expect(list.items.map(\.rule).contains("transcript-translation"))
        #expect(list.done == 0)
        #expect(list.items.first { $0.rule == "transcript-translation" }?.status == .overdue)
    }

    @Test func aTickedRuleIsDoneAndTheOthersAreUnchanged() throws {
        let plain = try make(done: [:])
        let ticked = try make(done: ["K-2027-0001": ["transcript-translation"], "B-2027-0003": ["witness-support"]])
        #expect(ticked.items.first { $0.rule == "transcript-translation" }?.status == .done)
        #expect(ticked.done == 1)
        for (a, b) in zip(plain.items, ticked.items) where a.rule != "transcript-translation" { #expect(a == b) }
    }

    @Test func aTickForARuleNoLongerInTheBookIsIgnored() throws {
        let ticked = try make(done: ["K-2027-0001": ["recording-certificate"]])
        #expect(ticked == (try make(done: [:])))
    }

    @Test func evaluateKeepsTheOtherCasesWhenOneCannotBeEvaluated() throws {
        var instance = AppFixtures.instance
        instance.courts.append(Court(id: "SC-XX", state: "MY-99", videoLink: false, sittingDays: [.mon], hearingsPerDay: 1, closed: []))
        instance.cases[2].hearing?.court = "SC-XX"
        let result = Checklist.evaluate(
            instance: instance, plan: plan(), book: try RuleFixtures.book(), calendars: RuleFixtures.calendars(), today: AppFixtures.day("2027-03-01")
        )
        #expect(result.errors.map(\.caseID) == ["B-2027-0003"])
        #expect(result.checklists.first { $0.caseID == "K-2027-0001" }?.items.isEmpty == false)
    }
}
