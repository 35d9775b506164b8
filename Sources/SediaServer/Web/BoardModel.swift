import SediaCore
import SediaStore

/// How the deadline board rates a case with a trial.
enum BoardLevel: String, Sendable, CaseIterable {
    /// Its bookings are late (the Today page's rule, `CaseAttention.isLate`).
    case late
    /// Not late, but its trial is still to book close to the target, or a readiness item to act on is overdue.
    case atRisk = "at-risk"
    /// Nothing to act on now.
    case onTrack = "on-track"
}

/// One case with a trial as the board ranks, filters and writes it. Nothing here is worded: rows are written per
/// request, in the reader's language, for the page shown only.
struct BoardEntry: Sendable {
    var record: CaseRecord
    var court: Court.ID
    var deadline: Day
    /// Days from today to the disposal target (negative: past it).
    var daysLeft: Int
    /// What is wrong with its bookings, by the rule the Today page and the case list's "late" filter use.
    var attention: CaseAttention?
    /// Its readiness items with the ticks marked; nil when the rules do not cover the case.
    var checklist: CaseChecklist?
    /// Long-overdue items that many cases share: the board shows each once, above the table, not on every row.
    var shared: [ReadinessItem]
    /// Overdue items still to act on (not shared).
    var overdue: [ReadinessItem]
    var level: BoardLevel
    /// The booked trial's last day is after the target (the board's count beside the proven bound).
    var trialEndsLate: Bool

    /// The readiness item to deal with next: an overdue one first, else the nearest open one (shared ones are
    /// elsewhere on the page; advisory ones are guides, not deadlines).
    var nextItem: ReadinessItem? {
        if let first = overdue.first { return first }
        let sharedRules = Set(shared.map(\.rule))
        return checklist?.items.filter { ReportsController.isOpen($0) && !sharedRules.contains($0.rule) }.min(by: ReportsController.byDue)
    }
}

/// A long-overdue item that many cases on the board share, as one line above the table.
struct BoardSharedItem {
    /// The item of the earliest case (for its title in either language).
    var item: ReadinessItem
    var cases: Int
    /// The earliest date any of those cases had it due.
    var since: Day
}

/// The deadline board of one scope (a state, or every state), ranked, for one generation of the data.
struct BoardFragment: Sendable {
    /// Most at risk first: late bookings first (`CaseAttention`), then the fewest days to the disposal target, then the
    /// most overdue items still to act on, then the case id.
    var entries: [BoardEntry]

    /// An overdue item is long overdue after this many days.
    static let staleDays = 30
    /// A long-overdue item shared by at least this many cases is one line above the table instead of on each row.
    static let sharedFrom = 3

    /// Builds the board of `records` from the snapshot, the checklists and the ticks.
    static func make(records: [CaseRecord], snapshot: Snapshot, checklists: ChecklistSet?, ticks: [Case.ID: Set<String>], today: Day) -> Self {
        var lists: [(record: CaseRecord, hearing: HearingRequest, list: CaseChecklist?)] = []
        var staleCount: [String: Int] = [:]
        for record in records {
            guard let hearing = record.item.hearing else { continue }
            let list = checklists?.byCase[record.item.id].map { $0.marking(done: ticks[record.item.id] ?? []) }
            for rule in Set(stale(list, today: today).map(\.rule)) { staleCount[rule, default: 0] += 1 }
            lists.append((record, hearing, list))
        }
        let sharedRules = Set(staleCount.filter { $0.value >= sharedFrom }.keys)
        var entries: [BoardEntry] = []
        entries.reserveCapacity(lists.count)
        for (record, hearing, list) in lists {
            let shared = stale(list, today: today).filter { sharedRules.contains($0.rule) }
            let sharedIDs = Set(shared.map(\.rule))
            let overdue = (list?.items ?? []).filter { $0.status == .overdue && $0.kind != .disposal && !sharedIDs.contains($0.rule) }
                .sorted(by: ReportsController.byDue)
            let attention = CaseAttention.of(record, snapshot, today: today)
            let level: BoardLevel =
                attention?.isLate == true ? .late : (attention != nil || !overdue.isEmpty ? .atRisk : .onTrack)
            entries.append(
                BoardEntry(
                    record: record, court: hearing.court, deadline: hearing.deadline, daysLeft: today.days(to: hearing.deadline),
                    attention: attention, checklist: list, shared: shared, overdue: overdue, level: level,
                    trialEndsLate: snapshot.hearingsByCase[record.item.id]?.booking.dates.last.map { $0 > hearing.deadline } ?? false))
        }
        entries.sort(by: precedes)
        return BoardFragment(entries: entries)
    }

