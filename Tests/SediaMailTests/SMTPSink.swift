import Foundation
import SediaTestSupport

/// A real SMTP server (aiosmtpd, Tests/mail/smtp_sink.py) on a loopback port of its own, writing what it accepts to
/// a directory of this test's. Stopped by closing its standard input (it also stops if the test process dies).
final class SMTPSink: @unchecked Sendable {
    static let python = "/usr/bin/python3"
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("mail")

    let directory: TemporaryDirectory
    let process = Process()
    let input = Pipe()
    private(set) var port: Int = 0
    /// Its standard output after the port line: a "RECEIVED n.eml" line per accepted message.
    private(set) var output: OutputLines?

    /// Starts the server (on `port`, or a free one) and waits for its "PORT n" line.
    init(_ directory: TemporaryDirectory, port: Int = 0) throws {
        self.directory = directory
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.scripts.appendingPathComponent("smtp_sink.py").path, directory.path, "--port", String(port)]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw CocoaError(.fileReadUnknown) }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let n = Int(text.dropFirst(5)) else { throw CocoaError(.fileReadCorruptFile) }
        self.port = n
        self.output = OutputLines(output.fileHandleForReading)
    }

    var url: String { "smtp://127.0.0.1:\(port)?tls=off" }

    /// Makes the server answer the next messages with 451 or 554 ("4xx", "5xx"; "4xx once": one message only).
    func answer(_ control: String?) throws {
        let path = directory.file("control")
        if let control { try directory.write("control", control) } else { try? FileManager.default.removeItem(atPath: path) }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }

    /// The messages received so far (file names in order).
    func received() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
    }

    /// Waits until the server has announced `count` accepted messages (bounded by the test's `.timeLimit`), then lists
    /// them.
    func wait(for count: Int) async throws -> [String] {
        _ = await output?.wait(for: count) { $0.hasPrefix("RECEIVED ") }
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
