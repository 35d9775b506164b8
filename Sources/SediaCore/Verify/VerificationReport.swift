/// One broken hard rule: its number in the spec (0–15), the case it concerns (`-` for the plan
/// as a whole) and what is wrong, in words.
public struct Violation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var rule: Int
    /// The case, or nil for a problem of the plan as a whole.
    public var caseID: Case.ID?
    public var detail: String

    public init(rule: Int, caseID: Case.ID?, detail: String) {
        self.rule = rule
        self.caseID = caseID
        self.detail = detail
    }

    /// As the reference checker prints it (`case=-` for the plan as a whole).
    public var description: String { "rule=\(rule) case=\(caseID?.rawValue ?? "-") \(detail)" }
}

/// What the verifier found: every broken rule and the score recomputed from the bookings.
public struct VerificationReport: Sendable, Equatable {
    public var violations: [Violation]
    public var score: Score
    /// Bookings of `previous` that the plan moved (each costs 50).
    public var moves: Int
    /// Set when the plan declares a score that differs from the recomputed one.
    public var declaredScore: Score?

    public var isValid: Bool { violations.isEmpty }
}
