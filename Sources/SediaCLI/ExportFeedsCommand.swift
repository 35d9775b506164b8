import ArgumentParser
import Dispatch
import Foundation
import SediaCalendar
import SediaCore
import SediaRules
import SediaStore

#if canImport(Glibc)
    import Glibc
#endif

/// `sedia export …`: files made for other programs (calendar feeds).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a plan for other programs.",
        subcommands: [ExportFeedsCommand.self, ExportCasesCommand.self]
    )
}

struct ExportFeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Write one iCalendar feed per interviewer, psychologist, room, centre, court and prosecutor.",
        discussion: """
            Writes KIND-ID.ics files into --out (interviewer, psychologist, room, centre, court, prosecutor, and \
            deadlines per prosecutor), plus KIND-ID.busy.ics with --busy-variants and tasks-ID.ics (VTODO) with --todo. \
            UIDs, SEQUENCE and LAST-MODIFIED are kept in --out/.sedia-feeds-state.json: keep that file (and never \
            publish it) so that UIDs stay stable and changes bump SEQUENCE. Exporting the same inputs twice leaves \
            every file byte for byte the same. Deadlines feeds carry the readiness items and stage deadlines computed \
            from rules/ and calendars/ (see `sedia checklist`). See docs/feeds-and-checklists.md.
            Exit status: 0 written, 2 bad input (nothing is written).
            """
    )

    @Argument(help: "The planning instance (sedia-instance/1).") var instance: String
    @Argument(help: "The plan (sedia-plan/1).") var plan: String
    @Option(help: "Directory to write the feeds into (created if missing).") var out: String
    @Option(help: "CSV file with a header line `case,prosecutor`: the prosecutor of each case. Without it there are no prosecutor feeds.")
    var prosecutors: String?
    @Option(
        help: "CSV file with a header line `case,item`: checklist items recorded as done (item = the rule id `sedia checklist` shows).")
    var done: String?
    @Option(help: "The moment of the export, YYYY-MM-DDTHH:MM:SSZ (default: now). Sets the window and the time stamps of changes.")
    var now: String?
    @Option(help: "Days before today to keep in the feeds.") var daysBack = 30
    @Option(help: "Days after today to publish.") var daysAhead = 180
    @Option(help: "Days a cancelled booking stays in the feeds as cancelled.") var graceDays = 14
    @Option(help: "Refresh interval suggested to clients, in minutes.") var refreshMinutes = 60
    @Flag(help: "Also write a busy-only variant (times only, title \"Busy\") of every staff, room, centre and court feed.")
    var busyVariants = false
    @Flag(help: "Also write each prosecutor's due dates as a VTODO feed (tasks-ID.ics) for clients that show tasks.")
    var todo = false
    @Option(help: "The language of the feeds' fixed words (calendar names, titles, descriptions): en or ms.") var language: Language =
        .en
    @Flag(help: "Print how long each phase took (reading, rules, export, writing) on standard error.") var timing = false
    @OptionGroup var home: HomeOptions

    static let stateFileName = ".sedia-feeds-state.json"

    /// The instance, the plan and the case-to-prosecutor mapping, with every problem found.
    func readInputs() -> (instance: Instance?, plan: Plan?, mapping: [Case.ID: String], done: [Case.ID: Set<String>], errors: [InputError]) {
        var errors: [InputError] = []
        var inst: Instance?
        var pl: Plan?
        do throws(InputErrors) { inst = try CLIIO.loadInstance(instance) } catch { errors += error.errors }
        do throws(InputErrors) { pl = try CLIIO.loadPlan(plan) } catch { errors += error.errors }
        var mapping: [Case.ID: String] = [:]
        if let prosecutors, let inst {
            do throws(InputErrors) { mapping = try ProsecutorMapping.parse(try CLIIO.read(prosecutors), file: prosecutors, instance: inst) } catch {
                errors += error.errors
            }
        }
        var ticks: [Case.ID: Set<String>] = [:]
        if let done, let inst {
            do throws(InputErrors) { ticks = try DoneTicks.parse(try CLIIO.read(done), file: done, instance: inst) } catch { errors += error.errors }
        }
        return (inst, pl, mapping, ticks, errors)
    }

    func run() throws {
        // Wall time and this process's CPU time per phase: on a shared machine the CPU time is the steadier figure.
        let clock = ContinuousClock()
        var phases: [(name: String, wall: Duration, cpu: Int)] = []
        var mark = clock.now
        var cpuMark = Int(Glibc.clock())
        func lap(_ name: String) {
            let t = clock.now
            let c = Int(Glibc.clock())
            phases.append((name, mark.duration(to: t), (c - cpuMark) / 1000))
            mark = t
            cpuMark = c
        }
        let options = FeedOptions(
            daysBack: daysBack, daysAhead: daysAhead, graceDays: graceDays, refreshMinutes: refreshMinutes, busyVariants: busyVariants,
            todoFeeds: todo, language: language)
        let statePath = URL(fileURLWithPath: out).appendingPathComponent(Self.stateFileName).path
        let (state, feeds, moment, changed, places) = try withInputErrors {
            var errors: [InputError] = []
            if !(0...3660).contains(daysBack) {
                errors.append(InputError(file: "--days-back", path: "$", message: "must be 0…3660, got \(daysBack)"))
            }
            if !(1...3660).contains(daysAhead) {
                errors.append(InputError(file: "--days-ahead", path: "$", message: "must be 1…3660, got \(daysAhead)"))
            }
            if !(0...365).contains(graceDays) {
                errors.append(InputError(file: "--grace-days", path: "$", message: "must be 0…365, got \(graceDays)"))
            }
            if !(5...10080).contains(refreshMinutes) {
                errors.append(InputError(file: "--refresh-minutes", path: "$", message: "must be 5…10080, got \(refreshMinutes)"))
            }
            var requested = UTCInstant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)))
            if let now {
                if let parsed = UTCInstant(iso: now) {
                    requested = parsed
                } else {
                    errors.append(InputError(file: "--now", path: "$", message: "not a UTC time YYYY-MM-DDTHH:MM:SSZ: \(now)"))
                }
            }
            // `FeedExport.reconcile(instance:plan:…)` in steps, so that the reads overlap: the inputs, rules and state
            // are read in parallel, then the events are made and the state is reconciled with them.
            let inputs = Slot<(instance: Instance?, plan: Plan?, mapping: [Case.ID: String], done: [Case.ID: Set<String>], errors: [InputError])>()
            let rules = Slot<Result<RulesContext, RuleFileErrors>>()
            let gazetteer = Slot<Result<Gazetteer, RuleFileErrors>>()
            let stored = Slot<Result<FeedState?, InputErrors>>()
            let statePath = statePath
            let moment = requested
            // Three independent reads, shared out over the cores as each finishes: the instance, plan and CSV files;
            // the rules and calendars (only needed with prosecutors: without them there is no deadlines feed); the
            // state file.
            DispatchQueue.concurrentPerform(iterations: 4) { part in
                switch part {
                case 0: inputs.value = readInputs()
                case 1:
                    if prosecutors != nil { rules.value = Result { () throws(RuleFileErrors) in try RulesContext.loadOrThrow(home) } }
                case 2:
                    // The places name each centre's town in LOCATION; without a rules directory the centre and state do.
                    if let found = try? SediaHome.locate(rules: home.rulesDirectory, calendars: home.calendarsDirectory) {
                        gazetteer.value = Result { () throws(RuleFileErrors) in try found.loadPlaces() }
                    }
                default: stored.value = Result { () throws(InputErrors) in try FeedStateFile(path: statePath).loadChecked() }
                }
            }
            errors += inputs.value?.errors ?? []
            if case .failure(let failure)? = gazetteer.value {
                errors += failure.errors
            }
            var previous: FeedState?
            switch stored.value {
            case .failure(let error)?: errors += error.errors
            case .success(let state)?: previous = state
            case nil: break
            }
            guard errors.isEmpty, let inst = inputs.value?.instance, let pl = inputs.value?.plan else { throw InputErrors(errors) }
            let mapping = inputs.value?.mapping ?? [:]
            var context: (RuleBook, WorkingCalendars)?
            if !mapping.isEmpty {
                switch rules.value {
                case .success(let loaded)?: context = (loaded.book, loaded.calendars)
                case .failure(let failure)?:
                    throw BadInput(failure.errors.map(\.description))
                case nil: break
                }
            }
            lap("read inputs | rules and calendars | state")
            let due = try FeedExport.dueDates(
                instance: inst, plan: pl, prosecutors: mapping, rules: context, now: moment, done: inputs.value?.done ?? [:])
            let events = try FeedExport.events(instance: inst, plan: pl, prosecutors: mapping, dueDates: due, planFile: plan)
            lap("checklists, events")
            var generator = SystemRandomNumberGenerator()
            let (next, feeds) = FeedExport.reconcile(
                previous ?? FeedState.new(using: &generator), with: events, instance: inst, prosecutors: mapping, now: moment, options: options)
            lap("reconcile")
            let places = FeedPlaces(instance: inst, gazetteer: (try? gazetteer.value?.get()) ?? .empty)
            return (next, feeds, moment, previous != next, places)
        }
        let dir = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            // The state goes first and durably (fsync): every feed is a pure function of it, so a run cut short, even
            // by a power cut, is completed by the next. It is saved on another thread while this one renders the feeds
            // (rendering itself uses every core; a `concurrentPerform` nested in another would run serially), and no
            // feed is replaced before the state is safely stored.
            let saved = Slot<Result<Void, any Error>>()
            let saving = DispatchGroup()
            if changed {
                DispatchQueue.global().async(group: saving) { saved.value = Result { try FeedStateFile(path: statePath).save(state) } }
            }
            let files = FeedExport.render(state: state, feeds: feeds, now: moment, options: options, places: places)
            saving.wait()
            try saved.value?.get()
            lap("render feeds (on every core) | write state")
            var written = 0
            for file in files {
                let path = dir.appendingPathComponent(file.fileName).path
                if AtomicFile.hasContents(path, file.bytes) { continue }
                try AtomicFile.write(file.bytes, to: path, mode: 0o644, durable: false)
                written += 1
            }
            lap("write feeds")
            CLIIO.print("\(files.count) feeds in \(out), \(written) changed")
            if timing {
                for p in phases {
                    let ms = p.wall.components.seconds * 1000 + p.wall.components.attoseconds / 1_000_000_000_000_000
                    CLIIO.printErr("\(p.name): \(ms) ms wall, \(p.cpu) ms CPU")
                }
            }
        } catch {
            CLIIO.printErr("cannot write to \(out): \(error)")
            throw ExitCode(1)
        }
    }
}

