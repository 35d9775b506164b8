/// Writes the case file `sedia deadlines --case-file` reads (`CaseFile`), from the rules' facts of each case and what
/// was recorded, so that the deadlines computed from the file equal the app's. No child identity: case references only,
/// and the turning-18 rule gets a threshold day, never the birthday (see `turns18Threshold`).
public enum CaseFileWriter {
    /// The columns, in order: the case file's own, then the registry's.
    public static let columns =
        CaseFile.requiredColumns + [
            "reportedOn", "interviewedOn", "trialOn", "trialEndOn", "disposedOn", "conditions", "childTurns18On", "represented", "plea",
        ] + CaseFile.recordColumns

    /// One line per registered case (the case file needs the registration date, the disposal clock); cases not yet
    /// registered are left out, as they have no disposal deadline to compute.
    public static func write(_ cases: [(facts: CaseFacts, history: CaseHistory?)]) -> String {
        var out = CSV.line(columns)
        for (facts, history) in cases {
            guard let registered = facts.events[.registration] else { continue }
            let listable = facts.conditions.filter { !$0.isDerived }.map(\.rawValue).sorted()
            var ending = ""
            var outcome = ""
            if let closure = history?.closure {
                ending = closure.ending.kind
                outcome = closure.ending.word
            }
            let cells = [
                facts.id.rawValue, facts.state.rawValue, facts.court?.rawValue ?? "", registered.description, text(facts.events[.charge]),
                text(facts.events[.report]), text(facts.events[.interview]), text(facts.events[.trial]), text(facts.trialEnd), text(facts.disposedOn),
                listable.joined(separator: ";"), text(turns18Threshold(facts)), represented(facts.accusedRepresented), plea(facts.claimsTrial),
                history?.charge?.courtCaseNo ?? "", ending, outcome, history.map { String($0.adjournments) } ?? "0",
                history.map { String($0.trialDaysHeard) } ?? "0", text(facts.heldOn["ptc"]), text(facts.heldOn["case-management-first"]),
            ]
            out += CSV.line(cells)
        }
        return out
    }

    static func text(_ day: Day?) -> String { day?.description ?? "" }

    static func represented(_ value: Bool?) -> String {
        switch value {
        case true?: "yes"
        case false?: "no"
        case nil: ""
        }
    }

    static func plea(_ value: Bool?) -> String {
        switch value {
        case true?: "claims-trial"
        case false?: "guilty"
        case nil: ""
        }
    }

    /// A day that decides the turning-18 rule exactly as the birthday does, and tells nothing more: the rule asks only
    /// whether the child turns 18 by the last trial day (or the first, or at all when no trial day is known). When it
    /// does, the day written is that trial day (or the registration); when it does not, the day after it; nothing when the
    /// rule cannot apply.
    public static func turns18Threshold(_ facts: CaseFacts) -> Day? {
        let end = facts.trialEnd ?? facts.events[.trial]
        let holds: Bool
        if let turns = facts.childTurns18On {
            holds = end.map { turns <= $0 } ?? true
        } else {
            holds = facts.conditions.contains(.childTurns18)
        }
        if holds { return end ?? facts.events[.registration] }
        if facts.childTurns18On != nil, let end { return end.adding(days: 1) }
        return nil
    }
}
