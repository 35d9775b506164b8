/// Where a checklist item stands on a day, relative to the planned trial.
public enum ChecklistStatus: String, Sendable, Equatable, CaseIterable {
    case done
    /// Due later and not yet close.
    case open
    /// Due within the item's at-risk margin, or due after the planned trial it prepares for.
    case atRisk = "at risk"
    case overdue
    /// No target applies (a court without a disposal target).
    case noTarget = "no target"
    /// The law allows the step later or makes it optional: the date is a guide, never overdue.
    case advisory
    /// The courts keep a timeline of their own that is not published (Sabah, Sarawak and Labuan ordinary courts).
    case timelineNotPublished = "timeline not published"
}

/// One line of a case's readiness checklist: what, who, by when, where it stands, and the rule and source behind it.
public struct ReadinessItem: Sendable, Equatable {
    /// The item's title from the rule file.
    public var item: String
    /// The title in Bahasa Malaysia, when the rule file gives one (`titleMs`).
    public var itemMs: String?
    /// The rule or template id (`transcript-translation`, `case-management`, `disposal`).
    public var rule: String
    public var kind: DeadlineKind
    /// Owner role (`io`, `dpp`, `d11-interviewer`, `jkm`, `court-registry`, `oscc`).
    public var owner: String
    public var due: Day?
    public var status: ChecklistStatus
    /// Calendar days from the checklist's day to `due` (negative when overdue).
    public var daysLeft: Int?
    public var source: String
    public var confidence: Confidence
    /// Why a date moved, or why the item is at risk, as data (fixed wording in each language, never user text).
    public var notes: [RuleNote]
    /// The notes in English, as the exports print them.
    public var note: String? { RuleNote.english(notes) }

    /// The title in `language` (`ms`: the rule file's `titleMs` when it has one), else the English one.
    public func title(language: Language) -> String { language == .ms ? itemMs ?? item : item }
    /// Nil for a duty; otherwise the rule is advisory after its date or throughout (feeds say so).
    public var advisory: Advisory?

    public init(
        item: String, itemMs: String? = nil, rule: String, kind: DeadlineKind, owner: String, due: Day?, status: ChecklistStatus, daysLeft: Int?,
        source: String, confidence: Confidence, notes: [RuleNote], advisory: Advisory? = nil
    ) {
        self.advisory = advisory
        self.item = item
        self.itemMs = itemMs
        self.rule = rule
        self.kind = kind
        self.owner = owner
        self.due = due
        self.status = status
        self.daysLeft = daysLeft
        self.source = source
        self.confidence = confidence
        self.notes = notes
    }
}

/// A case's checklist: a case reference, its planned dates and its items. Nothing about the child.
public struct CaseChecklist: Sendable, Equatable {
    public var caseID: Case.ID
    public var prosecutor: String?
    /// The court of the trial as the plan has it.
    public var court: Court.ID?
    /// The first and last planned (or pinned) trial dates.
    public var trialStart: Day?
    public var trialEnd: Day?
    /// The planned interview date, or the day it was held.
    public var interview: Day?
    public var items: [ReadinessItem]

    public var overdue: Int { items.filter { $0.status == .overdue }.count }
    public var atRisk: Int { items.filter { $0.status == .atRisk }.count }
    public var advisory: Int { items.filter { $0.status == .advisory }.count }
    public var done: Int { items.filter { $0.status == .done }.count }

    /// The same checklist with the items whose rule id is in `rules` recorded as done (a tick). Ids not on the list
    /// are ignored: a tick outlives a rule removed from the book without showing up.
    public func marking(done rules: Set<String>) -> CaseChecklist {
        guard !rules.isEmpty else { return self }
        var copy = self
        for i in copy.items.indices where rules.contains(copy.items[i].rule) { copy.items[i].status = .done }
        return copy
    }
}

