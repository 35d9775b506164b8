import Foundation
import GRDB
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// The disposal record against an independent computation: SQL over the raw tables and Foundation's calendar for the
/// months, never the report's own date arithmetic.
struct CaseYearReportTests {
    static let from = "2027-01-01"
    static let to = "2027-12-31"

    static func record(_ db: AppDatabase, by: RecordGrouping) throws -> DisposalRecord {
        let book = try AppFixtures.rules().book
        let input = try db.recordInput()
        let cases = book.withDisposalTargets(input.cases)
        return DisposalRecord.compute(
            cases: cases, adjournments: input.adjournments, from: AppFixtures.day(from), to: AppFixtures.day(to), by: by)
    }

    static func median(_ values: [Double]) -> Double? {
        let s = values.sorted()
        guard !s.isEmpty else { return nil }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func months(_ from: String, _ to: String) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let f = DateFormatter()
        f.calendar = calendar
        f.timeZone = calendar.timeZone
        f.dateFormat = "yyyy-MM-dd"
        guard let a = f.date(from: from), let b = f.date(from: to) else { return -1 }
        return calendar.dateComponents([.month], from: a, to: b).month ?? -1
    }

    @Test func theRecordMatchesAnIndependentComputation() throws {
        let db = try CaseYearWorld.database()
        let group = try #require(try Self.record(db, by: .none).groups.first)
        #expect(group.key == "all")
        let registration = "coalesce(ch.registered_on, c.hearing_registered_on)"
        let base = "FROM case_file c LEFT JOIN case_charge ch ON ch.case_id = c.id LEFT JOIN case_closure cl ON cl.case_id = c.id"
        try db.reader.read { sql in
            let args: StatementArguments = [Self.from, Self.to]
            #expect(
                group.registered == (try Int.fetchOne(sql, sql: "SELECT count(*) \(base) WHERE \(registration) BETWEEN ? AND ?", arguments: args)))
            #expect(
                group.disposed
                    == (try Int.fetchOne(
                        sql, sql: "SELECT count(*) \(base) WHERE \(registration) IS NOT NULL AND cl.on_day BETWEEN ? AND ?", arguments: args)))
            // Peninsular courts: 12 months (Circular No. 2 of 2017); no end-of-month registration in the world.
            #expect(
                group.disposedWithinTarget
                    == (try Int.fetchOne(
                        sql,
                        sql:
                            "SELECT count(*) \(base) WHERE \(registration) IS NOT NULL AND cl.on_day BETWEEN ? AND ? AND cl.on_day <= date(\(registration), '+12 months')",
                        arguments: args)))
            let pending = try String.fetchAll(
                sql, sql: "SELECT \(registration) \(base) WHERE \(registration) <= ?2 AND (cl.on_day IS NULL OR cl.on_day > ?2)", arguments: args)
            #expect(group.pending == pending.count)
            var bands = [0, 0, 0, 0, 0]
            for r in pending { bands[min(Self.months(r, Self.to) / 3, 4)] += 1 }
            #expect(group.pendingByAge == bands)
            #expect(
                group.adjournments
                    == (try Int.fetchOne(
                        sql, sql: "SELECT count(*) FROM case_event WHERE outcome = 'adjourned' AND on_day BETWEEN ? AND ?", arguments: args)))
            var reasons: [String: Int] = [:]
            for row in try Row.fetchAll(
                sql, sql: "SELECT reason, count(*) AS n FROM case_event WHERE outcome = 'adjourned' AND on_day BETWEEN ? AND ? GROUP BY reason",
                arguments: args)
            {
                reasons[row["reason"]] = row["n"]
            }
            #expect(group.adjournmentReasons == reasons)
            let toDisposal = try Double.fetchAll(
                sql,
                sql:
                    "SELECT julianday(cl.on_day) - julianday(\(registration)) \(base) WHERE \(registration) IS NOT NULL AND cl.on_day BETWEEN ? AND ?",
                arguments: args)
            #expect(group.medianDaysToDisposal == Self.median(toDisposal))
            let toInterview = try Double.fetchAll(
                sql,
                sql:
                    "SELECT julianday(interview_done_on) - julianday(reported_on) FROM case_file WHERE reported_on IS NOT NULL AND interview_done_on BETWEEN ? AND ?",
                arguments: args)
            #expect(group.medianDaysReportToInterview == Self.median(toInterview))
            let toTrial = try Double.fetchAll(
                sql,
                sql: """
                    SELECT julianday(min(e.on_day)) - julianday(\(registration)) \(base) JOIN case_event e ON e.case_id = c.id
                    WHERE e.step = 'trial' AND e.outcome = 'held' GROUP BY c.id HAVING min(e.on_day) BETWEEN ? AND ?
                    """, arguments: args)
            #expect(group.medianDaysRegistrationToFirstTrial == Self.median(toTrial))
        }
        // The world as written: 2 registered (K-0010, K-0011), 3 disposed (K-0001 within target, B-0003 late, K-0012 withdrawn).
        let figures: [Int] = [group.registered, group.disposed, group.disposedWithinTarget, group.pending]
        #expect(figures == [2, 3, 2, 2])
        #expect(group.adjournmentReasons == ["defence-counsel-absent": 2, "child-unwell": 1, "court-not-sitting": 1])
    }

    @Test func groupsAddUpToTheWhole() throws {
        let db = try CaseYearWorld.database()
        let all = try #require(try Self.record(db, by: .none).groups.first)
        for grouping in [RecordGrouping.state, .court] {
            let groups = try Self.record(db, by: grouping).groups
            #expect(groups.map(\.registered).reduce(0, +) == all.registered)
            #expect(groups.map(\.disposed).reduce(0, +) == all.disposed)
            #expect(groups.map(\.pending).reduce(0, +) == all.pending)
            #expect(groups.map(\.adjournments).reduce(0, +) == all.adjournments)
        }
        let quarters = try Self.record(db, by: .quarter).groups
        #expect(quarters.map(\.key) == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"])
        #expect(quarters.map(\.registered).reduce(0, +) == all.registered)
        #expect(quarters.map(\.disposed).reduce(0, +) == all.disposed)
        #expect(quarters.last?.pending == all.pending)
    }

    @Test func theReportNamesNoChild() throws {
        let db = try CaseYearWorld.database()
        let record = try Self.record(db, by: .court)
        for text in [record.json(), record.csv(), record.table(), record.html(quarters: try Self.record(db, by: .quarter))] {
            #expect(!text.contains(CaseYearWorld.childName))
            #expect(!text.contains(CaseYearWorld.childBornOn))
        }
        #expect(
            try db.auditLog(limit: 10_000).allSatisfy { entry in
                ![entry.before, entry.after, entry.reason].compactMap { $0 }.contains {
                    $0.contains(CaseYearWorld.childName) || $0.contains(CaseYearWorld.childBornOn)
                }
            })
    }
}
