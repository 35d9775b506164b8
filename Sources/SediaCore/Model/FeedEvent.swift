/// One event's content, as the feeds publish it and an invitation describes it: a booking, a readiness item or a
/// deadline. The calendar renders it, the store queues invitations of it, the mail composes them.

/// When an event happens: local wall-clock times in the instance's zone, or a whole day.
public enum FeedWhen: Sendable, Hashable {
    case timed(start: LocalDateTime, end: LocalDateTime)
    case allDay(Day)

    /// The local day the event starts on, for the rolling window.
    public var firstDay: Day {
        switch self {
        case .timed(let start, _): start.day
        case .allDay(let day): day
        }
    }

    /// The local day the event ends on (inclusive).
    public var lastDay: Day {
        switch self {
        case .timed(_, let end): end.minute == 0 && end.day > firstDay ? end.day.adding(days: -1) : end.day
        case .allDay(let day): day
        }
    }
}

/// What an event is about. Only these fixed kinds exist, so a title is always a fixed template.
public enum FeedEventKind: String, Sendable, Hashable {
    case interview, hearing
    /// A readiness item's due date.
    case readiness
    /// A stage deadline: interview target, disposal target.
    case deadline
}

/// One event's content, before it gets a UID, SEQUENCE and timestamps: what a plan and the rules say.
///
/// Holds identifiers only (staff, rooms, courts, the case reference) and fixed labels from the rule files; never
/// anything about the child. Stored in `FeedState` so a cancelled booking can still be published.
public struct FeedEvent: Sendable, Hashable {
    /// The task this event stands for (`interview/K-1`, `hearing/K-1/2`, `due/K-1/ptc`): stable while the task lives.
    public var task: String
    public var kind: FeedEventKind
    public var caseID: String
    public var when: FeedWhen
    public var centre: String?
    public var room: String?
    public var interviewer: String?
    public var psychologist: String?
    public var court: String?
    public var prosecutor: String?
    /// Day `dayIndex` (1-based) of `dayCount` for a trial that sits on several days.
    public var dayIndex: Int?
    public var dayCount: Int?
    /// For readiness and deadline events: the item's label from the rule file, and its status. A case's day of due
    /// items (`due(_:day:prosecutor:items:)`) holds one line per item here and in `labelMs`, `source` and `advisory`.
    public var label: String?
    /// Where a readiness item or deadline comes from (rule id and legal source, from the rule file).
    public var source: String?
    public var done: Bool?
    /// For a step the law allows later or makes optional: the rule's `advisory` (`after-due`, `always`); nil for a duty.
    public var advisory: String?
    /// The label in Bahasa Malaysia (the rule file's `titleMs`), for feeds served in Malay.
    public var labelMs: String?

    public init(
        task: String, kind: FeedEventKind, caseID: String, when: FeedWhen, centre: String? = nil, room: String? = nil,
        interviewer: String? = nil, psychologist: String? = nil, court: String? = nil, prosecutor: String? = nil,
        dayIndex: Int? = nil, dayCount: Int? = nil, label: String? = nil, source: String? = nil, done: Bool? = nil, advisory: String? = nil,
        labelMs: String? = nil
    ) {
        self.advisory = advisory
        self.labelMs = labelMs
        self.task = task
        self.kind = kind
        self.caseID = caseID
        self.when = when
        self.centre = centre
        self.room = room
        self.interviewer = interviewer
        self.psychologist = psychologist
        self.court = court
        self.prosecutor = prosecutor
        self.dayIndex = dayIndex
        self.dayCount = dayCount
        self.label = label
        self.source = source
        self.done = done
    }
}

extension FeedEvent {
    /// The task key of a case's interview, `interview/K-1`: with the hearing's, the one place a booking's key is
    /// written, so an invitation's UID is always its feed event's.
    public static func interviewTask(_ caseID: Case.ID) -> String { "interview/\(caseID)" }

    /// The task key of a hearing's sitting day `index` (1-based), `hearing/K-1/2`.
    public static func hearingTask(_ caseID: Case.ID, day index: Int) -> String { "hearing/\(caseID)/\(index)" }

