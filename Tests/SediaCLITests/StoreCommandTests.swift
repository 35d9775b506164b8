import ArgumentParser
import Foundation
import SediaCLI
import SediaCore
import SediaStore
import Testing

/// `sedia db init`, `import instance`, `apply-plan` and `export-instance`, run in-process on the bundled sample.
struct StoreCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = repository.appendingPathComponent("samples/demo-instance.json").path

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-cli-\(UUID().uuidString)")
    var db: String { dir.appendingPathComponent("sedia.sqlite").path }

    func run(_ arguments: [String]) throws {
        var command = try SediaCommand.parseAsRoot(arguments)
        try command.run()
    }

    func exitCode(_ arguments: [String]) -> Int32 { SediaRun.run(arguments).status }

    @Test func aPlanThatBreaksARuleIsRefusedWithNothingChanged() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try run(["db", "init", "--db", db])
        try run(["import", "instance", Self.sample, "--db", db])
        let database = try AppDatabase.open(path: db)
        let instance = try database.exportInstance()
        let sample = try PlanningFormat.decodeInstance(Array(try Data(contentsOf: URL(fileURLWithPath: Self.sample))), file: Self.sample)
        #expect(instance.cases.map(\.id) == sample.cases.map(\.id))
        let item = try #require(instance.cases.first { $0.interview != nil })
        let centre = try #require(instance.centres.first)
        let interviewer = try #require(instance.interviewers.first)
        // 03:00 is outside every centre's opening hours (rule 1).
        let night = LocalDateTime(day: instance.planStart, minute: 3 * 60)
        let bad = Plan(
            instance: instance.name,
            interviews: [InterviewBooking(caseID: item.id, room: centre.rooms[0].id, interviewer: interviewer.id, psychologist: nil, start: night)],
            hearings: [], unassigned: [], score: nil)
        let planPath = dir.appendingPathComponent("bad-plan.json").path
        try Data(PlanningFormat.encode(bad)).write(to: URL(fileURLWithPath: planPath))
        let auditBefore = try database.auditLog().count
        #expect(exitCode(["apply-plan", planPath, "--db", db]) == 2)
        #expect(try database.bookings().interviews.isEmpty)
        #expect(try database.auditLog().count == auditBefore)
        // A malformed file is refused too, naming the file.
        let junk = dir.appendingPathComponent("junk.json").path
        try Data("{\"format\":".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(exitCode(["import", "instance", junk, "--db", db]) == 2)
        #expect(exitCode(["apply-plan", junk, "--db", db]) == 2)
        #expect(try database.exportInstance().cases.map(\.id) == sample.cases.map(\.id))
    }

    @Test func exportInstanceWritesWhatTheDatabaseHolds() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try run(["db", "init", "--db", db])
        try run(["import", "instance", Self.sample, "--db", db])
        // Outputs go only into folders that exist.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("out/instance.json").path
        try run(["export-instance", "--db", db, "--out", out])
        let written = try PlanningFormat.decodeInstance([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))), file: out)
        let original = try PlanningFormat.decodeInstance([UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.sample))), file: Self.sample)
        // The app keeps a travel limit (250 km unless an admin changed it) and writes it out.
        // and plans from today (Malaysian time) for 365 days, whatever window the sample had: it writes the window it used.
        var expected = original
        expected.maxTravelKm = 250
        expected.planStart = MalaysianTime.day(unixSeconds: Int64(Date().timeIntervalSince1970))
        expected.horizonDays = 365
        #expect(written == expected)
        try run(["export-instance", "--db", db, "--out", out, "--horizon-days", "30"])
        let shorter = try PlanningFormat.decodeInstance([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))), file: out)
        #expect(shorter.horizonDays == 30 && shorter.planStart == expected.planStart)
        #expect(throws: (any Error).self) { _ = try SediaCommand.parseAsRoot(["export-instance", "--db", db, "--out", out, "--horizon-days", "0"]) }
    }
}
