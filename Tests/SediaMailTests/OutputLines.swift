import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The lines a child process writes to a pipe, and a wait for the moment enough of them match: the test resumes
/// when the line arrives, never by polling or sleeping. A line that never comes is bounded by the test's `.timeLimit`:
/// its cancellation ends the wait.
///
/// One thread of its own reads the pipe with blocking reads until end of file, and owns the handle all that time:
/// nothing else closes it, and `finish()` waits for that thread to end. (Foundation's `readabilityHandler` watched a
/// descriptor that the pipe's owner could close, and the number could be reused by another suite's pipe meanwhile.)
final class OutputLines: Sendable {
    private struct State {
        var pending = Data()
        var lines: [String] = []
        var closed = false
        var waiters: [(id: Int, matches: @Sendable (String) -> Bool, count: Int, resume: CheckedContinuation<Bool, Never>)] = []
        var nextID = 0
        /// Waits cancelled before they were registered (the cancellation handler can run first).
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())
    /// Signalled once, when the reader thread has seen end of file (or a read error) and ended.
    private let ended = DispatchSemaphore(value: 0)

    /// Starts reading `handle` (the read end of the child's stdout or stderr pipe) on a thread of its own.
    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            // One read(2) at a time: it returns what the pipe holds as soon as anything is there (Foundation's
            // `read(upToCount:)` on Linux waits for the whole count or end of file, so a line would sit unseen).
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { raw in read(handle.fileDescriptor, raw.baseAddress, raw.count) }
                if count < 0, errno == EINTR { continue }
                // 0: end of file; a read error ends the reading too (and counts as closed).
                let chunk = count > 0 ? Data(buffer[0..<count]) : Data()
                take(chunk)
                if chunk.isEmpty { break }
            }
            try? handle.close()
            ended.signal()
        }
        thread.start()
    }

    /// Blocks until the writer's end has closed and the reader thread has ended (the child has exited, or the
    /// test closed the write end). Safe to call more than once.
    func finish() {
        ended.wait()
        ended.signal()
    }

    private func take(_ chunk: Data) {
        let ready: [CheckedContinuation<Bool, Never>] = state.withLock { s in
            if chunk.isEmpty {
                s.closed = true
            } else {
                s.pending.append(chunk)
                while let newline = s.pending.firstIndex(of: 0x0A) {
                    s.lines.append(String(decoding: s.pending[s.pending.startIndex..<newline], as: UTF8.self))
                    s.pending.removeSubrange(s.pending.startIndex...newline)
                }
            }
            // A waiter is resumed when its lines have come, or when the pipe closed and no more can come.
            let lines = s.lines
            let closed = s.closed
            var done: [CheckedContinuation<Bool, Never>] = []
            s.waiters.removeAll { w in
                guard closed || lines.filter(w.matches).count >= w.count else { return false }
                done.append(w.resume)
                return true
            }
            return done
        }
        for resume in ready { resume.resume(returning: true) }
    }

    /// The lines so far that `matches` accepts.
    func lines(_ matches: (String) -> Bool) -> [String] { state.withLock { $0.lines.filter(matches) } }

    /// Waits until `count` lines match (true), or the pipe closes or the waiting task is cancelled first (false).
    func wait(for count: Int, matching matches: @escaping @Sendable (String) -> Bool) async -> Bool {
        let id: Int = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (resume: CheckedContinuation<Bool, Never>) in
                let now: Bool = state.withLock { s in
                    if s.lines.filter(matches).count >= count || s.closed || s.cancelled.contains(id) { return true }
                    s.waiters.append((id, matches, count, resume))
                    return false
                }
                if now { resume.resume(returning: true) }
            }
        } onCancel: {
            self.expire(id)
        }
        return lines(matches).count >= count
    }

    private func expire(_ id: Int) {
        let resume = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard let i = s.waiters.firstIndex(where: { $0.id == id }) else {
                s.cancelled.insert(id)
                return nil
            }
            return s.waiters.remove(at: i).resume
        }
        resume?.resume(returning: false)
    }
}
