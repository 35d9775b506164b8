import Foundation
import GRDB
import SediaAppTestSupport
import SediaStore
import SediaTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What an agency's IT unit runs: `sedia db check`, the refusal of a database a newer Sedia made, and `sedia serve`
/// under a service manager (sd_notify) (issue 25).
struct OperationsCommandTests {
    @Test func dbCheckExitsZeroOneOrTwo() throws {
        try TemporaryDirectory.with("db-check") { dir in
            let path = dir.file("sedia.sqlite")
            let db = try AppDatabase.open(path: path)
            _ = try db.importInstance(AppFixtures.instance, actor: "test")
            try db.backup(to: dir.file("backup.sqlite"))
            let sound = SediaRun.run(["db", "check", dir.file("backup.sqlite")])
            #expect(sound.status == 0)
            #expect(sound.stdout.hasPrefix("\(dir.file("backup.sqlite")): sound"))

            var bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("backup.sqlite")))
            let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
            bytes[pageSize] ^= 0xFF
            try bytes.write(to: URL(fileURLWithPath: dir.file("flipped.sqlite")))
            let damaged = SediaRun.run(["db", "check", dir.file("flipped.sqlite")])
            #expect(damaged.status == 1)
            #expect(damaged.stderr.hasPrefix("\(dir.file("flipped.sqlite")): "))

            let text = try dir.write("notes.txt", "not a database")
            let notSedia = SediaRun.run(["db", "check", text])
            #expect(notSedia.status == 2)
            #expect(notSedia.stderr == "\(text) is not an SQLite database\n")
        }
    }

    @Test func everyCommandRefusesADatabaseANewerSediaMade() throws {
        try TemporaryDirectory.with("newer-cli") { dir in
            let path = dir.file("sedia.sqlite")
            _ = try AppDatabase.open(path: path)
            let raw = try DatabaseQueue(path: path)
            try raw.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-later')") }
            try raw.close()
            for arguments in [
                ["export-instance", "--db", path, "--out", dir.file("out.json")], ["db", "init", "--db", path], ["user", "list", "--db", path],
            ] {
                let ran = SediaRun.run(arguments)
                #expect(ran.status == 2, "\(arguments)")
                #expect(
                    ran.stderr.contains("was made by a newer Sedia (migration v99-later); restore the backup taken before the upgrade"),
                    "\(arguments)")
            }
            #expect(!FileManager.default.fileExists(atPath: dir.file("out.json")))
        }
    }

    @Test(.timeLimit(.minutes(2))) func serveTellsTheServiceManagerItIsReadyAndStopping() async throws {
        try await TemporaryDirectory.with("notify") { dir in
            let path = dir.file("sedia.sqlite")
            _ = try AppDatabase.open(path: path)
            let socketPath = dir.file("notify.sock")
            let listener = try NotifySocket(path: socketPath)
            defer { listener.close() }
            let process = Process()
            process.executableURL = try SediaRun.executable
            process.arguments = [
                "serve", "--db", path, "--host", "127.0.0.1", "--port", "0", "--no-mail", "--rules",
                AppFixtures.repository.appendingPathComponent("rules").path, "--calendars",
                AppFixtures.repository.appendingPathComponent("calendars").path,
            ]
            // The child's own environment: nothing process-wide changes for the suites running here.
            process.environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "2000000"]) { _, new in
                new
            }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            let ready = try #require(listener.receive())
            #expect(ready.hasPrefix("READY=1\nSTATUS=serving on 127.0.0.1:"))
            // The watchdog is kept (every WATCHDOG_USEC / 2) while the server runs.
            #expect(listener.receive() == "WATCHDOG=1")
            process.terminate()
            var rest: [String] = []
            while let message = listener.receive(), message != "STOPPING=1" { rest.append(message) }
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(rest.allSatisfy { $0 == "WATCHDOG=1" })
        }
    }
}

/// A datagram socket standing in for systemd's notification socket; each receive waits for the next message (at most
/// 60 s, so a server that never writes fails the test instead of hanging it).
final class NotifySocket: Sendable {
    let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    func close() { _ = Glibc.close(fd) }
}
