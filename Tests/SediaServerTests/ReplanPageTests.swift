import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// Replan from the web: a background job per scope, the curve of budgets, one point chosen and applied exactly.
@Suite struct ReplanPageTests {
    static func jobID(_ response: TestResponse) throws -> ReplanJobID {
        let location = try #require(response.headers[.location])
        let id = try #require(location.split(separator: "job=").last)
        return ReplanJobID(String(id))
    }

    @Test func aStateCoordinatorChoosesABudgetSeesItsMovesAndAppliesExactlyThatPlan() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let form = String(buffer: try await kb.get(client, "/replan").body)
            #expect(form.contains("Replans the cases of MY-03"))
            let started = try await kb.post(client, "/replan/start", [("budgets", "0, 1, none")])
            #expect(started.status == .seeOther)
            let first = try Self.jobID(started)
            // A second start for the same scope while the first runs is the same job; once the first has finished, a
            // new job replaces it (one finished job kept per scope), and the page then shows the new one.
            let again = try await kb.post(client, "/replan/start", [("budgets", "0, 1, none")])
            #expect(again.status == .seeOther)
            let id = try Self.jobID(again)
            if id != first {
                // Only a finished job is replaced: the first is gone or has ended, never still running beside the new one.
                #expect(await harness.replanJobs.completion(first)?.state != .running)
            }
            let status = try #require(await harness.replanJobs.completion(id))
            #expect(status.state == .done)
            let page = String(buffer: try await kb.get(client, "/replan?job=\(id)").body)
            #expect(page.contains("<svg"))
            #expect(page.contains("replan-chart-title"))
            #expect(page.contains("See the moves"))
            #expect(!page.contains("http-equiv=\"refresh\""))
            // Budget 0 cannot book the new case; no limit books it: its moves list the case, from "not booked".
            let chosen = String(buffer: try await kb.get(client, "/replan?job=\(id)&budget=none").body)
            #expect(chosen.contains("K-2027-0009"))
            #expect(chosen.contains("not booked"))
            #expect(chosen.contains("id=\"apply-replan\""))
            // Another state's coordinator cannot see or apply it.
            let sel = try await Browser.signIn(client, "sel")
            #expect(try await sel.get(client, "/replan?job=\(id)").status == .notFound)
            #expect(try await sel.post(client, "/replan/apply", [("job", id.rawValue), ("budget", "none")]).status == .notFound)
            #expect(try await sel.post(client, "/replan/cancel", [("job", id.rawValue)]).status == .notFound)
            let applied = try await kb.post(client, "/replan/apply", [("job", id.rawValue), ("budget", "none")])
            #expect(applied.status == .seeOther)
            // Taken once: a second apply is refused.
            #expect(try await kb.post(client, "/replan/apply", [("job", id.rawValue), ("budget", "none")]).status != .seeOther)
        }
        let booked = try harness.database.bookings().interviews.contains { $0.booking.caseID == "K-2027-0009" }
        #expect(booked)
        #expect(try harness.database.auditLog(limit: 5).map(\.action).contains("apply-plan"))
    }

    @Test func aProposalMadeBeforeAChangeIsRefused() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let id = try Self.jobID(try await kb.post(client, "/replan/start", [("budgets", "none")]))
            _ = await harness.replanJobs.completion(id)
            // Someone books meanwhile.
            let revision = try await kb.caseRevision(client, "K-2027-0009")
            let booked = try await kb.post(
                client, "/cases/K-2027-0009/book",
                [("revision", revision), ("task", "interview"), ("room", "CIC-KB-1"), ("start", "2027-01-06T09:00"), ("interviewer", "IO-014")])
            #expect(booked.status == .seeOther)
            let stale = try await kb.post(client, "/replan/apply", [("job", id.rawValue), ("budget", "none")])
            #expect(stale.status == .conflict)
            #expect(String(buffer: stale.body).contains("Bookings changed since this proposal"))
        }
        #expect(try harness.database.auditLog(limit: 5).map(\.action).contains("apply-plan") == false)
    }

    @Test(arguments: ["", "a, b", "-1", "1,2,3,4,5,6,7,8,9,10,11,12,13"])
    func badBudgetsAreRefusedNamingTheField(budgets: String) async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let refused = try await kb.post(client, "/replan/start", [("budgets", budgets)])
            if budgets.isEmpty {
                // An empty field takes the default budgets.
                #expect(refused.status == .seeOther)
                _ = await harness.replanJobs.completion(try Self.jobID(refused))
            } else {
                #expect(refused.status == .unprocessableContent)
                #expect(String(buffer: refused.body).contains("How many bookings may move"))
            }
        }
    }
}
