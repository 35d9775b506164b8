/// One public holiday as the holiday files give it: a date, a name, and whether the date is still a projection.
public struct HolidayEntry: Sendable, Equatable {
    public var date: Day
    public var name: String
    /// True for dates not yet declared, or Islamic-calendar dates still subject to the Keeper of the Rulers' Seal (moon sighting).
    public var projected: Bool
    /// Where the date comes from (the published list, a state's declaration, or how it was projected); nil when the file gives none.
    public var source: String?

    public init(date: Day, name: String, projected: Bool = false, source: String? = nil) {
        self.date = date
        self.name = name
        self.projected = projected
        self.source = source
    }
}

/// A one-off change an administrator makes without a rebuild: a holiday added or a listed one withdrawn.
public struct HolidayOverride: Sendable, Equatable {
    /// Whether the override adds or removes a holiday.
    public enum Action: String, Sendable, Equatable {
        case add, remove
    }

    public var action: Action
    public var date: Day
    public var states: [StateInfo.ID]
    public var name: String
    public var source: String

    public init(action: Action, date: Day, states: [StateInfo.ID], name: String, source: String) {
        self.action = action
        self.date = date
        self.states = states
        self.name = name
        self.source = source
    }
}

/// Why a day is not a working day in a state.
public enum ExcludedReason: Sendable, Hashable {
    case restDay(Weekday)
    case holiday(String)
    /// A replacement day for a holiday that fell on a rest day (cuti ganti).
    case inLieu(of: String)
}

extension ExcludedReason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .restDay(let w): "weekly rest day (\(w.rawValue))"
        case .holiday(let name): "public holiday: \(name)"
        case .inLieu(let name): "replacement holiday for \(name)"
        }
    }
}

/// The working days of one state: its rest-day periods, its public holidays and the in-lieu days they give.
///
/// Built once from data and then queried; every query is a dictionary lookup or a short walk,
/// so ten thousand cases evaluate in milliseconds.
public struct WorkingCalendar: Sendable {
    public let state: StateWorkWeek
    /// Holidays and in-lieu days by day ordinal.
    let excluded: [Int: ExcludedReason]
    /// Days with a projected (unconfirmed) holiday, so a deadline resting on one can say so.
    let projected: Set<Int>
    /// The source of each holiday and replacement day, so every date printed can say where it comes from.
    let sources: [Int: String]
    /// First and last day the holiday data covers; nil when no holidays were given.
    public let coverage: DayRange?

    /// Applies the in-lieu rule: a holiday on one of the period's `inLieuFor` rest days gives the next day that is neither
    /// a rest day nor a holiday; overrides are applied before that so an added holiday can also give a replacement.
    public init(state: StateWorkWeek, holidays: [HolidayEntry], overrides: [HolidayOverride] = [], coverage: DayRange? = nil) {
        self.state = state
        var named: [Int: String] = [:]
        var projected = Set<Int>()
        var sources: [Int: String] = [:]
        for h in holidays.sorted(by: { $0.date < $1.date }) {
            // Two holidays on one day (it happens) keep both names and both sources.
            if let existing = named[h.date.ordinal] {
                if !existing.contains(h.name) { named[h.date.ordinal] = existing + " / " + h.name }
            } else {
                named[h.date.ordinal] = h.name
            }
            if let source = h.source {
                if let existing = sources[h.date.ordinal] {
                    if !existing.contains(source) { sources[h.date.ordinal] = existing + " / " + source }
                } else {
                    sources[h.date.ordinal] = source
                }
            }
            if h.projected { projected.insert(h.date.ordinal) }
        }
        for o in overrides where o.states.contains(state.code) {
            switch o.action {
            case .add:
                named[o.date.ordinal] = o.name
                sources[o.date.ordinal] = o.source
            case .remove:
                named[o.date.ordinal] = nil
                sources[o.date.ordinal] = nil
                projected.remove(o.date.ordinal)
            }
        }
        var excluded: [Int: ExcludedReason] = named.mapValues { .holiday($0) }
        for ordinal in named.keys.sorted() {
            let day = Day(ordinal: ordinal)
            guard let period = state.period(on: day), period.restDays.contains(day.weekday), period.inLieuFor.contains(day.weekday),
                let name = named[ordinal]
            else { continue }
            var candidate = day.adding(days: 1)
            while excluded[candidate.ordinal] != nil || (state.period(on: candidate)?.restDays.contains(candidate.weekday) ?? false) {
                candidate = candidate.adding(days: 1)
            }
            excluded[candidate.ordinal] = .inLieu(of: name)
            sources[candidate.ordinal] =
                "replacement for \(name) on \(day) (\(day.weekday.rawValue), an in-lieu rest day of \(state.code) in calendars/states.yaml)"
            if projected.contains(ordinal) { projected.insert(candidate.ordinal) }
        }
        self.excluded = excluded
        self.projected = projected
        self.sources = sources
        if let coverage {
            self.coverage = coverage
        } else if let lo = named.keys.min(), let hi = named.keys.max() {
            self.coverage = DayRange(from: Day(ordinal: lo), to: Day(ordinal: hi))
        } else {
            self.coverage = nil
        }
    }

