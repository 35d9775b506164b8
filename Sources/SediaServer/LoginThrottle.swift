import Foundation
import Synchronization

/// Slows password guessing down, by account and by address, before any password is checked.
///
/// Each account and each client address may fail `freeFailures` times within `window`; after that each further try
/// waits a delay that doubles with every failure (1 s, 2 s, 4 s, …) up to a cap, and is answered 429 with
/// `Retry-After` without running bcrypt. A success clears the account and the address. Failures older than the window
/// are forgotten, so the delay falls back by itself.
///
/// An attacker must not be able to lock a real user out for long: the account's delay is capped low (a minute, so
/// guessing one account from many addresses stays near one try a minute), while an address's is capped high; and an
/// address that has signed in to an account before is not held back by that account's failures, only by its own.
///
/// In memory, per server process: a restart forgets it (an attacker gains at most one window), and the tables are
/// bounded so a flood of made-up usernames or addresses cannot grow them without end.
final class LoginThrottle: Sendable {
    /// The numbers; the defaults are the ones `sedia serve` runs with.
    struct Policy: Sendable {
        var window: TimeInterval = 15 * 60
        var freeFailures = 10
        var firstDelay: TimeInterval = 1
        var accountDelayCap: TimeInterval = 60
        var addressDelayCap: TimeInterval = 15 * 60
        /// Most accounts or addresses remembered at once; the stalest are dropped beyond it.
        var maxEntries = 20_000
        /// Most addresses remembered as having signed in to one account.
        var knownAddressesPerAccount = 16
        /// Wrong current passwords one session may give (`/me/password`) before it is ended.
        var sessionFailures = 5
    }

    /// Recent failures of one account or one address.
    struct Failures {
        var times: [Date] = []

        mutating func prune(before cutoff: Date) { times.removeAll { $0 < cutoff } }
    }

    struct State {
        var accounts: [String: Failures] = [:]
        var addresses: [String: Failures] = [:]
        /// Addresses that signed in to an account, most recent last.
        var known: [String: [String]] = [:]
        /// Wrong current passwords by session (a hash of its token), for ending a session that guesses.
        var sessions: [String: Failures] = [:]
    }

    let policy: Policy
    private let state = Mutex(State())

    init(policy: Policy = Policy()) { self.policy = policy }

    /// Accounts are matched without case, as people type them.
    static func accountKey(_ username: String) -> String { username.lowercased() }

    /// How long this try must wait, or nil when it may go ahead and have its password checked.
    func wait(username: String, address: String, now: Date) -> TimeInterval? {
        let account = Self.accountKey(username)
        return state.withLock { s -> TimeInterval? in
            var longest: TimeInterval = 0
            if let delay = remaining(s.addresses[address], cap: policy.addressDelayCap, now: now) { longest = max(longest, delay) }
            if !(s.known[account]?.contains(address) ?? false),
                let delay = remaining(s.accounts[account], cap: policy.accountDelayCap, now: now)
            {
                longest = max(longest, delay)
            }
            return longest > 0 ? longest : nil
        }
    }

    /// Records a wrong password (or an unknown username) for the account and the address.
    func failed(username: String, address: String, now: Date) {
        let account = Self.accountKey(username)
        let cutoff = now.addingTimeInterval(-policy.window)
        state.withLock { s in
            Self.record(&s.accounts, account, now: now, cutoff: cutoff, limit: policy.maxEntries)
            Self.record(&s.addresses, address, now: now, cutoff: cutoff, limit: policy.maxEntries)
        }
    }

    /// Records a wrong current password given from a signed-in session, and says whether the session has now given
    /// `sessionFailures` of them within the window (it is then to be ended).
    func failedInSession(_ session: String, now: Date) -> Bool {
        let cutoff = now.addingTimeInterval(-policy.window)
        return state.withLock { s in
            Self.record(&s.sessions, session, now: now, cutoff: cutoff, limit: policy.maxEntries)
            return (s.sessions[session]?.times.count ?? 0) >= policy.sessionFailures
        }
    }

