import Foundation
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// The change log names the cases each write touched, so the server's snapshot reads only those again; anything
/// else (a write naming no case, a gap, too many cases) tells the reader to load everything.
@Suite struct DataChangeLogTests {
    @Test func changesNameTheCasesWrittenAndReadThemAtTheCurrentVersion() throws {
        let db = try AppFixtures.database()
        try db.addUser(
            username: "dpp01", passwordHash: String(repeating: "h", count: 40), role: .prosecutor, state: "MY-03", person: "DPP-01", actor: "test")
        let start = try db.dataVersion().version
        let none = try #require(try db.caseChanges(since: start))
        #expect(none.version == start && none.cases.isEmpty)

        try db.setProsecutor(caseID: "K-2027-0002", prosecutor: "DPP-01", actor: "coord")
        try db.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", actor: "coord")
        let two = try #require(try db.caseChanges(since: start))
        #expect(two.version == start + 2)
        #expect(two.cases == ["K-2027-0001", "K-2027-0002"])
        #expect(two.records.map(\.item.id) == ["K-2027-0001", "K-2027-0002"])
        #expect(two.records.allSatisfy { $0.prosecutor == "DPP-01" })
        #expect(two.records == (try db.caseRecords(state: nil)).filter { two.cases.contains($0.item.id) })
        // Only from the version asked: the first change is not in the second's.
        #expect(try db.caseChanges(since: start + 1)?.cases == ["K-2027-0001"])
        // More cases than the reader wants to replace one by one.
        #expect(try db.caseChanges(since: start, limit: 1) == nil)
    }

    @Test func aChangeNamingNoCaseOrAGapMeansReadEverything() throws {
        let db = try AppFixtures.database()
        let start = try db.dataVersion().version
        // The import itself named no case.
        #expect(try db.caseChanges(since: start - 1) == nil)
        _ = try db.setUnavailable(
            person: "IO-014", ranges: [DayRange(from: AppFixtures.day("2027-02-01"), to: AppFixtures.day("2027-02-05"))], source: "test",
            actor: "test")
        #expect(try db.caseChanges(since: start) == nil)
        // A version the log has never seen (a reader ahead of a restored copy).
        #expect(try db.caseChanges(since: start + 50) == nil)
    }
}
