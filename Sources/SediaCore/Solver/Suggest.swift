/// One way to book a task by hand, with what it does to the plan's score.
public struct Suggestion: Sendable, Equatable {
    public var interview: InterviewBooking?
    public var hearing: HearingBooking?
    /// Change in each part of the score if this placement replaces the task's current one.
    public var delta: Score
    /// A coordinator's one-line summary ("Wed 2027-01-06 09:00, CIC-KB-1, IO-014, 3 working days' wait").
    public var summary: String
}

/// The best few placements for one task with everything else fixed, or why nothing fits.
public struct SuggestionResult: Sendable, Equatable {
    public var caseID: Case.ID
    public var task: TaskKind
    public var suggestions: [Suggestion]
    /// Filled when nothing fits: the binding constraints, with their facts.
    public var reasons: [UnplacedReason]
}

/// What a coordinator sees when booking by hand: candidate placements for one case's interview
/// or hearing against every other booking of a plan.
public enum Suggester {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case unknownCase(String)
        case taskNotRequired(String, TaskKind)
        case pinned(String, TaskKind)

        public var description: String {
            switch self {
            case .unknownCase(let c): "no case '\(c)' in the instance"
            case .taskNotRequired(let c, let t): "case \(c) has no \(t.rawValue) to plan"
            case .pinned(let c, let t): "the \(t.rawValue) of case \(c) is pinned and cannot be moved"
            }
        }
    }

    public static func suggest(instance: Instance, plan: Plan, caseID: Case.ID, task: TaskKind?, top: Int = 3) throws(Failure) -> SuggestionResult {
        try SuggestionContext(instance: instance, plan: plan).suggest(caseID: caseID, task: task, top: top)
    }
}

/// The planning model compiled and filled with a plan's bookings, once: "find a slot" asks it for any case while the
/// instance and plan stay the same (compiling a national instance is most of a suggestion's time). A value: each
/// suggestion works on its own copy of the filled state.
public struct SuggestionContext: Sendable {
    let instance: Instance
    let plan: Plan
    let filled: SolverState
    let caseIndex: [Case.ID: Int]

