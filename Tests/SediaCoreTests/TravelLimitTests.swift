import SediaCore
import SediaTestSupport
import Testing

/// Rule 2's travel limit (`maxTravelKm`): the solver, find a slot and the replan never send a child farther.
struct TravelLimitTests {
    static let limit = 250

    /// A tiny instance with a second centre about 1,100 km north of the first, staffed like it, while the first
    /// centre's officers are away for its first eight weeks: without a limit, waiting children are sent north.
    static func withFarCentre() -> Instance {
        var i = InstanceGenerator.generate(scale: .tiny, seed: 1)
        let near = i.centres[0]
        var far = near
        far.id = "CIC-FAR"
        far.lat += 10
        far.rooms = near.rooms.map { Room(id: .init($0.id.rawValue + "-FAR"), features: $0.features) }
        i.centres.append(far)
        let nearOfficers = i.interviewers
        for var officer in nearOfficers {
            officer.id = .init(officer.id.rawValue + "-FAR")
            officer.centres = [far.id]
            i.interviewers.append(officer)
        }
        for k in i.psychologists.indices { i.psychologists[k].centres.append(far.id) }
        for k in nearOfficers.indices { i.interviewers[k].unavailable.append(DayRange(from: i.planStart, to: i.planStart.adding(days: 55))) }
        return i
    }

    /// The farthest any interview of `plan` sends its child.
    static func farthest(_ instance: Instance, _ plan: Plan) -> Int {
        let centreOfRoom = Dictionary(
            instance.centres.flatMap { c in c.rooms.map { ($0.id, c) } }, uniquingKeysWith: { a, _ in a })
        let child = Dictionary(instance.cases.map { ($0.id, $0.child) }, uniquingKeysWith: { a, _ in a })
        return plan.interviews.compactMap { b -> Int? in
            guard let c = centreOfRoom[b.room], let ch = child[b.caseID] else { return nil }
            return Verifier.travelKm(ch.lat, ch.lon, c.lat, c.lon)
        }.max() ?? 0
    }

    @Test(.timeLimit(.minutes(2)))
    func theSolverNeverSendsAChildBeyondTheLimit() {
        var instance = Self.withFarCentre()
        let free = Solver.solve(instance, options: SolverOptions(iterations: 300, seed: 1)).plan
        // Without a limit, lateness outranks travel: some child goes north (else this test proves nothing).
        #expect(Self.farthest(instance, free) > 1000)

        instance.maxTravelKm = Self.limit
        let plan = Solver.solve(instance, options: SolverOptions(iterations: 300, seed: 1)).plan
        #expect(Self.farthest(instance, plan) <= Self.limit)
        #expect(Verifier.verify(instance, plan).isValid, "\(Verifier.verify(instance, plan).violations.prefix(3))")
    }

    @Test(.timeLimit(.minutes(2)))
    func findASlotOffersOnlyCentresWithinReach() throws {
        var instance = Self.withFarCentre()
        instance.maxTravelKm = Self.limit
        let plan = Solver.solve(instance, options: SolverOptions(iterations: 100, seed: 2)).plan
        let context = SuggestionContext(instance: instance, plan: plan)
        var offered = 0
        for c in instance.cases where c.interview != nil && c.interview?.pinned == nil {
            let result = try context.suggest(caseID: c.id, task: .interview, top: 3)
            let asPlan = Plan(
                instance: instance.name, interviews: result.suggestions.compactMap(\.interview), hearings: [], unassigned: [], score: nil)
            offered += asPlan.interviews.count
            #expect(Self.farthest(instance, asPlan) <= Self.limit, "\(c.id): \(result.suggestions.map(\.summary))")
            #expect(!result.suggestions.contains { $0.interview?.room.rawValue.hasSuffix("-FAR") == true })
        }
        #expect(offered > 0)
    }

    @Test(.timeLimit(.minutes(2)))
    func theReplanBringsChildrenBackWithinReach() {
        var instance = Self.withFarCentre()
        let before = Solver.solve(instance, options: SolverOptions(iterations: 300, seed: 3)).plan
        #expect(Self.farthest(instance, before) > 1000)
        // The limit comes in after bookings were made across it: the replan moves those, and nothing new goes far.
        instance.previous = before
        instance.maxTravelKm = Self.limit
        let after = Solver.solve(instance, options: SolverOptions(iterations: 300, seed: 3)).plan
        #expect(Self.farthest(instance, after) <= Self.limit)
        #expect(Verifier.verify(instance, after).isValid, "\(Verifier.verify(instance, after).violations.prefix(3))")
    }

    @Test func aChildWithNoCentreWithinReachIsUnassignedWithTheDistance() {
        var instance = Fixtures.instance()
        instance.maxTravelKm = Self.limit
        if let k = instance.cases.firstIndex(where: { $0.id == "K-2" }) { instance.cases[k].child.lat = 5.52 }
        let plan = Solver.solve(instance, options: SolverOptions(iterations: 50, seed: 1)).plan
        let k2 = plan.unassigned.first { $0.caseID == "K-2" && $0.task == .interview }
        #expect(k2 != nil, "\(plan.interviews)")
        #expect(k2?.reasons.contains { $0.contains("beyond the 250 km travel limit") } == true, "\(k2?.reasons ?? [])")
        #expect(Verifier.verify(instance, plan).isValid)
    }

    @Test func aCaseOwnLimitReplacesTheInstances() {
        var instance = Fixtures.instance()
        if let k = instance.cases.firstIndex(where: { $0.id == "K-2" }) { instance.cases[k].child.lat = 2.5 }  // about 34 km from CIC-A
        var plan = Fixtures.plan()
        plan.score = nil
        #expect(Verifier.verify(instance, plan).isValid)
        instance.travelLimitByCase["K-2"] = 20
        let report = Verifier.verify(instance, plan)
        #expect(report.violations.contains { $0.rule == 2 && $0.caseID == "K-2" }, "\(report.violations)")
        instance.maxTravelKm = 10
        instance.travelLimitByCase["K-2"] = 100
        #expect(Verifier.verify(instance, plan).violations.allSatisfy { $0.caseID != "K-2" })
    }

    @Test func theLimitRoundTripsThroughTheFormat() throws {
        var instance = Fixtures.instance()
        instance.maxTravelKm = 180
        let decoded = try PlanningFormat.decodeInstance(PlanningFormat.encode(instance), file: "x.json")
        #expect(decoded.maxTravelKm == 180)
        #expect(try PlanningFormat.decodeInstance(PlanningFormat.encode(Fixtures.instance()), file: "x.json").maxTravelKm == nil)
    }
}
