public import SediaCore

/// What an export remembers between runs so that feeds stay stable: the per-installation UID secret and, per task,
/// its UID, SEQUENCE, LAST-MODIFIED, last published content and when it was cancelled.
///
/// A value type: the CLI keeps it as JSON in the `--out` directory (`FeedStateFile`), the server in its database.
/// It holds case references, so it is private to the installation and never published.
public struct FeedState: Sendable, Equatable {
    /// Format marker, so a later Sedia can migrate old files.
    public var format: String
    /// Hex of the secret key for UIDs. Anyone with it could test guesses of case references against UIDs: keep it private.
    public var secret: String
    /// Per task key (`FeedEvent.task`).
    public var entries: [String: Entry]

    public static let currentFormat = "sedia-feed-state/2"
    /// The first file format (each entry an object holding its whole event), still read.
    static let formatVersion1 = "sedia-feed-state/1"

    /// One task's published identity.
    public struct Entry: Sendable, Equatable {
        public var uid: String
        public var sequence: Int
        /// DTSTAMP and LAST-MODIFIED: the last time the published content changed.
        public var lastModified: UTCInstant
        /// The content last published (kept to publish a cancellation in the same feeds).
        public var event: FeedEvent
        /// Set when the task disappeared from the plan; it is published as cancelled until the grace period ends.
        public var cancelledAt: UTCInstant?

        public init(uid: String, sequence: Int, lastModified: UTCInstant, event: FeedEvent, cancelledAt: UTCInstant? = nil) {
            self.uid = uid
            self.sequence = sequence
            self.lastModified = lastModified
            self.event = event
            self.cancelledAt = cancelledAt
        }
    }

    /// A fresh state with the given secret (at least 16 random bytes; the CLI uses 32 from the system generator).
    public init(secret: [UInt8]) {
        format = FeedState.currentFormat
        self.secret = Hex.encode(secret)
        entries = [:]
    }

    /// A fresh state with a secret drawn from `generator`.
    public static func new(using generator: inout some RandomNumberGenerator) -> FeedState {
        FeedState(secret: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The UID of a task: a keyed hash, so it stays the same for the life of the task, reveals nothing of the case,
    /// and cannot be recomputed from a guessed case reference without the secret.
    public func uid(forTask task: String) -> String { uid(forTask: task, key: hmacKey) }

    var hmacKey: FeedHash.HMACKey { FeedHash.HMACKey(Hex.decode(secret) ?? Array(secret.utf8)) }

    func uid(forTask task: String, key: FeedHash.HMACKey) -> String {
        let mac = key.mac(Array("sedia-feed-uid/1\u{0}\(task)".utf8))
        return Hex.encode(Array(mac.prefix(16))) + "@sedia"
    }

    /// Brings the state up to date with the events the plan and rules give now.
    ///
    /// New tasks get a UID and SEQUENCE 0; changed ones SEQUENCE+1 and LAST-MODIFIED = `now`; tasks gone from the plan
    /// are cancelled (SEQUENCE+1) unless they already lay in the past or were reported done, which are kept as they
    /// were. Cancelled entries older than the grace period, and finished ones that left the window, are forgotten. Nothing else changes, so the same inputs
    /// give the same state and the same bytes.
    public mutating func reconcile(with events: [FeedEvent], now: UTCInstant, options: FeedOptions, completedTasks: Set<String> = []) {
        var seen = Set<String>()
        let key = hmacKey
        for event in events {
            seen.insert(event.task)
            if var entry = entries[event.task] {
                if entry.event != event || entry.cancelledAt != nil {
                    entry.sequence += 1
                    entry.lastModified = now
                    entry.event = event
                    entry.cancelledAt = nil
                    entries[event.task] = entry
                }
            } else {
                entries[event.task] = Entry(uid: uid(forTask: event.task, key: key), sequence: 0, lastModified: now, event: event)
            }
        }
        let today = now.localDay(offsetSeconds: FeedCalendar.utcOffsetSeconds)
        let grace = Int64(options.graceDays) * 86_400
        let windowStart = today.adding(days: -options.daysBack)
        for (task, var entry) in entries where !seen.contains(task) {
            if let cancelledAt = entry.cancelledAt {
                if now.seconds - cancelledAt.seconds > grace { entries[task] = nil }
                continue
            }
            // A booking that has happened leaves the plan (the interview is now `interviewDoneOn`): it was not cancelled.
            if entry.event.when.lastDay < today || completedTasks.contains(task) {
                // Once it has left the window there is nothing left to publish or to remember.
                if entry.event.when.lastDay < windowStart { entries[task] = nil }
                continue
            }
            entry.sequence += 1
            entry.lastModified = now
            entry.cancelledAt = now
            entries[task] = entry
        }
    }
}