/// A value filled in by one branch of a `concurrentPerform` and read after it returns (which orders the accesses).
private final class Slot<Value>: @unchecked Sendable {
    var value: Value?
}

/// The CLI's feed state: a file readable by its owner only (it holds the UID secret), kept beside the feeds it describes.
struct FeedStateFile {
    var path: String

    /// The state, nil when there is none yet, or an input error naming the file when it cannot be used (it is never
    /// replaced silently: a new secret would change every UID and duplicate every event in subscribers' calendars).
    func loadChecked() throws(InputErrors) -> FeedState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputErrors([InputError(file: path, path: "$", message: "cannot read the feed state file")])
        }
        do {
            return try FeedState(jsonBytes: [UInt8](data), file: path)
        } catch {
            let hint = InputError(file: path, path: "$", message: "restore the state file from a backup; deleting it changes every UID")
            throw InputErrors(error.errors + [hint])
        }
    }

    /// Written durably (fsync of the file and of its directory) with mode 600 from the start: the secret is never
    /// readable by others, not even briefly.
    func save(_ state: FeedState) throws { try AtomicFile.write(state.jsonBytes(), to: path, mode: 0o600, durable: true) }
}

/// `case,prosecutor` lines: which deputy public prosecutor holds each case. The planning format has no prosecutors,
/// so they come from here (the server keeps them with the case); a case without a line has no prosecutor.
/// A two-column CSV keyed by case (`case,prosecutor`, `case,item`): header checked, every case known, each value an id
/// (`IdentifierRule`); every problem names the file, the line and the column.
enum CaseCSV {
    static func rows(
        _ bytes: [UInt8], file: String, header: [String], instance: Instance
    ) throws(InputErrors) -> [(line: Int, caseID: Case.ID, value: String)] {
        // Spreadsheets save CSV with a byte-order mark; it is not part of the header.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let text = String(validating: body, as: UTF8.self) else {
            throw InputErrors([InputError(file: file, path: "$", message: "not UTF-8 text")])
        }
        let known = Set(instance.cases.map(\.id))
        let headerText = header.joined(separator: ",")
        var errors: [InputError] = []
        var rows: [(line: Int, caseID: Case.ID, value: String)] = []
        var sawHeader = false
        // SediaCore's CSV reader: quoted fields, CRLF and the byte-order mark as spreadsheets write them.
        for record in CSV.records(text) {
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            let where_ = "line \(record.line)"
            if fields.allSatisfy(\.isEmpty) { continue }
            if !sawHeader {
                sawHeader = true
                if fields.map({ $0.lowercased() }) != header {
                    errors.append(InputError(file: file, path: where_, message: "the first line must be the header `\(headerText)`"))
                }
                continue
            }
            guard fields.count == 2 else {
                errors.append(InputError(file: file, path: where_, message: "expected 2 fields `\(headerText)`, got \(fields.count)"))
                continue
            }
            let caseID = Case.ID(fields[0])
            let value = fields[1]
            var ok = true
            if !known.contains(caseID) {
                errors.append(InputError(file: file, path: where_ + ".case", message: "unknown case \(fields[0])"))
                ok = false
            }
            if let problem = IdentifierRule.problem(value) {
                errors.append(InputError(file: file, path: where_ + "." + header[1], message: problem))
                ok = false
            }
            if ok { rows.append((record.line, caseID, value)) }
        }
        if !sawHeader { errors.append(InputError(file: file, path: "line 1", message: "empty file; expected the header `\(headerText)`")) }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return rows
    }
}

