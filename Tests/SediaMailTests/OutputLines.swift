import Foundation
import Synchronization

/// The lines a child process writes to a pipe, and a wait for the moment enough of them match: the test resumes
/// when the line arrives (the pipe's readability handler), never by polling. A deadline only bounds a wait that
/// would otherwise hang when the line never comes.
final class OutputLines: Sendable {
    private struct State {
        var pending = Data()
        var lines: [String] = []
        var closed = false
        var waiters: [(id: Int, matches: @Sendable (String) -> Bool, count: Int, resume: CheckedContinuation<Bool, Never>)] = []
        var nextID = 0
    }

    private let state = Mutex(State())

    /// Starts reading `handle` (the read end of the child's stdout or stderr pipe).
    init(_ handle: FileHandle) {
        handle.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil }
            self?.take(chunk)
        }
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

    /// Waits until `count` lines match (true), or the pipe closes or `timeout` seconds pass first (false).
    func wait(for count: Int, timeout: Double = 30, matching matches: @escaping @Sendable (String) -> Bool) async -> Bool {
        let id: Int = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        let deadline = Task {
            try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            self.expire(id)
        }
        defer { deadline.cancel() }
        await withCheckedContinuation { (resume: CheckedContinuation<Bool, Never>) in
            let now: Bool = state.withLock { s in
                if s.lines.filter(matches).count >= count || s.closed { return true }
                s.waiters.append((id, matches, count, resume))
                return false
            }
            if now { resume.resume(returning: true) }
        }
        return lines(matches).count >= count
    }

    private func expire(_ id: Int) {
        let resume = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return s.waiters.remove(at: i).resume
        }
        resume?.resume(returning: false)
    }
}
