import Dispatch
public import SediaCore

/// One feed file of an export: its id, file name and bytes.
public struct FeedFile: Sendable, Equatable {
    public var id: FeedID
    public var bytes: [UInt8]

    public var fileName: String { id.fileName }
}

/// Turns an instance, a plan, the case-to-prosecutor mapping and readiness due dates into feeds.
///
/// `export` is a pure function of its arguments (no clock, no time zone, no locale), so the server and the CLI serve
/// the same bytes for the same data, and exporting twice gives identical files.
public enum FeedExport {
    /// The events the plan and the rules give now, one per task (hearing days expanded one by one).
    ///
    /// Throws when the plan names things the instance does not have, naming `planFile` and the JSON path.
    public static func events(
        instance: Instance, plan: Plan, prosecutors: [Case.ID: String], dueDates: [FeedEvent] = [], planFile: String = "plan.json"
    ) throws(InputErrors) -> [FeedEvent] {
        var errors: [InputError] = []
        if instance.timezone != FeedCalendar.tzid {
            errors.append(.init(file: "instance", path: "timezone", message: "feeds support \(FeedCalendar.tzid) only, got \(instance.timezone)"))
        }
        var cases: [Case.ID: Case] = [:]
        for c in instance.cases { cases[c.id] = c }
        var centreOfRoom: [Room.ID: Centre.ID] = [:]
        for centre in instance.centres { for room in centre.rooms { centreOfRoom[room.id] = centre.id } }
        let interviewers = Set(instance.interviewers.map(\.id))
        let psychologists = Set(instance.psychologists.map(\.id))
        let courts = Set(instance.courts.map(\.id))
        var events: [FeedEvent] = []

        for (i, booking) in plan.interviews.enumerated() {
            let path = "interviews[\(i)]"
            guard let request = cases[booking.caseID]?.interview else {
                errors.append(.init(file: planFile, path: path + ".case", message: "no interview to plan for case \(booking.caseID)"))
                continue
            }
            guard let centre = centreOfRoom[booking.room] else {
                errors.append(.init(file: planFile, path: path + ".room", message: "unknown room \(booking.room)"))
                continue
            }
            if !interviewers.contains(booking.interviewer) {
                errors.append(.init(file: planFile, path: path + ".interviewer", message: "unknown interviewer \(booking.interviewer)"))
            }
            if let p = booking.psychologist, !psychologists.contains(p) {
                errors.append(.init(file: planFile, path: path + ".psychologist", message: "unknown psychologist \(p)"))
            }
            events.append(
                FeedEvent.interview(
                    booking.caseID, start: booking.start, minutes: request.durationMinutes, centre: centre.rawValue, room: booking.room.rawValue,
                    interviewer: booking.interviewer.rawValue, psychologist: booking.psychologist?.rawValue,
                    prosecutor: prosecutors[booking.caseID]))
        }
        for (i, booking) in plan.hearings.enumerated() {
            let path = "hearings[\(i)]"
            guard cases[booking.caseID]?.hearing != nil else {
                errors.append(.init(file: planFile, path: path + ".case", message: "no hearing to plan for case \(booking.caseID)"))
                continue
            }
            guard courts.contains(booking.court) else {
                errors.append(.init(file: planFile, path: path + ".court", message: "unknown court \(booking.court)"))
                continue
            }
            if let p = booking.psychologist, !psychologists.contains(p) {
                errors.append(.init(file: planFile, path: path + ".psychologist", message: "unknown psychologist \(p)"))
            }
            // A trial over several sitting days is published as one event per day: clients handle single events far
            // better than an RRULE, and the days are not a regular pattern anyway.
            for (d, day) in booking.dates.enumerated() {
                events.append(
                    FeedEvent.hearing(
                        booking.caseID, day: day, index: d + 1, count: booking.dates.count, court: booking.court.rawValue,
                        psychologist: booking.psychologist?.rawValue, prosecutor: prosecutors[booking.caseID]))
            }
        }
        var seen = Set<String>()
        for event in events where !seen.insert(event.task).inserted {
            errors.append(
                .init(file: planFile, path: event.kind == .interview ? "interviews" : "hearings", message: "case \(event.caseID) is booked twice"))
        }
        guard errors.isEmpty else { throw InputErrors(errors) }

        // The interview target is one more due item of its case and day, until the interview is held.
        var due: [DueKey: [FeedDueItem]] = [:]
        var order: [DueKey] = []
        func add(_ key: DueKey, _ items: [FeedDueItem]) {
            if due[key] == nil { order.append(key) }
            due[key, default: []] += items
        }
        for c in instance.cases where c.interviewDoneOn == nil {
            guard let prosecutor = prosecutors[c.id], let request = c.interview else { continue }
            add(
                DueKey(caseID: c.id, day: request.targetBy, prosecutor: prosecutor),
                [
                    FeedDueItem(
                        label: "Interview target", labelMs: "Sasaran temu bual", source: "instance: interview.targetBy", isDeadline: true)
                ])
        }
        for event in dueDates {
            guard case .allDay(let day) = event.when else { continue }
            add(DueKey(caseID: Case.ID(event.caseID), day: day, prosecutor: event.prosecutor), event.dueItems)
        }
        for key in order {
            events.append(FeedEvent.due(key.caseID, day: key.day, prosecutor: key.prosecutor, items: due[key] ?? []))
        }
        return events
    }