/// `--prosecutors FILE.csv`: the prosecutor of each case (`case,prosecutor`); a case listed twice is an error.
enum ProsecutorMapping {
    static func parse(_ bytes: [UInt8], file: String, instance: Instance) throws(InputErrors) -> [Case.ID: String] {
        var mapping: [Case.ID: String] = [:]
        var errors: [InputError] = []
        for row in try CaseCSV.rows(bytes, file: file, header: ["case", "prosecutor"], instance: instance) {
            if mapping[row.caseID] != nil {
                errors.append(InputError(file: file, path: "line \(row.line).case", message: "case \(row.caseID) is listed twice"))
            }
            mapping[row.caseID] = row.value
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return mapping
    }
}

/// `--done FILE.csv`: checklist items recorded as done (`case,item`, the item being the rule id `sedia checklist`
/// shows), the command line's form of the application's ticks. An item the rules do not have for that case is
/// ignored, as in the application.
enum DoneTicks {
    static func parse(_ bytes: [UInt8], file: String, instance: Instance) throws(InputErrors) -> [Case.ID: Set<String>] {
        var done: [Case.ID: Set<String>] = [:]
        for row in try CaseCSV.rows(bytes, file: file, header: ["case", "item"], instance: instance) {
            done[row.caseID, default: []].insert(row.value)
        }
        return done
    }
}
