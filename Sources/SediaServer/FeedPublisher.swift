import Foundation
import Logging
import NIOPosix
import SediaCalendar
import SediaCore
import SediaStore
import Synchronization

/// The served feeds: SediaCalendar's `FeedExport` over the database, with its `FeedState` kept in SQLite.
///
/// A feed is exactly the file `sedia export feeds` writes for the same instance, plan (the bookings), prosecutors,
/// state, `now` and options: the same library call makes both. The state is reconciled when the data version or the
/// local day (the rolling window) changes, saved in one write transaction, and each feed's bytes are kept until then.
/// DTSTAMP is each entry's last change, so unchanged data gives the same bytes and ETag however often it is fetched.
final class FeedPublisher: Sendable {
    /// The CLI's defaults (30 days back, 180 ahead, 14 days' grace, hourly refresh), so `sedia export feeds` run with
    /// no options gives the same bytes. The busy and VTODO variants are chosen per token, not here.
    static let options = FeedOptions(busyVariants: true, todoFeeds: true)

    let database: AppDatabase
    let snapshots: SnapshotCache
    let rules: ServerRules?
    let logger: Logger
    /// Days planned from today, as the pages (`ServerConfiguration.horizonDays`): the feeds share their snapshot.
    let horizonDays: Int
    /// The shipped places, which name the town nearest each centre in its interviews' LOCATION.
    let gazetteer: Gazetteer

    /// What one reconciliation gave: the state, for which data version and day, and the feeds rendered from it.
    struct Published {
        /// The data version and newest audit entry: bookings, cases and checklist ticks all move it.
        var version: ChangeStamp
        var day: Day
        var now: UTCInstant
        var state: FeedState
        var places: FeedPlaces
        /// The last rendering of each feed in each language, this generation's or an earlier one's.
        var feeds: [Key: RenderedFeed]
        /// The feeds rendered from this state.
        var fresh: Set<Key>
    }

    /// A feed in one language, with or without reminders: subscribers get its fixed words in their account's language,
    /// and reminders unless their address says `?reminders=0`.
    struct Key: Hashable, Sendable {
        var feed: FeedID
        var language: Language
        var reminders = true
    }

    /// Held while reconciling and rendering, so two requests never reconcile (and write the state) at once.
    private let published = Mutex<Published?>(nil)

    init(
        database: AppDatabase, snapshots: SnapshotCache, rules: ServerRules?, logger: Logger, horizonDays: Int = PlanningWindow.defaultDays,
        gazetteer: Gazetteer = .empty
    ) {
        self.horizonDays = horizonDays
        self.gazetteer = gazetteer
        self.database = database
        self.snapshots = snapshots
        self.rules = rules
        self.logger = logger
    }

    /// The wall clock as a whole-second UTC instant (the database's clock, which tests set).
    func now() -> UTCInstant { UTCInstant(seconds: Int64(database.clock().timeIntervalSince1970.rounded(.down))) }

    /// Today in Malaysia: the day the feeds' window is centred on.
    func today() -> Day { MalaysianTime.day(unixSeconds: now().seconds) }

    /// Reconciles now when the data or the day has moved, so that the next feed request finds the state ready instead of
    /// waiting for it (run in the background after a page changes something).
    func refresh() throws { try withCurrent { _, _ in } }

    /// Set while a background refresh is queued and not yet started.
    private let queued = Atomic<Bool>(false)

    /// How long a background refresh waits for more writes: under a stream of writes (16 prosecutors recording court
    /// dates) the feeds are reconciled twice a second at most, not once per write.
    static let refreshDelay = Duration.milliseconds(500)

    /// `refresh()` in the background, on the blocking pool (a reconciliation reads every case: not on the tasks serving
    /// requests). Writes arriving together share one: a write landing before a queued refresh starts is in it, and one
    /// landing after queues the next. A feed request reconciles anyway when it finds the state behind.
    func refreshSoon() {
        guard !queued.exchange(true, ordering: .acquiringAndReleasing) else { return }
        Task.detached(priority: .utility) {
            do {
                try await Task.sleep(for: Self.refreshDelay)
                try await NIOThreadPool.singleton.runIfActive {
                    self.queued.store(false, ordering: .releasing)
                    try self.refresh()
                }
            } catch {
                self.queued.store(false, ordering: .releasing)
                self.logger.error("feeds: background reconciliation failed: \(String(describing: error))")
            }
        }
    }

    /// The feed's bytes and headers with its fixed words in `language` (`en`, `ms`), reconciling first when the data or
    /// the day has changed since the last time.
    func feed(_ id: FeedID, language: Language = .en, reminders: Bool = true) throws -> RenderedFeed {
        let key = Key(feed: id, language: language, reminders: reminders)
        return try withCurrent { published, now in
            if published.fresh.contains(key), let feed = published.feeds[key] { return feed }
            let feed = render(key, in: published, previous: published.feeds[key], now: now)
            published.feeds[key] = feed
            published.fresh.insert(key)
            return feed
        }
    }

    /// Runs `body` on the published state, under the lock, after reconciling it when the data or the day has moved.
    private func withCurrent<T>(_ body: (inout Published, UTCInstant) throws -> T) throws -> T {
        let version = try database.changeStamp()
        let now = now()
        let today = MalaysianTime.day(unixSeconds: now.seconds)
        return try published.withLock { current in
            var next: Published
            if let current, current.version == version, current.day == today {
                next = current
            } else {
                next = try reconcile(now: now, today: today, stamp: version)
                // The last rendering of every feed stays, to keep the Last-Modified of bytes that did not change.
                next.feeds = current?.feeds ?? [:]
            }
            let result = try body(&next, now)
            current = next
            return result
        }
    }

