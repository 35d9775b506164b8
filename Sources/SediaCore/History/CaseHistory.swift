/// What can be recorded about a case after its booking (issue #21): the raw values are the words of the import files,
/// the forms and the reports, exactly as the registry and the issue spell them.

/// A dated step of a case that has an outcome: the interview, or a court date.
public enum CaseStep: String, Sendable, Equatable, CaseIterable, Codable {
    case interview, mention, ptc
    case caseManagement = "case-management"
    case trial, decision

    /// True for the court dates (everything but the interview).
    public var isCourtDate: Bool { self != .interview }

    /// The court dates, in the order a case meets them.
    public static let courtDates: [CaseStep] = [.mention, .ptc, .caseManagement, .trial, .decision]
}

/// What happened on a step's date.
public enum StepOutcome: String, Sendable, Equatable, CaseIterable, Codable {
    /// The interview or court date took place.
    case held
    /// The interview did not take place.
    case notHeld = "not-held"
    /// The court date was adjourned to another day.
    case adjourned

    /// Whether this outcome fits the step: `held|not-held` for an interview, `held|adjourned` for a court date.
    public func fits(_ step: CaseStep) -> Bool {
        switch self {
        case .held: true
        case .notHeld: step == .interview
        case .adjourned: step.isCourtDate
        }
    }
}

/// Why an interview did not take place.
public enum InterviewMissedReason: String, Sendable, Equatable, CaseIterable, Codable {
    case childUnwell = "child-unwell"
    case childDidNotAttend = "child-did-not-attend"
    case consentWithdrawn = "consent-withdrawn"
    case interviewerUnavailable = "interviewer-unavailable"
    case psychologistUnavailable = "psychologist-unavailable"
    case equipmentFailure = "equipment-failure"
    case other
}

/// Why a court date was adjourned (the 2025 special guideline names postponements as the first cause of delay).
public enum AdjournmentReason: String, Sendable, Equatable, CaseIterable, Codable {
    case defenceCounselAbsent = "defence-counsel-absent"
    case prosecutionWitnessAbsent = "prosecution-witness-absent"
    case childUnwell = "child-unwell"
    /// s.51A Criminal Procedure Code documents not served.
    case documentsNotServed = "documents-not-served"
    /// s.399 Criminal Procedure Code reports (chemist, medical) not ready.
    case reportsNotReady = "reports-not-ready"
    case interpreterAbsent = "interpreter-absent"
    case courtNotSitting = "court-not-sitting"
    case accusedAbsent = "accused-absent"
    case judgeUnavailable = "judge-unavailable"
    case other
}

/// How a case was decided: the disposal outcomes NCAtrak and the registry count.
public enum DisposalOutcome: String, Sendable, Equatable, CaseIterable, Codable {
    case convicted
    case pleadedGuilty = "pleaded-guilty"
    case acquitted
    /// Discharge not amounting to an acquittal.
    case dnaa
    /// Discharge amounting to an acquittal.
    case daa
    case withdrawn, transferred, other
}

/// Why a case was closed before trial (issue #22): it leaves the board without a court's decision.
public enum ClosureReason: String, Sendable, Equatable, CaseIterable, Codable {
    case noFurtherAction = "no-further-action"
    case withdrawn
    /// Handed to another state's coordinators.
    case transferred
}

/// Whether an advocate acts for the accused.
public enum Representation: String, Sendable, Equatable, CaseIterable, Codable {
    case yes, no, unknown

    /// The rules' view: unknown counts as represented (see `CaseFacts.accusedRepresented`).
    public var asFact: Bool? {
        switch self {
        case .yes: true
        case .no: false
        case .unknown: nil
        }
    }
}

/// The accused's plea.
public enum Plea: String, Sendable, Equatable, CaseIterable, Codable {
    case claimsTrial = "claims-trial"
    case guilty, unknown

    /// The rules' view: unknown counts as claiming trial (see `CaseFacts.claimsTrial`).
    public var claimsTrial: Bool? {
        switch self {
        case .claimsTrial: true
        case .guilty: false
        case .unknown: nil
        }
    }
}

/// The charge and the registration of a case in court: the registration date starts the disposal clock.
///
/// `childBornOn` is the child's identity: it stays in the database beside the child's name and is never exported.
public struct ChargeRecord: Sendable, Equatable {
    public var court: Court.ID
    public var courtCaseNo: String
    public var registeredOn: Day
    public var chargedOn: Day
    public var represented: Representation
    public var plea: Plea
    public var childBornOn: Day?

    public init(
        court: Court.ID, courtCaseNo: String, registeredOn: Day, chargedOn: Day, represented: Representation, plea: Plea, childBornOn: Day? = nil
    ) {
        self.court = court
        self.courtCaseNo = courtCaseNo
        self.registeredOn = registeredOn
        self.chargedOn = chargedOn
        self.represented = represented
        self.plea = plea
        self.childBornOn = childBornOn
    }

