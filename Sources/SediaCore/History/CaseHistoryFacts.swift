/// Everything recorded about one case after its booking: the charge, the dated outcomes in order, and its ending.
public struct CaseHistory: Sendable, Equatable {
    public var charge: ChargeRecord?
    public var steps: [StepRecord]
    public var closure: CaseClosure?
    /// The supplementary interviews requested after the interview was held, in order.
    public var supplementary: [SupplementaryRequest]

    public init(charge: ChargeRecord? = nil, steps: [StepRecord] = [], closure: CaseClosure? = nil, supplementary: [SupplementaryRequest] = []) {
        self.charge = charge
        self.steps = steps
        self.closure = closure
        self.supplementary = supplementary
    }

    /// The stage rules (rules/stages.yaml) a held court date completes: the first PTC, the first case management.
    public static let stageRules: [(CaseStep, String)] = [(.ptc, "ptc"), (.caseManagement, "case-management-first")]

    /// The first trial day that was held, if any.
    public var firstTrialDay: Day? { steps.filter { $0.step == .trial && $0.outcome == .held }.map(\.on).min() }

    /// The held trial days.
    public var trialDaysHeard: Int { Set(steps.filter { $0.step == .trial && $0.outcome == .held }.map(\.on)).count }

    /// The adjourned court dates.
    public var adjournments: Int { steps.filter { $0.outcome == .adjourned }.count }

    /// The day the (first) interview was held, if it was: a supplementary interview held later does not move it, the
    /// report → interview target was met by the first.
    public var interviewHeldOn: Day? { steps.first { $0.step == .interview && $0.outcome == .held }?.on }
}

extension RuleBook {
    /// The rules' facts of a case with what was recorded after its booking laid over what the planning instance knows:
    /// the registration and charge dates, representation and plea (a PTC only for a represented accused claiming
    /// trial), the turning-18 day from the date of birth, the held interview and first trial day, and the ending (every
    /// deadline done on the day the case was disposed of or closed).
    public func caseFacts(instance: Instance, plan: Plan?, histories: [Case.ID: CaseHistory]) -> [CaseFacts] {
        caseFacts(instance: instance, plan: plan).map { facts in
            guard let history = histories[facts.id] else { return facts }
            return self.facts(facts, with: history)
        }
    }

    /// `facts` with `history` laid over it.
    public func facts(_ base: CaseFacts, with history: CaseHistory) -> CaseFacts {
        var facts = base
        if let charge = history.charge {
            facts.events[.registration] = charge.registeredOn
            facts.events[.charge] = charge.chargedOn
            facts.accusedRepresented = charge.represented.asFact
            facts.claimsTrial = charge.plea.claimsTrial
            if courts.contains(where: { $0.id == charge.court }) { facts.court = charge.court }
            if let turns = charge.childTurns18On {
                facts.childTurns18On = turns
                facts.conditions.remove(.childTurns18)
            }
        }
        if let held = history.interviewHeldOn {
            facts.events[.interview] = held
            // A request to book after the interview was held is a supplementary interview: its request day is no report,
            // and the case's deadlines stay those of a case whose interview was held.
            if let report = facts.events[.report], report >= held { facts.events[.report] = nil }
        }
        if let first = history.firstTrialDay { facts.events[.trial] = first }
        if let closure = history.closure { facts.disposedOn = closure.on }
        for (step, rule) in CaseHistory.stageRules {
            if let held = history.steps.filter({ $0.step == step && $0.outcome == .held }).map(\.on).min() { facts.heldOn[rule] = held }
        }
        return facts
    }
}