    /// Renders one feed. Last-Modified is the newest LAST-MODIFIED of its entries, never earlier than the start of the
    /// local day (the window moves at midnight, which can change bytes without any entry changing); bytes equal to the
    /// previous rendering keep its Last-Modified, and changed bytes always get a later one.
    func render(_ key: Key, in published: Published, previous: RenderedFeed?, now: UTCInstant) -> RenderedFeed {
        let id = key.feed
        var options = Self.options
        options.language = key.language
        options.reminders = key.reminders
        let bytes =
            FeedExport.render(state: published.state, feeds: [id], now: published.now, options: options, places: published.places).first?.bytes
            ?? []
        let midnight = Int64(published.day.ordinal) * 86_400 - Int64(FeedCalendar.utcOffsetSeconds)
        let newest = FeedExport.lastChange(of: id, state: published.state, now: published.now, options: options, places: published.places)
        var seconds = max(newest?.seconds ?? midnight, midnight)
        var feed = RenderedFeed(bytes: bytes, lastModified: Date(timeIntervalSince1970: TimeInterval(seconds)))
        if let previous {
            if previous.etag == feed.etag {
                return previous
            }
            if feed.lastModified <= previous.lastModified {
                seconds = max(now.seconds, Int64(previous.lastModified.timeIntervalSince1970) + 1)
                feed = RenderedFeed(bytes: bytes, lastModified: Date(timeIntervalSince1970: TimeInterval(seconds)))
            }
        }
        return feed
    }

    /// Brings the stored state up to date with the database and saves what changed.
    func reconcile(now: UTCInstant, today: Day, stamp: ChangeStamp) throws -> Published {
        let snapshot = try snapshots.snapshot(database, window: .rolling(days: horizonDays, now: database.clock()))
        let instance = snapshot.instance
        let plan = Plan(
            instance: instance.name, interviews: snapshot.bookings.interviews.map(\.booking), hearings: snapshot.bookings.hearings.map(\.booking),
            unassigned: [], score: nil)
        var prosecutors: [Case.ID: String] = [:]
        for record in snapshot.records { if let p = record.prosecutor { prosecutors[record.item.id] = p } }
        let rows = try database.feedState(newSecret: {
            var generator = SystemRandomNumberGenerator()
            return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        })
        let stored = Self.state(from: rows, logger: logger)
        let rulePair = rules.map { (book: $0.book, calendars: $0.calendars) }
        // Checklist items ticked on the checklist pages, or completed by what was recorded, leave the deadlines and tasks feeds.
        let done = try database.checklistTicks().mapValues { Set($0.keys) }
        var next: FeedState
        do {
            next = try FeedExport.reconcile(
                instance: instance, plan: plan, prosecutors: prosecutors, rules: rulePair, state: stored, now: now, options: Self.options,
                done: done, histories: snapshot.histories
            ).state
        } catch {
            // A rule that cannot be applied to some case must not take every feed down: serve them without the
            // readiness due dates, and say so (counts only: the messages name cases).
            logger.error("feeds: the rules give errors (\(error.errors.count)); deadlines feeds are served without readiness items")
            next = try FeedExport.reconcile(
                instance: instance, plan: plan, prosecutors: prosecutors, rules: nil, state: stored, now: now, options: Self.options
            ).state
        }
        // Rows still in an earlier stored form are written back in the current one, once.
        let outdated = Set(rows.entries.filter { !FeedEvent.isCurrentStoredForm($0.value.event) }.keys)
        if next != stored || !outdated.isEmpty {
            var upsert: [String: FeedStateRows.Entry] = [:]
            for (task, entry) in next.entries where stored.entries[task] != entry || outdated.contains(task) { upsert[task] = Self.row(entry) }
            let delete = stored.entries.keys.filter { next.entries[$0] == nil }
            try database.updateFeedState(upsert: upsert, delete: delete.sorted())
        }
        return Published(
            version: stamp, day: today, now: now, state: next, places: FeedPlaces(instance: instance, gazetteer: gazetteer), feeds: [:],
            fresh: [])
    }

    /// The state as the store keeps it; an entry that no longer decodes is dropped (its task gets a new entry).
    static func state(from rows: FeedStateRows, logger: Logger) -> FeedState {
        var state = FeedState(secret: rows.secret)
        var unreadable = 0
        for (task, row) in rows.entries {
            guard let event = FeedEvent(storedJSON: row.event, task: task) else {
                unreadable += 1
                continue
            }
            state.entries[task] = FeedState.Entry(
                uid: row.uid, sequence: row.sequence, lastModified: UTCInstant(seconds: row.lastModified), event: event,
                cancelledAt: row.cancelledAt.map { UTCInstant(seconds: $0) })
        }
        if unreadable > 0 { logger.error("feeds: \(unreadable) stored feed entries could not be read and were dropped") }
        return state
    }

    static func row(_ entry: FeedState.Entry) -> FeedStateRows.Entry {
        FeedStateRows.Entry(
            uid: entry.uid, sequence: entry.sequence, lastModified: entry.lastModified.seconds, cancelledAt: entry.cancelledAt?.seconds,
            event: entry.event.storedJSON)
    }
}
