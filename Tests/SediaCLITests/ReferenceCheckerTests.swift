import ArgumentParser
import Foundation
import SediaCLI
import SediaCore
import SediaTestSupport
import Testing

/// Runs `shared/tools/verify.py`, the independent referee written from the spec in Python,
/// on the same files as `sedia verify`, and asks that the two agree.
struct ReferenceCheckerTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The copy in Tests/Reference, so the suite runs from a clone anywhere (see Tests/Reference/README.md).
    static let verifyPy = repo.appendingPathComponent("Tests/Reference/verify.py")
    /// The original, in the shared folder beside the project when there is one.
    static let sharedVerifyPy = repo.deletingLastPathComponent().appendingPathComponent("shared/tools/verify.py")

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// verify.py's violated rule numbers and score line.
    static func runPython(_ instance: URL, _ plan: URL) throws -> (status: Int32, rules: Set<Int>, summary: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", verifyPy.path, instance.path, plan.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        let rules = Set(lines.compactMap { l -> Int? in l.hasPrefix("rule=") ? Int(l.dropFirst(5).prefix { $0.isNumber }) : nil })
        return (p.terminationStatus, rules, lines.last { $0.hasPrefix("valid=") } ?? "")
    }

    static func write(_ instance: Instance, _ plan: Plan, in dir: URL) throws -> (URL, URL) {
        let i = dir.appendingPathComponent("instance.json")
        let p = dir.appendingPathComponent("plan.json")
        try Data(PlanningFormat.encode(instance)).write(to: i)
        try Data(PlanningFormat.encode(plan)).write(to: p)
        return (i, p)
    }

    static func ours(_ instance: Instance, _ plan: Plan) -> String {
        let r = Verifier.verify(instance, plan)
        return "valid=\(r.isValid ? "true" : "false") unassigned=\(r.score.unassigned) late=\(r.score.late) cost=\(r.score.cost)"
    }

    @Test func theReferenceCheckerIsThere() {
        #expect(FileManager.default.fileExists(atPath: Self.verifyPy.path), "expected \(Self.verifyPy.path)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedVerifyPy.path), "no shared/ folder beside the project to compare with"))
    func theCopyIsSharedsChecker() throws {
        #expect(try Data(contentsOf: Self.verifyPy) == Data(contentsOf: Self.sharedVerifyPy), "refresh Tests/Reference/verify.py from shared/")
    }

    @Test(arguments: [(InstanceScale.tiny, UInt64(1)), (.tiny, 2), (.state, 1), (.tiny, 3)])
    func solverOutputVerifiesWithBothReferees(scale: InstanceScale, seed: UInt64) throws {
        let instance = InstanceGenerator.generate(scale: scale, seed: seed, replan: seed == 3)
        let plan = Solver.solve(instance, options: SolverOptions(iterations: 300, seed: seed)).plan
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (i, p) = try Self.write(instance, plan, in: dir)
        let py = try Self.runPython(i, p)
        #expect(py.status == 0, "\(py)")
        #expect(py.summary == Self.ours(instance, plan))
    }

    @Test func bothRefereesFindTheSameBrokenRules() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var cases = [("valid", Fixtures.instance(), Fixtures.plan())]
        for b in Fixtures.breakages {
            var i = Fixtures.instance()
            var p = Fixtures.plan()
            b.apply(&i, &p)
            cases.append((b.description, i, p))
        }
        for (name, instance, plan) in cases {
            let (i, p) = try Self.write(instance, plan, in: dir)
            let py = try Self.runPython(i, p)
            let report = Verifier.verify(instance, plan)
            var ours = Set(report.violations.map(\.rule))
            // verify.py reports a wrong declared score on its own line and as rule 0.
            if report.declaredScore != nil { ours.insert(0) }
            #expect(py.rules == ours, "\(name): verify.py \(py.rules.sorted()), sedia \(ours.sorted())")
            #expect(py.summary == Self.ours(instance, plan), "\(name)")
        }
    }

    @Test func verifyExitsZeroOneOrTwo() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (i, p) = try Self.write(Fixtures.instance(), Fixtures.plan(), in: dir)
        #expect(try Self.exitCode(["verify", i.path, p.path, "--quiet"]) == 0)
        var bad = Fixtures.plan()
        bad.hearings.removeAll()
        try Data(PlanningFormat.encode(bad)).write(to: p)
        #expect(try Self.exitCode(["verify", i.path, p.path, "--quiet"]) == 1)
        try Data("{\"format\": \"sedia-plan/1\", \"interviews\": 3}".utf8).write(to: p)
        #expect(try Self.exitCode(["verify", i.path, p.path]) == 2)
        #expect(try Self.exitCode(["verify", dir.appendingPathComponent("missing.json").path, p.path]) == 2)
    }

    @Test func solveWritesNothingOnBadInput() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let i = dir.appendingPathComponent("instance.json")
        try Data("{\"format\": \"sedia-instance/1\", \"cases\": [}".utf8).write(to: i)
        let out = dir.appendingPathComponent("plan.json")
        #expect(try Self.exitCode(["solve", i.path, "--out", out.path, "--iterations", "10", "--quiet"]) == 2)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func solveThenVerifyEndToEnd() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let i = dir.appendingPathComponent("instance.json")
        let out = dir.appendingPathComponent("plan.json")
        #expect(try Self.exitCode(["generate", "--scale", "tiny", "--seed", "9", "--out", i.path]) == 0)
        #expect(try Self.exitCode(["solve", i.path, "--out", out.path, "--iterations", "200", "--seed", "3", "--quiet"]) == 0)
        #expect(try Self.exitCode(["verify", i.path, out.path, "--quiet"]) == 0)
        let py = try Self.runPython(i, out)
        #expect(py.status == 0)
    }

    static let nationalWithLimit = repo.deletingLastPathComponent().appendingPathComponent("shared/instances/national-s1-250km.json")

    /// The shared national instance with `maxTravelKm: 250`, and a plan that books forty interviews at the centre
    /// farthest from each child (breaking rule 2 and, with everyone booked at once, others): both referees agree.
    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: nationalWithLimit.path), "no shared/ folder beside the project"),
        .timeLimit(.minutes(3)))
    func bothRefereesAgreeOnTheNationalTravelLimit() throws {
        let instance = try PlanningFormat.decodeInstance(Array(try Data(contentsOf: Self.nationalWithLimit)), file: "national-s1-250km.json")
        #expect(instance.maxTravelKm == 250)
        var plan = Plan(instance: instance.name, interviews: [], hearings: [], unassigned: [], score: nil)
        for (n, c) in instance.cases.enumerated() {
            if c.interview != nil {
                let far = instance.centres.max {
                    Verifier.haversineKm(c.child.lat, c.child.lon, $0.lat, $0.lon) < Verifier.haversineKm(c.child.lat, c.child.lon, $1.lat, $1.lon)
                }
                if n < 40, let far, let room = far.rooms.first, let officer = instance.interviewers.first(where: { $0.centres.contains(far.id) }) {
                    let psychologist = c.child.needsPsychologist ? instance.psychologists.first { $0.centres.contains(far.id) }?.id : nil
                    plan.interviews.append(
                        InterviewBooking(
                            caseID: c.id, room: room.id, interviewer: officer.id, psychologist: psychologist,
                            start: LocalDateTime(day: instance.planStart.adding(days: 1), minute: 9 * 60)))
                } else {
                    plan.unassigned.append(Unassigned(caseID: c.id, task: .interview, reasons: ["left for the test"]))
                }
            }
            if c.hearing != nil { plan.unassigned.append(Unassigned(caseID: c.id, task: .hearing, reasons: ["left for the test"])) }
        }
        plan.score = Verifier.verify(instance, plan).score
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("plan.json")
        try Data(PlanningFormat.encode(plan)).write(to: p)
        let py = try Self.runPython(Self.nationalWithLimit, p)
        let report = Verifier.verify(instance, plan)
        #expect(report.violations.contains { if case .tooFar(_, let km, 250) = $0.kind { km > 250 } else { false } })
        #expect(py.rules.contains(2))
        #expect(py.rules == Set(report.violations.map(\.rule)), "verify.py \(py.rules.sorted())")
        #expect(py.summary == Self.ours(instance, plan))
        // `sedia verify` on the same files says the same (exit 1: rules broken).
        #expect(try Self.exitCode(["verify", Self.nationalWithLimit.path, p.path, "--quiet"]) == 1)
    }

    @Test func generateSetsTheTravelLimit() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let i = dir.appendingPathComponent("instance.json")
        func limit(_ extra: [String]) throws -> Int? {
            #expect(try Self.exitCode(["generate", "--scale", "tiny", "--seed", "4", "--out", i.path] + extra) == 0)
            return try PlanningFormat.decodeInstance(Array(try Data(contentsOf: i)), file: i.path).maxTravelKm
        }
        #expect(try limit([]) == 250)
        #expect(try limit(["--max-travel-km", "120"]) == 120)
        #expect(try limit(["--no-travel-limit"]) == nil)
        #expect(throws: (any Error).self) {
            _ = try SediaCommand.parseAsRoot(["generate", "--scale", "tiny", "--out", i.path, "--max-travel-km", "0"])
        }
    }

    static func exitCode(_ args: [String]) throws -> Int32 {
        do {
            var command = try SediaCommand.parseAsRoot(args)
            try command.run()
            return 0
        } catch {
            return SediaMain.exitStatus(for: error)
        }
    }
}
