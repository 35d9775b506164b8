import Foundation
import SediaAppTestSupport
import SediaCore
import SediaMail
import SediaStore
import SediaTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `sedia serve` as a child process, killed with SIGKILL between the commit and the hand-over.
struct CrashTests {
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sedia").path
    }

    /// `sedia serve` with its mail worker, and its log lines (the worker logs each message after recording it).
    /// It listens on a port the kernel chooses (`--port 0`): the test never needs it, and never probes one.
    static func serve(db: String, smtpPort: Int) throws -> (Process, OutputLines) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "serve", "--db", db, "--host", "127.0.0.1", "--port", "0", "--rules", AppFixtures.repository.appendingPathComponent("rules").path,
            "--calendars",
            AppFixtures.repository.appendingPathComponent("calendars").path, "--smtp", "smtp://127.0.0.1:\(smtpPort)?tls=off", "--from",
            MailFixtures.from, "--mail-hold", "0", "--digest-day", digestDayAway,
        ]
        process.standardOutput = FileHandle.nullDevice
        let log = Pipe()
        process.standardError = log
        try process.run()
        return (process, OutputLines(log.fileHandleForReading))
    }

    /// The server runs on the real clock, and on the digest's day (Monday, Malaysian time, by default) it would send the
    /// prosecutors' weekly digest in the middle of this test: a fifth message. The digest day is set three days away.
    static var digestDayAway: String {
        MalaysianTime.day(unixSeconds: Int64(Date().timeIntervalSince1970)).adding(days: 3).weekday.rawValue
    }

    static func sent(_ line: String) -> Bool { line.contains("mail: sent ") }
    static func retrying(_ line: String) -> Bool { line.contains("mail: outbox ") && line.contains(" not delivered ") }

    @Test(.timeLimit(.minutes(2))) func aKilledServerDeliversAfterRestartAndNotTwice() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable))
        try await TemporaryDirectory.with("mail-crash") { dir in
            let path = dir.file("sedia.sqlite")
            let db = try AppDatabase.open(path: path)
            _ = try db.importInstance(AppFixtures.instance, actor: "test")
            try MailFixtures.populate(db)
            // The mail server is down when the booking commits (its port held, nothing listening): the worker tries,
            // fails, and is killed.
            let sink = try await SMTPSink(dir, down: true)
            defer { sink.stop() }
            let (first, firstLog) = try Self.serve(db: path, smtpPort: sink.port)
            try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
            #expect(await firstLog.wait(for: 2, matching: Self.retrying))
            #expect(try db.outbox().allSatisfy { $0.attempts >= 1 })
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            #expect(try db.outboxCounts().queued == 2)

            try await sink.up()
            let (second, secondLog) = try Self.serve(db: path, smtpPort: sink.port)
            defer {
                second.terminate()
                second.waitUntilExit()
            }
            #expect(await secondLog.wait(for: 2, matching: Self.sent))
            #expect(try db.outboxCounts().sent == 2)
            // A later change wakes the worker again: only the new messages go, none of the delivered ones twice.
            try db.bookInterview(MailFixtures.booking("2027-01-07T14:00"), actor: "test", reason: "moved")
            #expect(await secondLog.wait(for: 4, matching: Self.sent))
            #expect(try db.outboxCounts().sent == 4)
            #expect(try await sink.wait(for: 4).count == 4)
            let received = try sink.inspect()
            #expect(received.count == 4, "\(received.map { ($0.rcpt, $0.subject, $0.file) })")
            #expect(Set(received.map(\.messageID)).count == 4)
            #expect(received.map { $0.sequence ?? -1 }.sorted() == [0, 0, 1, 1])
        }
    }
}
