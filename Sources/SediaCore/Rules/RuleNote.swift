/// Why a deadline's date is what it is, or why an item is at risk, as data, so every page, export and feed can say it
/// in the reader's language. `english` is the wording the CLI exports and the JSON `note` field have always carried.
public enum RuleNote: Sendable, Equatable, Hashable {
    /// A disposal target counted in months lands on a non-working day and stays there (targets do not move).
    case targetDoesNotMove
    /// The court has no published disposal target; the rule file says why (`noDisposalReason`, `noDisposalReasonMs`).
    case noPublishedTarget(court: String, reason: String?, reasonMs: String?)
    /// The date fell on an excluded day of `state` and moved from `from`.
    case moved(from: Day, reason: ExcludedReason, state: String)
    /// The date rests on an Islamic holiday whose date is projected, not yet gazetted.
    case projectedHoliday
    /// The date lies beyond the holiday data loaded for the state: only weekly rest days are known there.
    case beyondHolidayData(from: Day, to: Day)
    /// The planned trial ends after the disposal target.
    case trialEndsAfterTarget(trialEnd: Day)
    /// The item falls due on or after the planned trial start it prepares for.
    case dueOnOrAfterTrial(trialStart: Day)

    public var english: String {
        switch self {
        case .targetDoesNotMove: "target does not move off a non-working day"
        case .noPublishedTarget(let court, let reason, _): reason ?? "no published disposal target for \(court)"
        case .moved(let from, let reason, let state): "moved from \(from) (\(reason) in \(state))"
        case .projectedHoliday: "rests on a projected Islamic holiday date"
        case .beyondHolidayData(let from, let to): "beyond the holiday data (\(from) to \(to)): rest days only"
        case .trialEndsAfterTarget(let end): "the planned trial ends on \(end), after this target"
        case .dueOnOrAfterTrial(let start): "due on or after the planned trial start \(start)"
        }
    }

    /// The notes joined as the `note` field has always read ("a; b"), nil when there are none.
    public static func english(_ notes: [RuleNote]) -> String? { notes.isEmpty ? nil : notes.map(\.english).joined(separator: "; ") }
}