    /// The board's order (see `entries`).
    static func precedes(_ a: BoardEntry, _ b: BoardEntry) -> Bool {
        let aLate = a.level == .late
        let bLate = b.level == .late
        if aLate != bLate { return aLate }
        if a.daysLeft != b.daysLeft { return a.daysLeft < b.daysLeft }
        if a.overdue.count != b.overdue.count { return a.overdue.count > b.overdue.count }
        return a.record.item.id.rawValue < b.record.item.id.rawValue
    }

    /// A list's items overdue for `staleDays` or more (the disposal itself is the board's own column).
    static func stale(_ list: CaseChecklist?, today: Day) -> [ReadinessItem] {
        (list?.items ?? []).filter { item in
            guard item.status == .overdue, item.kind != .disposal, let due = item.due else { return false }
            return due.days(to: today) >= staleDays
        }
    }

    /// The shared long-overdue items among `entries`, the most cases first.
    static func sharedItems(_ entries: some Sequence<BoardEntry>) -> [BoardSharedItem] {
        var byRule: [String: BoardSharedItem] = [:]
        for entry in entries {
            for item in entry.shared {
                let due = item.due ?? entry.deadline
                if var known = byRule[item.rule] {
                    known.cases += 1
                    if due < known.since {
                        known.since = due
                        known.item = item
                    }
                    byRule[item.rule] = known
                } else {
                    byRule[item.rule] = BoardSharedItem(item: item, cases: 1, since: due)
                }
            }
        }
        return byRule.values.sorted { a, b in a.cases != b.cases ? a.cases > b.cases : a.item.rule < b.item.rule }
    }
}

/// The board's filters as the query gives them: state (every-state users only), court, prosecutor (an id or `none`),
/// level (`late`, `at-risk`: late or at risk; none: all), a shared item (a rule id) and the page.
struct BoardFilter: Equatable {
    var state: String?
    var court: String?
    var prosecutor: String?
    var level: String?
    var item: String?
    var page = 1

    static let levels = ["late", "at-risk"]

    var isEmpty: Bool { self == BoardFilter() }

    /// The query of this filter, with `item` and `page` as given (the page is left out when it is the first).
    func query(item: String?, page: Int) -> String {
        let pairs: [(String, String?)] = [
            ("state", state), ("court", court), ("prosecutor", prosecutor), ("level", level), ("item", item), ("page", page > 1 ? String(page) : nil),
        ]
        var parts: [String] = []
        for (name, value) in pairs { if let value { parts.append("\(name)=\(value.queryValue)") } }
        return parts.joined(separator: "&")
    }

    /// Whether `entry` passes every filter but the shared item and the page.
    func admits(_ entry: BoardEntry) -> Bool {
        if let state, entry.record.state != state { return false }
        if let court, entry.court.rawValue != court { return false }
        if let prosecutor, prosecutor == "none" ? entry.record.prosecutor != nil : entry.record.prosecutor != prosecutor { return false }
        switch level {
        case "late": if entry.level != .late { return false }
        case "at-risk": if entry.level == .onTrack { return false }
        default: break
        }
        return true
    }
}
