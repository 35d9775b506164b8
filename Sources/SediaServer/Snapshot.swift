import SediaCore
import SediaStore
import Synchronization

/// Everything the pages and feeds read, loaded once per data version.
///
/// Every write that changes the instance or bookings bumps the store's data version, so a request costs one
/// small read (the version) until something changes; at national size that is the difference between
/// reloading 2,500 cases per page and not.
struct Snapshot: Sendable, Equatable {
    var version: Int
    /// The planning window the instance was made for (it moves at midnight, Malaysian time).
    var window: PlanningWindow
    var instance: Instance
    var bookings: StoredBookings
    var records: [CaseRecord]
    var recordsByID: [Case.ID: CaseRecord]
    var interviewsByCase: [Case.ID: StoredInterview]
    var hearingsByCase: [Case.ID: StoredHearing]
    /// Staff names by person id (not every person has one recorded).
    var names: [String: String] = [:]
    /// What was recorded after the bookings (charge, held dates), by open case: the rules' facts. A disposed or closed
    /// case is in no list, board or checklist; its page reads its own history (at national size with five years of
    /// history, the ended cases' events are nine in ten, and every write reloads this).
    var histories: [Case.ID: CaseHistory] = [:]
    /// The last hand-over of each case transferred between states ("transferred from" on the receiving state's pages).
    var transfers: [Case.ID: CaseTransfer] = [:]

    /// A state as people say it ("Selangor"), or its code when the data has no name for it.
    func stateName(_ code: String) -> String { instance.states.first { $0.code.rawValue == code }?.name ?? code }

    /// A person as the pages show them: "Siti Aminah (IO-014)", or the id alone when no name is recorded.
    func person(_ id: String) -> String { names[id].map { "\($0) (\(id))" } ?? id }

    func records(state: String?) -> [CaseRecord] {
        guard let state else { return records }
        return records.filter { $0.state == state }
    }
}

/// The shared snapshot, replaced when the data version moves.
///
/// One reader at a time brings it up to date; the others wait for that and share it (a write followed by 16 readers
/// costs one reload, not 16). When every change since names its cases (`AppDatabase.caseChanges(since:)`, a court
/// date, a booking, a charge), only those cases are read again and replaced; anything else reloads everything.
final class SnapshotCache: Sendable {
    /// How the snapshot was brought up to date since the server started: read whole, or by replacing changed cases.
    struct Loads: Sendable, Equatable {
        var full = 0
        var cases = 0
    }

    /// One partial reload: the cases replaced to go on from the version `from` (to the next step's `from`).
    struct Step: Sendable {
        var from: Int
        var cases: Set<Case.ID>
    }

    private let current = Mutex<Snapshot?>(nil)
    private let loading = Mutex<Void>(())
    private let counted = Mutex(Loads())
    /// The partial reloads since the last full one, oldest first (at most `keptSteps`).
    private let steps = Mutex<[Step]>([])
    static let keptSteps = 256

    var loads: Loads { counted.withLock { $0 } }

    /// The cases replaced since `version` to reach the current snapshot, or nil when that is not known (a full reload
    /// since, or a version older than the steps kept): what a cache derived from the snapshot must compute again.
    func casesChanged(since version: Int) -> Set<Case.ID>? {
        guard let now = current.withLock({ $0?.version }) else { return nil }
        if version == now { return [] }
        return steps.withLock { steps in
            guard let first = steps.firstIndex(where: { $0.from == version }) else { return nil }
            return steps[first...].reduce(into: Set<Case.ID>()) { $0.formUnion($1.cases) }
        }
    }

