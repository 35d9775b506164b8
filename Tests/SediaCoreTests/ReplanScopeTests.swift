import SediaCore
import SediaTestSupport
import Testing

struct ReplanScopeTests {
    @Test func casesOutsideTheScopeKeepTheirBookingsAndOnlyTheScopesMovesCount() throws {
        var instance = InstanceGenerator.generate(scale: .tiny, seed: 5, replan: true)
        instance.maxMoves = nil
        let previous = try #require(instance.previous)
        let ids = instance.cases.map(\.id)
        let scope = Set(ids.prefix(ids.count / 2))
        let scoped = instance.replanScope(scope)
        #expect(scoped.previous?.interviews.allSatisfy { scope.contains($0.caseID) } ?? true)
        let result = Solver.solve(scoped, options: SolverOptions(iterations: 200, seed: 2))
        let report = Verifier.verify(scoped, result.plan)
        // Bookings outside the scope that are still valid stay exactly (those now invalid stay too, as pins the verifier flags).
        for b in previous.interviews where !scope.contains(b.caseID) {
            #expect(result.plan.interviews.contains(b))
        }
        for b in previous.hearings where !scope.contains(b.caseID) && result.plan.interviews.contains(where: { $0.caseID == b.caseID }) {
            #expect(result.plan.hearings.contains(b))
        }
        #expect(report.moves == result.moves)
    }
}

/// Issue #24, finding 1: a replan of one state gives its cases only that state's rooms, officers, psychologists and
/// courts, and a plan that takes another state's resource is named by the same scope rule.
struct ReplanStateResourcesTests {
    /// The fixture with a Kelantan case only a Selangor officer can interview (Tamil), so an unscoped solve books it
    /// in Selangor.
    static func instance(sharedOfficer: Bool) -> Instance {
        var instance = AppFixtures.instance
        // No travel limit: the test is about the state scope, and this Kelantan child is 350 km from the Selangor centre.
        instance.maxTravelKm = nil
        instance.interviewers[2].languages.append("ta")
        if sharedOfficer {
            instance.interviewers.append(
                Interviewer(
                    id: "IO-200", gender: "M", languages: ["ta"], centres: ["CIC-SA", "CIC-KB"], trainedUntil: nil, maxPerDay: 2, unavailable: []))
        }
        instance.cases.append(
            Case(
                id: "K-2027-0050",
                child: Child(
                    ref: "C-0050", age: 8, gender: "M", languages: ["ta"], lat: 6.1, lon: 102.2, interviewerGender: nil, needsPsychologist: false,
                    needsAccessibleRoom: false),
                interview: InterviewRequest(durationMinutes: 60, earliest: AppFixtures.day("2027-01-04"), targetBy: AppFixtures.day("2027-01-20")),
                interviewDoneOn: nil, hearing: nil))
        return instance
    }

    static let kelantan: Set<Case.ID> = ["K-2027-0001", "K-2027-0002", "K-2027-0050"]

    @Test func aStateReplanLeavesACaseUnplacedRatherThanUseAnotherStatesOfficerAndRoom() {
        let instance = Self.instance(sharedOfficer: false)
        let options = SolverOptions(iterations: 200, seed: 3)
        let open = Solver.solve(instance.replanScope(Self.kelantan), options: options).plan
        let selangor = open.interviews.first { $0.caseID == "K-2027-0050" }
        #expect(selangor?.room == "CIC-SA-1")
        // The same rule names that plan's Selangor room and officer...
        let problems = instance.outsideState(
            open, changedFrom: Plan(instance: nil, interviews: [], hearings: [], unassigned: [], score: nil), state: "MY-03")
        #expect(problems.contains("case K-2027-0050 room: CIC-SA-1 is not a room of MY-03"))
        #expect(problems.contains("case K-2027-0050 interviewer: IO-100 does not serve MY-03"))
        // ...and the state's replan never makes it.
        let scoped = instance.replanScope(Self.kelantan, state: "MY-03")
        #expect(scoped.scopeState == "MY-03")
        let plan = Solver.solve(scoped, options: options).plan
        #expect(!plan.interviews.contains { $0.caseID == "K-2027-0050" })
        #expect(plan.unassigned.contains { $0.caseID == "K-2027-0050" })
        #expect(
            instance.outsideState(
                plan, changedFrom: instance.previous ?? Plan(instance: nil, interviews: [], hearings: [], unassigned: [], score: nil), state: "MY-03"
            ).isEmpty)
    }

    @Test func anOfficerWhoServesBothStatesMayBeUsedInTheStatesOwnRoom() {
        let instance = Self.instance(sharedOfficer: true)
        let plan = Solver.solve(instance.replanScope(Self.kelantan, state: "MY-03"), options: SolverOptions(iterations: 200, seed: 3)).plan
        let booking = plan.interviews.first { $0.caseID == "K-2027-0050" }
        #expect(booking?.interviewer == "IO-200")
        #expect(booking.map { instance.states(ofRoom: $0.room) } == ["MY-03"])
        #expect(instance.resources(of: "MY-03").interviewers.contains("IO-200"))
        #expect(instance.resources(of: "MY-10").interviewers.contains("IO-200"))
    }

    @Test func anUnchangedBookingWithAnotherStatesResourceIsNotAChange() {
        let instance = Self.instance(sharedOfficer: false)
        let held = InterviewBooking(
            caseID: "K-2027-0050", room: "CIC-SA-1", interviewer: "IO-100", psychologist: nil, start: AppFixtures.at("2027-01-11T09:00"))
        let stored = Plan(instance: nil, interviews: [held], hearings: [], unassigned: [], score: nil)
        #expect(instance.outsideState(stored, changedFrom: stored, state: "MY-03").isEmpty)
        var moved = stored
        moved.interviews[0].start = AppFixtures.at("2027-01-12T09:00")
        #expect(instance.outsideState(moved, changedFrom: stored, state: "MY-03").count == 2)
        let hearing = HearingBooking(caseID: "K-2027-0001", court: "SC-SA", dates: [AppFixtures.day("2027-03-01")], psychologist: "PSY-03")
        let withHearing = Plan(instance: nil, interviews: [], hearings: [hearing], unassigned: [], score: nil)
        #expect(instance.outsideState(withHearing, changedFrom: stored, state: "MY-03") == ["case K-2027-0001 court: SC-SA is not a court of MY-03"])
    }
}
