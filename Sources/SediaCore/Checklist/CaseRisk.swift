/// How much a case with a trial is at risk of missing its disposal target, for ordering the deadline board and
/// marking cases a prosecutor should look at first. One rule, used by every page and report that shows risk.
public struct CaseRisk: Sendable, Equatable, Comparable {
    public var points: Int

    /// From this many points on, a case is "at risk".
    public static let atRiskFrom = 2

    public var isAtRisk: Bool { points >= Self.atRiskFrom }

    /// - Parameters:
    ///   - daysLeft: days from today to the disposal target (negative: past it).
    ///   - trialEndsLate: the booked trial's last day is after the target.
    ///   - trialBooked: trial dates are booked.
    ///   - checklistOverdue / checklistAtRisk: readiness items past their date / close to it (advisory items never count).
    public init(daysLeft: Int, trialEndsLate: Bool, trialBooked: Bool, checklistOverdue: Int, checklistAtRisk: Int) {
        var risk = 0
        if daysLeft < 0 { risk += 4 }
        if trialEndsLate { risk += 3 }
        if !trialBooked { risk += daysLeft < 90 ? 2 : 1 }
        risk += checklistOverdue > 0 ? 2 : (checklistAtRisk > 0 ? 1 : 0)
        points = risk
    }

    public static func < (a: CaseRisk, b: CaseRisk) -> Bool { a.points < b.points }
}