    func snapshot(_ database: AppDatabase, window: PlanningWindow) throws -> Snapshot {
        let version = try database.dataVersion().version
        if let cached = fresh(version, window) { return cached }
        return try loading.withLock { _ in
            // Another reader may have brought it up to date while this one waited.
            let version = try database.dataVersion().version
            if let cached = fresh(version, window) { return cached }
            let snapshot: Snapshot
            if let cached = current.withLock({ $0 }), cached.window == window, let changes = try database.caseChanges(since: cached.version),
                let updated = cached.applying(changes)
            {
                snapshot = updated
                counted.withLock { $0.cases += 1 }
                steps.withLock { steps in
                    steps.append(Step(from: cached.version, cases: changes.cases))
                    if steps.count > Self.keptSteps { steps.removeFirst(steps.count - Self.keptSteps) }
                }
            } else {
                snapshot = try Self.load(database, window: window)
                counted.withLock { $0.full += 1 }
                steps.withLock { $0 = [] }
            }
            current.withLock { $0 = snapshot }
            return snapshot
        }
    }

    private func fresh(_ version: Int, _ window: PlanningWindow) -> Snapshot? {
        guard let cached = current.withLock({ $0 }), cached.version >= version, cached.window == window else { return nil }
        return cached
    }

    /// Everything, read again (in one transaction: never newer or older than its version).
    static func load(_ database: AppDatabase, window: PlanningWindow) throws -> Snapshot {
        let stored = try database.snapshot(window: window)
        return Snapshot(
            version: stored.version, window: window, instance: stored.instance, bookings: stored.bookings, records: stored.records,
            recordsByID: Dictionary(stored.records.map { ($0.item.id, $0) }, uniquingKeysWith: { a, _ in a }),
            interviewsByCase: Dictionary(stored.bookings.interviews.map { ($0.booking.caseID, $0) }, uniquingKeysWith: { a, _ in a }),
            hearingsByCase: Dictionary(stored.bookings.hearings.map { ($0.booking.caseID, $0) }, uniquingKeysWith: { a, _ in a }),
            names: stored.names, histories: stored.histories, transfers: stored.transfers)
    }
}

/// Every case's checklist from the rule book, as computed for one data version and one Malaysian day.
///
/// Ticks are not in it: they change far more often than cases and bookings, so each request marks them on
/// (`CaseChecklist.marking(done:)`, the same step `Checklist.make(done:)` takes) instead of recomputing 2,500 cases.
struct ChecklistSet: Sendable, Equatable {
    var version: Int
    var day: Day
    var byCase: [Case.ID: CaseChecklist]
    /// Cases the rules cannot evaluate (an unknown court or state), with the reason; references only.
    var errors: [Case.ID: String]
}

/// The shared checklist set, replaced when the data version or the day moves. When the snapshot moved by replacing
/// cases (`SnapshotCache.casesChanged(since:)`), only those cases' checklists are computed again.
final class ChecklistCache: Sendable {
    private let current = Mutex<ChecklistSet?>(nil)

    func checklists(
        _ snapshot: Snapshot, rules: ServerRules, today: Day, changed: (Int) -> Set<Case.ID>? = { _ in nil }
    ) -> ChecklistSet {
        let cached = current.withLock { $0 }
        if let cached, cached.version == snapshot.version, cached.day == today { return cached }
        var set: ChecklistSet
        if let cached, cached.day == today, cached.version < snapshot.version, let cases = changed(cached.version) {
            set = cached
            set.version = snapshot.version
            var instance = snapshot.instance
            instance.cases = instance.cases.filter { cases.contains($0.id) }
            var plan = snapshot.bookings.plan
            plan.interviews = plan.interviews.filter { cases.contains($0.caseID) }
            plan.hearings = plan.hearings.filter { cases.contains($0.caseID) }
            let result = Checklist.evaluate(
                instance: instance, plan: plan, book: rules.book, calendars: rules.calendars, today: today, histories: snapshot.histories)
            for id in cases {
                set.byCase[id] = nil
                set.errors[id] = nil
            }
            for list in result.checklists { set.byCase[list.caseID] = list }
            for error in result.errors { set.errors[error.caseID] = error.message }
        } else {
            let result = Checklist.evaluate(
                instance: snapshot.instance, plan: snapshot.bookings.plan, book: rules.book, calendars: rules.calendars, today: today,
                histories: snapshot.histories)
            set = ChecklistSet(
                version: snapshot.version, day: today,
                byCase: Dictionary(result.checklists.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a }),
                errors: Dictionary(result.errors.map { ($0.caseID, $0.message) }, uniquingKeysWith: { a, _ in a }))
        }
        current.withLock { $0 = set }
        return set
    }
}

