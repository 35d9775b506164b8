import ArgumentParser
import Foundation
import SediaCore
import SediaTestSupport
import Testing

@testable import SediaCLI

enum WhatifCLI {
    static func write(_ inst: Instance, _ name: String, in dir: TemporaryDirectory) throws -> String {
        let path = dir.file(name)
        try Data(PlanningFormat.encode(inst)).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func exitCode(_ args: [String]) async -> Int32 { await SediaRun.runAsync(args).status }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// A class, so each test's temporary directory is removed when the test ends (its `deinit`).
final class WhatifCommandTests {
    let dir: TemporaryDirectory

    init() throws { dir = try TemporaryDirectory("whatif") }
    deinit { dir.remove() }

    @Test(arguments: ["+interviewer@", "+room@CIC-U:huge", "+sitting-day@SES-A:someday", "+cases:lots", "+wizard@CIC-U", "+interviewer@CIC-NOPE"])
    func malformedOrUnknownSpecsExitWith2(spec: String) async throws {
        let path = try WhatifCLI.write(Fixtures.underStaffed(), "bad-spec.json", in: dir)
        #expect(await WhatifCLI.exitCode(["whatif", path, "--change", spec, "--iterations", "10", "--quiet"]) == 2)
    }

    @Test func aMissingInstanceExitsWith2() async {
        #expect(await WhatifCLI.exitCode(["whatif", dir.file("absent.json"), "--change", "+room@CIC-U", "--quiet"]) == 2)
    }

    @Test func changeReportsBeforeAndAfterAsJSON() async throws {
        let path = try WhatifCLI.write(Fixtures.underStaffed(), "change.json", in: dir)
        let out = dir.file("change-out.json")
        let chart = dir.file("change.svg")
        let code = await WhatifCLI.exitCode([
            "whatif", path, "--change", "+interviewer@CIC-U", "--iterations", "300", "--format", "json", "--out", out, "--chart", chart, "--quiet",
        ])
        #expect(code == 0)
        let json = try WhatifCLI.json(out)
        let before = try #require(json["before"] as? [String: Any])
        let after = try #require(json["after"] as? [String: Any])
        #expect(before["lateInterviews"] as? Int == 2)
        #expect(after["lateInterviews"] as? Int == 0)
        #expect(after["lateHearings"] as? Int == 0)
        #expect(after["unassigned"] as? Int == 0)
        #expect(json["changes"] as? [String] == ["+interviewer@CIC-U"])
        let svg = try String(contentsOfFile: chart, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("with changes"))
    }

    /// Issue 26: each scenario carries its proven bound. One officer for four interviews due on two days forces two
    /// late in every plan; a second officer lifts that, and the plans meet the bound in both scenarios.
    @Test func eachScenarioShowsItsBound() async throws {
        let path = try WhatifCLI.write(Fixtures.underStaffed(), "bound.json", in: dir)
        let out = dir.file("bound-out.json")
        let args = ["whatif", path, "--change", "+interviewer@CIC-U", "--iterations", "300", "--quiet"]
        #expect(await WhatifCLI.exitCode(args + ["--format", "json", "--out", out]) == 0)
        let json = try WhatifCLI.json(out)
        let before = try #require((json["before"] as? [String: Any])?["bounds"] as? [String: Any])
        let after = try #require((json["after"] as? [String: Any])?["bounds"] as? [String: Any])
        #expect(before["late"] as? Int == 2)
        #expect(before["unassigned"] as? Int == 0)
        #expect(after["late"] as? Int == 0)
        let binding = try #require(before["binding"] as? [[String: Any]])
        #expect(binding.first?["id"] as? String == "CIC-U")
        #expect(binding.first?["crowded"] as? Int == 2)
        let text = dir.file("bound-out.txt")
        #expect(await WhatifCLI.exitCode(args + ["--out", text]) == 0)
        let table = try String(contentsOfFile: text, encoding: .utf8)
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("late in every plan") })
        #expect(row.split(separator: " ").suffix(3) == ["2", "0", "-2"])
    }

    @Test func recommendFindsTheMissingInterviewer() async throws {
        let path = try WhatifCLI.write(Fixtures.underStaffed(), "recommend.json", in: dir)
        let out = dir.file("recommend-out.json")
        let code = await WhatifCLI.exitCode([
            "whatif", path, "--recommend", "--budget", "2", "--iterations", "300", "--format", "json", "--out", out, "--quiet",
        ])
        #expect(code == 0)
        let json = try WhatifCLI.json(out)
        let recs = try #require(json["recommendations"] as? [[String: Any]])
        #expect(recs.count == 1)
        #expect(recs.first?["change"] as? String == "+interviewer@CIC-U")
        let effect = try #require(recs.first?["effect"] as? [String: Any])
        #expect(effect["lateInterviews"] as? Int == -2)
        #expect((json["after"] as? [String: Any])?["lateInterviews"] as? Int == 0)
        #expect(json["changes"] as? [String] == ["+interviewer@CIC-U"])
    }

    @Test func markdownReportNamesTheRecommendation() async throws {
        let path = try WhatifCLI.write(Fixtures.underStaffed(), "md.json", in: dir)
        let out = dir.file("report.md")
        #expect(await WhatifCLI.exitCode(["whatif", path, "--recommend", "--iterations", "300", "--format", "md", "--out", out, "--quiet"]) == 0)
        let md = try String(contentsOfFile: out, encoding: .utf8)
        #expect(md.contains("`+interviewer@CIC-U`"))
        #expect(md.contains("## Before and after"))
    }

    @Test func recommendStartsFromTheScenarioTheChangesSet() async throws {
        let path = try WhatifCLI.write(Fixtures.underStaffed(), "scenario.json", in: dir)
        let out = dir.file("scenario-out.json")
        let code = await WhatifCLI.exitCode([
            "whatif", path, "--change=-interviewer:IO-1", "--recommend", "--iterations", "300", "--format", "json", "--out", out, "--quiet",
        ])
        #expect(code == 0)
        let json = try WhatifCLI.json(out)
        #expect(json["scenario"] as? [String] == ["-interviewer:IO-1"])
        // With nobody left, nothing can be planned; one new officer (two a day) holds all four on time.
        #expect((json["before"] as? [String: Any])?["unassigned"] as? Int == 4)
        #expect(json["changes"] as? [String] == ["+interviewer@CIC-U"])
        let after = try #require(json["after"] as? [String: Any])
        #expect(after["unassigned"] as? Int == 0)
        #expect(after["lateInterviews"] as? Int == 0)
    }
}
