import ArgumentParser
import Foundation
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

@testable import SediaCLI

/// Hostile input on the command line, replayed from the attack on the running application: each test fails without
/// the fix it names (see docs/security.md).
struct SecurityInputTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = repository.appendingPathComponent("samples/demo-instance.json").path

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-security-\(UUID().uuidString)")
    var db: String { dir.appendingPathComponent("sedia.sqlite").path }

    /// The exit status of `sedia ARGUMENTS` run in-process, as the executable exits.
    func exitCode(_ arguments: [String]) async -> Int32 { await SediaRun.runAsync(arguments).status }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A database with the sample instance.
    func prepare() async throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        #expect(await exitCode(["db", "init", "--db", db]) == 0)
        #expect(await exitCode(["import", "instance", Self.sample, "--db", db]) == 0)
    }

    func caseIDs() throws -> Set<String> {
        Set(try AppDatabase.open(path: db).caseRecords(state: nil).map(\.item.id.rawValue))
    }

    func sampleInstance() throws -> Instance {
        try PlanningFormat.decodeInstance([UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.sample))), file: Self.sample)
    }

    // MARK: Ids

    /// "K-NUL\u0000A" and "K-NUL\u0000B" were reported as two cases and stored as one (SQLite ends text at NUL).
    @Test func caseIdsWithNULAreRefusedAndNothingIsStored() async throws {
        try await prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        var instance = try sampleInstance()
        let template = try #require(instance.cases.first { $0.interview != nil })
        for suffix in ["A", "B"] {
            var item = template
            item.id = Case.ID("K-NUL\u{0}\(suffix)")
            item.interview?.pinned = nil
            instance.cases.append(item)
        }
        let before = try caseIDs()
        let file = try write("nul.json", PlanningFormat.encode(instance))
        #expect(await exitCode(["import", "instance", file, "--db", db]) == 2)
        #expect(try caseIDs() == before)
        #expect(!before.contains { $0.hasPrefix("K-NUL") })
    }

    @Test(arguments: ["A/B", "A?B", "A#B", "A%2FB", "K-\u{202E}1", "K\u{200B}1", "K 1", "K\t1", String(repeating: "K", count: 65), ""])
    func everyIdRuleRefuses(id: String) {
        #expect(IdentifierRule.problem(id) != nil)
    }

    @Test(arguments: ["K-2027-0001", "CIC-KB-1", "MY-03", "Ä-Ø_1.2", "IO-014", String(repeating: "K", count: 64)])
    func ordinaryIdsPass(id: String) {
        #expect(IdentifierRule.problem(id) == nil)
    }

    @Test func aTableImportRefusesASlashInAnId() async throws {
        try await prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try write("rooms.csv", Array("id,centre,features\nCIC-KB/9,CIC-KB,recording\n".utf8))
        #expect(await exitCode(["import", "rooms", file, "--db", db]) == 2)
        let rooms = try AppDatabase.open(path: db).exportInstance().centres.flatMap(\.rooms).map(\.id.rawValue)
        #expect(!rooms.contains("CIC-KB/9"))
    }

    /// A plan naming a case with a bidirectional control is bad input (exit 2), not merely an invalid plan (exit 1).
    @Test func aPlanFileWithABidiControlInAnIdIsBadInput() async throws {
        try await prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let instance = try sampleInstance()
        let item = try #require(instance.cases.first { $0.interview != nil })
        let centre = try #require(instance.centres.first)
        let interviewer = try #require(instance.interviewers.first)
        let plan = Plan(
            instance: instance.name,
            interviews: [
                InterviewBooking(
                    caseID: Case.ID(item.id.rawValue + "\u{202E}"), room: centre.rooms[0].id, interviewer: interviewer.id, psychologist: nil,
                    start: LocalDateTime(day: instance.planStart, minute: 9 * 60))
            ], hearings: [], unassigned: [], score: nil)
        let file = try write("plan.json", PlanningFormat.encode(plan))
        #expect(await exitCode(["verify", Self.sample, file]) == 2)
        #expect(await exitCode(["apply-plan", file, "--db", db]) == 2)
        #expect(try AppDatabase.open(path: db).bookings().interviews.isEmpty)
    }

    /// An id argument with NUL named an existing person or state to SQLite (which ends the text there).
    @Test func idsGivenAsArgumentsAreChecked() async throws {
        try await prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try AppDatabase.open(path: db)
        let leave = try #require(try database.exportInstance().interviewers.first { $0.id == "IO-001" }).unavailable
        let ics = try write(
            "leave.ics",
            Array(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:l@t\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270301\r\nSUMMARY:leave\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                    .utf8))
        #expect(await exitCode(["import", "leave", ics, "--db", db, "--person", "IO-001\u{0}x"]) == 2)
        #expect(try database.exportInstance().interviewers.first { $0.id == "IO-001" }?.unavailable == leave)
        let holidays = Self.repository.appendingPathComponent("calendars/holidays/MY-10.ics").path
        #expect(await exitCode(["import", "holidays", holidays, "--db", db, "--state", "MY-10\u{0}"]) == 2)
        #expect(await exitCode(["suggest", Self.sample, "--plan", Self.sample, "--case", "K\u{202E}1"]) == 2)
        #expect(await exitCode(["checklist", Self.sample, Self.sample, "--case", "A#B"]) == 2)
    }

    // MARK: Files and ports

    /// A mistyped `--db` made a new empty database and imported into it.
    @Test func onlyDbInitCreatesADatabase() async throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let typo = dir.appendingPathComponent("sedai.sqlite").path
        #expect(await exitCode(["import", "instance", Self.sample, "--db", typo]) == 2)
        #expect(await exitCode(["export-instance", "--db", typo, "--out", dir.appendingPathComponent("x.json").path]) == 2)
        #expect(await exitCode(["apply-plan", Self.sample, "--db", typo]) == 2)
        #expect(!FileManager.default.fileExists(atPath: typo))
        #expect(await exitCode(["db", "init", "--db", typo]) == 0)
        #expect(FileManager.default.fileExists(atPath: typo))
        #expect(await exitCode(["import", "instance", Self.sample, "--db", typo]) == 0)
    }

    /// `--port 99999` listened on another port; it is refused while the arguments are read, before anything starts.
    @Test(arguments: [99_999, -1, 65_536])
    func aPortOutOfRangeIsRefused(port: Int) {
        do {
            _ = try SediaCommand.parseAsRoot(["serve", "--db", "x.sqlite", "--port", String(port)])
            Issue.record("--port \(port) was accepted")
        } catch {
            #expect(SediaMain.exitStatus(for: error) == 2)
        }
    }

    /// `sedia solve --out` made missing folders.
    @Test func solveRefusesAMissingOutputFolder() async throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no/such/folder")
        let out = missing.appendingPathComponent("plan.json").path
        #expect(await exitCode(["solve", Self.sample, "--out", out, "--iterations", "0", "--quiet"]) == 2)
        #expect(!FileManager.default.fileExists(atPath: missing.path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("no").path))
    }

    // MARK: Imports

    /// `import instance` took a 30 MB file while table imports stopped at 20 MB: one limit for every file read.
    @Test func everyImportHasTheSameSizeLimit() async throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(await exitCode(["db", "init", "--db", db]) == 0)
        // A valid instance, made one byte larger than the limit with trailing spaces (JSON whitespace).
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.sample)))
        bytes += [UInt8](repeating: 0x20, count: InputLimits.maxFileBytes + 1 - bytes.count)
        let big = try write("big.json", bytes)
        #expect(await exitCode(["import", "instance", big, "--db", db]) == 2)
        #expect(try caseIDs().isEmpty)
        #expect(await exitCode(["verify", big, Self.sample]) == 2)
        let csv = try write("big.csv", Array("id,centre\n".utf8) + [UInt8](repeating: 0x20, count: InputLimits.maxFileBytes))
        #expect(await exitCode(["import", "rooms", csv, "--db", db]) == 2)
    }

    /// A JSON object naming a member twice was read with one of the values; now refused naming the name and the path.
    @Test func aRepeatedJSONNameIsRefusedWithItsPath() async throws {
        do {
            _ = try JSONReader.parse(Array(#"{"cases": [{"id": "A"}, {"id": "B", "child": {"age": 1, "age": 2}}]}"#.utf8))
            Issue.record("a repeated name was accepted")
        } catch {
            #expect(error.message.contains(#"the name "age" appears twice in the object at $.cases[1].child"#))
            #expect(error.line == 1)
        }
        try await prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.sample)), as: UTF8.self)
        let range = try #require(text.range(of: "\"name\":"))
        text.replaceSubrange(range, with: "\"name\": \"twice\", \"name\":")
        let file = try write("twice.json", Array(text.utf8))
        #expect(await exitCode(["import", "instance", file, "--db", db]) == 2)
        let rows = try write("staff.json", Array(#"[{"id": "IO-900", "id": "IO-901", "kind": "prosecutor", "languages": ["ms"]}]"#.utf8))
        #expect(await exitCode(["import", "staff", rows, "--db", db]) == 2)
    }

    /// A leave RRULE with more occurrences than the bound was stored cut short; it is refused, nothing changed.
    @Test func aLeaveRuleBeyondTheOccurrenceBoundIsRefused() async throws {
        try await prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try AppDatabase.open(path: db)
        let before = try database.exportInstance().interviewers.first { $0.id == "IO-001" }?.unavailable
        // Every minute from 2027: 100,000 occurrences end in March, long before the import window does.
        let ics = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//test//EN\r
            BEGIN:VEVENT\r
            UID:flood@test\r
            DTSTAMP:20260101T000000Z\r
            DTSTART:20270101T080000Z\r
            DTEND:20270101T080100Z\r
            RRULE:FREQ=MINUTELY\r
            SUMMARY:leave\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        let file = try write("flood.ics", Array(ics.utf8))
        #expect(await exitCode(["import", "leave", file, "--db", db, "--person", "IO-001"]) == 2)
        #expect(try database.exportInstance().interviewers.first { $0.id == "IO-001" }?.unavailable == before)
    }

    /// `sedia deadlines --format csv` wrote cells starting with `=`, `+`, `-`, `@` as they were.
    @Test func csvCellsThatLookLikeFormulasAreNeutralised() throws {
        #expect(CSV.cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSV.cell("+SUM(A1)") == "'+SUM(A1)")
        #expect(CSV.cell("-2+3") == "'-2+3")
        #expect(CSV.cell("@cmd") == "'@cmd")
        #expect(CSV.cell("\tx") == "'\tx")
        #expect(CSV.cell("\rx") == "\"'\rx\"")
        #expect(CSV.cell("-12") == "-12")
        #expect(CSV.cell("+1.5") == "+1.5")
        #expect(CSV.cell("K-2027-0001") == "K-2027-0001")
        #expect(CSV.line(["a,b", "=1"]) == "\"a,b\",'=1\n")
        // The deadlines report writes through it.
        let book = try RuleFixtures.book()
        let cases = try CaseFile.parse(
            "case,state,court,registeredOn,chargedOn\n=1+1,MY-10,,2027-01-04,2027-01-04\n", file: "cases.csv", book: book)
        var deadlines: [Deadline] = []
        for c in cases { deadlines += try book.deadlines(for: c, calendars: RuleFixtures.calendars()) }
        #expect(!deadlines.isEmpty)
        let csv = DeadlineReport.render(deadlines, on: Day(iso: "2027-01-04") ?? Day(ordinal: 0), format: .csv)
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.hasPrefix("'=1+1,") })
    }
}
