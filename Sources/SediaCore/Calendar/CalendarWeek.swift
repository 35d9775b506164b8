/// The week a calendar view shows: it starts on the state's first working day (Sunday in Kedah, Kelantan and
/// Terengganu, whose weekend is Friday and Saturday; Monday elsewhere) and holds seven days.
public struct CalendarWeek: Sendable, Equatable {
    public var start: Day
    public var days: [Day] { (0..<7).map { start.adding(days: $0) } }
    public var end: Day { start.adding(days: 6) }

    /// The first working weekday of a weekend pattern: the day after the weekend.
    public static func firstWorkingWeekday(weekend: [Weekday]) -> Weekday {
        let all = Weekday.allCases
        for (i, w) in all.enumerated() where !weekend.contains(w) && weekend.contains(all[(i + 6) % 7]) { return w }
        return .mon
    }

    /// The week that holds `day`.
    public init(containing day: Day, weekend: [Weekday]) {
        let first = Self.firstWorkingWeekday(weekend: weekend)
        start = day.adding(days: -((day.weekday.index - first.index + 7) % 7))
    }

    public init(start: Day) { self.start = start }

    /// The week a view opens on when no date is asked for: the first week from today's on that has something booked
    /// (of `booked`, the days of the view's bookings), or today's week when nothing is booked from today on.
    public static func opening(today: Day, booked: [Day], weekend: [Weekday]) -> CalendarWeek {
        let next = booked.filter { $0 >= today }.min() ?? today
        return CalendarWeek(containing: next, weekend: weekend)
    }

    public func previous() -> CalendarWeek { CalendarWeek(start: start.adding(days: -7)) }
    public func next() -> CalendarWeek { CalendarWeek(start: start.adding(days: 7)) }
}

extension Instance {
    /// The public holiday of `state` on `day`, if there is one.
    public func holiday(on day: Day, state: StateInfo.ID) -> Holiday? {
        holidays.first { $0.date == day && ($0.states.contains("*") || $0.states.contains(state.rawValue)) }
    }

    /// Whether `day` is a rest day (weekend) of `state`.
    public func isRestDay(_ day: Day, state: StateInfo.ID) -> Bool {
        states.first { $0.code == state }?.weekend.contains(day.weekday) ?? false
    }
}