    /// A correct password: the account and the address start again, and the address is known for the account.
    func succeeded(username: String, address: String) {
        let account = Self.accountKey(username)
        state.withLock { s in
            s.accounts[account] = nil
            s.addresses[address] = nil
            var list = s.known[account, default: []].filter { $0 != address }
            list.append(address)
            if list.count > policy.knownAddressesPerAccount { list.removeFirst(list.count - policy.knownAddressesPerAccount) }
            if s.known[account] == nil, s.known.count >= policy.maxEntries { s.known.removeAll() }
            s.known[account] = list
        }
    }

    /// The delay still to wait after `failures`, or nil when none.
    private func remaining(_ failures: Failures?, cap: TimeInterval, now: Date) -> TimeInterval? {
        guard let failures else { return nil }
        let cutoff = now.addingTimeInterval(-policy.window)
        let recent = failures.times.filter { $0 >= cutoff }
        guard recent.count >= policy.freeFailures, let last = recent.last else { return nil }
        let doublings = min(recent.count - policy.freeFailures, 30)
        let delay = min(policy.firstDelay * pow(2, Double(doublings)), cap)
        let left = last.addingTimeInterval(delay).timeIntervalSince(now)
        return left > 0 ? left : nil
    }

    private static func record(_ table: inout [String: Failures], _ key: String, now: Date, cutoff: Date, limit: Int) {
        if table[key] == nil, table.count >= limit {
            // Full: forget what has aged out of the window; if that is not enough, the stalest half.
            table = table.filter { $0.value.times.last.map { $0 >= cutoff } ?? false }
            if table.count >= limit {
                let keep = table.sorted { ($0.value.times.last ?? .distantPast) > ($1.value.times.last ?? .distantPast) }.prefix(limit / 2)
                table = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
            }
        }
        var entry = table[key] ?? Failures()
        entry.prune(before: cutoff)
        entry.times.append(now)
        table[key] = entry
    }
}

/// Checks passwords with bcrypt off the event loops, a few at a time.
///
/// bcrypt is slow on purpose (a quarter of a second at our cost); run on the event loops, or on as many threads as
/// requests arrive, a flood of sign-ins would starve every other request (`/healthz` took half a second). Here at
/// most `concurrency` checks run at once on their own threads, at most `maxWaiting` more wait their turn, and beyond
/// that a sign-in is answered "busy" at once without any hashing.
final class PasswordChecker: Sendable {
    let concurrency: Int
    let maxWaiting: Int
    private let queue = DispatchQueue(label: "sedia.bcrypt", attributes: .concurrent)
    private let state = Mutex<(running: Int, waiting: [CheckedContinuation<Bool, Never>])>((0, []))

    /// One core is left to the event loops: on a two-core machine, one check at a time.
    init(concurrency: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1), maxWaiting: Int = 16) {
        self.concurrency = concurrency
        self.maxWaiting = maxWaiting
    }

    /// Whether `password` matches `hash`, or nil when too many checks are already waiting.
    func verify(_ password: String, hash: String) async -> Bool? {
        guard await acquire() else { return nil }
        let ok = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Passwords.verify(password, hash: hash)) }
        }
        release()
        return ok
    }

    /// The bcrypt hash of a new password, on the same threads (setting a password waits its turn rather than being
    /// refused: only signed-in users and admins set passwords).
    func hash(_ password: String) async -> String {
        _ = await acquire(mayRefuse: false)
        let hashed = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Passwords.hash(password)) }
        }
        release()
        return hashed
    }

    private enum Decision { case run, full, wait }

    /// Takes a slot, waiting for one; with `mayRefuse`, false at once when `maxWaiting` checks already wait.
    func acquire(mayRefuse: Bool = true) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let decision = state.withLock { s -> Decision in
                if s.running < concurrency {
                    s.running += 1
                    return .run
                }
                if mayRefuse, s.waiting.count >= maxWaiting { return .full }
                s.waiting.append(continuation)
                return .wait
            }
            switch decision {
            case .run: continuation.resume(returning: true)
            case .full: continuation.resume(returning: false)
            case .wait: break
            }
        }
    }

    /// Hands the slot to the next waiting check, or frees it.
    func release() {
        let next = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            if s.waiting.isEmpty {
                s.running -= 1
                return nil
            }
            return s.waiting.removeFirst()
        }
        next?.resume(returning: true)
    }
}
