import Foundation
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// `sedia import events` requests a supplementary interview as the case page does: the same request, the same
/// refusals, and the whole file or nothing.
struct SupplementaryImportTests {
    static func events(_ lines: String) throws -> [Located<EventRow>] {
        try ImportRows.events(Array(("case,event,on,outcome,reason,nextOn,minutes\n" + lines).utf8), file: "daily.csv")
    }

    @Test func aRequestedRowGivesTheCaseANewInterviewToBook() throws {
        let db = try SupplementaryInterviewTests.database()
        let rows = try Self.events("K-2027-0001,supplementary-interview,2027-01-11,requested,the child disclosed a second incident,,45\n")
        #expect(
            rows.map(\.value.fact) == [
                .supplementary(on: AppFixtures.day("2027-01-11"), reason: "the child disclosed a second incident", minutes: 45)
            ])
        #expect(try db.importEvents(rows, actor: "registry", target: SupplementaryInterviewTests.week).added == 1)
        let record = try #require(try db.caseRecord(id: SupplementaryInterviewTests.caseID))
        #expect(record.item.interviewDoneOn == nil)
        #expect(record.item.interview?.earliest == AppFixtures.day("2027-01-11"))
        #expect(record.item.interview?.targetBy == AppFixtures.day("2027-01-18"))
        #expect(record.item.interview?.durationMinutes == 45)
        let history = try db.caseHistory(caseID: SupplementaryInterviewTests.caseID)
        #expect(history.supplementary.map(\.reason) == ["the child disclosed a second incident"])
        #expect(history.supplementary.map(\.recordedBy) == ["registry"])
        #expect(try db.auditLog(subject: "case:K-2027-0001").first?.action == "request-supplementary-interview")
    }

    @Test func anEmptyLengthIsAnHour() throws {
        let rows = try Self.events("K-2027-0001,supplementary-interview,2027-01-11,requested,a second incident,,\n")
        #expect(rows.map(\.value.fact) == [.supplementary(on: AppFixtures.day("2027-01-11"), reason: "a second incident", minutes: 60)])
    }

    @Test func theRefusalsAreTheCasePagesAndNothingIsWritten() throws {
        let db = try SupplementaryInterviewTests.database()
        let rows = try Self.events(
            """
            K-2027-0001,supplementary-interview,2027-01-11,requested,a second incident,,
            K-2027-0001,supplementary-interview,2027-01-12,requested,and a third,,
            K-2027-0002,supplementary-interview,2027-01-11,requested,never held,,

            """)
        let before = try db.auditLog().count
        let pending = StoreError.Refusal.supplementaryPending(caseID: "K-2027-0001").english
        let notHeld = StoreError.Refusal.supplementaryNotHeld(caseID: "K-2027-0002").english
        #expect(
            throws: StoreError(
                .invalid,
                "daily.csv: line 3: \(pending)\ndaily.csv: line 4: \(notHeld)"
            )
        ) {
            try db.importEvents(rows, actor: "registry", target: SupplementaryInterviewTests.week)
        }
        #expect(try db.auditLog().count == before)
        #expect(try db.caseHistory(caseID: "K-2027-0001").supplementary.isEmpty)
        #expect(try db.caseRecord(id: "K-2027-0001")?.item.interviewDoneOn == AppFixtures.day("2027-01-06"))
        // The web's refusal is the same typed one.
        #expect(throws: StoreError(.conflict, .supplementaryNotHeld(caseID: "K-2027-0002"))) {
            try db.requestSupplementaryInterview(
                caseID: "K-2027-0002", reason: "never held", minutes: 60, target: SupplementaryInterviewTests.week, actor: "coord")
        }
    }

    @Test func aRequestDatedOutsideItsInterviewIsRefusedOnOn() throws {
        let db = try SupplementaryInterviewTests.database()
        let rows = try Self.events(
            """
            K-2027-0001,supplementary-interview,2027-01-05,requested,before it was held,,
            K-2027-0001,supplementary-interview,2027-01-13,requested,still to come,,

            """)
        #expect(
            throws: StoreError(
                .invalid,
                """
                daily.csv: line 2: on: 2027-01-05 is before the interview was held (2027-01-06)
                daily.csv: line 3: on: 2027-01-13 is still to come
                """)
        ) { try db.importEvents(rows, actor: "registry", target: SupplementaryInterviewTests.week) }
    }

    @Test(arguments: [
        ("K-1,supplementary-interview,2027-01-11,held,why,,\n", "outcome"),
        ("K-1,supplementary-interview,2027-01-11,requested,,,\n", "reason"),
        ("K-1,supplementary-interview,2027-01-11,requested,why,2027-01-20,\n", "nextOn"),
        ("K-1,supplementary-interview,2027-01-11,requested,why,,5\n", "minutes"),
        ("K-1,mention,2027-01-11,held,,,30\n", "minutes"),
    ])
    func aBadRowIsRefusedWhenTheFileIsRead(_ line: String, _ field: String) {
        #expect {
            try Self.events(line)
        } throws: { error in
            (error as? InputErrors)?.errors.map(\.description).contains { $0.hasPrefix("daily.csv: line 2: \(field): ") } == true
        }
    }
}