    /// A booked interview from `start` for `minutes` (the end may fall after midnight).
    public static func interview(
        _ caseID: Case.ID, start: LocalDateTime, minutes: Int, centre: String?, room: String?, interviewer: String?, psychologist: String?,
        prosecutor: String?
    ) -> FeedEvent {
        let endMinute = start.minute + minutes
        let end = LocalDateTime(day: start.day.adding(days: endMinute / 1440), minute: endMinute % 1440)
        return FeedEvent(
            task: interviewTask(caseID), kind: .interview, caseID: caseID.rawValue, when: .timed(start: start, end: end), centre: centre,
            room: room, interviewer: interviewer, psychologist: psychologist, prosecutor: prosecutor)
    }

    /// Sitting day `index` (1-based) of `count` of a booked hearing: one all-day event per day.
    public static func hearing(
        _ caseID: Case.ID, day: Day, index: Int, count: Int, court: String?, psychologist: String?, prosecutor: String?
    ) -> FeedEvent {
        FeedEvent(
            task: hearingTask(caseID, day: index), kind: .hearing, caseID: caseID.rawValue, when: .allDay(day), psychologist: psychologist,
            court: court, prosecutor: prosecutor, dayIndex: index, dayCount: count)
    }

    /// The people an invitation for this event goes to: its interviewer, psychologist and prosecutor, once each.
    public var people: [String] {
        var out: [String] = []
        for p in [interviewer, psychologist, prosecutor].compactMap({ $0 }) where !out.contains(p) { out.append(p) }
        return out
    }
}

/// One open checklist item or stage deadline of a case's day in the deadlines feed: its label in both languages, where
/// it comes from, and its rule's `advisory` (nil for a duty).
public struct FeedDueItem: Sendable, Hashable {
    public var label: String
    public var labelMs: String?
    public var source: String?
    public var advisory: String?
    /// A stage deadline rather than a readiness item.
    public var isDeadline: Bool

    public init(label: String, labelMs: String? = nil, source: String? = nil, advisory: String? = nil, isDeadline: Bool = false) {
        self.label = label
        self.labelMs = labelMs
        self.source = source
        self.advisory = advisory
        self.isDeadline = isDeadline
    }
}

extension FeedEvent {
    /// The task key of a case's due items on one day, `due/K-1/2027-01-11`: one event per case and day, so its UID
    /// (a keyed hash of this key) is stable while the case has anything due that day.
    public static func dueTask(_ caseID: Case.ID, day: Day) -> String { "due/\(caseID)/\(day)" }

    /// One all-day event for a case's open items due on `day`, the items listed in order (duplicates once).
    ///
    /// The items are kept in the event's text fields one line each (`label`, `labelMs`, `source`, `advisory`, an empty
    /// line for none), so the state file and the server's rows keep their columns; `dueItems` reads them back.
    public static func due(_ caseID: Case.ID, day: Day, prosecutor: String?, items: [FeedDueItem]) -> FeedEvent {
        var unique: [FeedDueItem] = []
        for item in items where !unique.contains(item) { unique.append(item) }
        func line(_ text: String?) -> String { (text ?? "").split(whereSeparator: \.isNewline).joined(separator: " ") }
        func column(_ pick: (FeedDueItem) -> String?) -> String? {
            unique.contains { pick($0) != nil } ? unique.map { line(pick($0)) }.joined(separator: "\n") : nil
        }
        return FeedEvent(
            task: dueTask(caseID, day: day), kind: unique.contains(where: \.isDeadline) ? .deadline : .readiness, caseID: caseID.rawValue,
            when: .allDay(day), prosecutor: prosecutor, label: column { $0.label }, source: column { $0.source }, advisory: column { $0.advisory },
            labelMs: column { $0.labelMs })
    }

    /// The items of a due event made by `due(_:day:prosecutor:items:)`; an event stored before items were grouped gives
    /// its one item.
    public var dueItems: [FeedDueItem] {
        guard kind == .readiness || kind == .deadline, let label else { return [] }
        func lines(_ text: String?) -> [String] { text.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? [] }
        let labels = lines(label)
        let ms = lines(labelMs)
        let sources = lines(source)
        let advisories = lines(advisory)
        func at(_ list: [String], _ i: Int) -> String? { i < list.count && !list[i].isEmpty ? list[i] : nil }
        return labels.indices.map { i in
            FeedDueItem(
                label: labels[i], labelMs: at(ms, i), source: at(sources, i), advisory: at(advisories, i), isDeadline: kind == .deadline)
        }
    }
}
