import ArgumentParser
import Dispatch
import Foundation
import SediaCLI

/// What one command did: its exit status and what it wrote.
struct Ran: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `sedia` commands in-process, as the executable does, with their output captured for that call only:
/// `CommandOutput` is task-local, so nothing process-wide (file descriptors 1 and 2) is touched and suites run in
/// parallel without seeing each other's output.
enum SediaRun {
    /// A synchronous command (every command but `serve` and `whatif`).
    static func run(_ arguments: [String]) -> Ran {
        let out = Capture()
        let err = Capture()
        let status = CommandOutput.$current.withValue(CommandOutput(standardOutput: out.append, standardError: err.append)) { () -> Int32 in
            do {
                var command = try SediaCommand.parseAsRoot(arguments)
                try command.run()
                return 0
            } catch {
                // The executable's own report: what it prints (on the captured output) and the status it exits with.
                return SediaMain.report(error)
            }
        }
        return Ran(status: status, stdout: out.text, stderr: err.text)
    }

    /// Any command, `whatif` and `serve` included, through the executable's own entry point.
    static func runAsync(_ arguments: [String]) async -> Ran {
        let out = Capture()
        let err = Capture()
        let status = await CommandOutput.$current.withValue(CommandOutput(standardOutput: out.append, standardError: err.append)) {
            await SediaMain.run(arguments)
        }
        return Ran(status: status, stdout: out.text, stderr: err.text)
    }

    /// The `sedia` executable built beside this test bundle.
    static var executable: URL {
        get throws {
            let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            let url = dir.appendingPathComponent("sedia")
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
            }
            return url
        }
    }

    /// Runs the built executable as a child process, with `environment` added to this process's environment for the
    /// child alone (so a variable such as TZ never changes for the suites running here meanwhile).
    static func spawn(_ arguments: [String], environment: [String: String] = [:]) throws -> Ran {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to their end before waiting, so a child that writes more than a pipe holds never blocks.
        let stderr = Capture()
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) { stderr.append(Array(err.fileHandleForReading.readDataToEndOfFile())) }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        reading.wait()
        process.waitUntilExit()
        return Ran(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: stderr.text)
    }
}

/// Bytes written by one command, from whichever thread it writes on.
final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    @Sendable func append(_ more: [UInt8]) {
        lock.lock()
        bytes += more
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
