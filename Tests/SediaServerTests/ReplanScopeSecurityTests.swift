import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// Issue #24, finding 1: a state coordinator's replan neither plans with nor applies another state's resources.
@Suite struct ReplanScopeSecurityTests {
    /// A Kelantan case whose child lives beside the Selangor centre: with every centre open to it, the planner books it
    /// there (the attack's K-2027-0014 moved to CIC-KUL-1).
    static let caseNearSelangor = Case(
        id: "K-2027-0051",
        child: Child(
            ref: "C-0051", age: 10, gender: "F", languages: ["ms"], lat: 3.08, lon: 101.53, interviewerGender: nil, needsPsychologist: false,
            needsAccessibleRoom: false),
        interview: InterviewRequest(durationMinutes: 60, earliest: AppFixtures.day("2027-01-04"), targetBy: AppFixtures.day("2027-01-20")),
        interviewDoneOn: nil, hearing: nil)

    static func harness() throws -> Harness {
        let harness = try Harness()
        try harness.database.createCase(caseNearSelangor, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        // Kelantan's own centre is about 350 km from this child: beyond the fixture's 250 km travel limit (rule 2), the
        // case could go nowhere in its state. A Kelantan limit that allows it keeps the test about the state scope.
        try harness.database.setTravelLimit(state: "MY-03", km: 1000, actor: "test")
        return harness
    }

    @Test(.timeLimit(.minutes(2))) func aStateCoordinatorsReplanBooksOnlyTheStatesRooms() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let id = try ReplanPageTests.jobID(try await kb.post(client, "/replan/start", [("budgets", "none")]))
            #expect(await harness.replanJobs.completion(id)?.state == .done)
            #expect(try await kb.post(client, "/replan/apply", [("job", id.rawValue), ("budget", "none")]).status == .seeOther)
        }
        let booking = try #require(try harness.database.bookings().interviews.first { $0.booking.caseID == "K-2027-0051" }?.booking)
        let instance = try harness.database.exportInstance()
        #expect(instance.states(ofRoom: booking.room) == ["MY-03"])
        #expect(instance.outsideState(booking, state: "MY-03").isEmpty)
    }

    @Test(.timeLimit(.minutes(2))) func applyingAStatesProposalThatUsesAnotherStatesRoomIsRefusedWhole() async throws {
        let harness = try Self.harness()
        let before = try harness.database.bookings()
        // A proposal made as before the fix: the state's cases with every centre open to them.
        let version = try harness.database.dataVersion().version
        let kelantan = Set(try harness.database.caseRecords(state: "MY-03").map(\.item.id))
        let open = try harness.database.exportInstance().replanScope(kelantan)
        let id = harness.replanJobs.start(
            ReplanInput(instance: open, scope: "MY-03", version: version, budgets: [nil], timeLimit: nil, iterations: 300))
        let proposal = try #require(await harness.replanJobs.completion(id)?.proposal)
        let planned = try #require(proposal.point(maxMoves: nil)?.plan.interviews.first { $0.caseID == "K-2027-0051" })
        #expect(planned.room == "CIC-SA-1")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let refused = try await kb.post(client, "/replan/apply", [("job", id.rawValue), ("budget", "none")])
            #expect(refused.status == .forbidden)
            let text = String(buffer: refused.body)
            #expect(text.contains("case K-2027-0051 room: CIC-SA-1 is not a room of MY-03"))
            #expect(text.contains("interviewer: IO-100 does not serve MY-03"))
        }
        // Nothing of the plan was written, not even its bookings inside the state.
        #expect(try harness.database.bookings() == before)
        #expect(try harness.database.auditLog(limit: 10).map(\.action).contains("apply-plan") == false)
    }
}
