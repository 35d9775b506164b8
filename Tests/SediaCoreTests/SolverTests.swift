import SediaCore
import SediaTestSupport
import Testing

struct SolverTests {
    static func solve(_ i: Instance, seed: UInt64 = 1, iterations: Int = 300, maxMoves: Int? = nil) -> SolveResult {
        Solver.solve(i, options: SolverOptions(iterations: iterations, seed: seed, maxMoves: maxMoves))
    }

    @Test(arguments: [InstanceScale.tiny, .state], [UInt64(1), 2, 3])
    func generatedInstancesAlwaysGiveValidPlans(scale: InstanceScale, seed: UInt64) {
        let instance = InstanceGenerator.generate(scale: scale, seed: seed)
        let result = Self.solve(instance, seed: seed)
        let report = Verifier.verify(instance, result.plan)
        #expect(report.isValid, "\(report.violations.prefix(5))")
        #expect(report.score == result.score)
        #expect(result.plan.score == result.score)
    }

    @Test func replanInstancesKeepTheMoveBudget() {
        var instance = InstanceGenerator.generate(scale: .tiny, seed: 5, replan: true)
        #expect(instance.previous != nil)
        // Bookings that cannot be kept (an interviewer now on leave) must move whatever the budget.
        instance.maxMoves = 0
        let forced = Self.solve(instance).moves
        #expect(forced > 0)
        for budget in [forced, forced + 3] {
            instance.maxMoves = budget
            let result = Self.solve(instance)
            let report = Verifier.verify(instance, result.plan)
            #expect(report.isValid, "\(report.violations)")
            #expect(result.moves <= budget)
            #expect(report.moves == result.moves)
        }
    }

    @Test func theSameSeedGivesTheSamePlan() {
        let instance = InstanceGenerator.generate(scale: .state, seed: 2)
        let a = Self.solve(instance, seed: 7, iterations: 500)
        let b = Self.solve(instance, seed: 7, iterations: 500)
        #expect(a.plan == b.plan)
    }

    @Test func searchNeverEndsWorseThanConstruction() {
        let instance = InstanceGenerator.generate(scale: .state, seed: 3)
        let start = Self.solve(instance, iterations: 0)
        let improved = Self.solve(instance, iterations: 2000)
        #expect(improved.score <= start.score)
    }

    @Test func theHandMadeInstanceIsSolvedWithoutLateness() {
        let result = Self.solve(Fixtures.instance())
        let report = Verifier.verify(Fixtures.instance(), result.plan)
        #expect(report.isValid, "\(report.violations)")
        #expect(result.score.unassigned == 0 && result.score.late == 0)
        // The hand-made plan costs 25; the solver may not do worse.
        #expect(result.score.cost <= 25)
    }

    @Test func pinnedBookingsAreKeptExactly() {
        var instance = Fixtures.instance()
        let pin = PinnedInterview(room: "A-2", interviewer: "IO-2", psychologist: nil, start: Fixtures.at("2027-01-07T10:00"))
        instance.cases[1].interview?.pinned = pin
        let result = Self.solve(instance)
        let booking = result.plan.interviews.first { $0.caseID == "K-2" }
        #expect(booking == InterviewBooking(caseID: "K-2", room: pin.room, interviewer: pin.interviewer, psychologist: nil, start: pin.start))
        #expect(Verifier.verify(instance, result.plan).isValid)
    }

    @Test func pinsOutsideTheHorizonAreKeptAndReportedNotACrash() {
        var instance = Fixtures.instance()
        instance.cases[1].interview?.pinned = PinnedInterview(
            room: "A-2", interviewer: "IO-2", psychologist: nil, start: Fixtures.at("2027-09-01T09:00"))
        instance.cases[2].hearing?.pinned = PinnedHearing(dates: [Fixtures.day("2026-12-14")], psychologist: nil)
        let result = Self.solve(instance)
        let report = Verifier.verify(instance, result.plan)
        #expect(result.plan.interviews.contains { $0.caseID == "K-2" && $0.start == Fixtures.at("2027-09-01T09:00") })
        #expect(report.violations.contains { $0.rule == 1 && $0.caseID == "K-2" })
        #expect(report.violations.contains { $0.rule == 10 && $0.caseID == "K-3" })
        #expect(report.score == result.score)
    }

    @Test func anImpossibleInterviewIsExplainedInACoordinatorsWords() {
        var instance = Fixtures.instance()
        instance.cases[1].child.languages = ["iba"]
        let result = Self.solve(instance)
        let u = result.plan.unassigned.first { $0.caseID == "K-2" && $0.task == .interview }
        #expect(u?.reasons.contains("no interviewer who speaks iba works at CIC-A") == true, "\(String(describing: u))")
        #expect(Verifier.verify(instance, result.plan).isValid)
    }

    @Test func aFullCourtIsExplainedWithItsDates() {
        var instance = Fixtures.instance()
        instance.courts[0].hearingsPerDay = 0
        let result = Self.solve(instance)
        let u = result.plan.unassigned.first { $0.caseID == "K-3" && $0.task == .hearing }
        #expect(u?.reasons == ["SES-A has no free sitting day between 2027-01-04 and 2027-03-04 for a 1-day trial"], "\(String(describing: u))")
    }

    @Test func aTrialWithoutItsVideoLinkIsExplained() {
        var instance = Fixtures.instance()
        instance.courts[0].videoLink = false
        let result = Self.solve(instance)
        let u = result.plan.unassigned.first { $0.caseID == "K-1" && $0.task == .hearing }
        #expect(u?.reasons == ["the hearing needs a video link and SES-A has none"])
    }

    @Test func suggestListsPlacementsWithTheirScoreChange() throws {
        let instance = Fixtures.instance()
        let result = try Suggester.suggest(instance: instance, plan: Fixtures.plan(), caseID: "K-2", task: .interview, top: 3)
        #expect(result.suggestions.count == 3)
        // K-2 may start on 5 January; the hand-made plan already has it there, so the best change is nil.
        #expect(result.suggestions.first?.interview?.start.day == Fixtures.day("2027-01-05"))
        #expect(result.suggestions.first?.delta == Score(unassigned: 0, late: 0, cost: 0))
        #expect(result.suggestions.dropFirst().allSatisfy { $0.delta.cost > 0 })
        #expect(throws: Suggester.Failure.unknownCase("K-77")) {
            try Suggester.suggest(instance: instance, plan: Fixtures.plan(), caseID: "K-77", task: nil)
        }
    }

    /// One compiled context answers case after case, each from the plan as it is: asking twice, or for another case in
    /// between, gives what a fresh suggestion gives.
    @Test func aSuggestionContextIsReusedWithoutCarryingOneAnswerIntoTheNext() throws {
        let instance = Fixtures.instance()
        let context = SuggestionContext(instance: instance, plan: Fixtures.plan())
        let first = try context.suggest(caseID: "K-2", task: .interview, top: 3)
        let other = try context.suggest(caseID: "K-1", task: .hearing, top: 2)
        let again = try context.suggest(caseID: "K-2", task: .interview, top: 3)
        #expect(first == again)
        #expect(first == (try Suggester.suggest(instance: instance, plan: Fixtures.plan(), caseID: "K-2", task: .interview, top: 3)))
        #expect(other == (try Suggester.suggest(instance: instance, plan: Fixtures.plan(), caseID: "K-1", task: .hearing, top: 2)))
    }
}
