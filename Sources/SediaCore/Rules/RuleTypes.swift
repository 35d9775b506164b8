/// How sure we are of a rule, as the facts file marks it: the rule files must say where each rule comes from.
public enum Confidence: String, Sendable, Equatable, CaseIterable {
    /// An Act of Parliament or subsidiary legislation, read in the text.
    case law
    /// An official circular or practice direction (the Chief Registrar's circulars).
    case circular
    /// Reported in the press or a secondary published report, not read in the official text.
    case press
    /// A choice of the D11 division or the prosecution team; change it freely.
    case localPolicy = "local-policy"
    /// An inference with no source read: review before relying on it.
    case guess
}

/// The case events a deadline can count from.
public enum CaseEvent: String, Sendable, Equatable, CaseIterable {
    /// The police report (first information report).
    case report
    /// Registration of the case in court.
    case registration
    /// The accused is charged.
    case charge
    /// The child's recorded interview at a Child Interview Centre.
    case interview
    /// Trial start (the planned or fixed trial date).
    case trial
}

/// What a rule counts from: a case event, or the dated result of another rule (which makes cycles possible, so the loader checks).
public enum Trigger: Sendable, Equatable {
    case event(CaseEvent)
    case rule(String)
}

extension Trigger: CustomStringConvertible {
    public var description: String {
        switch self {
        case .event(let e): e.rawValue
        case .rule(let id): "rule " + id
        }
    }
}

/// The unit an offset counts in.
public enum OffsetUnit: String, Sendable, Equatable {
    case days
    case workingDays = "working days"
    /// Calendar months with the end-of-month clamp (31 January + 1 month = 28 or 29 February).
    case months
}

/// A signed distance from the trigger: negative amounts count backwards ("14 days before trial").
public struct Offset: Sendable, Equatable {
    public var amount: Int
    public var unit: OffsetUnit

    public init(amount: Int, unit: OffsetUnit) {
        self.amount = amount
        self.unit = unit
    }

    /// Parses `N days|working days|months before|after`, or `on` (the trigger day itself).
    public init?(text: String) {
        let words = text.split(separator: " ").map { $0.lowercased() }
        if words == ["on"] {
            self.init(amount: 0, unit: .days)
            return
        }
        guard words.count >= 3, let n = Int(words[0]), n >= 0, n <= 36_500 else { return nil }
        let unitWords = words[1..<(words.count - 1)].joined(separator: " ")
        let unit: OffsetUnit
        switch unitWords {
        case "day", "days": unit = .days
        case "working day", "working days": unit = .workingDays
        case "month", "months": unit = .months
        default: return nil
        }
        switch words[words.count - 1] {
        case "after": self.init(amount: n, unit: unit)
        case "before": self.init(amount: -n, unit: unit)
        default: return nil
        }
    }
}

extension Offset: CustomStringConvertible {
    public var description: String {
        if amount == 0 { return "on" }
        let n = abs(amount)
        let unitText: String
        switch unit {
        case .days: unitText = n == 1 ? "day" : "days"
        case .workingDays: unitText = n == 1 ? "working day" : "working days"
        case .months: unitText = n == 1 ? "month" : "months"
        }
        return "\(n) \(unitText) \(amount < 0 ? "before" : "after")"
    }
}

/// What to do when a computed date is not a working day in the court's state.
public enum NonWorkingDayPolicy: String, Sendable, Equatable, CaseIterable {
    /// Move to the next working day (the Interpretation Acts rule for a period ending on an excluded day).
    case forward
    /// Move to the working day before (a "not later than N days before" step must be done earlier, not later).
    case back
    /// Keep the date: administrative targets such as the disposal target do not move.
    case none
}

/// When a deadline falls: a trigger, an offset and what happens on a non-working day.
public struct Timing: Sendable, Equatable {
    public var trigger: Trigger
    public var offset: Offset
    public var nonWorkingDay: NonWorkingDayPolicy
    /// A statutory period under the Interpretation Acts 1948/1967 (s.54 / s.105): a period of six days or less does not
    /// count excluded days. (Rolling forward from an excluded last day is `nonWorkingDay: forward`.)
    public var statutory: Bool

    public init(trigger: Trigger, offset: Offset, nonWorkingDay: NonWorkingDayPolicy, statutory: Bool = false) {
        self.trigger = trigger
        self.offset = offset
        self.nonWorkingDay = nonWorkingDay
        self.statutory = statutory
    }
}

/// Which cases a rule applies to. Every field that is set must match; an empty scope applies to every case.
public struct Scope: Sendable, Equatable {
    /// Only these courts (ids from courts.yaml); nil for any court.
    public var courts: [Court.ID]?
    /// Only courts in this region; nil for both.
    public var region: Region?
    /// Only cases charged under one of these offence sections (`SOAC s.11`); nil for any offence.
    public var offences: [String]?

