/// What the rules need to know about one case. Only references and dates: never a child's identity.
public struct CaseFacts: Sendable, Equatable {
    public var id: Case.ID
    /// The state the case is in (the CIC's state for police-stage rules).
    public var state: StateInfo.ID
    /// The court named for the case; nil means the state's ordinary court from courts.yaml.
    public var court: Court.ID?
    /// Dates of the events that have happened or are fixed (a planned trial date counts).
    public var events: [CaseEvent: Day]
    /// The day the case was disposed of, after which every deadline is done.
    public var disposedOn: Day?
    /// Offence sections charged, spelled as the rule files spell them (`SOAC s.11`).
    public var offences: [String]
    /// Readiness conditions that hold for the case (`interpreter-needed`, ...); `always` need not be listed.
    public var conditions: Set<ReadinessCondition>
    /// Whether an advocate represents the accused; nil when not known, which counts as represented (the usual case
    /// in a special court), so the pre-trial conference is not silently dropped.
    public var accusedRepresented: Bool?
    /// False when the accused has pleaded guilty; nil when not known, which counts as claiming trial.
    public var claimsTrial: Bool?
    /// The day the child turns 18, when known (a date, never the child's identity).
    public var childTurns18On: Day?
    /// The last planned trial day, when known; the trial start is `events[.trial]`.
    public var trialEnd: Day?
    /// The day a stage was recorded as held, by rule id (`ptc`, `case-management-first`): that rule is done then, even
    /// before its `doneWhen` event (issue #21).
    public var heldOn: [String: Day] = [:]

    public init(
        id: Case.ID, state: StateInfo.ID, court: Court.ID? = nil, events: [CaseEvent: Day], disposedOn: Day? = nil, offences: [String] = [],
        conditions: Set<ReadinessCondition> = [], accusedRepresented: Bool? = nil, claimsTrial: Bool? = nil, childTurns18On: Day? = nil,
        trialEnd: Day? = nil
    ) {
        self.id = id
        self.state = state
        self.court = court
        self.events = events
        self.disposedOn = disposedOn
        self.offences = offences
        self.conditions = conditions
        self.accusedRepresented = accusedRepresented
        self.claimsTrial = claimsTrial
        self.childTurns18On = childTurns18On
        self.trialEnd = trialEnd
    }
}

/// Where a deadline comes from: the disposal target, a stage or police rule, or a readiness template.
public enum DeadlineKind: String, Sendable, Equatable {
    case disposal, rule, readiness
}

/// One dated deadline of one case, with the rule and source it comes from.
public struct Deadline: Sendable, Equatable {
    public var caseID: Case.ID
    /// The rule id: `disposal` for the disposal target, the rule or template id otherwise.
    public var rule: String
    /// For the disposal target, which target applied (`circular-2-2017`); nil otherwise.
    public var variant: String?
    public var kind: DeadlineKind
    public var title: String
    /// The title in Bahasa Malaysia, when the rule file gives one (`titleMs`).
    public var titleMs: String? = nil
    /// Nil only for a disposal target that is not published for the case's court (the note says why).
    public var due: Day?
    /// The date before a move off an excluded day.
    public var unadjusted: Day?
    /// Why the date is what it is (moved off a holiday, projected holiday, no published target), as data.
    public var notes: [RuleNote]
    /// The notes in English, as the CLI's exports print them.
    public var note: String? { RuleNote.english(notes) }
    public var source: String
    public var confidence: Confidence
    /// Owner role of a readiness item.
    public var owner: String?
    /// The day the rule was met (the completing event or disposal), when known.
    public var doneOn: Day?
    public var atRiskDays: Int
    /// Nil for a duty; otherwise the rule is advisory after its date or throughout, and never overdue.
    public var advisory: Advisory? = nil
    /// For a disposal deadline without a date: the court keeps a timeline of its own that is not published.
    public var timelineUnpublished: Bool = false

    /// Calendar days from `on` to the due date (negative when overdue).
    public func daysLeft(on: Day) -> Int? { due.map { on.days(to: $0) } }

    public func status(on: Day) -> DeadlineStatus {
        if let doneOn, doneOn <= on { return .done }
        guard let left = daysLeft(on: on) else { return timelineUnpublished ? .timelineNotPublished : .noTarget }
        switch advisory {
        case .always?: return .advisory
        case .afterDue?: if left < 0 { return .advisory }
        case nil: if left < 0 { return .overdue }
        }
        return left <= atRiskDays ? .atRisk : .onTrack
    }
}