    public init(instance: Instance, plan: Plan) {
        self.instance = instance
        self.plan = plan
        let problem = CompiledProblem(instance)
        var s = SolverState(problem)
        s.startMoveAccounting()
        // Everything else stays as the plan has it.
        let caseIndex = Dictionary(instance.cases.indices.map { (instance.cases[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        for b in plan.interviews {
            guard let k = caseIndex[b.caseID], problem.caseInterview[k] >= 0,
                let r = problem.roomIndex[b.room.rawValue], let i = problem.ivIndex[b.interviewer.rawValue]
            else { continue }
            let ps = b.psychologist.flatMap { problem.psIndex[$0.rawValue] } ?? -1
            s.placeInterview(
                problem.caseInterview[k],
                .init(day: problem.day(b.start.day), start: b.start.minute, room: r, interviewer: i, psychologist: ps, centre: problem.roomCentre[r]))
        }
        for b in plan.hearings {
            guard let k = caseIndex[b.caseID], problem.caseHearing[k] >= 0 else { continue }
            let ps = b.psychologist.flatMap { problem.psIndex[$0.rawValue] } ?? -1
            s.placeHearing(problem.caseHearing[k], .init(dates: b.dates.map { problem.day($0) }, psychologist: ps))
        }
        filled = s
        self.caseIndex = caseIndex
    }

    /// The best few placements for one task of `caseID` with everything else as the plan has it, or why none fits.
    public func suggest(caseID: Case.ID, task: TaskKind?, top: Int = 3) throws(Suggester.Failure) -> SuggestionResult {
        guard let ci = caseIndex[caseID] else { throw .unknownCase(caseID.rawValue) }
        let c = instance.cases[ci]
        let kind: TaskKind = task ?? (c.interview != nil ? .interview : .hearing)
        if kind == .interview && c.interview == nil || kind == .hearing && c.hearing == nil { throw .taskNotRequired(caseID.rawValue, kind) }
        if kind == .interview && c.interview?.pinned != nil || kind == .hearing && c.hearing?.pinned != nil { throw .pinned(caseID.rawValue, kind) }
        var s = filled
        let problem = s.problem
        let before = s.score
        var out: [Suggestion] = []
        if kind == .interview {
            let t = problem.caseInterview[ci]
            s.removeInterview(t)
            let base = s.score
            let task = problem.interviews[t]
            var seen = Set<Int>()
            var found: [(late: Int, cost: Int, placement: CompiledProblem.Placement)] = []
            let from = max(task.earliest, 0)
            let to = s.latestInterviewDay(t)
            if from <= to {
                for d in from...to {
                    for (oi, o) in task.centres.enumerated()
                    where problem.working[problem.centreState[o.centre]][d] && !seen.contains(d * 1000 + o.centre) {
                        guard let placement = s.findSlot(t, option: oi, day: d) else { continue }
                        seen.insert(d * 1000 + o.centre)
                        let cost = s.ivCost(t, centre: o.centre, travel: o.travel, day: d)
                        found.append((cost.late, cost.cost + (s.ivMoved(t, placement) ? 50 : 0), placement))
                    }
                    // Enough candidates, and later days only cost more.
                    if found.count >= top * 4 { break }
                }
            }
            found.sort { ($0.late, $0.cost, $0.placement.day) < ($1.late, $1.cost, $1.placement.day) }
            for f in found.prefix(top) {
                s.placeInterview(t, f.placement)
                let after = s.score
                s.removeInterview(t)
                let booking = InterviewBooking(
                    caseID: c.id,
                    room: Room.ID(
                        instance.centres[f.placement.centre].rooms.first { problem.roomIndex[$0.id.rawValue] == f.placement.room }?.id.rawValue ?? ""),
                    interviewer: instance.interviewers[f.placement.interviewer].id,
                    psychologist: f.placement.psychologist >= 0 ? instance.psychologists[f.placement.psychologist].id : nil,
                    start: LocalDateTime(day: problem.date(f.placement.day), minute: f.placement.start))
                let wait = problem.workingDays(state: problem.centreState[f.placement.centre], from: task.earliest, to: f.placement.day)
                let weekday = booking.start.day.weekday.rawValue
                var summary = "\(weekday.prefix(1).uppercased() + weekday.dropFirst()) \(booking.start), \(booking.room), \(booking.interviewer)"
                if let ps = booking.psychologist { summary += " with \(ps)" }
                summary += ", \(wait) working day\(wait == 1 ? "" : "s")' wait"
                if f.placement.day > task.target {
                    summary += ", \(f.placement.day - task.target) days after the target \(problem.date(task.target))"
                }
                if plan.interviews.contains(booking) { summary += " (as booked now)" }
                out.append(Suggestion(interview: booking, hearing: nil, delta: Self.diff(after, before), summary: summary))
            }
            let reasons = out.isEmpty ? s.explainInterview(t) : []
            _ = base
            return SuggestionResult(caseID: c.id, task: .interview, suggestions: out, reasons: reasons)
        }
        let t = problem.caseHearing[ci]
        s.removeHearing(t)
        let task = problem.hearings[t]
        if task.videoOK, let release = s.hearingRelease(t), release < problem.horizon {
            let sit = problem.sitting[task.court]
            var k = problem.nextSitting[task.court][release]
            while k + task.days <= sit.count && out.count < top {
                let dates = Array(sit[k..<(k + task.days)])
                k += 1
                guard dates.allSatisfy({ s.courtCount[task.court * problem.horizon + $0] < problem.courtCap[task.court] }) else { continue }
                var psy = -1
                if task.needsPsychologist {
                    guard let ps = task.psychologists.first(where: { s.psychologistFree($0, dates) }) else { continue }
                    psy = ps
                }
                let placement = CompiledProblem.HearingPlacement(dates: dates, psychologist: psy)
                s.placeHearing(t, placement)
                let after = s.score
                s.removeHearing(t)
                let booking = HearingBooking(
                    caseID: c.id, court: instance.courts[task.court].id, dates: dates.map { problem.date($0) },
                    psychologist: psy >= 0 ? instance.psychologists[psy].id : nil)
                var summary = "\(booking.court) from \(booking.dates.first?.description ?? "")"
                if booking.dates.count > 1 { summary += " to \(booking.dates.last?.description ?? "")" }
                if let ps = booking.psychologist { summary += " with \(ps)" }
                if let last = dates.last, last > task.deadline {
                    summary += ", \(last - task.deadline) days after the disposal target \(problem.date(task.deadline))"
                }
                out.append(Suggestion(interview: nil, hearing: booking, delta: Self.diff(after, before), summary: summary))
            }
        }
        return SuggestionResult(caseID: c.id, task: .hearing, suggestions: out, reasons: out.isEmpty ? s.explainHearing(t) : [])
    }

    static func diff(_ a: Score, _ b: Score) -> Score { Score(unassigned: a.unassigned - b.unassigned, late: a.late - b.late, cost: a.cost - b.cost) }
}
