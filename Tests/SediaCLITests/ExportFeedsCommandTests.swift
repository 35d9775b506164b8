import ArgumentParser
import Foundation
import SediaCLI
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `sedia export feeds` end to end, in-process, on a two-case instance written to a temporary directory.
struct ExportFeedsCommandTests {
    static let instance = """
        {"format": "sedia-instance/1", "name": "cli-feeds", "timezone": "Asia/Kuala_Lumpur", "planStart": "2027-01-04",
         "horizonDays": 120, "gridMinutes": 30, "minPrepDays": 28,
         "states": [{"code": "MY-03", "name": "Kelantan", "weekend": ["fri", "sat"]}],
         "holidays": [],
         "centres": [{"id": "CIC-KB", "state": "MY-03", "lat": 6.12, "lon": 102.24, "open": "08:00", "close": "17:00",
                      "breaks": [], "rooms": [{"id": "CIC-KB-1", "features": ["recording"]}]}],
         "interviewers": [{"id": "IO-014", "gender": "F", "languages": ["ms"], "centres": ["CIC-KB"], "trainedUntil": null,
                           "maxPerDay": 2, "unavailable": []}],
         "psychologists": [],
         "courts": [{"id": "SC-KB", "state": "MY-03", "videoLink": true, "sittingDays": ["sun", "mon", "tue", "wed"],
                     "hearingsPerDay": 2, "closed": []}],
         "cases": [
          {"id": "K-1", "child": {"ref": "Aisyah Sentinel", "age": 9, "gender": "F", "languages": ["ms"], "lat": 6.0, "lon": 102.1,
           "interviewerGender": null, "needsPsychologist": false, "needsAccessibleRoom": false},
           "interview": {"durationMinutes": 90, "earliest": "2027-01-04", "targetBy": "2027-01-15", "pinned": null},
           "interviewDoneOn": null, "hearing": null},
          {"id": "K-2", "child": {"ref": "Hafiz Sentinel", "age": 11, "gender": "M", "languages": ["ms"], "lat": 6.0, "lon": 102.1,
           "interviewerGender": null, "needsPsychologist": false, "needsAccessibleRoom": false},
           "interview": null, "interviewDoneOn": "2026-12-01",
           "hearing": {"court": "SC-KB", "registeredOn": "2026-11-20", "deadline": "2027-11-20", "days": 1, "earliest": "2027-02-01",
                       "needsVideoLink": false, "needsPsychologist": false, "pinned": null}}],
         "previous": null, "maxMoves": null}
        """
    static let plan = """
        {"format": "sedia-plan/1", "instance": "cli-feeds",
         "interviews": [{"case": "K-1", "room": "CIC-KB-1", "interviewer": "IO-014", "psychologist": null, "start": "2027-01-06T09:00"}],
         "hearings": [{"case": "K-2", "court": "SC-KB", "dates": ["2027-02-07"], "psychologist": null}],
         "unassigned": [], "score": {"unassigned": 0, "late": 0, "cost": 0}}
        """

    struct Files {
        let dir: URL
        var instance: String { dir.appendingPathComponent("instance.json").path }
        var plan: String { dir.appendingPathComponent("plan.json").path }
        var prosecutors: String { dir.appendingPathComponent("prosecutors.csv").path }
        var out: String { dir.appendingPathComponent("feeds").path }

        init(prosecutors csv: String = "case,prosecutor\nK-1,DPP-01\nK-2,DPP-01\n") throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-feeds-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(ExportFeedsCommandTests.instance.utf8).write(to: URL(fileURLWithPath: instance))
            try Data(ExportFeedsCommandTests.plan.utf8).write(to: URL(fileURLWithPath: plan))
            try Data(csv.utf8).write(to: URL(fileURLWithPath: prosecutors))
        }

        /// The repository's own rules/ and calendars/, found from this file's path so the test runs from any directory.
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var home: [String] {
            [
                "--rules", Files.repository.appendingPathComponent("rules").path, "--calendars",
                Files.repository.appendingPathComponent("calendars").path,
            ]
        }

