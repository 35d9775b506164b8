import Foundation
import SediaAppTestSupport
import SediaCLI
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// `sedia export cases`, `sedia report`, `sedia import charges|events` and `sedia case` on the world a year on.
struct CaseYearCommandTests {
    static let home = [
        "--rules", AppFixtures.repository.appendingPathComponent("rules").path, "--calendars",
        AppFixtures.repository.appendingPathComponent("calendars").path,
    ]

    @Test func deadlinesFromTheExportEqualTheApps() throws {
        try TemporaryDirectory.with("case-export") { dir in
            let db = try CaseYearWorld.database(path: dir.file("sedia.sqlite"))
            let ran = SediaRun.run(["export", "cases", "--db", dir.file("sedia.sqlite")] + Self.home)
            #expect(ran.status == 0, "\(ran.stderr)")
            #expect(!ran.stdout.contains(CaseYearWorld.childName))
            #expect(!ran.stdout.contains(CaseYearWorld.childBornOn))
            #expect(ran.stdout.hasPrefix(CaseFileWriter.columns.joined(separator: ",") + "\n"))
            let rules = try AppFixtures.rules()
            let file = try CaseFile.parse(ran.stdout, file: "export.csv", book: rules.book)
            // The app's facts: the open cases' instance, the bookings and what was recorded, as the pages compute them.
            let instance = try db.exportInstance()
            let histories = try db.caseHistories()
            let app = rules.book.caseFacts(instance: instance, plan: try db.bookings().plan, histories: histories)
            let exported = Dictionary(file.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var compared = 0
            for facts in app where facts.events[.registration] != nil {
                let fromFile = try #require(exported[facts.id])
                #expect(
                    try rules.book.deadlines(for: fromFile, calendars: rules.calendars)
                        == rules.book.deadlines(for: facts, calendars: rules.calendars))
                compared += 1
            }
            #expect(compared == 2)
            // A held PTC and first case management are done on the day they were held, in the app and from the file.
            let k10 = try #require(app.first { $0.id == "K-2027-0010" })
            let stages = try rules.book.deadlines(for: k10, calendars: rules.calendars)
            #expect(stages.first { $0.rule == "ptc" }?.doneOn == AppFixtures.day("2027-03-01"))
            #expect(stages.first { $0.rule == "case-management-first" }?.doneOn == AppFixtures.day("2027-03-20"))
            // The ended cases are in the file too, with every deadline done on their ending day.
            #expect(exported["K-2027-0001"]?.disposedOn == AppFixtures.day("2027-06-01"))
            #expect(ran.stdout.contains("K-2027-0012,"))
            let deadlines = SediaRun.run(["deadlines", "--case-file", try dir.write("cases.csv", ran.stdout), "--on", "2027-12-28"] + Self.home)
            #expect(deadlines.status == 0, "\(deadlines.stderr)")
        }
    }

    @Test func theReportCommandPrintsTheRecordAndItsCharts() throws {
        try TemporaryDirectory.with("case-report") { dir in
            let db = try CaseYearWorld.database(path: dir.file("sedia.sqlite"))
            let json = SediaRun.run(
                ["report", "--db", dir.file("sedia.sqlite"), "--from", "2027-01-01", "--to", "2027-12-31", "--format", "json"] + Self.home)
            #expect(json.status == 0, "\(json.stderr)")
            let value = try JSONReader.parse(Array(json.stdout.utf8))
            #expect(value["from"] == .string("2027-01-01"))
            #expect(value["groups"] == .array([try #require(Self.firstGroup(value))]))
            let group = try #require(Self.firstGroup(value))
            #expect(group["key"] == .string("all"))
            #expect(group["registered"] == .int(2))
            #expect(group["disposedWithinTarget"] == .int(2))
            #expect(group["pendingByAge"] == .object([("0-3", .int(0)), ("3-6", .int(1)), ("6-9", .int(0)), ("9-12", .int(1)), ("12+", .int(0))]))
            let html = SediaRun.run(
                ["report", "--db", dir.file("sedia.sqlite"), "--from", "2027-01-01", "--to", "2027-12-31", "--by", "state", "--format", "html"]
                    + Self.home)
            #expect(html.status == 0)
            #expect(html.stdout.contains("@page { size: A4"))
            #expect(html.stdout.components(separatedBy: "<svg").count == 4)
            #expect(!html.stdout.contains(CaseYearWorld.childName))
            _ = db
            let bad = SediaRun.run(["report", "--db", dir.file("sedia.sqlite"), "--from", "2027-12-31", "--to", "2027-01-01"] + Self.home)
            #expect(bad.status == 2)
            #expect(bad.stderr.hasPrefix("--to:"))
        }
    }

    static func firstGroup(_ value: JSONValue) -> JSONValue? {
        guard case .array(let groups)? = value["groups"] else { return nil }
        return groups.first
    }

