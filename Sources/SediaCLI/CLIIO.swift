import ArgumentParser
import Foundation
import SediaCore
import SediaStore

#if canImport(Glibc)
    import Glibc
#endif

/// File access for the commands: reads whole files, writes atomically (temp file + rename), and
/// turns every input problem into the one-line-per-problem report with exit status 2.
enum CLIIO {
    /// The whole file, refused when larger than `InputLimits.maxFileBytes` (checked before reading, and again on
    /// what was read, for a file that grew meanwhile or a pipe that has no size). Every file a command reads comes
    /// through here.
    static func read(_ path: String) throws(InputErrors) -> [UInt8] {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, let tooLarge = InputLimits.tooLarge(size, file: path)
        {
            throw InputErrors([tooLarge])
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDir: ObjCBool = false
            let why =
                FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
                ? (isDir.boolValue ? "is a directory" : "cannot be read") : "no such file"
            throw InputErrors([InputError(file: path, path: "$", message: "cannot read file: \(why)")])
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: InputLimits.maxFileBytes + 1) ?? Data()
        } catch {
            throw InputErrors([InputError(file: path, path: "$", message: "cannot read file: \(error.localizedDescription)")])
        }
        if let tooLarge = InputLimits.tooLarge(data.count, file: path) { throw InputErrors([tooLarge]) }
        return [UInt8](data)
    }

    static func loadInstance(_ path: String) throws(InputErrors) -> Instance {
        try PlanningFormat.decodeInstance(try read(path), file: path)
    }

    static func loadPlan(_ path: String) throws(InputErrors) -> Plan {
        try PlanningFormat.decodePlan(try read(path), file: path)
    }

    /// Both files, with the problems of both reported together.
    static func loadInstanceAndPlan(_ instancePath: String, _ planPath: String) throws(InputErrors) -> (Instance, Plan) {
        var errors: [InputError] = []
        var instance: Instance?
        var plan: Plan?
        do throws(InputErrors) { instance = try loadInstance(instancePath) } catch { errors += error.errors }
        do throws(InputErrors) { plan = try loadPlan(planPath) } catch { errors += error.errors }
        guard errors.isEmpty, let instance, let plan else { throw InputErrors(errors) }
        return (instance, plan)
    }

    /// Writes `bytes` to `path` atomically and durably (see `AtomicFile`); the folder must exist.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        try AtomicFile.write(bytes, to: path)
    }

    /// Ends the command with exit status 2 unless the folder `path` is to be written in exists: an output is never
    /// written to a folder made up on the way (a mistyped path would hide the file). Checked before the work starts.
    static func requireFolder(of path: String, option: String) throws {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw BadInput("\(option): the folder \(dir) does not exist")
        }
    }

    /// Ends the command with exit status 2, naming the option, unless each given value is an id (`IdentifierRule`).
    static func requireIDs(_ options: KeyValuePairs<String, String?>) throws {
        var problems: [String] = []
        for case let (option, value?) in options {
            if let problem = IdentifierRule.problem(value) { problems.append("\(option): \(problem)") }
        }
        if !problems.isEmpty { throw BadInput(problems) }
    }

    /// One line (or `terminator`-ended text) on the command's standard output.
    static func print(_ text: String, terminator: String = "\n") {
        CommandOutput.current.standardOutput(Array((text + terminator).utf8))
    }

    /// Bytes as they are on the command's standard output.
    static func write(_ bytes: [UInt8]) {
        CommandOutput.current.standardOutput(bytes)
    }

    /// One line on the command's standard error.
    static func printErr(_ line: String) {
        CommandOutput.current.standardError(Array((line + "\n").utf8))
    }
}

/// Where the commands write: the process's standard output and error, unless a caller binds another pair for the
/// duration of one call. The binding is task-local, so commands run side by side (parallel tests) never see each
/// other's output and nothing process-wide (file descriptors 1 and 2) is touched.
public struct CommandOutput: Sendable {
    public var standardOutput: @Sendable ([UInt8]) -> Void
    public var standardError: @Sendable ([UInt8]) -> Void

    public init(standardOutput: @escaping @Sendable ([UInt8]) -> Void, standardError: @escaping @Sendable ([UInt8]) -> Void) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// File descriptors 1 and 2, unbuffered.
    public static let process = CommandOutput(
        standardOutput: { FileHandle.standardOutput.write(Data($0)) }, standardError: { FileHandle.standardError.write(Data($0)) })

    @TaskLocal public static var current: CommandOutput = .process
}

/// Runs a command body, mapping input errors to exit status 2 with one line per problem.
func withInputErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let errors as InputErrors {
        throw BadInput(errors.errors.map(\.description))
    }
}

/// Bad input found while a command runs: a file that does not parse, options that contradict each other, a value the
/// rules or the database refuse. `SediaMain` prints each problem on its own line on standard error (each names its
/// option, field or file:line) and ends the command with exit status 2. What argument-parser can check before the run
/// (ranges, enums, dates) is a `ValidationError` from `validate()` or a typed option instead.
public struct BadInput: Error {
    public var problems: [String]

    public init(_ problems: [String]) { self.problems = problems }

    public init(_ problem: String) { self.problems = [problem] }
}