    /// The day the child turns 18, the one fact the rules take from the date of birth.
    public var childTurns18On: Day? { childBornOn?.adding(months: 18 * 12) }
}

/// The reason of a missed interview or an adjournment: one of its list, with text for `other`.
public struct StepReason: Sendable, Equatable {
    /// The reason's word (`child-unwell`, `defence-counsel-absent`, …).
    public var code: String
    /// Free text, required for `other`.
    public var text: String?

    public init(code: String, text: String? = nil) {
        self.code = code
        self.text = text
    }
}

/// One recorded outcome of an interview or a court date.
public struct StepRecord: Sendable, Equatable {
    public var step: CaseStep
    public var on: Day
    public var outcome: StepOutcome
    public var reason: StepReason?
    /// The next date the court gave (an adjournment), when known.
    public var nextOn: Day?
    /// For a held interview: whether the recording can be used in court.
    public var recordingUsable: Bool?

    public init(
        step: CaseStep, on: Day, outcome: StepOutcome, reason: StepReason? = nil, nextOn: Day? = nil, recordingUsable: Bool? = nil
    ) {
        self.step = step
        self.on = on
        self.outcome = outcome
        self.reason = reason
        self.nextOn = nextOn
        self.recordingUsable = recordingUsable
    }

    /// What is wrong with this record on its own, as `field: problem` pairs (the store adds what needs the case).
    public var problems: [(field: String, message: String)] {
        var out: [(field: String, message: String)] = []
        if !outcome.fits(step) {
            out.append(("outcome", step == .interview ? "an interview is held or not-held" : "a court date is held or adjourned"))
        }
        switch outcome {
        case .held:
            if reason != nil { out.append(("reason", "a date that was held has no reason")) }
            if nextOn != nil { out.append(("nextOn", "only an adjournment has a next date")) }
        case .notHeld, .adjourned:
            if let reason {
                let allowed = step == .interview ? InterviewMissedReason.allCases.map(\.rawValue) : AdjournmentReason.allCases.map(\.rawValue)
                if !allowed.contains(reason.code) {
                    out.append(("reason", "not in the list (\(allowed.joined(separator: ", ")))"))
                } else if reason.code == "other" && (reason.text ?? "").isEmpty {
                    out.append(("reason", "other needs a text saying what happened"))
                }
            } else {
                out.append(
                    ("reason", "missing: say why (\(outcome == .notHeld ? "child-unwell, consent-withdrawn, …" : "defence-counsel-absent, …"))"))
            }
            if let nextOn, nextOn <= on { out.append(("nextOn", "\(nextOn) is not after \(on)")) }
            if outcome == .notHeld, nextOn != nil { out.append(("nextOn", "a missed interview goes back to be booked; it has no next date")) }
        }
        if recordingUsable != nil && !(step == .interview && outcome == .held) {
            out.append(("recordingUsable", "only a held interview has a recording"))
        }
        return out
    }
}

/// A supplementary interview requested for a case whose interview was held: the case gets a new interview to book (the
/// same child, so the same language, officer and psychologist needs), the first interview's record stays.
public struct SupplementaryRequest: Sendable, Equatable {
    /// The day it was requested: the new interview's earliest day.
    public var requestedOn: Day
    /// The day the new interview should be held by.
    public var targetBy: Day
    public var reason: String
    public var recordedBy: String

    public init(requestedOn: Day, targetBy: Day, reason: String, recordedBy: String) {
        self.requestedOn = requestedOn
        self.targetBy = targetBy
        self.reason = reason
        self.recordedBy = recordedBy
    }
}

/// How a case left the board: decided by the court (a disposal), or closed before trial. One mechanism for both.
public enum CaseEnding: Sendable, Equatable {
    case disposal(DisposalOutcome)
    case closure(ClosureReason)

    /// The outcome or reason word.
    public var word: String {
        switch self {
        case .disposal(let o): o.rawValue
        case .closure(let r): r.rawValue
        }
    }

    /// `disposal` or `closed`, as stored.
    public var kind: String {
        switch self {
        case .disposal: "disposal"
        case .closure: "closed"
        }
    }
}

/// A case's ending as recorded: when, how, why, and (for a transfer) the state that took the case.
public struct CaseClosure: Sendable, Equatable {
    public var on: Day
    public var ending: CaseEnding
    public var note: String?
    public var transferredTo: String?
    public var recordedBy: String
    public var recordedAt: String

    public init(on: Day, ending: CaseEnding, note: String?, transferredTo: String?, recordedBy: String, recordedAt: String) {
        self.on = on
        self.ending = ending
        self.note = note
        self.transferredTo = transferredTo
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

extension CaseStep {
    /// The readiness item (rules/readiness.yaml) a held date of this step completes: the first PTC, the first case
    /// management, the trial's start. The store ticks it when the date is recorded as held.
    public var readinessItem: String? {
        switch self {
        case .ptc: "ptc-held"
        case .caseManagement: "case-management-held"
        case .trial: "trial-started"
        case .interview, .mention, .decision: nil
        }
    }
}
