import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A system call on a file that failed: which file, which call, and the system's reason.
public struct FileWriteError: Error, CustomStringConvertible {
    public var call: String
    public var path: String
    public var code: Int32

    public var description: String { "cannot write \(path): \(String(cString: strerror(code))) (\(call))" }
}

/// The one way Sedia replaces a file: the bytes go to a temporary file in the same directory, created with `mode`
/// (never wider, whatever the umask), which is then renamed over the target. A reader (a subscriber's client, the web
/// server, a script) never sees half a file, and a failure leaves the old file as it was and no temporary file behind.
/// The target's directory must exist: a mistyped path is refused rather than created.
///
/// `durable` adds fsync of the file before the rename and of the directory after it, for files that cannot be rebuilt
/// (plans, the feed state with its secret, backups). Feeds skip it: they are rebuilt from the durable state, so after a
/// power cut a feed is at worst stale until the next export, never half-written.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o644, durable: Bool = true) throws(FileWriteError) {
        let tmp = temporaryPath(for: path)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { throw FileWriteError(call: "open", path: path, code: errno) }
        func fail(_ call: String, _ code: Int32) -> FileWriteError {
            close(fd)
            unlink(tmp)
            return FileWriteError(call: call, path: path, code: code)
        }
        // The umask may have narrowed the mode (which is safe); set exactly `mode` so feeds stay readable by the web server.
        guard fchmod(fd, mode_t(mode)) == 0 else { throw fail("chmod", errno) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(fd, base + done, buffer.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail("write", errno)
            }
            done += n
        }
        if durable, fsync(fd) != 0 { throw fail("fsync", errno) }
        guard close(fd) == 0 else {
            let code = errno
            unlink(tmp)
            throw FileWriteError(call: "close", path: path, code: code)
        }
        try commit(tmp, to: path, durable: durable)
    }

    /// A name beside `path` for a file being prepared: hidden, unique to this process and call, so two writers of one
    /// target (threads or processes) never share a temporary file.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let unique = UInt64.random(in: 0...UInt64.max)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(unique).tmp").path
    }

    /// Renames a finished temporary file over `path` (removing it on failure), and with `durable` makes the rename
    /// itself survive a power cut.
    public static func commit(_ temporary: String, to path: String, durable: Bool) throws(FileWriteError) {
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileWriteError(call: "rename", path: path, code: code)
        }
        guard durable else { return }
        let directory = (path as NSString).deletingLastPathComponent
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw FileWriteError(call: "open", path: directory, code: errno) }
        defer { close(dfd) }
        guard fsync(dfd) == 0 else { throw FileWriteError(call: "fsync", path: directory, code: errno) }
    }

    /// Whether the file at `path` holds exactly `bytes` (false when it is missing or unreadable), so an unchanged file
    /// is not rewritten: its modification time, inode and a web server's ETag stay as they were.
    public static func hasContents(_ path: String, _ bytes: [UInt8]) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == bytes.count else { return false }
        var existing = [UInt8](repeating: 0, count: bytes.count + 1)
        var filled = 0
        while filled < existing.count {
            let n = existing.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { return 0 }
                return read(fd, base + filled, buffer.count - filled)
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            filled += n
        }
        // One byte more than expected was asked for, so a file that grew since fstat does not pass as equal.
        return filled == bytes.count && existing[0..<filled].elementsEqual(bytes)
    }
}
