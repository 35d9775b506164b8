/// One broken hard rule: the case it concerns (nil for the plan as a whole) and what is wrong, as a typed value
/// with its facts (ids, days, minutes). Its rule's number (0–15) follows from the kind; the words are made where
/// it is shown: `detail` in English for the CLI and the logs, the server's tables for the pages.
public struct Violation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The case, or nil for a problem of the plan as a whole.
    public var caseID: Case.ID?
    public var kind: Kind

    public init(caseID: Case.ID?, _ kind: Kind) {
        self.caseID = caseID
        self.kind = kind
    }

    /// The rule's number in the spec.
    public var rule: Int { kind.rule }

    /// What is wrong, in the reference checker's English words.
    public var detail: String { kind.english }

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
