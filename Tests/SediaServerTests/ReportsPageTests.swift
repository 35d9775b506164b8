import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The Reports page: the disposal record of the reader's own state, in both languages, with its charts.
@Suite struct ReportsPageTests {
    @Test func aStateCoordinatorSeesTheirOwnStatesRecordInTheirLanguage() async throws {
        let harness = try Harness()
        harness.clock.now = CaseYearWorld.late2027
        let db = harness.database
        let day = AppFixtures.day
        try db.recordCharge(
            caseID: "K-2027-0001",
            ChargeRecord(
                court: "SC-KB", courtCaseNo: "KB-1", registeredOn: day("2026-11-20"), chargedOn: day("2026-11-20"), represented: .yes,
                plea: .claimsTrial,
                childBornOn: day("2016-02-29")), actor: "registry")
        try db.recordStep(
            caseID: "K-2027-0001",
            StepRecord(
                step: .mention, on: day("2027-03-01"), outcome: .adjourned, reason: StepReason(code: "defence-counsel-absent"),
                nextOn: day("2027-04-01")),
            actor: "registry")
        try db.recordCharge(
            caseID: "B-2027-0003",
            ChargeRecord(
                court: "SC-SA", courtCaseNo: "SA-1", registeredOn: day("2026-06-15"), chargedOn: day("2026-06-15"), represented: .no,
                plea: .claimsTrial),
            actor: "registry")
        try db.endCase(caseID: "B-2027-0003", on: day("2027-08-01"), .disposal(.acquitted), actor: "registry")
        let sel = try #require(try db.users().first { $0.username == "sel" })
        try db.setLanguage(userID: sel.id, language: .ms, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/reports?from=2027-01-01&to=2027-12-31&by=court").body)
            #expect(page.contains("Disposal record"))
            #expect(page.contains("SC-KB"))
            #expect(!page.contains("SC-SA"))
            #expect(page.contains("Defence counsel absent"))
            #expect(page.components(separatedBy: "<svg").count == 4)
            #expect(!page.contains("2016-02-29"))
            let malay = try await Browser.signIn(client, "sel")
            let ms = String(buffer: try await malay.get(client, "/reports?from=2027-01-01&to=2027-12-31&by=court").body)
            #expect(ms.contains("Rekod penyelesaian kes"))
            #expect(ms.contains("SC-SA"))
            #expect(!ms.contains("SC-KB"))
            let bad = try await kb.get(client, "/reports?from=2027-13-01")
            #expect(bad.status == .badRequest)
            let io = try await Browser.signIn(client, "io14")
            #expect(try await io.get(client, "/reports").status == .forbidden)
        }
    }
}