    /// A case's day in its prosecutor's deadlines feed.
    private struct DueKey: Hashable {
        var caseID: Case.ID
        var day: Day
        var prosecutor: String?
    }

    /// The open readiness items and stage deadlines of the checklists, one all-day event per case and day with its items
    /// listed, for their prosecutors' deadlines feeds. Items done (ticked, or their event held), items that no longer
    /// apply (no target, an unpublished court timeline), cases without a prosecutor and items without a date give
    /// nothing: a subscriber sees what is still to do, not every rule's date.
    public static func dueDates(from checklists: [CaseChecklist]) -> [FeedEvent] {
        var out: [FeedEvent] = []
        for list in checklists {
            guard let prosecutor = list.prosecutor else { continue }
            var days: [Day: [FeedDueItem]] = [:]
            for item in list.items {
                guard let due = item.due, isOpen(item.status) else { continue }
                days[due, default: []].append(
                    FeedDueItem(
                        label: item.item, labelMs: item.itemMs, source: item.rule + ": " + item.source, advisory: item.advisory?.rawValue,
                        isDeadline: item.kind != .readiness))
            }
            for day in days.keys.sorted() {
                out.append(FeedEvent.due(list.caseID, day: day, prosecutor: prosecutor, items: days[day] ?? []))
            }
        }
        return out
    }

    /// Whether an item still asks something of its prosecutor.
    static func isOpen(_ status: ChecklistStatus) -> Bool {
        switch status {
        case .open, .atRisk, .overdue, .advisory: true
        case .done, .noTarget, .timelineNotPublished: false
        }
    }

    /// The tasks that are finished rather than cancelled when they leave the plan: interviews reported as held. (A
    /// case's day of due items that empties is cancelled, so that the event leaves the subscriber's calendar.)
    public static func completedTasks(instance: Instance) -> Set<String> {
        var out = Set<String>()
        for c in instance.cases where c.interviewDoneOn != nil {
            out.insert(FeedEvent.interviewTask(c.id))
        }
        return out
    }

    /// Every feed the instance and the mapping call for, even when it has nothing in the window (so a subscription
    /// made today keeps working when the first booking arrives).
    public static func feedIDs(instance: Instance, prosecutors: [Case.ID: String], options: FeedOptions) -> [FeedID] {
        var ids: [FeedID] = []
        ids += instance.interviewers.map { FeedID(kind: .interviewer, owner: $0.id.rawValue) }
        ids += instance.psychologists.map { FeedID(kind: .psychologist, owner: $0.id.rawValue) }
        ids += instance.centres.flatMap { $0.rooms.map { FeedID(kind: .room, owner: $0.id.rawValue) } }
        ids += instance.centres.map { FeedID(kind: .centre, owner: $0.id.rawValue) }
        ids += instance.courts.map { FeedID(kind: .court, owner: $0.id.rawValue) }
        if options.busyVariants { ids += ids.map { FeedID(kind: $0.kind, owner: $0.owner, busyOnly: true) } }
        for p in Set(prosecutors.values).sorted() {
            ids.append(FeedID(kind: .prosecutor, owner: p))
            ids.append(FeedID(kind: .deadlines, owner: p))
            if options.todoFeeds { ids.append(FeedID(kind: .tasks, owner: p)) }
        }
        return Array(Set(ids)).sorted()
    }

