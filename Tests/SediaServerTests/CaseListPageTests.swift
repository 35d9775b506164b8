import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The case list: search by case id or child reference, filters, pages past the first hundred, and a prosecutor
/// assigned to several cases at once (in scope, revision-checked, all or nothing).
@Suite struct CaseListPageTests {
    static func extraCase(_ n: Int) -> Case {
        let id = String(format: "K-2026-%04d", n)
        return Case(
            id: Case.ID(id),
            child: Child(
                ref: String(format: "R-%04d", n), age: 9, gender: "F", languages: ["ms"], lat: 6.1, lon: 102.2, interviewerGender: nil,
                needsPsychologist: false, needsAccessibleRoom: false),
            interview: InterviewRequest(durationMinutes: 60, earliest: AppFixtures.day("2027-01-04"), targetBy: AppFixtures.day("2027-03-20")),
            interviewDoneOn: nil, hearing: nil)
    }

    @Test func searchFindsTheChildReferenceAndFiltersKeepToTheScope() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let byRef = String(buffer: try await kb.get(client, "/cases?q=c-0002").body)
            #expect(byRef.contains("href=\"/cases/K-2027-0002\""))
            #expect(!byRef.contains("href=\"/cases/K-2027-0001\""))
            #expect(byRef.contains("1 case"))
            let byID = String(buffer: try await kb.get(client, "/cases?q=K-2027-0001").body)
            #expect(byID.contains("href=\"/cases/K-2027-0001\""))
            // Everything K-2027-0002 asks for is booked (its pinned interview); K-2027-0001 waits for both.
            let booked = String(buffer: try await kb.get(client, "/cases?booked=yes").body)
            #expect(booked.contains("href=\"/cases/K-2027-0002\"") && !booked.contains("href=\"/cases/K-2027-0001\""))
            let trial = String(buffer: try await kb.get(client, "/cases?status=trial").body)
            #expect(!trial.contains("href=\"/cases/K-2027-"))
            // Another state's case is never found, whatever the filter says.
            let sel = try await Browser.signIn(client, "sel")
            let elsewhere = String(buffer: try await sel.get(client, "/cases?q=K-2027&state=MY-03").body)
            #expect(!elsewhere.contains("href=\"/cases/K-2027-"))
            #expect(String(buffer: try await sel.get(client, "/cases?q=c-0003").body).contains("href=\"/cases/B-2027-0003\""))
            // A value the list does not offer is refused, naming the field; a parameter it does not know is ignored.
            let bad = try await kb.get(client, "/cases?status=finished")
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("status: not one of the choices"))
            #expect(try await kb.get(client, "/cases?colour=blue").status == .ok)
        }
    }

    @Test func theListPagesPastTheFirstHundred() async throws {
        let harness = try Harness()
        for n in 1...230 { try harness.database.createCase(Self.extraCase(n), state: "MY-03", childName: nil, actor: "test") }
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let first = String(buffer: try await kb.get(client, "/cases").body)
            #expect(first.contains("232 cases"))
            #expect(first.contains("page 1 of 3"))
            #expect(first.components(separatedBy: "<tr><td><input type=\"checkbox\"").count - 1 == 100)
            #expect(first.contains("href=\"/cases?page=2\" rel=\"next\""))
            let last = String(buffer: try await kb.get(client, "/cases?page=3").body)
            #expect(last.components(separatedBy: "<tr><td><input type=\"checkbox\"").count - 1 == 32)
            #expect(last.contains("href=\"/cases/K-2026-0230\""))
            // Filters are kept from page to page.
            let filtered = String(buffer: try await kb.get(client, "/cases?q=r-01&booked=no").body)
            #expect(filtered.contains("100 cases"))
            #expect(try await kb.get(client, "/cases?page=0").status == .badRequest)
        }
    }

    @Test func aCoordinatorAssignsAProsecutorToSeveralCasesAtOnce() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let list = String(buffer: try await kb.get(client, "/cases").body)
            let first = try #require(hidden(list, "case.K-2027-0001"))
            let ninth = try #require(hidden(list, "case.K-2027-0009"))
            // Outside the coordinator's state: refused like a missing case, nothing written.
            let sel = try await Browser.signIn(client, "sel")
            let outside = try await sel.post(client, "/cases/prosecutor", [("case.K-2027-0001", first), ("prosecutor", "DPP-01")])
            #expect(outside.status == .notFound)
            // Without the form token: refused.
            let forged = try await kb.post(client, "/cases/prosecutor", [("case.K-2027-0001", first), ("prosecutor", "DPP-01")], csrf: false)
            #expect(forged.status == .forbidden)
            // One stale row refuses the whole batch.
            let stale = try await kb.post(
                client, "/cases/prosecutor", [("case.K-2027-0001", first), ("case.K-2027-0009", "99999"), ("prosecutor", "DPP-01")])
            #expect(stale.status == .conflict)
            #expect(try harness.database.caseRecords(state: "MY-03").allSatisfy { $0.prosecutor == nil })
            let none = try await kb.post(client, "/cases/prosecutor", [("prosecutor", "DPP-01")])
            #expect(none.status == .unprocessableContent)
            let done = try await kb.post(
                client, "/cases/prosecutor", [("case.K-2027-0001", first), ("case.K-2027-0009", ninth), ("prosecutor", "DPP-01")])
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/cases?prosecutor=DPP-01&assigned=2")
            let shown = String(buffer: try await kb.get(client, "/cases?prosecutor=DPP-01&assigned=2").body)
            #expect(shown.contains("Prosecutor set on 2 cases."))
            #expect(shown.contains("href=\"/cases/K-2027-0009\"") && !shown.contains("href=\"/cases/K-2027-0002\""))
        }
        let records = try harness.database.caseRecords(state: "MY-03")
        #expect(records.filter { $0.prosecutor == "DPP-01" }.map(\.item.id.rawValue).sorted() == ["K-2027-0001", "K-2027-0009"])
        let audited = try harness.database.auditLog().filter { $0.action == "set-prosecutor" }
        #expect(audited.count == 2 && audited.allSatisfy { $0.actor == "kb" })
        let account = try #require(try harness.database.users().first { $0.username == "kb" })
        try harness.database.setLanguage(userID: account.id, language: .ms, actor: "test")
        try await harness.run { client in
            let page = String(buffer: try await Browser.signIn(client, "kb").get(client, "/cases?prosecutor=DPP-01&assigned=2").body)
            #expect(page.contains("Pendakwa ditetapkan pada 2 kes."))
            #expect(page.contains("Kosongkan penapis"))
        }
    }
}
