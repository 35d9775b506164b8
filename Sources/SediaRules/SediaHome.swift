import Foundation
public import SediaCore

/// Where the `rules/` and `calendars/` directories are, found the same way by the CLI and the server.
///
/// Order: explicit directories (`--rules DIR`, `--calendars DIR`), then `$SEDIA_HOME/rules` and `$SEDIA_HOME/calendars`,
/// then `./rules` and `./calendars`, then the directories above the executable (`.build/release/sedia` sits two or three
/// levels under the repository, depending on whether the path went through the `release` symlink).
public struct SediaHome: Sendable, Equatable {
    public var rules: String
    public var calendars: String

    public init(rules: String, calendars: String) {
        self.rules = rules
        self.calendars = calendars
    }

    /// Finds the directories, or explains every place it looked.
    public static func locate(
        rules: String? = nil, calendars: String? = nil, environment: [String: String]? = nil, currentDirectory: String? = nil,
        executable: String? = nil
    ) throws(RuleFileErrors) -> SediaHome {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let currentDirectory = currentDirectory ?? FileManager.default.currentDirectoryPath
        let executable = executable ?? SediaHome.executablePath()
        var bases: [String] = []
        if let home = environment["SEDIA_HOME"], !home.isEmpty { bases.append(home) }
        bases.append(currentDirectory)
        if let executable {
            var dir = (executable as NSString).deletingLastPathComponent
            for _ in 0..<4 {
                dir = (dir as NSString).deletingLastPathComponent
                if !dir.isEmpty { bases.append(dir) }
            }
        }
        func find(_ explicit: String?, _ name: String, _ option: String) throws(RuleFileErrors) -> String {
            if let explicit {
                guard isDirectory(explicit) else {
                    throw RuleFileErrors([RuleFileError(file: explicit, line: 0, message: "\(option): no such directory")])
                }
                return explicit
            }
            for base in bases {
                let candidate = (base as NSString).appendingPathComponent(name)
                if isDirectory(candidate) { return candidate }
            }
            throw RuleFileErrors([
                RuleFileError(
                    file: name + "/", line: 0,
                    message: "not found (looked in \(bases.map { ($0 as NSString).appendingPathComponent(name) }.joined(separator: ", "))); "
                        + "give \(option) DIR or set SEDIA_HOME to the directory holding rules/ and calendars/")
            ])
        }
        return SediaHome(rules: try find(rules, "rules", "--rules"), calendars: try find(calendars, "calendars", "--calendars"))
    }

    /// This process's executable, symlinks resolved where the system says (Linux `/proc/self/exe`).
    public static func executablePath() -> String? {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return Bundle.main.executablePath
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// The sorted `.ext` files directly in `directory`, relative names joined to it.
    public static func files(in directory: String, ext: String) throws(RuleFileErrors) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw RuleFileErrors([RuleFileError(file: directory, line: 0, message: "cannot list the directory: \(error.localizedDescription)")])
        }
        return names.filter { $0.hasSuffix("." + ext) && !$0.hasPrefix(".") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    /// The file's text as UTF-8, or an error naming it.
    public static func read(_ path: String) throws(RuleFileErrors) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFileErrors([RuleFileError(file: path, line: 0, message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleFileErrors([RuleFileError(file: path, line: 0, message: "not UTF-8 text")])
        }
        return text
    }

    /// Loads and checks every `*.yaml` rule file in `rules`.
    public func loadRuleBook() throws(RuleFileErrors) -> RuleBook {
        let paths = try SediaHome.files(in: rules, ext: "yaml")
        guard !paths.isEmpty else { throw RuleFileErrors([RuleFileError(file: rules, line: 0, message: "no .yaml rule files")]) }
        var files: [(name: String, text: String)] = []
        var errors: [RuleFileError] = []
        for p in paths {
            do { files.append((p, try SediaHome.read(p))) } catch { errors += error.errors }
        }
        guard errors.isEmpty else { throw RuleFileErrors(errors) }
        return try RuleFiles.ruleBook(files: files)
    }

    /// `calendars/states.yaml`.
    public func loadWorkWeeks() throws(RuleFileErrors) -> [StateWorkWeek] {
        let path = (calendars as NSString).appendingPathComponent("states.yaml")
        return try CalendarFiles.workWeeks(yaml: try SediaHome.read(path), file: path)
    }

    /// `calendars/overrides.yaml`, or none when the file is absent.
    public func loadOverrides() throws(RuleFileErrors) -> [HolidayOverride] {
        let path = (calendars as NSString).appendingPathComponent("overrides.yaml")
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try CalendarFiles.overrides(yaml: try SediaHome.read(path), file: path)
    }

    /// Counts of what `loadCalendars` read, for `sedia rules check` and server start-up logs.
    public struct CalendarSummary: Sendable, Equatable {
        public var holidays: Int
        public var projected: Int
    }

    /// Builds every state's working calendar from `states.yaml`, `holidays/<code>.ics` and `overrides.yaml`.
    ///
    /// The ICS reader is passed in (SediaCalendar's `ICSImport.holidays`) because adapters do not import each other;
    /// every problem of every file is collected, and nothing is returned unless all files are sound.
    public func loadCalendars(
        importHolidays: (_ text: String, _ file: String) throws(RuleFileErrors) -> (holidays: [HolidayEntry], coverage: DayRange?)
    ) throws(RuleFileErrors) -> (calendars: WorkingCalendars, summary: CalendarSummary) {
        var errors: [RuleFileError] = []
        var weeks: [StateWorkWeek] = []
        do { weeks = try loadWorkWeeks() } catch { errors += error.errors }
        var overrides: [HolidayOverride] = []
        do { overrides = try loadOverrides() } catch { errors += error.errors }
        var calendars: [WorkingCalendar] = []
        var summary = CalendarSummary(holidays: 0, projected: 0)
        let holidayDir = (self.calendars as NSString).appendingPathComponent("holidays")
        for week in weeks {
            let path = (holidayDir as NSString).appendingPathComponent(week.code.rawValue + ".ics")
            do {
                let imported = try importHolidays(try SediaHome.read(path), path)
                summary.holidays += imported.holidays.count
                summary.projected += imported.holidays.filter(\.projected).count
                calendars.append(WorkingCalendar(state: week, holidays: imported.holidays, overrides: overrides, coverage: imported.coverage))
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { throw RuleFileErrors(errors) }
        return (WorkingCalendars(calendars), summary)
    }
}