    /// Why `day` is excluded (rest day first, then holiday or in-lieu day), or nil for a working day.
    public func exclusion(on day: Day) -> ExcludedReason? {
        if let period = state.period(on: day), period.restDays.contains(day.weekday) { return .restDay(day.weekday) }
        return excluded[day.ordinal]
    }

    /// The holiday or in-lieu day on `day`, even when it is also a rest day.
    public func holiday(on day: Day) -> ExcludedReason? { excluded[day.ordinal] }

    /// Every holiday and replacement day in `range`, in date order (rest days are not listed).
    public func holidays(in range: DayRange) -> [(day: Day, reason: ExcludedReason)] {
        excluded.filter { range.contains(Day(ordinal: $0.key)) }.sorted { $0.key < $1.key }.map { (Day(ordinal: $0.key), $0.value) }
    }

    public func isRestDay(_ day: Day) -> Bool { state.period(on: day)?.restDays.contains(day.weekday) ?? false }

    public func isWorkingDay(_ day: Day) -> Bool { exclusion(on: day) == nil }

    /// True when `day` is excluded because of a holiday whose date is still a projection.
    public func isProjected(_ day: Day) -> Bool { projected.contains(day.ordinal) }

    /// Where the holiday or replacement day on `day` comes from; nil for a day that is neither, or a holiday file without sources.
    public func source(on day: Day) -> String? { excluded[day.ordinal] == nil ? nil : sources[day.ordinal] }

    /// `day` itself when it is a working day, else the next one.
    public func nextWorkingDay(onOrAfter day: Day) -> Day {
        var d = day
        while !isWorkingDay(d) { d = d.adding(days: 1) }
        return d
    }

    /// `day` itself when it is a working day, else the one before.
    public func previousWorkingDay(onOrBefore day: Day) -> Day {
        var d = day
        while !isWorkingDay(d) { d = d.adding(days: -1) }
        return d
    }

    /// The day `n` working days after `day` (before it when `n` is negative), not counting `day` itself.
    ///
    /// `n == 0` gives `day` unchanged, working or not: a zero offset means "on the day of the event".
    public func adding(workingDays n: Int, to day: Day) -> Day {
        var d = day
        var left = abs(n)
        let step = n < 0 ? -1 : 1
        while left > 0 {
            d = d.adding(days: step)
            if isWorkingDay(d) { left -= 1 }
        }
        return d
    }

    /// Working days in the half-open interval (`from`, `to`]: the count of days the Interpretation Acts would count
    /// for a period from `from` to `to`. Negative when `to` is before `from`.
    public func workingDays(from: Day, to: Day) -> Int {
        if to < from { return -workingDays(from: to, to: from) }
        var count = 0
        var d = from.adding(days: 1)
        while d <= to {
            if isWorkingDay(d) { count += 1 }
            d = d.adding(days: 1)
        }
        return count
    }
}
