import ArgumentParser
import Foundation
import SediaCore
import SediaTestSupport
import Testing

@testable import SediaCLI

enum RulesCLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let homeArgs = ["--rules", root + "/rules", "--calendars", root + "/calendars"]

    static func exitCode(_ args: [String]) -> Int32 { SediaRun.run(args).status }
}

/// A class, so each test's temporary directory is removed when the test ends (its `deinit`).
final class RulesCLITests {
    let dir: TemporaryDirectory

    init() throws { dir = try TemporaryDirectory("rules-cli") }
    deinit { dir.remove() }

    @Test func rulesCheckPassesOnTheRepositoryFiles() {
        #expect(RulesCLI.exitCode(["rules", "check"] + RulesCLI.homeArgs) == 0)
    }

    @Test func rulesCheckFailsWithExit2OnABrokenRuleFile() throws {
        let dir = self.dir.file("rules")
        try FileManager.default.copyItem(atPath: RulesCLI.root + "/rules", toPath: dir)
        let stages = try String(contentsOfFile: dir + "/stages.yaml", encoding: .utf8)
        try Data(stages.replacingOccurrences(of: "trigger: charge", with: "trigger: chrge").utf8).write(
            to: URL(fileURLWithPath: dir + "/stages.yaml"))
        #expect(RulesCLI.exitCode(["rules", "check", "--rules", dir, "--calendars", RulesCLI.root + "/calendars"]) == 2)
    }

    @Test func badCaseFileRowsExitWith2() throws {
        let path = try dir.write("bad.csv", "case,state,court,registeredOn,chargedOn\nK-1,MY-99,,2025-02-30,\n")
        #expect(RulesCLI.exitCode(["deadlines", "--case-file", path, "--on", "2025-03-01"] + RulesCLI.homeArgs) == 2)
        let missingColumn = try dir.write("cols.csv", "case,state,registeredOn\nK-1,MY-10,2025-01-01\n")
        #expect(RulesCLI.exitCode(["deadlines", "--case-file", missingColumn] + RulesCLI.homeArgs) == 2)
        #expect(RulesCLI.exitCode(["deadlines", "--case-file", path, "--on", "tomorrow"] + RulesCLI.homeArgs) == 2)
    }

    @Test func calendarRejectsAnUnknownState() {
        #expect(RulesCLI.exitCode(["calendar", "--state", "MY-99", "--from", "2025-01-01", "--to", "2025-01-31"] + RulesCLI.homeArgs) == 2)
        #expect(RulesCLI.exitCode(["calendar", "--state", "MY-03", "--from", "2025-01-01", "--to", "2025-01-31"] + RulesCLI.homeArgs) == 0)
    }

    @Test func availabilityFilesAreCheckedOnImport() throws {
        let good = RulesCLI.root + "/calendars/availability/IV-07-leave.ics"
        #expect(RulesCLI.exitCode(["calendar", "--availability", good, "--from", "2025-01-01", "--to", "2025-12-31"]) == 0)
        let bad = try dir.write(
            "bad.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:no start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        #expect(RulesCLI.exitCode(["calendar", "--availability", bad, "--from", "2025-01-01", "--to", "2025-12-31"]) == 2)
    }

    @Test func jsonOutputCarriesTheIssueFields() throws {
        let context = try RulesContext.load(try HomeOptions.parse(RulesCLI.homeArgs))
        let csv = "case,state,court,registeredOn,chargedOn\nK-1,MY-10,SC-PJY,2025-01-31,2025-02-03\nK-2,MY-12,,2025-10-01,\n"
        let cases = try CaseFile.parse(csv, file: "cases.csv", book: context.book)
        let deadlines = try cases.flatMap { try context.book.deadlines(for: $0, calendars: context.calendars) }
        let json = DeadlineReport.json(deadlines, on: Day(iso: "2025-03-01") ?? Day(ordinal: 0))
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let ptc = try #require(array.first { $0["case"] as? String == "K-1" && $0["rule"] as? String == "ptc" })
        #expect(ptc["due"] as? String == "2025-03-05")
        #expect(ptc["daysLeft"] as? Int == 4)
        #expect(ptc["status"] as? String == "at risk")
        #expect((ptc["source"] as? String)?.hasPrefix("Criminal Procedure Code s.172A(1)-(2)") == true)
        #expect(ptc["title"] is String)
        let disposal = try #require(array.first { $0["case"] as? String == "K-1" && $0["rule"] as? String == "disposal" })
        #expect(disposal["due"] as? String == "2026-01-31")
        #expect(disposal["status"] as? String == "on track")
        let sabah = try #require(array.first { $0["case"] as? String == "K-2" && $0["rule"] as? String == "disposal" })
        #expect(sabah["due"] is NSNull)
        #expect(sabah["status"] as? String == "timeline not published")
        #expect((sabah["note"] as? String)?.hasPrefix("Timeline not published") == true)
        // Quotes, backslashes, control characters and non-ASCII text in a rule's note survive as written.
        var odd = disposal
        var tricky = try #require(deadlines.first { $0.caseID.rawValue == "K-1" && $0.rule == "disposal" })
        tricky.notes = [.noPublishedTarget(court: "X", reason: "say \"no\"\\ then\nwait\t\u{1}; 审判 ✓", reasonMs: nil)]
        odd =
            try #require(
                try JSONSerialization.jsonObject(with: Data(DeadlineReport.json([tricky], on: Day(ordinal: 0)).utf8)) as? [[String: Any]]
            ).first ?? [:]
        #expect(odd["note"] as? String == tricky.note)
    }

