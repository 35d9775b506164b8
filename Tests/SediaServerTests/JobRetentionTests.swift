import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// Issue #24, finding 5: finished background jobs no longer pile up in memory.
struct JobRetentionTests {
    static func finished(_ board: BackgroundJobs<Int>, scope: String?) async -> JobID {
        let id = board.start(scope: scope) { _ in .done(1) }
        _ = await board.completion(id)
        return id
    }

    @Test(.timeLimit(.minutes(1))) func aNewJobReplacesItsScopesFinishedOne() async {
        let board = BackgroundJobs<Int>()
        let first = await Self.finished(board, scope: "MY-10")
        let other = await Self.finished(board, scope: "MY-14")
        let second = await Self.finished(board, scope: "MY-10")
        #expect(board.status(first) == nil)
        #expect(board.status(second)?.output == 1)
        #expect(board.status(other)?.output == 1)
        #expect(board.retainedCount == 2)
    }

    @Test(.timeLimit(.minutes(1))) func finishedJobsHaveATotalCap() async {
        let board = BackgroundJobs<Int>(maxRetained: 4)
        var ids: [JobID] = []
        for k in 0..<10 { ids.append(await Self.finished(board, scope: "S-\(k)")) }
        #expect(board.retainedCount == 4)
        #expect(board.status(ids[0]) == nil)
        #expect(board.status(ids[9])?.output == 1)
    }

    @Test(.timeLimit(.minutes(2))) func aUserMayStartSixJobsAMinute() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            for _ in 0..<6 {
                let started = try await kb.post(client, "/replan/start", [("budgets", "none")])
                #expect(started.status == .seeOther)
                _ = await harness.replanJobs.completion(try ReplanPageTests.jobID(started))
            }
            let refused = try await kb.post(client, "/replan/start", [("budgets", "none")])
            #expect(refused.status == .tooManyRequests)
            #expect(String(buffer: refused.body).contains("wait a minute"))
            // Another user is not held back.
            let sel = try await Browser.signIn(client, "sel")
            let other = try await sel.post(client, "/replan/start", [("budgets", "none")])
            #expect(other.status == .seeOther)
            _ = await harness.replanJobs.completion(try ReplanPageTests.jobID(other))
            // A minute later the user may start again.
            harness.clock.now = harness.clock.now.addingTimeInterval(61)
            let again = try await kb.post(client, "/replan/start", [("budgets", "none")])
            #expect(again.status == .seeOther)
            _ = await harness.replanJobs.completion(try ReplanPageTests.jobID(again))
        }
    }
}