/// Where a deadline stands on a given day.
public enum DeadlineStatus: String, Sendable, Equatable, CaseIterable {
    case done
    case onTrack = "on track"
    case atRisk = "at risk"
    case overdue
    /// No target applies to the court.
    case noTarget = "no target"
    /// The law allows the step later or makes it optional: its date is a guide, never overdue.
    case advisory
    /// The courts keep a timeline of their own that is not published (Sabah, Sarawak and Labuan ordinary courts).
    case timelineNotPublished = "timeline not published"
}

/// Why a case's deadlines could not be computed.
public struct DeadlineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var caseID: Case.ID
    public var message: String

    public var description: String { "case \(caseID): \(message)" }
}

/// Working calendars for every state, by code.
public struct WorkingCalendars: Sendable {
    public let byState: [StateInfo.ID: WorkingCalendar]

    public init(_ calendars: [WorkingCalendar]) {
        var map: [StateInfo.ID: WorkingCalendar] = [:]
        for c in calendars { map[c.state.code] = c }
        byState = map
    }

    public subscript(state: StateInfo.ID) -> WorkingCalendar? { byState[state] }
}

extension RuleBook {
    /// Every deadline of a case: the disposal target, each stage or police rule in scope, and each readiness item that applies,
    /// in rule-file order. Rules whose trigger has not happened (no charge yet) are left out.
    public func deadlines(for facts: CaseFacts, calendars: WorkingCalendars) throws(DeadlineError) -> [Deadline] {
        guard let court = court(id: facts.court, state: facts.state) else {
            if let id = facts.court { throw DeadlineError(caseID: facts.id, message: "unknown court \(id) (not in rules/courts.yaml)") }
            throw DeadlineError(caseID: facts.id, message: "no court given and rules/courts.yaml has no default court for \(facts.state)")
        }
        guard let courtCalendar = calendars[court.state] else {
            throw DeadlineError(caseID: facts.id, message: "no working calendar for \(court.state), the state of court \(court.id)")
        }
        guard let caseCalendar = calendars[facts.state] else {
            throw DeadlineError(caseID: facts.id, message: "unknown state \(facts.state) (expected MY-01 … MY-16)")
        }
        var out: [Deadline] = []
        var dated: [String: Day] = [:]

        if let registered = facts.events[.registration] {
            if let (target, due) = disposalTarget(court: court, registeredOn: registered) {
                dated["disposal"] = due
                out.append(
                    Deadline(
                        caseID: facts.id, rule: "disposal", variant: target.id, kind: .disposal, title: target.title, titleMs: target.titleMs,
                        due: due,
                        unadjusted: due, notes: courtCalendar.isWorkingDay(due) ? [] : [.targetDoesNotMove], source: target.source,
                        confidence: target.confidence, owner: "dpp", doneOn: facts.disposedOn, atRiskDays: target.atRiskDays))
            } else {
                out.append(
                    Deadline(
                        caseID: facts.id, rule: "disposal", variant: nil, kind: .disposal, title: "Disposal target",
                        titleMs: "Sasaran penyelesaian kes",
                        due: nil, unadjusted: nil,
                        notes: [.noPublishedTarget(court: court.id.rawValue, reason: court.noDisposalReason, reasonMs: court.noDisposalReasonMs)],
                        source: court.source,
                        confidence: court.confidence, owner: "dpp", doneOn: facts.disposedOn, atRiskDays: 0,
                        timelineUnpublished: court.timelineUnpublished))
            }
        }

        var computed = [Deadline?](repeating: nil, count: rules.count + readiness.count)
        for item in order {
            switch item {
            case .rule(let rule, let slot):
                let id = rule.id
                guard applies(rule.scope, court: court, facts: facts), holds(rule.appliesWhen, court: court, facts: facts) else { continue }
                let calendar = rule.timing.trigger == .event(.report) || rule.timing.trigger == .event(.interview) ? caseCalendar : courtCalendar
                guard let start = startDay(rule.timing.trigger, facts: facts, dated: dated) else { continue }
                let date = ComputationOfTime.compute(rule.timing, from: start, calendar: calendar)
                dated[id] = date.due
                let done = [rule.doneWhen.flatMap { facts.events[$0] }, facts.disposedOn, facts.heldOn[id]].compactMap { $0 }.min()
                computed[slot] = Deadline(
                    caseID: facts.id, rule: id, variant: nil, kind: .rule, title: rule.title, titleMs: rule.titleMs, due: date.due,
                    unadjusted: date.unadjusted, notes: moveNotes(date, calendar: calendar), source: rule.source, confidence: rule.confidence,
                    owner: nil, doneOn: done,
                    atRiskDays: rule.atRiskDays, advisory: rule.advisory)
            case .template(let t, let slot):
                let id = t.id
                guard holds(t.appliesWhen, court: court, facts: facts) else { continue }
                guard let start = startDay(t.timing.trigger, facts: facts, dated: dated) else { continue }
                let calendar = t.timing.trigger == .event(.report) || t.timing.trigger == .event(.interview) ? caseCalendar : courtCalendar
                let date = ComputationOfTime.compute(t.timing, from: start, calendar: calendar)
                dated[id] = date.due
                computed[slot] = Deadline(
                    caseID: facts.id, rule: id, variant: nil, kind: .readiness, title: t.title, titleMs: t.titleMs, due: date.due,
                    unadjusted: date.unadjusted, notes: moveNotes(date, calendar: calendar), source: t.source, confidence: t.confidence,
                    owner: t.owner,
                    doneOn: [t.doneWhen.flatMap { facts.events[$0] }, facts.disposedOn].compactMap { $0 }.min(), atRiskDays: t.atRiskDays,
                    advisory: t.advisory)
            }
        }
        // File order, not evaluation order: it is the order a legal officer wrote and reviews.
        out += computed.compactMap { $0 }
        return out
    }

