import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The service manager's notification socket (sd_notify(3)), without libsystemd: one datagram per state on the
/// `AF_UNIX` socket `NOTIFY_SOCKET` names (a path, or `@name` in the abstract namespace). With `Type=notify` the unit
/// counts as started only on `READY=1`, which Sedia sends once `/healthz` would answer; with `WatchdogSec=` it expects
/// `WATCHDOG=1` at least every `WATCHDOG_USEC` microseconds and restarts a server that stops sending it.
public struct SystemdNotifier: Sendable {
    let socketPath: String
    /// How often to send `WATCHDOG=1` (half the watchdog's interval), or nil when no watchdog is set.
    public let watchdogInterval: Duration?

    /// The notifier `environment` asks for, or nil when the process was not started by a service manager.
    public init?(environment: [String: String]) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty, path.utf8.count < 108,
            path.hasPrefix("/") || path.hasPrefix("@")
        else { return nil }
        socketPath = path
        // WATCHDOG_PID, when set, names the process the watchdog is for: another process's watchdog is not ours.
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 {
            watchdogInterval = .microseconds(usec / 2)
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends `state` (e.g. `READY=1`, `STOPPING=1`, `WATCHDOG=1`); false when it could not be sent.
    @discardableResult
    public func send(_ state: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(socketPath.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1))
        let payload = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                sendto(fd, payload, payload.count, Int32(MSG_NOSIGNAL), sockaddrPointer, length)
            }
        }
        return sent == payload.count
    }

    /// Sends `WATCHDOG=1` every `watchdogInterval` until cancelled (a task beside the server).
    public func keepAlive() async {
        guard let interval = watchdogInterval else { return }
        while !Task.isCancelled {
            send("WATCHDOG=1")
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}

/// The server's side of `Type=notify`: `READY=1` (with a status line) once it serves, then the watchdog beats, and
/// `STOPPING=1` as it stops. The watchdog starts only after `READY=1`: the service manager expects nothing before it.
public final class ServiceManagerLink: Sendable {
    let notifier: SystemdNotifier
    private let watchdog = Mutex<Task<Void, Never>?>(nil)

    /// The link `environment` asks for, or nil when no service manager started the process.
    public init?(environment: [String: String]) {
        guard let notifier = SystemdNotifier(environment: environment) else { return nil }
        self.notifier = notifier
    }

    public func ready(status: String) {
        notifier.send("READY=1\nSTATUS=\(status)")
        let notifier = notifier
        watchdog.withLock { task in
            task?.cancel()
            task = Task { await notifier.keepAlive() }
        }
    }

    public func stopping() {
        watchdog.withLock { task in
            task?.cancel()
            task = nil
        }
        notifier.send("STOPPING=1")
    }

    deinit { watchdog.withLock { $0?.cancel() } }
}
