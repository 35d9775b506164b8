import Foundation
import SediaTestSupport
import Synchronization

/// A real SMTP server (aiosmtpd, Tests/mail/smtp_sink.py) on a loopback port of its own, writing what it accepts to
/// a directory of this test's.
///
/// The server binds port 0 itself and reports the port the kernel gave it: no port is probed, closed and re-bound,
/// so two suites starting sinks at once never meet on one port. A sink started `down` holds its port without
/// listening (a client is refused, as by a mail server that is down) until `up()`. `stop()` closes its standard input,
/// waits for the process to exit and for the thread reading its output to end; it is idempotent.
final class SMTPSink: Sendable {
    static let python = "/usr/bin/python3"
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("mail")

    let directory: TemporaryDirectory
    let port: Int
    private let process: Process
    private let input: FileHandle
    /// Its standard output after the port line: "RECEIVED n.eml" per accepted message, "LISTENING" after `up()`.
    private let output: OutputLines
    private let stopped = Mutex(false)

    /// Starts the server and waits for its "PORT n" line; `down`: bound, not yet listening.
    init(_ directory: TemporaryDirectory, down: Bool = false) async throws {
        self.directory = directory
        let process = Process()
        let stdin = Pipe()
        let stdout = Pipe()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.scripts.appendingPathComponent("smtp_sink.py").path, directory.path] + (down ? ["--down"] : [])
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let output = OutputLines(stdout.fileHandleForReading)
        _ = await output.wait(for: 1) { _ in true }
        guard let line = output.lines({ _ in true }).first, line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            try? stdin.fileHandleForWriting.close()
            process.waitUntilExit()
            output.finish()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.process = process
        self.input = stdin.fileHandleForWriting
        self.output = output
        self.port = port
    }

    var url: String { "smtp://127.0.0.1:\(port)?tls=off" }

    /// Starts listening on the port held since `init(down: true)`, and returns once the server listens.
    func up() async throws {
        try input.write(contentsOf: Data("UP\n".utf8))
        guard await output.wait(for: 1, matching: { $0 == "LISTENING" }) else { throw CocoaError(.fileReadUnknown) }
    }

    /// Makes the server answer the next messages with 451 or 554 ("4xx", "5xx"; "4xx once": one message only).
    func answer(_ control: String?) throws {
        let path = directory.file("control")
        if let control { try directory.write("control", control) } else { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Stops the server: end of its standard input, then waits for the process and for the output reader to end.
    func stop() {
        let first = stopped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        try? input.close()
        process.waitUntilExit()
        output.finish()
    }

    /// The messages received so far (file names in order).
    func received() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
    }

    /// Waits until the server has announced `count` accepted messages (bounded by the test's `.timeLimit`), then lists
    /// them.
    func wait(for count: Int) async throws -> [String] {
        _ = await output.wait(for: count) { $0.hasPrefix("RECEIVED ") }
        return received()
    }

    /// Every received message parsed by Python's email and icalendar packages (Tests/mail/read_messages.py).
    func inspect() throws -> [Received] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.scripts.appendingPathComponent("read_messages.py").path, directory.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return try JSONDecoder().decode([Received].self, from: data)
    }

    /// The raw bytes of every received message, joined.
    func rawText() throws -> String {
        try received().map { String(decoding: try Data(contentsOf: directory.url.appendingPathComponent($0)), as: UTF8.self) }.joined(separator: "\n")
    }

    struct Received: Decodable {
        var file: String
        var rcpt: String
        var messageID: String
        var subject: String
        var text: String
        var calendar: String
        var contentMethod: String?
        var method: String?
        var uid: String?
        var sequence: Int?
        var status: String?
        var summary: String?
        var description: String?
        var organizer: String?
    }
}
