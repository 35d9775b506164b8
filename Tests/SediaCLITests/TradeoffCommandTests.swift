import Foundation
import SediaCore
import SediaTestSupport
import Testing

/// A class, so each test's temporary directory is removed when the test ends (its `deinit`).
final class TradeoffCommandTests {
    let dir: TemporaryDirectory

    init() throws { dir = try TemporaryDirectory("tradeoff") }
    deinit { dir.remove() }

    /// A small replan (an officer on leave moves some bookings whatever the budget), with no budget of its own.
    func replanInstance() throws -> String {
        var instance = InstanceGenerator.generate(scale: .tiny, seed: 5, replan: true)
        instance.maxMoves = nil
        return try WhatifCLI.write(instance, "replan.json", in: dir)
    }

    @Test func theJSONHasARowPerBudgetWithExactlyTheContractsFieldsAndLateNeverRises() async throws {
        let path = try replanInstance()
        let ran = await SediaRun.runAsync(["tradeoff", path, "--budgets", "16,0,4,none,8", "--iterations", "150", "--format", "json", "--quiet"])
        #expect(ran.status == 0, "\(ran.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(ran.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 5)
        for row in rows { #expect(Set(row.keys) == ["maxMoves", "moves", "unassigned", "late", "cost"]) }
        // Increasing budgets, no limit last.
        #expect(rows.map { $0["maxMoves"] as? Int } == [0, 4, 8, 16, nil])
        let solved = rows.filter { $0["late"] is Int }
        #expect(!solved.isEmpty)
        for row in solved {
            if let budget = row["maxMoves"] as? Int { #expect(try #require(row["moves"] as? Int) <= budget) }
        }
        let late = solved.compactMap { $0["late"] as? Int }
        #expect(late == late.sorted(by: >))
    }

    @Test func theOutDirHoldsAVerifiablePlanPerReachableBudget() async throws {
        let path = try replanInstance()
        let out = dir.file("plans")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        let ran = await SediaRun.runAsync(["tradeoff", path, "--budgets", "0,8,none", "--iterations", "100", "--out-dir", out, "--quiet"])
        #expect(ran.status == 0, "\(ran.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.contains("plan-moves-none.json"))
        #expect(files.allSatisfy { ["plan-moves-0.json", "plan-moves-8.json", "plan-moves-none.json"].contains($0) })
        for file in files {
            let plan = URL(fileURLWithPath: out).appendingPathComponent(file)
            #expect(SediaRun.run(["verify", path, plan.path]).status == 0, "\(file)")
            let python = try ReferenceCheckerTests.runPython(URL(fileURLWithPath: path), plan)
            #expect(python.status == 0 && python.summary.hasPrefix("valid=true"), "\(file): \(python.summary)")
        }
        // A budget no plan fits gets no file and says why in the table.
        if !files.contains("plan-moves-0.json") { #expect(ran.stdout.contains("no plan within 0 move(s)")) }
    }

    @Test(arguments: ["-1", "abc", "5,,6", "1.5", "", "10,lots"])
    func badBudgetsExitWith2NamingTheOption(budgets: String) async throws {
        let path = try replanInstance()
        let ran = await SediaRun.runAsync(["tradeoff", path, "--budgets", budgets, "--iterations", "10", "--quiet"])
        #expect(ran.status == 2)
        #expect(ran.stderr.contains("--budgets"), "\(ran.stderr)")
    }

    @Test func anInstanceWithoutAPreviousPlanExitsWith2NamingTheField() async throws {
        let path = try WhatifCLI.write(InstanceGenerator.generate(scale: .tiny, seed: 5), "fresh.json", in: dir)
        let ran = await SediaRun.runAsync(["tradeoff", path, "--budgets", "0,10", "--iterations", "10", "--quiet"])
        #expect(ran.status == 2)
        #expect(ran.stderr.contains("previous"), "\(ran.stderr)")
    }

    @Test func aMissingOutDirExitsWith2BeforeSolving() async throws {
        let path = try replanInstance()
        let ran = await SediaRun.runAsync(["tradeoff", path, "--budgets", "0", "--iterations", "10", "--out-dir", dir.file("absent"), "--quiet"])
        #expect(ran.status == 2)
        #expect(ran.stderr.contains("--out-dir"))
    }
}