        func arguments(_ extra: [String] = []) -> [String] {
            ["export", "feeds", instance, plan, "--out", out, "--prosecutors", prosecutors, "--now", "2027-01-04T02:00:00Z"] + home + extra
        }

        func run(_ extra: [String] = []) throws {
            var command = try SediaCommand.parseAsRoot(arguments(extra))
            try command.run()
        }

        func contents() throws -> [String: Data] {
            var out: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: self.out) {
                out[name] = try Data(contentsOf: URL(fileURLWithPath: self.out).appendingPathComponent(name))
            }
            return out
        }
    }

    @Test func writesOneFeedPerOwnerAndTheSameBytesTwice() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(at: files.dir) }
        try files.run()
        let first = try files.contents()
        #expect(
            Set(first.keys) == [
                ".sedia-feeds-state.json", "interviewer-IO-014.ics", "room-CIC-KB-1.ics", "centre-CIC-KB.ics", "court-SC-KB.ics",
                "prosecutor-DPP-01.ics", "deadlines-DPP-01.ics",
            ])
        try files.run()
        #expect(try files.contents() == first)
        // The deadlines feed carries the readiness items of K-2 (trial 2027-02-07) from the repository's rules.
        let deadlines = String(decoding: first["deadlines-DPP-01.ics"] ?? Data(), as: UTF8.self)
        // One event per case and day, the items listed ("• " each).
        #expect(deadlines.replacingOccurrences(of: "\r\n ", with: "").contains("• Transcript of the recorded interview in its original language"))
        for (name, data) in first {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("Sentinel"), "child reference in \(name)")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: files.out + "/.sedia-feeds-state.json")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    /// `--language ms`: the same feeds, the same UIDs and times, with the fixed words and the rules' titles in Malay.
    @Test func malayFeedsKeepTheirEventsAndChangeTheirWords() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(at: files.dir) }
        try files.run()
        let english = try files.contents()
        try files.run(["--language", "ms"])
        let malay = try files.contents()
        #expect(Set(malay.keys) == Set(english.keys))
        let text = { (data: Data?) in String(decoding: data ?? Data(), as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "") }
        let deadlines = text(malay["deadlines-DPP-01.ics"])
        #expect(deadlines.contains("X-WR-CALNAME:Sedia: Tarikh akhir – TPR DPP-01"))
        #expect(deadlines.contains("• Transkrip temu bual yang dirakam dalam bahasa asalnya"))
        #expect(!deadlines.contains("Transcript of the recorded interview"))
        #expect(text(malay["interviewer-IO-014.ics"]).contains("SUMMARY:Temu bual – CIC-KB bilik 1"))
        // Events are the same: the lines that are not words match one for one.
        let lines = { (s: String) in
            s.split(separator: "\r\n").filter { $0.hasPrefix("UID:") || $0.hasPrefix("DTSTART") || $0.hasPrefix("SEQUENCE:") }
        }
        #expect(lines(deadlines) == lines(text(english["deadlines-DPP-01.ics"])))
        // The state file does not depend on the language.
        #expect(malay[".sedia-feeds-state.json"] == english[".sedia-feeds-state.json"])
        // An unknown language is bad input: status 2 and a message naming the option.
        let refused = SediaRun.run(files.arguments(["--language", "fr"]))
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--language"))
    }

    /// The export never reads the machine's zone or locale (a `Date` formatter slipping in would fail here). Each zone is
    /// set in the environment of a `sedia` child process only, never in this process, which runs other suites meanwhile.
    @Test func bytesDoNotDependOnTheMachinesZone() throws {
        let reference = try Files()
        defer { try? FileManager.default.removeItem(at: reference.dir) }
        try reference.run()
        let expected = try reference.contents()
        for zone in ["Pacific/Kiritimati", "America/Adak", "UTC"] {
            let files = try Files()
            defer { try? FileManager.default.removeItem(at: files.dir) }
            // The same installation secret (hence the same UIDs): the reference's state, before the child's run.
            try FileManager.default.createDirectory(atPath: files.out, withIntermediateDirectories: false)
            try FileManager.default.copyItem(atPath: reference.out + "/.sedia-feeds-state.json", toPath: files.out + "/.sedia-feeds-state.json")
            let ran = try SediaRun.spawn(files.arguments(), environment: ["TZ": zone, "LANG": "ms_MY.UTF-8"])
            #expect(ran.status == 0, "TZ=\(zone): \(ran.stderr)")
            #expect(try files.contents() == expected, "TZ=\(zone)")
        }
    }

    @Test(arguments: ["\u{FEFF}case,prosecutor\r\n\"K-1\",\"DPP-01\"\r\nK-2,DPP-01\r\n", "case , prosecutor\n\nK-1, DPP-01\nK-2,DPP-01"])
    func aSpreadsheetsProsecutorFileIsRead(csv: String) throws {
        let files = try Files(prosecutors: csv)
        defer { try? FileManager.default.removeItem(at: files.dir) }
        try files.run()
        #expect(FileManager.default.fileExists(atPath: files.out + "/prosecutor-DPP-01.ics"))
        #expect(try files.contents().count == 7)
    }

    @Test(arguments: [
        "case,prosecutor\nK-9,DPP-01\n",
        "prosecutor,case\nK-1,DPP-01\n",
        "case,prosecutor\nK-1,DPP-01\nK-1,DPP-02\n",
        "case,prosecutor\nK-1,\n",
    ])
    func aBadProsecutorFileIsAnInputErrorAndWritesNothing(csv: String) throws {
        let files = try Files(prosecutors: csv)
        defer { try? FileManager.default.removeItem(at: files.dir) }
        #expect(throws: BadInput.self) { try files.run() }
        #expect(!FileManager.default.fileExists(atPath: files.out))
    }

    @Test func checklistPrintsJSONWithTheIssuesFields() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(at: files.dir) }
        let out = files.dir.appendingPathComponent("checklist.json").path
        var command = try SediaCommand.parseAsRoot(
            ["checklist", files.instance, files.plan, "--case", "K-2", "--format", "json", "--today", "2027-01-04", "--out", out] + files.home)
        try command.run()
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self)
        for key in ["\"item\"", "\"owner\"", "\"due\": \"2027-", "\"status\"", "\"source\""] { #expect(text.contains(key), "\(key)") }
        #expect(!text.contains("Sentinel"))
        #expect(throws: BadInput.self) {
            var bad = try SediaCommand.parseAsRoot(["checklist", files.instance, files.plan, "--case", "K-404"] + files.home)
            try bad.run()
        }
    }

    @Test func aDamagedStateFileIsNeverReplacedSilently() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(at: files.dir) }
        try files.run()
        let state = files.out + "/.sedia-feeds-state.json"
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: state))
        #expect(throws: BadInput.self) { try files.run() }
        #expect(try Data(contentsOf: URL(fileURLWithPath: state)) == Data("{not json".utf8))
    }

    static func inode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
    }

    @Test func unchangedFeedsAreNotRewrittenAndDamagedOnesAreRepaired() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(at: files.dir) }
        try files.run()
        let first = try files.contents()
        let interviewer = files.out + "/interviewer-IO-014.ics"
        let court = files.out + "/court-SC-KB.ics"
        let state = files.out + "/.sedia-feeds-state.json"
        let inodes = (try Self.inode(interviewer), try Self.inode(state))
        // A feed truncated by hand (or by a power cut before it reached the disk) differs from what the state gives.
        try Data("BEGIN:VCALENDAR\r\n".utf8).write(to: URL(fileURLWithPath: court))
        let courtInode = try Self.inode(court)
        try files.run()
        #expect(try files.contents() == first)
        // Replacing a file makes a new inode: the unchanged feed and the unchanged state were left alone.
        #expect(try Self.inode(interviewer) == inodes.0)
        #expect(try Self.inode(state) == inodes.1)
        #expect(try Self.inode(court) != courtInode)
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.out).allSatisfy { !$0.hasPrefix(".tmp-") })
    }

    @Test func feedsAndStateGetTheirModesWhateverTheUmask() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(at: files.dir) }
        let old = umask(0o077)
        defer { umask(old) }
        try files.run()
        let feed = try FileManager.default.attributesOfItem(atPath: files.out + "/court-SC-KB.ics")
        #expect((feed[.posixPermissions] as? Int) == 0o644)
        let state = try FileManager.default.attributesOfItem(atPath: files.out + "/.sedia-feeds-state.json")
        #expect((state[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aFeedThatCannotBeReplacedFailsWithoutLeavingTemporaryFiles() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(at: files.dir) }
        // A directory where a feed belongs: rename(2) cannot put the feed there.
        try FileManager.default.createDirectory(atPath: files.out + "/court-SC-KB.ics", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: files.out + "/court-SC-KB.ics/keep", withIntermediateDirectories: true)
        #expect(throws: ExitCode(1)) { try files.run() }
        let names = try FileManager.default.contentsOfDirectory(atPath: files.out)
        #expect(names.allSatisfy { !$0.hasPrefix(".tmp-") }, "\(names)")
        // The state went first, so once the obstacle is gone the next run completes the export.
        #expect(names.contains(".sedia-feeds-state.json"))
        try FileManager.default.removeItem(atPath: files.out + "/court-SC-KB.ics")
        try files.run()
        #expect(FileManager.default.fileExists(atPath: files.out + "/court-SC-KB.ics"))
    }

    /// `--done case,item`: the command line's form of the application's ticks. A ticked item leaves the deadlines and
    /// tasks feeds (they carry open items only: its case-day event is updated), and `sedia checklist` shows it done.
    @Test func doneItemsAreDoneInTheChecklistAndTheFeeds() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(at: files.dir) }
        let done = files.dir.appendingPathComponent("done.csv").path
        try Data("case,item\nK-2,transcript\n".utf8).write(to: URL(fileURLWithPath: done))
        try files.run(["--todo"])
        let before = try files.contents()
        let unfold = { (data: Data?) in String(decoding: data ?? Data(), as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "") }
        let item = "• Transcript of the recorded interview in its original language"
        #expect(unfold(before["tasks-DPP-01.ics"]).contains(item))
        try files.run(["--todo", "--done", done])
        let after = try files.contents()
        // Gone from every live event (a day left empty is published once more, cancelled, and then expires).
        let live = { (text: String) in text.components(separatedBy: "BEGIN:V").filter { !$0.contains("STATUS:CANCELLED") } }
        #expect(!live(unfold(after["tasks-DPP-01.ics"])).contains { $0.contains(item) })
        #expect(!live(unfold(after["deadlines-DPP-01.ics"])).contains { $0.contains(item) })
        // The changed case-day keeps its UID and gets SEQUENCE 1 (or is cancelled); the interviews did not move.
        #expect(String(decoding: try #require(after["deadlines-DPP-01.ics"]), as: UTF8.self).contains("SEQUENCE:1"))
        #expect(after["interviewer-IO-014.ics"] == before["interviewer-IO-014.ics"])

        let json = files.dir.appendingPathComponent("checklist.json").path
        var command = try SediaCommand.parseAsRoot(
            ["checklist", files.instance, files.plan, "--case", "K-2", "--today", "2027-01-04", "--format", "json", "--done", done, "--out", json]
                + files.home)
        try command.run()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        let items = try #require(cases.first?["items"] as? [[String: Any]])
        let statuses = Dictionary(
            items.compactMap { i in (i["rule"] as? String).map { ($0, i["status"] as? String ?? "") } }, uniquingKeysWith: { a, _ in a })
        #expect(statuses["transcript"] == "done")
        #expect(statuses["cic-recording-certificate"] == "open")
    }

    @Test func aBadDoneFileIsRefusedNamingTheLine() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(at: files.dir) }
        let done = files.dir.appendingPathComponent("done.csv").path
        try Data("case,item\nK-9,transcript-translation\n".utf8).write(to: URL(fileURLWithPath: done))
        #expect(throws: BadInput.self) { try files.run(["--done", done]) }
        #expect(!FileManager.default.fileExists(atPath: files.out))
        try Data("case,rule\nK-2,x\n".utf8).write(to: URL(fileURLWithPath: done))
        #expect(throws: BadInput.self) { try files.run(["--done", done]) }
    }
}
