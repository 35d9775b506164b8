import Foundation
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

struct ReplanJobsTests {
    /// A small replan: an officer on leave moves some bookings whatever the budget.
    static func input(scope: String? = nil, version: Int = 1, budgets: [Int?] = [0, 8, nil], iterations: Int = 100) -> ReplanInput {
        var instance = InstanceGenerator.generate(scale: .tiny, seed: 5, replan: true)
        instance.maxMoves = nil
        return ReplanInput(instance: instance, scope: scope, version: version, budgets: budgets, timeLimit: nil, iterations: iterations)
    }

    /// A search long enough to be running until it is cancelled.
    static func endless(scope: String?) -> ReplanInput { input(scope: scope, budgets: [nil], iterations: 100_000_000) }

    @Test func aFinishedJobHoldsACurveWhosePlansVerifyAndItsProgressReachesTheEnd() async throws {
        let jobs = ReplanJobs(parallelism: 2)
        let input = Self.input(version: 7)
        let id = jobs.start(input)
        var seen: [ReplanJobStatus] = []
        for await status in jobs.updates(id) { seen.append(status) }
        let last = try #require(seen.last)
        #expect(last.state == .done)
        #expect(last.progress.fraction == 1)
        #expect(seen.map(\.progress.fraction) == seen.map(\.progress.fraction).sorted())
        let proposal = try #require(last.proposal)
        #expect(proposal.version == 7)
        #expect(!proposal.curve.points.isEmpty)
        for point in proposal.curve.points {
            var checked = input.instance
            checked.maxMoves = point.maxMoves
            let report = Verifier.verify(checked, point.plan)
            #expect(report.isValid, "\(report.violations.prefix(3))")
            if let budget = point.maxMoves { #expect(point.moves <= budget) }
        }
        for (a, b) in zip(proposal.curve.points, proposal.curve.points.dropFirst()) { #expect(b.late <= a.late) }
    }

    @Test(.timeLimit(.minutes(2))) func aSecondStartForTheSameScopeWhileOneRunsReturnsTheRunningJob() async throws {
        let jobs = ReplanJobs(parallelism: 1)
        let first = jobs.start(Self.endless(scope: "MY-03"))
        #expect(jobs.start(Self.endless(scope: "MY-03")) == first)
        let other = jobs.start(Self.endless(scope: nil))
        #expect(other != first)
        #expect(jobs.current(scope: "MY-03") == first)
        #expect(jobs.status(first)?.state == .running)
        jobs.cancel(first)
        jobs.cancel(other)
        #expect(await jobs.completion(first)?.state == .cancelled)
        #expect(await jobs.completion(other)?.state == .cancelled)
        // Once it has ended, the scope can start again.
        let again = jobs.start(Self.input(scope: "MY-03", budgets: [nil], iterations: 10))
        #expect(again != first)
        #expect(await jobs.completion(again)?.state == .done)
    }

    @Test(.timeLimit(.minutes(2))) func aCancelledJobEndsWithoutAProposal() async throws {
        let jobs = ReplanJobs(parallelism: 2)
        let id = jobs.start(Self.endless(scope: nil))
        jobs.cancel(id)
        let status = try #require(await jobs.completion(id))
        #expect(status.state == .cancelled)
        #expect(status.proposal == nil)
        let taken = #expect(throws: ReplanJobError.self) { try jobs.take(id, currentVersion: 1) }
        #expect(taken?.code == .notReady)
    }

    @Test func aProposalMadeBeforeTheDataChangedIsRefused() async throws {
        let jobs = ReplanJobs(parallelism: 2)
        let id = jobs.start(Self.input(version: 3, budgets: [nil], iterations: 10))
        _ = await jobs.completion(id)
        let error = #expect(throws: ReplanJobError.self) { try jobs.take(id, currentVersion: 4) }
        #expect(error?.code == .stale)
        // Taken (refused) once, it is gone.
        #expect(jobs.status(id) == nil)
    }

    @Test func aProposalFromTheDatabaseIsAppliedInOneTransactionAndASecondOneIsThenStale() async throws {
        let database = try AppFixtures.database()
        let jobs = ReplanJobs(parallelism: 2)
        let one = jobs.start(try ReplanInput.load(from: database, scope: nil, timeLimit: nil, iterations: 50))
        _ = await jobs.completion(one)
        // Another scope's proposal (a second one of the same scope would replace the first).
        let two = jobs.start(try ReplanInput.load(from: database, scope: "MY-03", timeLimit: nil, iterations: 50))
        _ = await jobs.completion(two)
        let applied = try jobs.apply(one, maxMoves: nil, to: database, actor: "test")
        #expect(applied.booked > 0)
        let second = #expect(throws: ReplanJobError.self) { try jobs.apply(two, maxMoves: nil, to: database, actor: "test") }
        #expect(second?.code == .stale)
    }

    @Test func aStateScopeMovesOnlyThatStatesCases() async throws {
        let database = try AppFixtures.database()
        // Book everything first, so the other state has bookings to hold still.
        let jobs = ReplanJobs(parallelism: 2)
        let all = jobs.start(try ReplanInput.load(from: database, scope: nil, timeLimit: nil, iterations: 50))
        _ = await jobs.completion(all)
        _ = try jobs.apply(all, maxMoves: nil, to: database, actor: "test")
        let before = try database.bookings()
        let input = try ReplanInput.load(from: database, scope: "MY-03", timeLimit: nil, iterations: 50)
        let mine = Set(try database.caseRecords(state: "MY-03").map(\.item.id))
        let id = jobs.start(input)
        let proposal = try #require(await jobs.completion(id)?.proposal)
        let plan = try #require(proposal.point(maxMoves: nil)).plan
        for stored in before.interviews where !mine.contains(stored.booking.caseID) {
            #expect(plan.interviews.contains(stored.booking))
        }
        for stored in before.hearings where !mine.contains(stored.booking.caseID) {
            #expect(plan.hearings.contains(stored.booking))
        }
        #expect(Verifier.verify(input.instance, plan).isValid)
    }
}
