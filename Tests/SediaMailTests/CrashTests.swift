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

    /// A port nothing listens on (learnt from a sink that is then stopped).
    static func freePort(_ dir: TemporaryDirectory) throws -> Int {
        let sink = try SMTPSink(dir)
        defer { sink.stop() }
        return sink.port
    }

    static func serve(db: String, httpPort: Int, smtpPort: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "serve", "--db", db, "--port", String(httpPort), "--rules", AppFixtures.repository.appendingPathComponent("rules").path, "--calendars",
            AppFixtures.repository.appendingPathComponent("calendars").path, "--smtp", "smtp://127.0.0.1:\(smtpPort)?tls=off", "--from",
            MailFixtures.from, "--mail-hold", "0",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func until(_ timeout: Double = 30, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return try condition()
    }

    @Test func aKilledServerDeliversAfterRestartAndNotTwice() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable))
        try await TemporaryDirectory.with("mail-crash") { dir in
            let path = dir.file("sedia.sqlite")
            let db = try AppDatabase.open(path: path)
            _ = try db.importInstance(AppFixtures.instance, actor: "test")
            try MailFixtures.populate(db)
            let smtpPort = try Self.freePort(dir)
            let httpPort = try Self.freePort(dir)
            // The mail server is down when the booking commits: the worker tries, fails, and is killed.
            let first = try Self.serve(db: path, httpPort: httpPort, smtpPort: smtpPort)
            try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
            #expect(try await Self.until { try db.outbox().allSatisfy { $0.attempts >= 1 } })
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            #expect(try db.outboxCounts().queued == 2)

            let sink = try SMTPSink(dir, port: smtpPort)
            defer { sink.stop() }
            let second = try Self.serve(db: path, httpPort: httpPort, smtpPort: smtpPort)
            defer {
                second.terminate()
                second.waitUntilExit()
            }
            #expect(try await Self.until { try db.outboxCounts().sent == 2 })
            // A later change wakes the worker again: only the new messages go, none of the delivered ones twice.
            try db.bookInterview(MailFixtures.booking("2027-01-07T14:00"), actor: "test", reason: "moved")
            #expect(try await Self.until { try db.outboxCounts().sent == 4 })
            #expect(try await sink.wait(for: 4).count == 4)
            let received = try sink.inspect()
            #expect(received.count == 4)
            #expect(Set(received.map(\.messageID)).count == 4)
            #expect(received.map { $0.sequence ?? -1 }.sorted() == [0, 0, 1, 1])
        }
    }
}
