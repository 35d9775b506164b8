/// A date computed from a trigger, with the date before any move and why it moved, so a prosecutor can check it by hand.
public struct ComputedDate: Sendable, Equatable {
    public var due: Day
    /// The date the offset alone gives; equal to `due` when nothing moved.
    public var unadjusted: Day
    /// Why the date moved (the excluded day it landed on), nil when it did not.
    public var moved: ExcludedReason?

    public init(due: Day, unadjusted: Day, moved: ExcludedReason?) {
        self.due = due
        self.unadjusted = unadjusted
        self.moved = moved
    }
}

/// Computation of time under the Interpretation Acts 1948 and 1967 (Part II s.105, Part I s.54), plus plain and month arithmetic.
///
/// - The day of the event is not counted: "30 days from charge" is charge + 30.
/// - A statutory period of six days or less does not count excluded days (rest days and public holidays of the court's state).
/// - A period whose last day is excluded runs to the next day that is not (`nonWorkingDay: forward`).
/// - An administrative target (`nonWorkingDay: none`), such as the disposal target, does not move.
public enum ComputationOfTime {
    public static func compute(_ timing: Timing, from start: Day, calendar: WorkingCalendar) -> ComputedDate {
        let offset = timing.offset
        let raw: Day
        switch offset.unit {
        case .months:
            raw = start.adding(months: offset.amount)
        case .workingDays:
            raw = calendar.adding(workingDays: offset.amount, to: start)
        case .days:
            if timing.statutory && offset.amount != 0 && abs(offset.amount) <= 6 {
                raw = calendar.adding(workingDays: offset.amount, to: start)
            } else {
                raw = start.adding(days: offset.amount)
            }
        }
        guard let reason = calendar.exclusion(on: raw) else { return ComputedDate(due: raw, unadjusted: raw, moved: nil) }
        switch timing.nonWorkingDay {
        case .none: return ComputedDate(due: raw, unadjusted: raw, moved: nil)
        case .forward: return ComputedDate(due: calendar.nextWorkingDay(onOrAfter: raw), unadjusted: raw, moved: reason)
        case .back: return ComputedDate(due: calendar.previousWorkingDay(onOrBefore: raw), unadjusted: raw, moved: reason)
        }
    }
}
