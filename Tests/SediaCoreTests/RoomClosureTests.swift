import SediaCore
import SediaTestSupport
import Testing

/// A room closed on some days (`Room.closed`, entered by a coordinator): the solver books nothing there on those days,
/// the verifier refuses a booking there (rule 1), and the closures survive a round trip through the planning format.
struct RoomClosureTests {
    @Test func theSolverAvoidsAClosedRoomAndTheVerifierRefusesIt() throws {
        var instance = InstanceGenerator.generate(scale: .tiny, seed: 3)
        let open = Solver.solve(instance, options: SolverOptions(iterations: 200, seed: 1))
        let used = try #require(open.plan.interviews.first)
        let closure = DayRange(from: instance.planStart, to: instance.planEnd)
        for c in instance.centres.indices {
            for r in instance.centres[c].rooms.indices where instance.centres[c].rooms[r].id == used.room {
                instance.centres[c].rooms[r].closed = [closure]
            }
        }
        let closed = Solver.solve(instance, options: SolverOptions(iterations: 200, seed: 1))
        #expect(!closed.plan.interviews.contains { $0.room == used.room })
        #expect(Verifier.verify(instance, closed.plan).isValid)
        let report = Verifier.verify(instance, open.plan)
        #expect(report.violations.contains { $0.kind == .roomClosed(used.room, used.start.day) })

        let read = try PlanningFormat.decodeInstance(PlanningFormat.encode(instance), file: "i.json")
        #expect(read == instance)
    }
}