    public init(courts: [Court.ID]? = nil, region: Region? = nil, offences: [String]? = nil) {
        self.courts = courts
        self.region = region
        self.offences = offences
    }
}

/// How a rule binds when the law allows the step later or makes it optional, so its date is never shown as overdue.
public enum Advisory: String, Sendable, Equatable, CaseIterable {
    /// The law allows the step after the date ("or any reasonable time before the commencement of the case management"):
    /// due (on track, at risk) until the date, advisory after it.
    case afterDue = "after-due"
    /// The law makes the step optional ("if necessary, may be held"): advisory throughout, never at risk or overdue.
    case always
}

/// A dated obligation in a case's life: "pre-trial conference within 30 days of charge".
public struct Rule: Sendable, Equatable {
    /// Stable id, printed in every deadline (`ptc`, `case-management`, `trial-start`, `interview-target`).
    public var id: String
    public var title: String
    /// The title in Bahasa Malaysia (`titleMs` in the rule file), shown to users who work in Malay.
    public var titleMs: String? = nil
    public var timing: Timing
    public var scope: Scope
    /// Where the rule comes from, in words a legal officer can look up.
    public var source: String
    public var confidence: Confidence
    /// The case event that marks the rule as met (`trial` for trial start, `interview` for the interview target).
    public var doneWhen: CaseEvent?
    /// A deadline this close (calendar days) is "at risk".
    public var atRiskDays: Int
    /// When the rule applies beyond its scope (`accused-represented-claims-trial` for the pre-trial conference).
    public var appliesWhen: ReadinessCondition
    /// Nil for a duty that can be overdue; otherwise how the law lets the step come later or not at all.
    public var advisory: Advisory?

    public init(
        id: String, title: String, timing: Timing, scope: Scope = Scope(), source: String, confidence: Confidence, doneWhen: CaseEvent? = nil,
        atRiskDays: Int = 14, appliesWhen: ReadinessCondition = .always, advisory: Advisory? = nil
    ) {
        self.id = id
        self.title = title
        self.timing = timing
        self.scope = scope
        self.source = source
        self.confidence = confidence
        self.doneWhen = doneWhen
        self.atRiskDays = atRiskDays
        self.appliesWhen = appliesWhen
        self.advisory = advisory
    }
}

/// An administrative disposal target counted in months from registration; it never moves off a non-working day.
public struct DisposalTarget: Sendable, Equatable {
    /// The target's own id, which courts.yaml names (`circular-2-2017`, `kuching-special-court`).
    public var id: String
    public var title: String
    /// The title in Bahasa Malaysia (`titleMs` in the rule file), shown to users who work in Malay.
    public var titleMs: String? = nil
    public var months: Int
    public var source: String
    public var confidence: Confidence
    public var atRiskDays: Int

    public init(id: String, title: String, months: Int, source: String, confidence: Confidence, atRiskDays: Int = 60) {
        self.id = id
        self.title = title
        self.months = months
        self.source = source
        self.confidence = confidence
        self.atRiskDays = atRiskDays
    }
}

/// A court as the rules see it: where it sits (whose holidays apply), whether it is a special court, which disposal target it has.
public struct CourtProfile: Sendable, Equatable {
    public var id: Court.ID
    public var name: String
    public var state: StateInfo.ID
    public var special: Bool
    public var videoLink: Bool
    public var childWaitingRoom: Bool
    public var sittingDays: [Weekday]
    /// The id of the disposal target that applies, or nil where none applies or none is published.
    public var disposal: String?
    /// True where the courts keep a timeline of their own that is not published (Sabah, Sarawak, Labuan): the
    /// disposal deadline then reads "timeline not published" rather than "no target".
    public var timelineUnpublished: Bool
    /// Why there is no disposal target, printed instead of a date.
    public var noDisposalReason: String?
    /// The same in Bahasa Malaysia (`noDisposalReasonMs`).
    public var noDisposalReasonMs: String? = nil
    public var operatingSince: Day?
    /// The state whose cases this court hears when no court is named (the state's ordinary Sessions Court).
    public var defaultFor: [StateInfo.ID]
    public var source: String
    public var confidence: Confidence

    public init(
        id: Court.ID, name: String, state: StateInfo.ID, special: Bool, videoLink: Bool, childWaitingRoom: Bool, sittingDays: [Weekday],
        disposal: String?, noDisposalReason: String?, operatingSince: Day?, defaultFor: [StateInfo.ID], source: String, confidence: Confidence,
        timelineUnpublished: Bool = false
    ) {
        self.id = id
        self.name = name
        self.state = state
        self.special = special
        self.videoLink = videoLink
        self.childWaitingRoom = childWaitingRoom
        self.sittingDays = sittingDays
        self.disposal = disposal
        self.timelineUnpublished = timelineUnpublished
        self.noDisposalReason = noDisposalReason
        self.operatingSince = operatingSince
        self.defaultFor = defaultFor
        self.source = source
        self.confidence = confidence
    }