/// The board's generation: anything audited (a booking, a case, a tick) or the day.
struct BoardGeneration: Hashable, Sendable {
    var stamp: ChangeStamp
    var day: Day
}

extension Snapshot {
    /// This snapshot brought to `changes.version` by replacing the changed cases, or nil when that cannot give what a
    /// full load would: a case opened or reopened since (its place among the others is not known here).
    func applying(_ changes: CaseChanges) -> Snapshot? {
        if changes.cases.isEmpty {
            var same = self
            same.version = changes.version
            return same
        }
        let changed = changes.cases
        let fresh = Dictionary(changes.records.map { ($0.item.id, $0) }, uniquingKeysWith: { a, _ in a })
        guard fresh.keys.allSatisfy({ recordsByID[$0] != nil }) else { return nil }
        var next = self
        next.version = changes.version
        // In place, one array copy each: the instance's cases are the open records' cases, in the same order.
        for k in records.indices.reversed() where changed.contains(records[k].item.id) {
            if let record = fresh[records[k].item.id] {
                next.records[k] = record
                next.instance.cases[k] = record.item
            } else {
                next.records.remove(at: k)
                next.instance.cases.remove(at: k)
            }
        }
        for id in changed {
            next.recordsByID[id] = fresh[id]
            next.histories[id] = changes.histories[id]
            next.transfers[id] = changes.transfers[id]
            next.instance.travelLimitByCase[id] = changes.travelLimits[id]
            next.interviewsByCase[id] = changes.bookings.interviews.first { $0.booking.caseID == id }
            next.hearingsByCase[id] = changes.bookings.hearings.first { $0.booking.caseID == id }
        }
        // Bookings in stored order: day and start (first day for hearings), then the row.
        next.bookings.interviews.removeAll { changed.contains($0.booking.caseID) }
        for booking in changes.bookings.interviews {
            next.bookings.interviews.insert(booking, at: next.bookings.interviews.insertionIndex(of: booking, by: Self.interviewKey))
        }
        next.bookings.hearings.removeAll { changed.contains($0.booking.caseID) }
        for booking in changes.bookings.hearings {
            next.bookings.hearings.insert(booking, at: next.bookings.hearings.insertionIndex(of: booking, by: Self.hearingKey))
        }
        let unpinnedInterviews = next.bookings.interviews.filter { !$0.pinned }.map(\.booking)
        let unpinnedHearings = next.bookings.hearings.filter { !$0.pinned }.map(\.booking)
        next.instance.previous =
            unpinnedInterviews.isEmpty && unpinnedHearings.isEmpty
            ? changes.storedPrevious
            : Plan(instance: instance.name, interviews: unpinnedInterviews, hearings: unpinnedHearings, unassigned: [], score: nil)
        return next
    }

    static func interviewKey(_ a: StoredInterview, _ b: StoredInterview) -> Bool {
        (a.booking.start.day.ordinal, a.booking.start.minute, a.rowID) < (b.booking.start.day.ordinal, b.booking.start.minute, b.rowID)
    }

    static func hearingKey(_ a: StoredHearing, _ b: StoredHearing) -> Bool {
        (a.booking.dates.first?.ordinal ?? .min, a.rowID) < (b.booking.dates.first?.ordinal ?? .min, b.rowID)
    }
}

extension Array {
    /// Where `element` goes in this array sorted by `isBefore`: after every element it is not before.
    func insertionIndex(of element: Element, by isBefore: (Element, Element) -> Bool) -> Int {
        var (low, high) = (startIndex, endIndex)
        while low < high {
            let mid = (low + high) / 2
            if isBefore(element, self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
