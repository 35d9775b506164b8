import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The case page's record: charge, interview outcome, court dates, disposal and reopen, each by its role, with the
/// timeline in both languages.
@Suite struct CaseYearPageTests {
    @Test func eachRoleRecordsOnTheCasePageAndAClosedCaseKeepsItsPage() async throws {
        let harness = try Harness()
        harness.clock.now = CaseYearWorld.late2027
        try harness.database.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let dpp = try await Browser.signIn(client, "dpp01")
            let path = "/cases/K-2027-0001"
            // A prosecutor does not record the interview; the coordinator of the state does.
            let refused = try await dpp.post(
                client, path + "/outcome",
                [("revision", try await dpp.caseRevision(client, "K-2027-0001")), ("on", "2027-01-06"), ("outcome", "held")])
            #expect(refused.status == .forbidden)
            let missed = try await kb.post(
                client, path + "/outcome",
                [
                    ("revision", try await kb.caseRevision(client, "K-2027-0001")), ("on", "2027-01-06"), ("outcome", "not-held"),
                    ("reason", "consent-withdrawn"),
                ])
            #expect(missed.status == .seeOther)
            let badReason = try await kb.post(
                client, path + "/outcome",
                [("revision", try await kb.caseRevision(client, "K-2027-0001")), ("on", "2027-01-07"), ("outcome", "not-held"), ("reason", "sleepy")])
            #expect(badReason.status == .unprocessableContent)
            #expect(String(buffer: badReason.body).contains("Reason: not in the list"))
            let charge = try await dpp.post(
                client, path + "/charge",
                [
                    ("revision", try await dpp.caseRevision(client, "K-2027-0001")), ("court", "SC-KB"), ("courtCaseNo", "KB-62S-1/2026"),
                    ("registeredOn", "2026-11-20"), ("chargedOn", "2026-11-20"), ("represented", "yes"), ("plea", "claims-trial"),
                    ("childBornOn", "2016-02-29"),
                ])
            #expect(charge.status == .seeOther)
            let adjourned = try await dpp.post(
                client, path + "/court-date",
                [
                    ("revision", try await dpp.caseRevision(client, "K-2027-0001")), ("step", "mention"), ("on", "2026-12-01"),
                    ("outcome", "adjourned"),
                    ("reason", "documents-not-served"), ("nextOn", "2027-01-05"),
                ])
            #expect(adjourned.status == .seeOther)
            let stale = try await dpp.post(
                client, path + "/end", [("revision", "1"), ("ending", "disposal:convicted"), ("on", "2027-06-01")])
            #expect(stale.status == .conflict)
            let disposed = try await dpp.post(
                client, path + "/end",
                [("revision", try await dpp.caseRevision(client, "K-2027-0001")), ("ending", "disposal:convicted"), ("on", "2027-06-01")])
            #expect(disposed.status == .seeOther)
            let page = String(buffer: try await kb.get(client, path).body)
            #expect(page.contains("id=\"case-timeline\""))
            #expect(page.contains("Documents not served (s.51A)"))
            #expect(page.contains("Consent withdrawn"))
            #expect(page.contains("id=\"case-closed\""))
            #expect(!page.contains("2016-02-29"))
            #expect(!page.contains("action=\"/cases/K-2027-0001/end\""))
            // Read-only: nothing to book, move or cancel on a disposed case.
            #expect(!page.contains("action=\"/cases/K-2027-0001/book\"") && !page.contains("id=\"find-slot\""))
            #expect(!page.contains("action=\"/cases/K-2027-0001/cancel\""))
            #expect(!String(buffer: try await kb.get(client, "/cases").body).contains("K-2027-0001"))
            let again = try await dpp.post(
                client, path + "/court-date",
                // A closed case shows no change form (and so no revision): any revision is refused.
                [("revision", "0"), ("step", "mention"), ("on", "2027-07-01"), ("outcome", "held")])
            #expect(again.status == .conflict)
        }
        let sel = try #require(try harness.database.users().first { $0.username == "kb" })
        try harness.database.setLanguage(userID: sel.id, language: .ms, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/cases/K-2027-0001").body)
            #expect(page.contains("Selepas tempahan"))
            #expect(page.contains("Dokumen tidak diserahkan (s.51A)"))
            #expect(page.contains("disabitkan"))
        }
    }

    @Test func aCoordinatorRequestsASupplementaryInterviewOnceTheInterviewWasHeld() async throws {
        let harness = try Harness()
        harness.clock.now = CaseYearWorld.late2027
        try harness.database.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let dpp = try await Browser.signIn(client, "dpp01")
            let sel = try await Browser.signIn(client, "sel")
            let path = "/cases/K-2027-0001"
            func request(_ who: Browser, reason: String = "the child disclosed a second incident") async throws -> TestResponse {
                try await who.post(
                    client, path + "/supplementary",
                    [("revision", try await kb.caseRevision(client, "K-2027-0001")), ("reason", reason), ("durationMinutes", "60")])
            }
            let early = try await request(kb)
            #expect(early.status == .conflict)
            #expect(String(buffer: early.body).contains("the interview of case K-2027-0001 was not held"))
            #expect(!String(buffer: try await kb.get(client, path).body).contains("action=\"/cases/K-2027-0001/supplementary\""))
            let held = try await kb.post(
                client, path + "/outcome",
                [("revision", try await kb.caseRevision(client, "K-2027-0001")), ("on", "2027-01-06"), ("outcome", "held"), ("usable", "yes")])
            #expect(held.status == .seeOther)
            #expect(String(buffer: try await kb.get(client, path).body).contains("action=\"/cases/K-2027-0001/supplementary\""))
            #expect(try await request(dpp).status == .forbidden)
            // Another state's coordinator does not see the case at all.
            #expect(try await request(sel).status == .notFound)
            #expect(try await request(kb, reason: " ").status == .unprocessableContent)
            #expect(try await request(kb).status == .seeOther)
            let page = String(buffer: try await kb.get(client, path).body)
            #expect(page.contains("supplementary interview requested by kb"))
            #expect(page.contains("the child disclosed a second incident"))
            #expect(try await request(kb).status == .conflict)
        }
        let record = try #require(try harness.database.caseRecord(id: "K-2027-0001"))
        #expect(record.item.interview != nil)
        #expect(try harness.database.caseHistory(caseID: "K-2027-0001").steps.map(\.outcome) == [.held])
        let kbUser = try #require(try harness.database.users().first { $0.username == "kb" })
        try harness.database.setLanguage(userID: kbUser.id, language: .ms, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/cases/K-2027-0001").body)
            #expect(page.contains("temu bual tambahan dimohon oleh kb"))
        }
    }
}