    public var region: Region { Region(state: state) }
}

/// When a rule or readiness item applies to a case. A closed list, so a typo in a rule file is an error and not a silently
/// skipped item. Some conditions are listed for a case (the case file's `conditions`); the others are derived from facts
/// (`isDerived`): the court's facilities, the accused's plea and representation, the child's eighteenth birthday.
public enum ReadinessCondition: String, Sendable, Equatable, CaseIterable {
    case always
    /// Charged under an online offence of the Sexual Offences against Children Act 2017 (s.5–13, 15A, 15B).
    case onlineOffence = "online-offence"
    /// The child's language or dialect differs from the court's language.
    case interpreterNeeded = "interpreter-needed"
    /// The prosecution seeks a special hearing (EoCWA s.6A).
    case specialHearingSought = "special-hearing-sought"
    /// The child needs a psychologist's assessment or attendance.
    case psychologistNeeded = "psychologist-needed"
    /// The child cannot travel to court (evidence van or remote live link).
    case childCannotTravel = "child-cannot-travel"
    /// The child gives evidence by live link or behind a screen.
    case liveLinkOrScreen = "live-link-or-screen"
    /// The child's recorded interview is in a language other than Bahasa Malaysia (EoCWA s.6(2)(b): translation needed).
    case recordingInOtherLanguage = "recording-in-other-language"
    /// The child needs an intermediary to put questions and answers (EoCWA s.8).
    case intermediaryNeeded = "intermediary-needed"
    /// The child has a disability that bears on how evidence is given (EoCWA s.12).
    case childWithDisability = "child-with-disability"
    /// Derived: the child turns 18 before the trial ends (EoCWA s.13), from the case's `childTurns18On`.
    case childTurns18 = "child-turns-18"
    /// Derived: the court has a live-link room (courts.yaml `videoLink`).
    case courtHasLiveLink = "court-has-live-link"
    /// Derived: the court has no live-link room, so a transfer to one that has is the alternative.
    case courtLacksLiveLink = "court-lacks-live-link"
    /// Derived: the accused claims trial (not known to have pleaded guilty).
    case accusedClaimsTrial = "accused-claims-trial"
    /// Derived: the accused claims trial and is represented by an advocate (CPC s.172A(1)).
    case accusedRepresentedClaimsTrial = "accused-represented-claims-trial"

    /// Conditions computed from other facts; a case file may not list them.
    public var isDerived: Bool {
        switch self {
        case .childTurns18, .courtHasLiveLink, .courtLacksLiveLink, .accusedClaimsTrial, .accusedRepresentedClaimsTrial: true
        default: false
        }
    }
}

/// The offence sections treated as online offences (the data-preservation item), as the rule files list them.
public struct OnlineOffences: Sendable, Equatable {
    /// Sections spelled as case files spell them (`SOAC s.11`).
    public var sections: Set<String>
    public var source: String
    public var confidence: Confidence

    public init(sections: Set<String>, source: String, confidence: Confidence) {
        self.sections = sections
        self.source = source
        self.confidence = confidence
    }

    /// No list: no offence is online, and a rule book whose items depend on the list is refused.
    public static let none = OnlineOffences(sections: [], source: "", confidence: .guess)
}

/// One of the readiness checklist items a case needs before trial, as a template the checklist engine instantiates.
public struct ReadinessTemplate: Sendable, Equatable {
    /// Stable id (`cic-recording-certificate`).
    public var id: String
    /// Position in the facts file's list of 18.
    public var number: Int
    public var title: String
    /// The title in Bahasa Malaysia (`titleMs` in the rule file), shown to users who work in Malay.
    public var titleMs: String? = nil
    /// Who does it: `io` (investigating officer), `dpp`, `d11-interviewer`, `jkm`, `court-registry`, ...
    public var owner: String
    public var timing: Timing
    public var appliesWhen: ReadinessCondition
    public var source: String
    public var confidence: Confidence
    /// The case event after which the item no longer needs doing (`trial`: once the trial has started, pre-trial items are past).
    public var doneWhen: CaseEvent?
    public var atRiskDays: Int
    /// Nil for a duty that can be overdue; otherwise how the law lets the step come later or not at all.
    public var advisory: Advisory?

    public init(
        id: String, number: Int, title: String, owner: String, timing: Timing, appliesWhen: ReadinessCondition, source: String,
        confidence: Confidence, doneWhen: CaseEvent? = nil, atRiskDays: Int = 7, advisory: Advisory? = nil
    ) {
        self.advisory = advisory
        self.id = id
        self.number = number
        self.title = title
        self.owner = owner
        self.timing = timing
        self.appliesWhen = appliesWhen
        self.source = source
        self.confidence = confidence
        self.doneWhen = doneWhen
        self.atRiskDays = atRiskDays
    }
}