    @Test func aSupplementaryInterviewInTheDailyListIsRefusedAsOnTheCasePage() throws {
        try TemporaryDirectory.with("case-import-supplementary") { dir in
            let path = dir.file("sedia.sqlite")
            let db = try CaseYearWorld.database(path: path)
            let audit = try db.auditLog(limit: 100_000).count
            // K-2027-0002's interview was held on 2027-01-05, after the command line's today; K-2099-0001 does not exist.
            let events = try dir.write(
                "daily.csv",
                """
                case,event,on,outcome,reason,nextOn,minutes
                K-2027-0002,supplementary-interview,2026-12-01,requested,a second disclosure,,30
                K-2099-0001,supplementary-interview,2026-12-01,requested,a second disclosure,,
                K-2027-0002,mention,2026-12-01,held,,,45

                """)
            let ran = SediaRun.run(["import", "events", events, "--db", path])
            #expect(ran.status == 2)
            #expect(ran.stderr.contains("\(events): line 4: minutes: only a supplementary-interview has a length"))
            let valid = try dir.write(
                "daily2.csv",
                """
                case,event,on,outcome,reason,nextOn,minutes
                K-2027-0002,supplementary-interview,2026-12-01,requested,a second disclosure,,30
                K-2099-0001,supplementary-interview,2026-12-01,requested,a second disclosure,,

                """)
            let refused = SediaRun.run(["import", "events", valid, "--db", path])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("\(valid): line 2: on: 2026-12-01 is before the interview was held (2027-01-05)"), "\(refused.stderr)")
            #expect(refused.stderr.contains("\(valid): line 3: case: "), "\(refused.stderr)")
            #expect(try db.auditLog(limit: 100_000).count == audit)
        }
    }

    @Test func aRefusedImportExitsTwoNamingEveryLineAndChangesNothing() throws {
        try TemporaryDirectory.with("case-import") { dir in
            let path = dir.file("sedia.sqlite")
            let db = try CaseYearWorld.database(path: path)
            let audit = try db.auditLog(limit: 100_000).count
            let events = try dir.write(
                "daily.csv",
                """
                case,event,on,outcome,reason,nextOn
                K-2027-0010,mention,2027-12-01,held,,
                K-2027-0001,mention,2027-12-01,held,,
                K-2027-0011,trial,2027-01-01,held,,
                K-2027-0011,trial,2027-12-01,adjourned,raining,

                """)
            let ran = SediaRun.run(["import", "events", events, "--db", path])
            #expect(ran.status == 2)
            #expect(
                ran.stderr == "\(events): line 5: reason: not in the list (\(AdjournmentReason.allCases.map(\.rawValue).joined(separator: ", ")))\n")
            // The command line's clock is today's: every date here is in the past.
            let fixed = try dir.write(
                "daily2.csv",
                "case,event,on,outcome\nK-2027-0001,mention,2026-12-02,held\nK-2027-0011,trial,2026-11-01,held\nK-2099-0001,ptc,2026-11-01,held\n")
            let refused = SediaRun.run(["import", "events", fixed, "--db", path])
            #expect(refused.status == 2)
            #expect(
                refused.stderr == """
                    \(fixed): line 2: case: K-2027-0001 was disposed of on 2027-06-01 (convicted); it is read-only until an admin reopens it
                    \(fixed): line 3: on: 2026-11-01 is before the registration on 2027-07-01
                    \(fixed): line 4: case: K-2099-0001 does not exist

                    """)
            #expect(try db.auditLog(limit: 100_000).count == audit)
            let charges = try dir.write(
                "charges.csv",
                "case,court,courtCaseNo,registeredOn,chargedOn,represented,plea\nK-2027-0013,SC-KB,X-1,2026-12-01,2026-12-01,maybe,guilty\n")
            let badCharge = SediaRun.run(["import", "charges", charges, "--db", path])
            #expect(badCharge.status == 2)
            #expect(badCharge.stderr == "\(charges): line 2: represented: one of yes, no, unknown\n")
        }
    }

    @Test func closeAndReopenFromTheCommandLine() throws {
        try TemporaryDirectory.with("case-close") { dir in
            let path = dir.file("sedia.sqlite")
            let db = try CaseYearWorld.database(path: path)
            let missing = SediaRun.run(["case", "close", "K-2027-0011", "--db", path, "--outcome", "gone", "--on", "2026-12-01", "--reason", "x"])
            #expect(missing.status == 2)
            #expect(missing.stderr.hasPrefix("--outcome: one of no-further-action, withdrawn, transferred"))
            let transfer = SediaRun.run([
                "case", "close", "K-2027-0011", "--db", path, "--outcome", "transferred", "--on", "2026-12-01", "--reason", "moved to Selangor",
                "--to-state", "MY-10",
            ])
            #expect(transfer.status == 0, "\(transfer.stderr)")
            #expect(transfer.stdout == "case K-2027-0011: transferred to MY-10 on 2026-12-01, open there to book\n")
            #expect(try db.closure(caseID: "K-2027-0011") == nil)
            #expect(try db.transfers(caseID: "K-2027-0011").last?.to == "MY-10")
            let close = SediaRun.run([
                "case", "close", "K-2027-0011", "--db", path, "--outcome", "withdrawn", "--on", "2026-12-02", "--reason", "complaint withdrawn",
            ])
            #expect(close.status == 0, "\(close.stderr)")
            #expect(SediaRun.run(["case", "reopen", "K-2027-0011", "--db", path, "--reason", "recorded in error"]).status == 0)
            #expect(try db.closure(caseID: "K-2027-0011") == nil)
            let again = SediaRun.run(["case", "reopen", "K-2027-0011", "--db", path, "--reason", "twice"])
            #expect(again.status == 2)
            #expect(again.stderr == "case: K-2027-0011 is open; there is nothing to reopen\n")
        }
    }
}