    func isOnline(_ facts: CaseFacts) -> Bool { facts.offences.contains { onlineOffences.sections.contains($0) } }

    /// Whether `condition` holds for the case in `court`. Listed conditions come from the case; derived ones from the
    /// court's facilities and the case's facts, where an unknown plea or representation counts as the usual case
    /// (claims trial, represented) so that a rule is shown rather than silently dropped.
    public func holds(_ condition: ReadinessCondition, court: CourtProfile, facts: CaseFacts) -> Bool {
        switch condition {
        case .always: return true
        case .onlineOffence: return facts.conditions.contains(.onlineOffence) || isOnline(facts)
        case .courtHasLiveLink: return court.videoLink
        case .courtLacksLiveLink: return !court.videoLink
        case .accusedClaimsTrial: return facts.claimsTrial != false
        case .accusedRepresentedClaimsTrial: return facts.claimsTrial != false && facts.accusedRepresented != false
        case .childTurns18:
            // "Before or during the trial": by the last trial day, or the first when the last is not known.
            guard let turns = facts.childTurns18On else { return facts.conditions.contains(.childTurns18) }
            guard let trialEnd = facts.trialEnd ?? facts.events[.trial] else { return true }
            return turns <= trialEnd
        default: return facts.conditions.contains(condition)
        }
    }

    func applies(_ scope: Scope, court: CourtProfile, facts: CaseFacts) -> Bool {
        if let courts = scope.courts, !courts.contains(court.id) { return false }
        if let region = scope.region, region != court.region { return false }
        if let offences = scope.offences, !facts.offences.contains(where: { offences.contains($0) }) { return false }
        return true
    }

    func startDay(_ trigger: Trigger, facts: CaseFacts, dated: [String: Day]) -> Day? {
        switch trigger {
        case .event(let e): facts.events[e]
        case .rule(let id): dated[id]
        }
    }

    func moveNotes(_ date: ComputedDate, calendar: WorkingCalendar) -> [RuleNote] {
        var notes: [RuleNote] = []
        if let reason = date.moved { notes.append(.moved(from: date.unadjusted, reason: reason, state: calendar.state.code.rawValue)) }
        if calendar.isProjected(date.unadjusted) || calendar.isProjected(date.due) { notes.append(.projectedHoliday) }
        if let coverage = calendar.coverage, !coverage.contains(date.due) { notes.append(.beyondHolidayData(from: coverage.from, to: coverage.to)) }
        return notes
    }
}
