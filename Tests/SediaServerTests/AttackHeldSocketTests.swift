import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SediaServer
import SediaTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Bytes written to a running server on a plain TCP socket, as an attacker writes them, and what came back until the
/// server closed the connection (or 10 s passed). Blocking calls run on a thread of their own, never on the test's task.
enum RawHTTP {
    /// What came back, and whether everything was written (a server may stop reading and close first).
    struct Answer {
        var text: String
        /// The status of the first response, 0 when there was none.
        var status: Int {
            guard text.hasPrefix("HTTP/1.1 "), let code = Int(text.dropFirst(9).prefix(3)) else { return 0 }
            return code
        }
        /// How many responses came back on the connection.
        var responses: Int { text.components(separatedBy: "HTTP/1.1 ").count - 1 }
    }

    /// `untilClose`: read until the server closes (to see that nothing else is answered); otherwise stop after the
    /// first response's head (a server refusing a body may wait for the rest of it before closing).
    static func exchange(port: Int, _ head: String, body: [UInt8] = [], bodyRepeats: Int = 1, untilClose: Bool = true) async -> Answer {
        // A thread of its own: Dispatch's global queues run Swift's tasks on Linux (the server's handlers among them),
        // so blocking one of their few threads could hold up the very answer being waited for.
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let answer = blockingExchange(port: port, Array(head.utf8), body: body, repeats: bodyRepeats, untilClose: untilClose)
                continuation.resume(returning: answer)
            }
            thread.start()
        }
    }

    /// Whether `bytes` hold a whole response head (the status is all these tests read of a refusal).
    static func headComplete(_ bytes: [UInt8]) -> Bool {
        String(decoding: bytes, as: UTF8.self).contains("\r\n\r\n")
    }

    private static func blockingExchange(port: Int, _ head: [UInt8], body: [UInt8], repeats: Int, untilClose: Bool) -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return Answer(text: "") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sendTimeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return Answer(text: "") }
        // A write the server refuses (it answered and closed) ends the sending, not the test: MSG_NOSIGNAL, no SIGPIPE.
        func write(_ bytes: [UInt8]) -> Bool {
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        if write(head) {
            for _ in 0..<repeats where !body.isEmpty {
                if !write(body) { break }
            }
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.count < 1_000_000 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += buffer[0..<n]
            if !untilClose && headComplete(received) { break }
        }
        return Answer(text: String(decoding: received, as: UTF8.self))
    }
}

/// The request limits that held in the second attack (issue 24), on a running server (port 0): oversized bodies 413
/// early, oversized heads 400, and every smuggling shape refused with one 400 and the connection closed.
struct AttackHeldSocketTests {
    static func running(_ body: @escaping @Sendable (any TestClientProtocol, Int) async throws -> Void) async throws {
        let harness = try Harness()
        let dependencies = ServerDependencies(
            database: harness.database, hooks: harness.hooks, configuration: ServerConfiguration(port: 0), logger: Logger(label: "test"))
        try await buildApplication(dependencies).test(.live) { client in
            let port = try #require(client.port)
            try await body(client, port)
            // Whatever was sent, the server still answers (on a new connection: the test client's own may have been
            // idle for longer than the server's idle timeout on a loaded machine).
            let health = await RawHTTP.exchange(port: port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(health.status == 200)
        }
    }

    static let form = "Content-Type: application/x-www-form-urlencoded\r\n"

    /// A 25 MB form is refused with 413 after a little of it (here 2 MB of the 25 are sent); so is a 30 MB chunked one.
    @Test func oversizedBodiesAre413BeforeTheyAreRead() async throws {
        try await Self.running { _, port in
            let chunk = [UInt8](repeating: 0x61, count: 65536)
            let declared = await RawHTTP.exchange(
                port: port, "POST /cases HTTP/1.1\r\nHost: 127.0.0.1\r\n\(Self.form)Content-Length: \(25 << 20)\r\n\r\n", body: chunk,
                bodyRepeats: 32, untilClose: false)
            #expect(declared.status == 413, "\(declared.text.prefix(200))")
            let chunked = Array("10000\r\n".utf8) + chunk + Array("\r\n".utf8)
            let streamed = await RawHTTP.exchange(
                port: port, "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\(Self.form)Transfer-Encoding: chunked\r\n\r\n", body: chunked,
                bodyRepeats: 480, untilClose: false)
            #expect(streamed.status == 413, "\(streamed.text.prefix(200))")
        }
    }

    /// Heads too large to be a browser's (a URI over 80 KB, a 200 KB header, 1,200 headers), the request smuggling
    /// shapes (Content-Length with Transfer-Encoding, two Content-Lengths, an obfuscated Transfer-Encoding) and bare LF
    /// line ends: one 400, and nothing behind it is answered.
    @Test func malformedHeadsAreRefusedWithOne400() async throws {
        let smuggled = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        let heads: [(String, String)] = [
            ("URI over 80 KB", "GET /\(String(repeating: "a", count: 82 * 1024)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
            ("200 KB header", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "b", count: 200 * 1024))\r\n\r\n"),
            (
                "1,200 headers",
                "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (0..<1200).map { "X-F\($0): c\r\n" }.joined()
                    + "\r\n"
            ),
            (
                "Content-Length and Transfer-Encoding",
                "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\(Self.form)Content-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n\(smuggled)"
            ),
            (
                "two Content-Lengths",
                "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\(Self.form)Content-Length: 0\r\nContent-Length: 44\r\n\r\n\(smuggled)"
            ),
            (
                "Transfer-Encoding with a space before the colon",
                "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\(Self.form)Transfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n\(smuggled)"
            ),
            (
                "Transfer-Encoding that is not chunked last",
                "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\(Self.form)Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n\(smuggled)"
            ),
            ("bare LF", "GET /healthz HTTP/1.1\nHost: 127.0.0.1\n\n\(smuggled)"),
        ]
        try await Self.running { _, port in
            for (what, head) in heads {
                let answer = await RawHTTP.exchange(port: port, head)
                #expect(answer.status == 400, "\(what): \(answer.text.prefix(120))")
                #expect(answer.responses == 1, "\(what): \(answer.responses) responses")
            }
        }
    }
}
