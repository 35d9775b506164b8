import SediaCore
import SediaTestSupport
import Testing

struct CapacityPlannerTests {
    static let options = SolverOptions(iterations: 300, seed: 1)

    @Test func metricsCountLatenessAndWorkingDayWaits() {
        var plan = Fixtures.plan()
        // K-2 held on Wednesday 13 Jan: two days past its target, five working days after its earliest day
        // (5, 6, 7, 11, 12 Jan; the 8th is a holiday).
        Fixtures.setIV(&plan, "K-2") { $0.start = Fixtures.at("2027-01-13T09:00") }
        plan.hearings.removeAll { $0.caseID == "K-3" }
        let m = CapacityMetrics.measure(Fixtures.instance(), plan)
        #expect(m.lateInterviews == 1)
        #expect(m.lateHearings == 0)
        #expect(m.unassignedHearings == 1)
        #expect(m.unassigned == 1)
        #expect(m.missedHearings == 1)
        #expect(m.interviewWaitMean == 2.5)
        #expect(m.interviewWaitP90 == 5)
        #expect(m.hearingWaitMean == 5)
        #expect(m.perCourt["SES-A"]?.unassigned == 1)
        #expect(m.perState["MY-04"]?.lateInterviews == 1)
    }

    @Test func theUnderStaffedInstanceIsLateAsIs() {
        let m = CapacityPlanner.evaluate(Fixtures.underStaffed(), options: Self.options)
        #expect(m.missedInterviews == 2)
    }

    @Test func recommendFindsTheOneInterviewerThatRemovesAllLateness() async {
        let result = await CapacityPlanner.recommend(Fixtures.underStaffed(), budget: 3, objective: .late, options: Self.options, parallelism: 2)
        #expect(result.base.missedInterviews == 2)
        #expect(result.changes == [.addInterviewer(centre: "CIC-U", languages: nil, gender: nil)])
        #expect(result.final.lateInterviews == 0)
        #expect(result.final.unassigned == 0)
        #expect(result.candidatesTried > 1)
    }

    @Test func recommendIsDeterministicForASeed() async {
        let inst = InstanceGenerator.generate(scale: .tiny, seed: 2)
        let a = await CapacityPlanner.recommend(inst, budget: 2, objective: .late, options: Self.options, parallelism: 2)
        let b = await CapacityPlanner.recommend(inst, budget: 2, objective: .late, options: Self.options, parallelism: 1)
        #expect(a.changes == b.changes)
        #expect(a.final == b.final)
    }

    @Test func candidatesOnlyWhereSomethingIsMissed() {
        let inst = Fixtures.underStaffed()
        let plan = Solver.solve(inst, options: Self.options).plan
        let candidates = CapacityPlanner.candidates(inst, plan: plan, objective: .late)
        #expect(Set(candidates) == [.addInterviewer(centre: "CIC-U", languages: nil, gender: nil), .addRoom(centre: "CIC-U", accessible: true)])
        let fixed = try? CapacityChange.parse("+interviewer@CIC-U").apply(to: inst)
        if let fixed {
            let fine = Solver.solve(fixed, options: Self.options).plan
            #expect(CapacityPlanner.candidates(fixed, plan: fine, objective: .late).isEmpty)
        }
        #expect(fixed != nil)
    }
}
