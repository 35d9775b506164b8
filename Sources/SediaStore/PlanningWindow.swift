public import Foundation
public import SediaCore

/// The days the app plans: from today (Malaysian time) for `days` days, whatever window the imported instance had.
/// Pages, find a slot, the replan and `sedia export-instance` plan within it; an exported instance carries it as
/// `planStart` and `horizonDays`.
public struct PlanningWindow: Sendable, Equatable {
    public static let defaultDays = 365
    public static let allowedDays = 1...3650

    public var start: Day
    public var days: Int

    public init(start: Day, days: Int) {
        self.start = start
        self.days = days
    }

    /// The window that starts on the Malaysian day holding `now`.
    public static func rolling(days: Int, now: Date) -> PlanningWindow {
        PlanningWindow(start: MalaysianTime.day(unixSeconds: Int64(now.timeIntervalSince1970.rounded(.down))), days: days)
    }

    /// The last day of the window.
    public var end: Day { start.adding(days: days - 1) }

    public func contains(_ day: Day) -> Bool { start <= day && day <= end }

    /// `instance` planned within this window.
    public func apply(to instance: inout Instance) {
        instance.planStart = start
        instance.horizonDays = days
    }
}