/// Builds readiness checklists from an instance, its plan and the rule book.
///
/// Pure: `today` is a parameter. The planning format does not record which items are already done, so an item is
/// `done` when its rule says which case event completes it and that event has happened (the interview held, the trial
/// started), or when the caller says it was ticked (`done`, the application's ticks by rule id); everything else is open,
/// at risk, overdue or (a step the law allows later or makes optional) advisory.
public enum Checklist {
    /// The checklists of `cases` (all cases when nil), in instance order. Throws every case the rules cannot evaluate.
    ///
    /// `done` holds, per case, the rule ids recorded as done (ticked); a rule id the book no longer has is ignored.
    public static func make(
        instance: Instance, plan: Plan, book: RuleBook, calendars: WorkingCalendars, today: Day, prosecutors: [Case.ID: String] = [:],
        cases: Set<Case.ID>? = nil, done: [Case.ID: Set<String>] = [:], histories: [Case.ID: CaseHistory] = [:]
    ) throws(ChecklistErrors) -> [CaseChecklist] {
        let result = evaluate(
            instance: instance, plan: plan, book: book, calendars: calendars, today: today, prosecutors: prosecutors, cases: cases, done: done,
            histories: histories)
        guard result.errors.isEmpty else { throw ChecklistErrors(errors: result.errors) }
        return result.checklists
    }

    /// As `make`, but a case the rules cannot evaluate keeps an empty item list and its error is returned beside the
    /// checklists, so one case with an unknown court does not hide every other case (the server's pages). `histories`
    /// is what was recorded after the bookings (charge, plea, held dates, disposal), laid over the instance's facts.
    public static func evaluate(
        instance: Instance, plan: Plan, book: RuleBook, calendars: WorkingCalendars, today: Day, prosecutors: [Case.ID: String] = [:],
        cases: Set<Case.ID>? = nil, done: [Case.ID: Set<String>] = [:], histories: [Case.ID: CaseHistory] = [:]
    ) -> (checklists: [CaseChecklist], errors: [DeadlineError]) {
        var out: [CaseChecklist] = []
        var errors: [DeadlineError] = []
        let allFacts = Dictionary(
            book.caseFacts(instance: instance, plan: plan, histories: histories).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Indexed once: a national instance has thousands of cases, and a scan per case would be quadratic.
        let hearings = Dictionary(plan.hearings.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        let interviews = Dictionary(plan.interviews.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        for c in instance.cases where cases?.contains(c.id) ?? true {
            let hearing = hearings[c.id]
            let dates = hearing?.dates ?? c.hearing?.pinned?.dates ?? []
            var list = CaseChecklist(
                caseID: c.id, prosecutor: prosecutors[c.id], court: hearing?.court ?? c.hearing?.court, trialStart: dates.min(),
                trialEnd: dates.max(), interview: c.interviewDoneOn ?? interviews[c.id]?.start.day, items: [])
            // `caseFacts` (rules engineer's) reads dates, the court and the readiness conditions; nothing of the child is copied.
            if let facts = allFacts[c.id] {
                do {
                    let deadlines = try book.deadlines(for: facts, calendars: calendars)
                    list.items = deadlines.map { item(for: $0, today: today, trialStart: list.trialStart, trialEnd: list.trialEnd) }
                } catch {
                    errors.append(error)
                }
            }
            out.append(list.marking(done: done[c.id] ?? []))
        }
        return (out, errors)
    }

    /// Stage rules carry no owner in the rule files: police-stage targets (interview) belong to D11, court stages and
    /// the disposal target to the prosecutor.
    static func defaultOwner(_ d: Deadline) -> String { d.rule.hasPrefix("interview") ? "d11" : "dpp" }

    static func item(for d: Deadline, today: Day, trialStart: Day?, trialEnd: Day?) -> ReadinessItem {
        var status: ChecklistStatus
        switch d.status(on: today) {
        case .done: status = .done
        case .onTrack: status = .open
        case .atRisk: status = .atRisk
        case .overdue: status = .overdue
        case .noTarget: status = .noTarget
        case .advisory: status = .advisory
        case .timelineNotPublished: status = .timelineNotPublished
        }
        var notes = d.notes
        if status == .open || status == .atRisk, let due = d.due {
            if d.kind == .disposal, let trialEnd, trialEnd > due {
                status = .atRisk
                notes.append(.trialEndsAfterTarget(trialEnd: trialEnd))
            } else if d.kind != .disposal, d.rule != "trial-start", let trialStart, due >= trialStart {
                status = .atRisk
                notes.append(.dueOnOrAfterTrial(trialStart: trialStart))
            }
        }
        return ReadinessItem(
            item: d.title, itemMs: d.titleMs, rule: d.rule, kind: d.kind, owner: d.owner ?? defaultOwner(d), due: d.due, status: status,
            daysLeft: d.daysLeft(on: today),
            source: d.source, confidence: d.confidence, notes: notes, advisory: d.advisory)
    }
}

/// Cases whose deadlines the rules could not compute (an unknown court or state), all reported together.
public struct ChecklistErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [DeadlineError]

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
