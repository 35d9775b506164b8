import Foundation
import SediaCore
import SediaTestSupport
import Testing

/// The proven lower bound (issue 26): never better than a plan that exists, and exact where the instance forces it.
struct LowerBoundTests {
    /// The bound's promise, measure by measure: no plan leaves fewer tasks out; a plan that leaves out only what the
    /// bound says must go has at least `late` late tasks and, with that lateness, costs at least `cost`.
    static func expectBelow(_ b: PlanBounds, _ s: Score, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(b.admits(s), "\(what): bound \(b.score) above plan \(s)", sourceLocation: sourceLocation)
        #expect(b.unassigned <= s.unassigned, "\(what): unassigned bound \(b.unassigned) > \(s.unassigned)", sourceLocation: sourceLocation)
        guard s.unassigned == b.unassigned else { return }
        #expect(b.late <= s.late, "\(what): late bound \(b.late) > \(s.late)", sourceLocation: sourceLocation)
        if let cost = b.cost { #expect(cost <= s.cost, "\(what): cost bound \(cost) > \(s.cost)", sourceLocation: sourceLocation) }
    }

    @Test(arguments: [InstanceScale.tiny, .state], [UInt64(1), 2, 3])
    func theBoundIsNeverAboveTheSolversPlan(scale: InstanceScale, seed: UInt64) {
        for replan in [false, true] {
            let instance = InstanceGenerator.generate(scale: scale, seed: seed, replan: replan)
            let result = Solver.solve(instance, options: SolverOptions(iterations: 300, seed: seed))
            let report = Verifier.verify(instance, result.plan)
            #expect(report.isValid, "\(report.violations.prefix(3))")
            #expect(result.bounds == LowerBound.compute(instance))
            Self.expectBelow(result.bounds, report.score, "\(scale)-s\(seed)\(replan ? "-replan" : "")")
        }
    }

    @Test func theBoundIsNeverAboveTheHandMadePlans() {
        let b = LowerBound.compute(Fixtures.instance())
        // Worked by hand: 0/0/25 is a valid plan, and nothing in the fixture forces a task out or late.
        Self.expectBelow(b, Score(unassigned: 0, late: 0, cost: 25), "fixture plan")
        #expect(b.unassigned == 0 && b.late == 0)
        #expect(b.binding.isEmpty)
        let solved = Solver.solve(Fixtures.instance(), options: SolverOptions(iterations: 300, seed: 1))
        Self.expectBelow(b, solved.score, "fixture solved")
    }

    // MARK: A world small enough to try every plan

    /// One state, one centre with one room and one officer (one 60-minute slot a day), one court sitting Monday to
    /// Thursday with one trial a day; the plan runs Monday 2027-01-04 to Monday 2027-01-11.
    static func small(cases: [Case], horizon: Int = 8, courtClosed: [DayRange] = [], unavailable: [DayRange] = []) -> Instance {
        Instance(
            name: "small", planStart: Fixtures.day("2027-01-04"), horizonDays: horizon, gridMinutes: 30, minPrepDays: 2,
            states: [StateInfo(code: "MY-04", name: "Melaka", weekend: [.sat, .sun])], holidays: [],
            centres: [
                Centre(
                    id: "CIC-A", state: "MY-04", lat: 2.19, lon: 102.25, open: 480, close: 540, breaks: [],
                    rooms: [Room(id: "A-1", features: ["recording"])])
            ],
            interviewers: [
                Interviewer(
                    id: "IO-1", gender: "F", languages: ["ms"], centres: ["CIC-A"], trainedUntil: Fixtures.day("2027-12-31"), maxPerDay: 1,
                    unavailable: unavailable)
            ],
            psychologists: [],
            courts: [
                Court(
                    id: "SES-A", state: "MY-04", videoLink: false, sittingDays: [.mon, .tue, .wed, .thu], hearingsPerDay: 1, closed: courtClosed)
            ],
            cases: cases)
    }

    static func child(_ n: Int) -> Child {
        Child(
            ref: "C-\(n)", age: 10, gender: "F", languages: ["ms"], lat: 2.19, lon: 102.25, interviewerGender: nil, needsPsychologist: false,
            needsAccessibleRoom: false)
    }

    static func interview(_ earliest: String, _ target: String) -> InterviewRequest {
        InterviewRequest(durationMinutes: 60, earliest: Fixtures.day(earliest), targetBy: Fixtures.day(target))
    }

    static func trial(days: Int, earliest: String, deadline: String, video: Bool = false) -> HearingRequest {
        HearingRequest(
            court: "SES-A", registeredOn: Fixtures.day("2026-12-01"), deadline: Fixtures.day(deadline), days: days,
            earliest: Fixtures.day(earliest), needsVideoLink: video, needsPsychologist: false)
    }

    /// K-1 and K-2 want the one daily slot on Monday and Tuesday; K-1's trial must be on Thursday to be on time;
    /// K-3's two-day trial and K-4's one-day trial both need Tuesday, so one of them is late whatever the plan.
    static let crowded = small(cases: [
        Case(
            id: "K-1", child: child(1), interview: interview("2027-01-04", "2027-01-05"), interviewDoneOn: nil,
            hearing: trial(days: 1, earliest: "2027-01-04", deadline: "2027-01-07")),
        Case(id: "K-2", child: child(2), interview: interview("2027-01-04", "2027-01-04"), interviewDoneOn: nil, hearing: nil),
        Case(
            id: "K-3", child: child(3), interview: nil, interviewDoneOn: Fixtures.day("2026-12-01"),
            hearing: trial(days: 2, earliest: "2027-01-05", deadline: "2027-01-06")),
        Case(
            id: "K-4", child: child(4), interview: nil, interviewDoneOn: Fixtures.day("2026-12-01"),
            hearing: trial(days: 1, earliest: "2027-01-05", deadline: "2027-01-05")),
    ])

    /// The best score over every plan of `crowded`: each interview on any day at 08:00 or left out, each trial on any
    /// run of sitting days or left out; the verifier decides which plans are valid and what they score.
    static func exhaustiveOptimum(_ instance: Instance) -> (score: Score, plans: Int) {
        let days = (0..<instance.horizonDays).map { instance.planStart.adding(days: $0) }
        let sitting = days.filter { [.mon, .tue, .wed, .thu].contains($0.weekday) }
        let ivOptions: [Day?] = [nil] + days
        func runs(_ n: Int) -> [[Day]?] { [nil] + (0..<max(0, sitting.count - n + 1)).map { Array(sitting[$0..<($0 + n)]) } }
        var best: Score?
        var valid = 0
        for d1 in ivOptions {
            for d2 in ivOptions {
                for h1 in runs(1) {
                    for h3 in runs(2) {
                        for h4 in runs(1) {
                            var iv: [InterviewBooking] = []
                            var hs: [HearingBooking] = []
                            var out: [Unassigned] = []
                            for (id, d) in [("K-1", d1), ("K-2", d2)] {
                                if let d {
                                    iv.append(
                                        InterviewBooking(
                                            caseID: Case.ID(id), room: "A-1", interviewer: "IO-1", psychologist: nil,
                                            start: LocalDateTime(day: d, minute: 480)))
                                } else {
                                    out.append(Unassigned(caseID: Case.ID(id), task: .interview, reasons: ["left out"]))
                                }
                            }
                            for (id, r) in [("K-1", h1), ("K-3", h3), ("K-4", h4)] {
                                if let r {
                                    hs.append(HearingBooking(caseID: Case.ID(id), court: "SES-A", dates: r, psychologist: nil))
                                } else {
                                    out.append(Unassigned(caseID: Case.ID(id), task: .hearing, reasons: ["left out"]))
                                }
                            }
                            let report = Verifier.verify(instance, Plan(instance: "small", interviews: iv, hearings: hs, unassigned: out, score: nil))
                            guard report.isValid else { continue }
                            valid += 1
                            if best.map({ report.score < $0 }) ?? true { best = report.score }
                        }
                    }
                }
            }
        }
        return (best ?? Score(unassigned: .max, late: .max, cost: .max), valid)
    }

    @Test func theBoundIsAtMostTheExhaustiveOptimum() {
        let (optimum, plans) = Self.exhaustiveOptimum(Self.crowded)
        #expect(plans > 100)
        // Worked by hand: K-2 Monday, K-1 Tuesday, K-3 Tuesday–Wednesday, K-1's trial Thursday, K-4 the next Monday.
        #expect(optimum.unassigned == 0 && optimum.late == 1)
        let b = LowerBound.compute(Self.crowded)
        Self.expectBelow(b, optimum, "exhaustive optimum")
        // The court's window Tuesday–Wednesday offers 2 trial-days for 3 days of trial: one trial late, at least
        // 20 for its day; K-1's trial waits at least 2 working days (5 each) after an interview on Monday.
        #expect(b.unassigned == 0)
        #expect(b.late == 1)
        #expect(b.cost == 10 + 20)
        #expect(b.binding.map(\.id) == ["SES-A"])
        #expect(b.binding.first?.crowded == 1)
        #expect(b.binding.first?.capacity == 2 && b.binding.first?.demand == 3)
        #expect(b.binding.first?.from == Fixtures.day("2027-01-05") && b.binding.first?.to == Fixtures.day("2027-01-06"))
        // The solver finds the optimum here.
        let solved = Solver.solve(Self.crowded, options: SolverOptions(iterations: 500, seed: 1))
        #expect(solved.score == optimum)
    }

    // MARK: Where the bound is exact

    @Test func aTrialThatCannotBePlacedIsExactlyTheUnassignedBound() {
        let instance = Self.small(cases: [
            Case(
                id: "K-5", child: Self.child(5), interview: nil, interviewDoneOn: Fixtures.day("2026-12-01"),
                hearing: Self.trial(days: 1, earliest: "2027-01-04", deadline: "2027-03-01", video: true))
        ])
        let b = LowerBound.compute(instance)
        #expect(b.score == Score(unassigned: 1, late: 0, cost: 0))
        #expect(b.binding.map(\.id) == ["SES-A"])
        #expect(b.binding.first?.unassigned == 1)
        #expect(b.binding.first?.description == "SES-A: 1 trial cannot be booked at all")
        let solved = Solver.solve(instance, options: SolverOptions(iterations: 100, seed: 1))
        #expect(solved.score == b.score)
    }

    @Test func aTaskWhoseEarliestDayIsAfterItsTargetGivesExactlyThatLateness() {
        // The officer is away Monday and Tuesday: K-6's interview (target Tuesday) is first possible on Wednesday,
        // 1 day late after 2 working days' wait. The court is closed Monday and Tuesday: K-7's trial (deadline Monday)
        // first sits on Wednesday, 2 days late after 2 working days' wait.
        let instance = Self.small(
            cases: [
                Case(id: "K-6", child: Self.child(6), interview: Self.interview("2027-01-04", "2027-01-05"), interviewDoneOn: nil, hearing: nil),
                Case(
                    id: "K-7", child: Self.child(7), interview: nil, interviewDoneOn: Fixtures.day("2026-12-01"),
                    hearing: Self.trial(days: 1, earliest: "2027-01-04", deadline: "2027-01-04")),
            ],
            courtClosed: [DayRange(from: Fixtures.day("2027-01-04"), to: Fixtures.day("2027-01-05"))],
            unavailable: [DayRange(from: Fixtures.day("2027-01-04"), to: Fixtures.day("2027-01-05"))])
        let b = LowerBound.compute(instance)
        let interviewCost = 10 * 2 + 20 * 1
        let trialCost = 5 * 2 + 20 * 2
        #expect(b.score == Score(unassigned: 0, late: 2, cost: interviewCost + trialCost))
        #expect(Set(b.binding.map(\.id)) == ["SES-A", "CIC-A"])
        #expect(b.binding.allSatisfy { $0.tooLate == 1 && $0.crowded == 0 })
        let solved = Solver.solve(instance, options: SolverOptions(iterations: 100, seed: 1))
        #expect(Verifier.verify(instance, solved.plan).isValid)
        #expect(solved.score == b.score)
    }

    // MARK: What-if answers

    @Test func eachWhatIfScenarioCarriesItsBound() throws {
        let options = SolverOptions(iterations: 300, seed: 1)
        let asIs = CapacityPlanner.evaluate(Fixtures.underStaffed(), options: options)
        #expect(asIs.bounds == LowerBound.compute(Fixtures.underStaffed()))
        // One officer, one interview a day, two due on Monday and two on Tuesday: two late in every plan.
        #expect(asIs.bounds?.late == 2)
        #expect(asIs.lateInterviews == 2)
        let more = try CapacityChange.parse("+interviewer@CIC-U").apply(to: Fixtures.underStaffed(), seed: 1, rules: .builtIn)
        let solved = CapacityPlanner.solve(more, options: options)
        #expect(solved.metrics.bounds?.late == 0)
        #expect(solved.metrics.lateInterviews == 0)
        // A plan measured on its own has no bound.
        #expect(CapacityMetrics.measure(more, solved.plan).bounds == nil)
    }

    /// Two additions whose plans miss as many targets: the recommendation prefers the one whose bound is lower (it
    /// lowers what no plan can avoid), and takes it over the plan as it is even though the plan found is no better.
    @Test func theRecommendationPrefersTheAdditionThatLowersTheBound() throws {
        let options = SolverOptions(iterations: 300, seed: 1)
        let asIs = CapacityPlanner.evaluate(Fixtures.underStaffed(), options: options)
        let bounds = try #require(asIs.bounds)
        var lower = asIs
        lower.bounds?.late = bounds.late - 1
        lower.bounds?.binding = bounds.binding.map { r in
            var r = r
            r.crowded = max(0, r.crowded - 1)
            return r
        }
        #expect(lower.bounds?.missedInterviews == bounds.missedInterviews - 1)
        for objective in CapacityObjective.allCases {
            #expect(objective.better(lower, than: asIs), "\(objective)")
            #expect(!objective.better(asIs, than: lower), "\(objective)")
            #expect(objective.best([asIs, lower, asIs], over: asIs) == 1, "\(objective)")
            // Same plan, same bound: nothing to recommend.
            #expect(objective.best([asIs, asIs], over: asIs) == nil, "\(objective)")
        }
        // The plan found still comes first: one trial fewer missing its target beats any bound.
        var betterPlan = asIs
        betterPlan.lateInterviews -= 1
        #expect(CapacityObjective.late.best([lower, betterPlan], over: asIs) == 1)
    }

    // MARK: The shared samples and every plan known for them

    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/instances")

    /// Scores of plans that exist (../shared/instances/README.md for greedy and CP-SAT, docs/benchmarks.md for Sedia);
    /// the tiny optima are proven for CP-SAT's model.
    static let knownPlans: [(String, [String])] = [
        ("tiny-s1", ["0/0/739", "0/0/604"]),
        ("tiny-s2", ["0/0/1028", "0/0/573"]),
        ("tiny-s3", ["0/0/718", "0/0/683"]),
        ("state-s1", ["0/0/37597", "0/0/28317", "0/0/26929"]),
        ("state-s2", ["0/0/47586", "0/0/39742", "0/0/34982"]),
        ("state-s3", ["0/98/161108", "0/81/150283", "0/37/129258"]),
        ("national-s1", ["0/152/452308", "0/149/453437", "0/125/409186", "0/1/387921"]),
        ("tiny-s1-replan", ["0/0/1236", "0/0/1216"]),
        ("state-s1-replan", ["0/6/46441", "0/5/52545", "0/5/46696"]),
        ("national-s1-replan", ["0/253/551802", "0/245/567895", "0/219/533241", "0/215/572091"]),
    ]

    static func score(_ text: String) -> Score {
        let n = text.split(separator: "/").compactMap { Int($0) }
        return Score(unassigned: n[0], late: n[1], cost: n[2])
    }

    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: samples.path), "no shared/ folder beside the project"),
        .timeLimit(.minutes(2)))
    func theBoundIsNeverAboveAKnownPlanOfTheSharedSamples() throws {
        for (name, scores) in Self.knownPlans {
            let bytes = Array(try Data(contentsOf: Self.samples.appendingPathComponent("\(name).json")))
            let b = LowerBound.compute(try PlanningFormat.decodeInstance(bytes, file: "\(name).json"))
            for s in scores { Self.expectBelow(b, Self.score(s), name) }
        }
    }
}
