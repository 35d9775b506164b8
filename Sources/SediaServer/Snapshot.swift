import SediaCore
import SediaStore
import Synchronization

/// Everything the pages and feeds read, loaded once per data version.
///
/// Every write that changes the instance or bookings bumps the store's data version, so a request costs one
/// small read (the version) until something changes; at national size that is the difference between
/// reloading 2,500 cases per page and not.
struct Snapshot: Sendable {
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

    /// A person as the pages show them: "Siti Aminah (IO-014)", or the id alone when no name is recorded.
    func person(_ id: String) -> String { names[id].map { "\($0) (\(id))" } ?? id }

    func records(state: String?) -> [CaseRecord] {
        guard let state else { return records }
        return records.filter { $0.state == state }
    }
}

/// The shared snapshot, replaced when the data version moves.
final class SnapshotCache: Sendable {
    private let current = Mutex<Snapshot?>(nil)

    func snapshot(_ database: AppDatabase, window: PlanningWindow) throws -> Snapshot {
        let version = try database.dataVersion().version
        if let cached = current.withLock({ $0 }), cached.version == version, cached.window == window { return cached }
        // Loaded after reading the version: if a write lands in between, the snapshot holds newer data under an
        // older version, and the next request sees the new version and loads again. Never staler than labelled.
        let instance = try database.exportInstance(window: window)
        let bookings = try database.bookings()
        let records = try database.caseRecords(state: nil)
        let snapshot = Snapshot(
            version: version, window: window, instance: instance, bookings: bookings, records: records,
            recordsByID: Dictionary(records.map { ($0.item.id, $0) }, uniquingKeysWith: { a, _ in a }),
            interviewsByCase: Dictionary(bookings.interviews.map { ($0.booking.caseID, $0) }, uniquingKeysWith: { a, _ in a }),
            hearingsByCase: Dictionary(bookings.hearings.map { ($0.booking.caseID, $0) }, uniquingKeysWith: { a, _ in a }),
            names: try database.personNames(), histories: try database.caseHistories(openOnly: true), transfers: try database.latestTransfers())
        current.withLock { $0 = snapshot }
        return snapshot
    }
}

/// Every case's checklist from the rule book, as computed for one data version and one Malaysian day.
///
/// Ticks are not in it: they change far more often than cases and bookings, so each request marks them on
/// (`CaseChecklist.marking(done:)`, the same step `Checklist.make(done:)` takes) instead of recomputing 2,500 cases.
struct ChecklistSet: Sendable {
    var version: Int
    var day: Day
    var byCase: [Case.ID: CaseChecklist]
    /// Cases the rules cannot evaluate (an unknown court or state), with the reason; references only.
    var errors: [Case.ID: String]
}

/// The shared checklist set, replaced when the data version or the day moves.
final class ChecklistCache: Sendable {
    private let current = Mutex<ChecklistSet?>(nil)

    func checklists(_ snapshot: Snapshot, rules: ServerRules, today: Day) -> ChecklistSet {
        if let cached = current.withLock({ $0 }), cached.version == snapshot.version, cached.day == today { return cached }
        let result = Checklist.evaluate(
            instance: snapshot.instance, plan: snapshot.bookings.plan, book: rules.book, calendars: rules.calendars, today: today,
            histories: snapshot.histories)
        let set = ChecklistSet(
            version: snapshot.version, day: today,
            byCase: Dictionary(result.checklists.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a }),
            errors: Dictionary(result.errors.map { ($0.caseID, $0.message) }, uniquingKeysWith: { a, _ in a }))
        current.withLock { $0 = set }
        return set
    }
}

/// The board's generation: anything audited (a booking, a case, a tick) or the day.
struct BoardGeneration: Hashable, Sendable {
    var stamp: ChangeStamp
    var day: Day
}