    /// Renders every feed from the reconciled state. Pure: the same state, instance, options and `now` give the same bytes.
    /// `places` is needed only for `state` feeds (which the CLI does not write).
    public static func render(state: FeedState, feeds: [FeedID], now: UTCInstant, options: FeedOptions, places: FeedPlaces = .init()) -> [FeedFile] {
        let byFeed = members(state: state, feeds: Set(feeds), now: now, options: options, places: places)
        // Rendered on every core in groups that share no serialised event: the staff feeds (one event sits in several
        // of them), the busy variants, and the prosecutors' feeds, deadlines and tasks, whose events each belong to
        // one prosecutor, in chunks. The bytes do not depend on the grouping.
        var staff: [Int] = []
        var busy: [Int] = []
        var own: [Int] = []
        for (i, feed) in feeds.enumerated() {
            if feed.busyOnly { busy.append(i) } else if feed.kind.showsCaseReference { own.append(i) } else { staff.append(i) }
        }
        let groups = [staff, busy].filter { !$0.isEmpty } + stride(from: 0, to: own.count, by: 16).map { Array(own[$0..<min($0 + 16, own.count)]) }
        let results = groups.map { _ in RenderedGroup() }
        DispatchQueue.concurrentPerform(iterations: groups.count) { g in
            var cache = FeedCalendar.BlockCache()
            results[g].files = groups[g].map { i in
                FeedFile(
                    id: feeds[i],
                    bytes: FeedCalendar.render(feed: feeds[i], entries: byFeed[feeds[i]] ?? [], options: options, places: places, cache: &cache))
            }
        }
        var files = [FeedFile?](repeating: nil, count: feeds.count)
        for (g, group) in groups.enumerated() { for (k, i) in group.enumerated() { files[i] = results[g].files[k] } }
        return files.compactMap { $0 }
    }

    /// One group's files, written by the thread that rendered them and read after `concurrentPerform` returns.
    private final class RenderedGroup: @unchecked Sendable {
        var files: [FeedFile] = []
    }

    /// The newest LAST-MODIFIED among the entries `render` puts in `feed` (nil for an empty feed): a Last-Modified
    /// for the server that moves only when an entry of the feed changes.
    public static func lastChange(
        of feed: FeedID, state: FeedState, now: UTCInstant, options: FeedOptions, places: FeedPlaces = .init()
    )
        -> UTCInstant?
    {
        members(state: state, feeds: [feed], now: now, options: options, places: places)[feed]?.map(\.lastModified).max()
    }

    /// The state's entries in the window, per wanted feed.
    static func members(
        state: FeedState, feeds wanted: Set<FeedID>, now: UTCInstant, options: FeedOptions, places: FeedPlaces
    )
        -> [FeedID: [FeedState.Entry]]
    {
        let today = now.localDay(offsetSeconds: FeedCalendar.utcOffsetSeconds)
        let first = today.adding(days: -options.daysBack)
        let last = today.adding(days: options.daysAhead)
        // A feed seen from one state has the plain feed's entries; the calendar makes the other states' busy.
        var wantedBy: [FeedID: [FeedID]] = [:]
        for feed in wanted { wantedBy[FeedID(kind: feed.kind, owner: feed.owner, busyOnly: feed.busyOnly), default: []].append(feed) }
        var members: [FeedID: [FeedState.Entry]] = [:]
        for entry in state.entries.values {
            guard entry.event.when.lastDay >= first, entry.event.when.firstDay <= last else { continue }
            var feeds = entry.event.feeds
            if let stateFeed = places.stateFeed(of: entry.event) { feeds.append(stateFeed) }
            for feed in feeds {
                for id in wantedBy[feed] ?? [] { members[id, default: []].append(entry) }
                for id in wantedBy[FeedID(kind: feed.kind, owner: feed.owner, busyOnly: true)] ?? [] { members[id, default: []].append(entry) }
            }
        }
        return members
    }

