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
    var instance: Instance
    var bookings: StoredBookings
    var records: [CaseRecord]
    var recordsByID: [Case.ID: CaseRecord]
    var interviewsByCase: [Case.ID: StoredInterview]
    var hearingsByCase: [Case.ID: StoredHearing]

    func records(state: String?) -> [CaseRecord] {
        guard let state else { return records }
        return records.filter { $0.state == state }
    }
}

/// The shared snapshot, replaced when the data version moves.
final class SnapshotCache: Sendable {
    private let current = Mutex<Snapshot?>(nil)

    func snapshot(_ database: AppDatabase) throws -> Snapshot {
        let version = try database.dataVersion().version
        if let cached = current.withLock({ $0 }), cached.version == version { return cached }
        // Loaded after reading the version: if a write lands in between, the snapshot holds newer data under an
        // older version, and the next request sees the new version and loads again. Never staler than labelled.
        let instance = try database.exportInstance()
        let bookings = try database.bookings()
        let records = try database.caseRecords(state: nil)
        let snapshot = Snapshot(
            version: version, instance: instance, bookings: bookings, records: records,
            recordsByID: Dictionary(records.map { ($0.item.id, $0) }, uniquingKeysWith: { a, _ in a }),
            interviewsByCase: Dictionary(bookings.interviews.map { ($0.booking.caseID, $0) }, uniquingKeysWith: { a, _ in a }),
            hearingsByCase: Dictionary(bookings.hearings.map { ($0.booking.caseID, $0) }, uniquingKeysWith: { a, _ in a }))
        current.withLock { $0 = snapshot }
        return snapshot
    }
}
