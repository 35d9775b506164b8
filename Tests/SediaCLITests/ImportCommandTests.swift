import ArgumentParser
import Foundation
import SediaAppTestSupport
import SediaCLI
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// `sedia import staff|rooms|courts|cases|leave|holidays`, run in-process on the samples and on broken files.
@Suite(.serialized) struct ImportCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func sample(_ path: String) -> String { repository.appendingPathComponent(path).path }

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-import-\(UUID().uuidString)")
    var db: String { dir.appendingPathComponent("sedia.sqlite").path }

    func run(_ arguments: [String]) throws {
        var command = try SediaCommand.parseAsRoot(arguments)
        try command.run()
    }

    /// The exit status and what the command wrote to stderr.
    func failing(_ arguments: [String]) -> (code: Int32, stderr: String) {
        let ran = SediaRun.run(arguments)
        return (ran.status, ran.stderr)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The database's rows as text, to show that a refused import changed nothing.
    func dump() throws -> String {
        let database = try AppDatabase.open(path: db)
        let instance = try database.exportInstance()
        return String(decoding: PlanningFormat.encode(instance), as: UTF8.self)
            + "\(try database.auditLog(limit: 100_000).count) \(try database.dataVersion().version)"
    }

    func exported() throws -> Instance {
        let out = dir.appendingPathComponent("export.json").path
        try run(["export-instance", "--db", db, "--out", out])
        return try PlanningFormat.decodeInstance([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))), file: out)
    }

    func prepare() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try run(["db", "init", "--db", db])
        try run(["import", "instance", Self.sample("samples/demo-instance.json"), "--db", db])
    }

    @Test func theSampleFilesImportAndComeBackInTheExport() throws {
        try prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        for kind in ["centres", "courts", "rooms", "staff", "cases"] {
            try run(["import", kind, Self.sample("samples/import/\(kind).csv"), "--db", db])
        }
        try run(["import", "staff", Self.sample("samples/import/staff.json"), "--db", db])
        try run(["import", "leave", Self.sample("samples/import/leave-IO-001.ics"), "--db", db, "--person", "IO-001"])
        try run(["import", "leave", Self.sample("samples/import/leave-IO-001.ics"), "--db", db, "--court", "SES-KLG"])
        try run(["import", "holidays", Self.sample("calendars/holidays/MY-10.ics"), "--db", db, "--state", "MY-10"])
        let instance = try exported()
        #expect(instance.courts.contains { $0.id == "SES-KLG" && $0.name == "Sessions Court, Klang" && $0.hearingsPerDay == 1 })
        #expect(instance.centres.flatMap(\.rooms).contains { $0.id == "CIC-SA-3" && $0.features == ["recording", "accessible"] })
        #expect(
            instance.centres.contains { $0.id == "CIC-KLG" && $0.name == "Child Interview Centre, Klang" && $0.open == 510 && $0.rooms.count == 1 })
        // The demo's CIC-SA is unchanged by the sample's identical row, breaks included.
        #expect(instance.centres.first { $0.id == "CIC-SA" }?.breaks.isEmpty == false)
        #expect(instance.interviewers.contains { $0.id == "IO-101" && $0.languages == ["ms", "en"] })
        #expect(instance.interviewers.contains { $0.id == "IO-102" })
        #expect(instance.psychologists.contains { $0.id == "PSY-11" && $0.courts == ["SES-SA", "SC-PJY"] })
        #expect(
            instance.cases.contains { $0.id == "K-2027-0903" && $0.interviewDoneOn == AppFixtures.day("2026-12-10") && $0.hearing?.court == "SES-SA" }
        )
        let leave = [
            DayRange(from: AppFixtures.day("2027-02-22"), to: AppFixtures.day("2027-02-26")),
            DayRange(from: AppFixtures.day("2027-03-11"), to: AppFixtures.day("2027-03-11")),
        ]
        #expect(instance.interviewers.first { $0.id == "IO-001" }?.unavailable == leave)
        #expect(instance.courts.first { $0.id == "SES-KLG" }?.closed == leave)
        #expect(instance.holidays.filter { $0.states == ["MY-10"] && $0.name == "Wesak Day" }.count == 4)
        // Importing again updates in place: no duplicates, nothing changed.
        try run(["import", "cases", Self.sample("samples/import/cases.csv"), "--db", db])
        try run(["import", "holidays", Self.sample("calendars/holidays/MY-10.ics"), "--db", db, "--state", "MY-10"])
        #expect(try exported().cases.count == instance.cases.count)
        #expect(try exported().holidays == instance.holidays)
    }

    @Test func aBadRowFailsWithFileLineAndFieldAndChangesNothing() throws {
        try prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try dump()
        let staff = try write(
            "staff.csv", "id,kind,gender,languages,centres,maxPerDay\r\nIO-900,interviewer,F,ms,CIC-SA,2\r\nIO-901,interviewer,F,ms,CIC-SA,25\r\n")
        let result = failing(["import", "staff", staff, "--db", db])
        #expect(result.code == 2)
        #expect(result.stderr.contains("staff.csv: line 3: maxPerDay: must be a whole number 0…24"))
        let rooms = try write("rooms.json", #"[{"id": "R-1", "centre": "CIC-SA"}, {"id": "R-2", "centre": "CIC-NOWHERE"}]"#)
        let refused = failing(["import", "rooms", rooms, "--db", db])
        #expect(refused.code == 2)
        #expect(refused.stderr.contains("rooms.json: [1].centre: unknown centre CIC-NOWHERE"))
        let cases = try write(
            "cases.csv",
            "id,state,childName,child.ref,child.age,child.languages,child.lat,child.lon,interview.durationMinutes,interview.earliest,interview.targetBy\n"
                + "K-1,MY-10,Aminah Sentinel,C-1,9,ms,3,101,60,2027-01-04,2027-01-15\nK-2,MY-10,Aminah Sentinel,C-2,nine,ms,3,101,60,2027-01-04,2027-01-15\n"
        )
        let badCase = failing(["import", "cases", cases, "--db", db])
        #expect(badCase.code == 2)
        #expect(badCase.stderr.contains("cases.csv: line 3: child.age:"))
        #expect(!badCase.stderr.contains("Aminah"))
        let unknown = try write("courts.csv", "id,state,sittingDays,hearingsPerDay,judge\n")
        #expect(failing(["import", "courts", unknown, "--db", db]).stderr.contains("unknown column judge"))
        #expect(try dump() == before)
    }

    /// Targets left empty are computed from rules/ and calendars/, as the intake form computes them.
    @Test func emptyTargetsComeFromTheRules() throws {
        try prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header =
            "id,state,child.ref,child.age,child.languages,child.lat,child.lon,interview.durationMinutes,interview.earliest,interview.targetBy,"
            + "hearing.court,hearing.registeredOn,hearing.deadline,hearing.days,hearing.earliest\n"
        let cases = try write("cases.csv", header + "K-9001,MY-10,C-9001,9,ms,3.07,101.52,90,2027-01-11,,SES-SA,2026-12-01,,2,2027-02-15\n")
        try run(["import", "cases", cases, "--db", db])
        let item = try #require(try exported().cases.first { $0.id == "K-9001" })
        let target = try #require(item.interview?.targetBy)
        // The interview target rule counts working days from the report: after it, within two weeks.
        #expect(target > AppFixtures.day("2027-01-11") && target <= AppFixtures.day("2027-01-25"))
        // Circular No. 2 of 2017: 12 months from registration for a Sessions Court in Selangor.
        #expect(item.hearing?.deadline == AppFixtures.day("2027-12-01"))
        // A deadline that cannot be computed (no registration date) is refused, naming the field.
        let missing = try write("missing.csv", header + "K-9002,MY-10,C-9002,9,ms,3.07,101.52,90,2027-01-11,2027-01-20,SES-SA,,,2,2027-02-15\n")
        let refused = failing(["import", "cases", missing, "--db", db])
        #expect(refused.code == 2)
        #expect(refused.stderr.contains("missing.csv: line 2: hearing.deadline: empty: give it, or hearing.registeredOn"))
    }

    @Test func leaveInAnotherTimeZoneIsSetOnTheMalaysianDays() throws {
        try prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        // As Google Calendar exports it: 23:30 London (GMT) on 10 March and 22:30 UTC on 15 March are the next mornings in Malaysia.
        let ics = try write(
            "leave-london.ics",
            [
                "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0", "X-WR-TIMEZONE:Europe/London",
                "BEGIN:VEVENT", "DTSTART;TZID=Europe/London:20270310T233000", "DTEND;TZID=Europe/London:20270310T235900",
                "DTSTAMP:20270101T000000Z", "UID:a@google.com", "DESCRIPTION:", "SUMMARY:Leave", "END:VEVENT", "BEGIN:VEVENT",
                "DTSTART:20270315T223000Z", "DTEND:20270315T230000Z", "DTSTAMP:20270101T000000Z", "UID:b@google.com", "SUMMARY:Leave",
                "END:VEVENT", "END:VCALENDAR",
            ].joined(separator: "\r\n") + "\r\n")
        try run(["import", "leave", ics, "--db", db, "--person", "IO-001"])
        let expected = [
            DayRange(from: AppFixtures.day("2027-03-11"), to: AppFixtures.day("2027-03-11")),
            DayRange(from: AppFixtures.day("2027-03-16"), to: AppFixtures.day("2027-03-16")),
        ]
        #expect(try exported().interviewers.first { $0.id == "IO-001" }?.unavailable == expected)
    }

    @Test func leaveWithALibicalErrorIsRefusedNamingTheLine() throws {
        try prepare()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try dump()
        let ics = try write(
            "leave.ics",
            [
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "BEGIN:VEVENT", "UID:a@test", "DTSTAMP:20260101T000000Z",
                "DTSTART;VALUE=DATE:20270301", "DTEND;VALUE=DATE:garbage", "SUMMARY:Leave", "END:VEVENT", "END:VCALENDAR",
            ].joined(separator: "\r\n") + "\r\n")
        let result = failing(["import", "leave", ics, "--db", db, "--person", "IO-001"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("leave.ics:8: libical:"))
        #expect(failing(["import", "leave", ics, "--db", db, "--person", "IO-404"]).code == 2)
        #expect(try dump() == before)
    }
}