    /// The export as the CLI and the server run it: a pure function of (instance, plan, prosecutors, rules, state, now);
    /// `gazetteer` names the town nearest each centre in its interviews' LOCATION.
    /// The deadlines feeds get every dated checklist item of each case that has a prosecutor, with today = `now` in Malaysia
    /// (`rules` may be nil only when there are no prosecutors: there is then no deadlines feed).
    public static func export(
        instance: Instance, plan: Plan, prosecutors: [Case.ID: String], rules: (book: RuleBook, calendars: WorkingCalendars)?, state: FeedState,
        now: UTCInstant, options: FeedOptions, planFile: String = "plan.json", done: [Case.ID: Set<String>] = [:], gazetteer: Gazetteer = .empty
    ) throws(InputErrors) -> (files: [FeedFile], state: FeedState) {
        let (next, feeds) = try reconcile(
            instance: instance, plan: plan, prosecutors: prosecutors, rules: rules, state: state, now: now, options: options, planFile: planFile,
            done: done)
        let places = FeedPlaces(instance: instance, gazetteer: gazetteer)
        return (render(state: next, feeds: feeds, now: now, options: options, places: places), next)
    }

    /// The deadlines feeds' events: every dated checklist item of each case that has a prosecutor, with today = `now`
    /// in Malaysia. Needs no state, so a caller may compute it while the state is being read.
    /// `done` holds the ticked items (rule ids) per case and `histories` what was recorded after the bookings: items
    /// they complete leave the feed.
    public static func dueDates(
        instance: Instance, plan: Plan, prosecutors: [Case.ID: String], rules: (book: RuleBook, calendars: WorkingCalendars)?, now: UTCInstant,
        done: [Case.ID: Set<String>] = [:], histories: [Case.ID: CaseHistory] = [:]
    ) throws(InputErrors) -> [FeedEvent] {
        guard !prosecutors.isEmpty, let rules else { return [] }
        do {
            let lists = try Checklist.make(
                instance: instance, plan: plan, book: rules.book, calendars: rules.calendars,
                today: now.localDay(offsetSeconds: FeedCalendar.utcOffsetSeconds), prosecutors: prosecutors, cases: Set(prosecutors.keys),
                done: done, histories: histories)
            return dueDates(from: lists)
        } catch {
            throw InputErrors(error.errors.map { InputError(file: "rules", path: "case \($0.caseID)", message: $0.message) })
        }
    }

    /// The first half of `export`: the next state and the feeds to render, so a caller can store the state while it
    /// renders (`render(state:feeds:now:options:places:)` on the result, with the instance's `FeedPlaces`, gives exactly
    /// `export`'s files).
    public static func reconcile(
        instance: Instance, plan: Plan, prosecutors: [Case.ID: String], rules: (book: RuleBook, calendars: WorkingCalendars)?, state: FeedState,
        now: UTCInstant, options: FeedOptions, planFile: String = "plan.json", done: [Case.ID: Set<String>] = [:],
        histories: [Case.ID: CaseHistory] = [:]
    ) throws(InputErrors) -> (state: FeedState, feeds: [FeedID]) {
        let due = try dueDates(instance: instance, plan: plan, prosecutors: prosecutors, rules: rules, now: now, done: done, histories: histories)
        let current = try events(instance: instance, plan: plan, prosecutors: prosecutors, dueDates: due, planFile: planFile)
        return reconcile(state, with: current, instance: instance, prosecutors: prosecutors, now: now, options: options)
    }

    /// The last step of `reconcile`, for a caller that made `events` itself (the CLI computes them while it reads the
    /// state): the next state and the feeds to render.
    public static func reconcile(
        _ state: FeedState, with events: [FeedEvent], instance: Instance, prosecutors: [Case.ID: String], now: UTCInstant, options: FeedOptions
    ) -> (state: FeedState, feeds: [FeedID]) {
        var next = state
        next.reconcile(with: events, now: now, options: options, completedTasks: completedTasks(instance: instance))
        return (next, feedIDs(instance: instance, prosecutors: prosecutors, options: options))
    }
}