    /// `sedia deadlines` prints the advisory status in every format: the pre-trial conference after its date and the
    /// subsequent case management are advisory, never overdue.
    @Test func deadlinesPrintAdvisoryInEveryFormat() throws {
        let context = try RulesContext.load(try HomeOptions.parse(RulesCLI.homeArgs))
        let csv = "case,state,court,registeredOn,chargedOn,trialOn\nK-3,MY-10,,2025-01-31,2025-02-03,2025-05-05\n"
        let cases = try CaseFile.parse(csv, file: "cases.csv", book: context.book)
        let deadlines = try cases.flatMap { try context.book.deadlines(for: $0, calendars: context.calendars) }
        let on = try #require(Day(iso: "2025-04-30"))
        let array = try #require(try JSONSerialization.jsonObject(with: Data(DeadlineReport.json(deadlines, on: on).utf8)) as? [[String: Any]])
        let status = Dictionary(array.compactMap { row in (row["rule"] as? String).map { ($0, row["status"] as? String ?? "") } }) { a, _ in a }
        #expect(status["ptc"] == "advisory")
        #expect(status["case-management"] == "advisory")
        #expect(status["case-management-first"] == "overdue")
        let table = DeadlineReport.table(deadlines, on: on)
        #expect(table.contains("advisory"))
        #expect(table.split(separator: "\n").last?.contains("advisory") == true)
        let lines = DeadlineReport.csv(deadlines, on: on).split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("K-3,case-management,") && $0.contains(",advisory,") })
    }

    @Test func generatorRulesComeFromTheRuleFiles() throws {
        let context = try RulesContext.load(try HomeOptions.parse(RulesCLI.homeArgs))
        let rules = context.generatorRules()
        #expect(rules.holidays.contains { $0.date == Day(iso: "2025-08-31") && $0.states == ["*"] && $0.name == "National Day" })
        #expect(rules.holidays.contains { $0.date == Day(iso: "2025-09-01") && $0.states.contains("MY-10") && !$0.states.contains("MY-03") })
        let registered = try #require(Day(iso: "2025-08-31"))
        #expect(rules.disposalDue("SC-KCH", "MY-13", registered) == Day(iso: "2026-02-28"))
        #expect(rules.disposalDue("SES-KK", "MY-12", registered) == nil)
        let instance = InstanceGenerator.generate(scale: .tiny, seed: 1, rules: rules, replan: false)
        for c in instance.cases {
            if let h = c.hearing, let reg = h.registeredOn, let state = instance.courts.first(where: { $0.id == h.court })?.state,
                let due = context.book.disposalDue(court: h.court, state: state, registeredOn: reg)
            {
                #expect(h.deadline == due, "\(c.id)")
            }
        }
    }
}
