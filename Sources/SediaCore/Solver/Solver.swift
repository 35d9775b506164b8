/// The planner: a most-constrained, earliest-deadline-first construction followed by large
/// neighbourhood search (ruin and recreate over court and centre windows) with late acceptance.
///
/// Each task's cost depends only on its own placement, so a move is scored by the change in the
/// few task costs it touches; feasibility is kept by day-indexed occupancy tables and bitmasks.
public enum Solver {
    public static func solve(_ instance: Instance, options: SolverOptions) -> SolveResult {
        let t0 = options.clock()
        let problem = CompiledProblem(instance)
        let tb = options.clock()
        let bounds = LowerBound.compute(problem)
        let boundSeconds = options.clock() - tb
        var search = Search(problem: problem, options: options, t0: t0)
        search.construct()
        let firstPlanAt = options.clock() - t0
        search.improve()
        let plan = search.extractPlan()
        return SolveResult(
            plan: plan, score: search.best.score, moves: search.best.moves, iterations: search.iterations, elapsed: options.clock() - t0,
            firstPlanAt: firstPlanAt, trace: search.trace, bounds: bounds, boundSeconds: boundSeconds)
    }
}

struct Search {
    var state: SolverState
    let options: SolverOptions
    let maxMoves: Int?
    let t0: Double
    var rng: SeededGenerator
    var iterations = 0
    var trace: [(seconds: Double, score: Score)] = []
    var best: (score: Score, moves: Int, interviews: [CompiledProblem.Placement?], hearings: [CompiledProblem.HearingPlacement?])

    var problem: CompiledProblem { state.problem }
    /// Movable hearings that need a psychologist, the starting points of `ruinPsychologistDays`.
    let psyHearings: [Int]

    init(problem: CompiledProblem, options: SolverOptions, t0: Double) {
        state = SolverState(problem)
        self.options = options
        self.t0 = t0
        maxMoves = problem.instance.previous == nil ? nil : (options.maxMoves ?? problem.instance.maxMoves)
        rng = SeededGenerator(seed: options.seed)
        best = (state.score, 0, [], [])
        psyHearings = problem.hearings.indices.filter { problem.hearings[$0].needsPsychologist && problem.hearings[$0].pinned == nil }
    }

    func movesOK(_ s: SolverState) -> Bool { maxMoves.map { s.moves <= $0 } ?? true }

    // MARK: Construction

    mutating func construct() {
        state.startMoveAccounting()
        // Pinned bookings are kept exactly, whatever else they collide with.
        for (t, task) in problem.interviews.enumerated() {
            if let pin = task.pinned { state.placeInterview(t, pin) }
        }
        for (t, task) in problem.hearings.enumerated() {
            if let pin = task.pinned { state.placeHearing(t, pin) }
        }
        // Previous bookings still valid are kept; the rest are re-placed below.
        for (t, task) in problem.interviews.enumerated() where state.interviewPlacements[t] == nil {
            if let prev = task.previous, state.interviewFits(t, prev) { state.placeInterview(t, prev) }
        }
        for (t, task) in problem.hearings.enumerated() where state.hearingPlacements[t] == nil {
            if let prev = task.previous, state.hearingFits(t, prev) { state.placeHearing(t, prev) }
        }
        // Bookings of the previous plan that could not be kept are re-placed first (the family
        // was told a date), then the most urgent and most constrained.
        let ivOrder = problem.interviews.indices.filter { state.interviewPlacements[$0] == nil }.sorted {
            let a = problem.interviews[$0]
            let b = problem.interviews[$1]
            return (a.hadPrevious ? 0 : 1, a.target, a.centres.count, $0) < (b.hadPrevious ? 0 : 1, b.target, b.centres.count, $1)
        }
        for t in ivOrder {
            if let c = state.bestInterview(t) { state.placeInterview(t, c.placement) }
        }
        let hOrder = problem.hearings.indices.filter { state.hearingPlacements[$0] == nil }.sorted {
            let a = problem.hearings[$0]
            let b = problem.hearings[$1]
            return (a.hadPrevious ? 0 : 1, a.deadline, -a.days, $0) < (b.hadPrevious ? 0 : 1, b.deadline, -b.days, $1)
        }
        reinsertHearings(hOrder)
        if let budget = maxMoves, state.moves > budget { restoreMovesWithinBudget(budget) }
        snapshot()
    }

    /// Earliest-deadline-first with a Moore–Hodgson flavour: hearings that can still finish on
    /// time are placed first, the rest after them.
    mutating func reinsertHearings(_ order: [Int]) {
        var deferred: [Int] = []
        for t in order {
            guard let c = state.bestHearing(t) else { continue }
            if c.late == 0 { state.placeHearing(t, c.placement) } else { deferred.append(t) }
        }
        for t in deferred {
            if let c = state.bestHearing(t) { state.placeHearing(t, c.placement) }
        }
    }

    /// When re-placing broke the disruption budget, put back previous bookings that still fit,
    /// freeing their slots from whatever took them if needed.
    mutating func restoreMovesWithinBudget(_ budget: Int) {
        for (t, task) in problem.hearings.enumerated() where state.moves > budget {
            guard let prev = task.previous, state.hearingPlacements[t] != prev, task.pinned == nil else { continue }
            let old = state.hearingPlacements[t]
            state.removeHearing(t)
            if state.hearingFits(t, prev) { state.placeHearing(t, prev) } else if let old { state.placeHearing(t, old) }
        }
        for (t, task) in problem.interviews.enumerated() where state.moves > budget {
            guard let prev = task.previous, state.interviewPlacements[t] != prev, task.pinned == nil else { continue }
            let old = state.interviewPlacements[t]
            state.removeInterview(t)
            if state.interviewFits(t, prev) { state.placeInterview(t, prev) } else if let old { state.placeInterview(t, old) }
        }
    }

    mutating func snapshot() {
        best = (state.score, state.moves, state.interviewPlacements, state.hearingPlacements)
        trace.append((options.clock() - t0, state.score))
    }

    // MARK: Local search

    func shouldStop(_ now: Double) -> Bool {
        if let n = options.iterations, iterations >= n { return true }
        if let stop = options.stop, stop() { return true }
        if let limit = options.timeLimit, now - t0 >= limit { return true }
        return false
    }

    mutating func improve() {
        let ivMovable = problem.interviews.indices.filter { problem.interviews[$0].pinned == nil }
        let hMovable = problem.hearings.indices.filter { problem.hearings[$0].pinned == nil }
        guard !ivMovable.isEmpty || !hMovable.isEmpty else { return }
        let historyLength = 500
        var history = [Score](repeating: state.score, count: historyLength)
        var now = options.clock()
        var lastReport = now
        var removedInterviews: [Int] = []
        var removedHearings: [Int] = []
        var oldInterviews: [CompiledProblem.Placement?] = []
        var oldHearings: [CompiledProblem.HearingPlacement?] = []
        while true {
            if iterations & 31 == 0 {
                now = options.clock()
                if shouldStop(now) { break }
                if let progress = options.progress, now - lastReport >= 1 {
                    lastReport = now
                    progress(SolverProgress(elapsed: now - t0, iterations: iterations, best: best.score))
                }
            } else if let n = options.iterations, iterations >= n {
                break
            }
            iterations += 1
            let before = state.score
            removedInterviews.removeAll(keepingCapacity: true)
            removedHearings.removeAll(keepingCapacity: true)
            let r = rng.below(100)
            if r < 45 && !hMovable.isEmpty {
                ruinCourtWindow(hMovable, &removedHearings, &removedInterviews)
            } else if r < 90 && !ivMovable.isEmpty {
                ruinCentreWindow(ivMovable, &removedInterviews, &removedHearings)
            } else {
                ruinPsychologistDays(&removedInterviews, &removedHearings)
            }
            if removedInterviews.isEmpty && removedHearings.isEmpty { continue }
            state.rotation = rng.below(3) == 0 ? 1 + rng.below(1 << 16) : 0
            oldInterviews = removedInterviews.map { state.interviewPlacements[$0] }
            oldHearings = removedHearings.map { state.hearingPlacements[$0] }
            for t in removedHearings { state.removeHearing(t) }
            for t in removedInterviews { state.removeInterview(t) }
            recreate(&removedInterviews, &removedHearings)
            let after = state.score
            let accept = movesOK(state) && (after <= before || after <= history[iterations % historyLength])
            if accept {
                if after < best.score || (after == best.score && state.moves < best.moves) { snapshot() }
            } else {
                for t in removedHearings { state.removeHearing(t) }
                for t in removedInterviews { state.removeInterview(t) }
                for (k, t) in removedInterviews.enumerated() { if let placement = oldInterviews[k] { state.placeInterview(t, placement) } }
                for (k, t) in removedHearings.enumerated() { if let placement = oldHearings[k] { state.placeHearing(t, placement) } }
            }
            if state.score < history[iterations % historyLength] { history[iterations % historyLength] = state.score }
        }
        state.rotation = 0
        // Leave the state holding the best plan.
        for t in problem.hearings.indices { state.removeHearing(t) }
        for t in problem.interviews.indices { state.removeInterview(t) }
        for (t, placement) in best.interviews.enumerated() { if let placement { state.placeInterview(t, placement) } }
        for (t, placement) in best.hearings.enumerated() { if let placement { state.placeHearing(t, placement) } }
    }

    /// A task to work on: a late or unplaced one half of the time, else any.
    mutating func pickHearing(_ movable: [Int]) -> Int {
        if rng.below(2) == 0 {
            for _ in 0..<8 {
                let t = movable[rng.below(movable.count)]
                if let placement = state.hearingPlacements[t] {
                    if let last = placement.dates.last, last > problem.hearings[t].deadline { return t }
                } else {
                    return t
                }
            }
        }
        return movable[rng.below(movable.count)]
    }

    mutating func pickInterview(_ movable: [Int]) -> Int {
        if rng.below(2) == 0 {
            for _ in 0..<8 {
                let t = movable[rng.below(movable.count)]
                if let placement = state.interviewPlacements[t] {
                    if placement.day > problem.interviews[t].target { return t }
                } else {
                    return t
                }
            }
        }
        return movable[rng.below(movable.count)]
    }

    /// Removes the hearings of one court around a chosen hearing's dates or deadline.
    mutating func ruinCourtWindow(_ movable: [Int], _ hs: inout [Int], _ ivs: inout [Int]) {
        let t = pickHearing(movable)
        let task = problem.hearings[t]
        let centre = state.hearingPlacements[t]?.dates.first ?? min(problem.horizon - 1, max(0, task.deadline - task.days * 2))
        let w = 3 + rng.below(30)
        let lo = centre - w
        let hi = centre + w
        hs.append(t)
        for (u, placement) in state.hearingPlacements.enumerated()
        where u != t && problem.hearings[u].court == task.court && problem.hearings[u].pinned == nil {
            guard let placement, let f = placement.dates.first, let l = placement.dates.last, l >= lo, f <= hi else { continue }
            hs.append(u)
            if hs.count >= 40 { break }
        }
        // Sometimes let the case's interview move too, so the trial can start earlier.
        if task.interview >= 0, problem.interviews[task.interview].pinned == nil, rng.below(3) == 0 { ivs.append(task.interview) }
    }

    /// Removes the interviews at one centre around a chosen interview's day.
    mutating func ruinCentreWindow(_ movable: [Int], _ ivs: inout [Int], _ hs: inout [Int]) {
        let t = pickInterview(movable)
        let task = problem.interviews[t]
        guard let centre = state.interviewPlacements[t]?.centre ?? task.centres.first?.centre else {
            ivs.append(t)
            return
        }
        let day = state.interviewPlacements[t]?.day ?? max(0, task.earliest)
        let w = 1 + rng.below(8)
        ivs.append(t)
        for (u, placement) in state.interviewPlacements.enumerated() where u != t && problem.interviews[u].pinned == nil {
            guard let placement, placement.centre == centre, abs(placement.day - day) <= w else { continue }
            ivs.append(u)
            if ivs.count >= 30 { break }
        }
        if task.hearing >= 0, problem.hearings[task.hearing].pinned == nil, rng.below(3) == 0 { hs.append(task.hearing) }
    }

    /// Frees a psychologist's days around a hearing that needs them: its hearing and their interviews.
    mutating func ruinPsychologistDays(_ ivs: inout [Int], _ hs: inout [Int]) {
        guard !psyHearings.isEmpty else { return }
        let t = pickHearing(psyHearings)
        hs.append(t)
        let task = problem.hearings[t]
        guard let ps = task.psychologists.isEmpty ? nil : task.psychologists[rng.below(task.psychologists.count)] else { return }
        let centre = state.hearingPlacements[t]?.dates.first ?? max(0, min(problem.horizon - 1, task.deadline - 20))
        let lo = centre - 10
        let hi = centre + 10
        for (u, placement) in state.interviewPlacements.enumerated() where problem.interviews[u].pinned == nil {
            if let placement, placement.psychologist == ps, placement.day >= lo, placement.day <= hi { ivs.append(u) }
        }
        for (u, placement) in state.hearingPlacements.enumerated() where u != t && problem.hearings[u].pinned == nil {
            if let placement, placement.psychologist == ps, let f = placement.dates.first, f >= lo, f <= hi { hs.append(u) }
        }
    }

    /// Puts removed tasks back one by one at their best place. The order decides the outcome,
    /// so it varies: earliest deadline (lateness), earliest release or shortest first (waiting,
    /// as for 1|r|ΣC), or random, each with optional noise.
    mutating func recreate(_ ivs: inout [Int], _ hs: inout [Int]) {
        let noise = [0, 0, 2, 8, 30][rng.below(5)]
        let ivStrategy = rng.below(4)
        var keyed: [(Int, Int)] = []
        for t in ivs {
            let task = problem.interviews[t]
            var key: Int
            switch ivStrategy {
            case 0: key = task.target * 64
            case 1: key = task.earliest * 64 + task.duration / 8
            case 2: key = task.earliest * 64 + task.centres.count * 8
            default: key = rng.below(1 << 20)
            }
            if noise > 0 { key += rng.below(noise * 64) }
            keyed.append((key, t))
        }
        keyed.sort { $0 < $1 }
        for (_, t) in keyed {
            if let c = state.bestInterview(t) { state.placeInterview(t, c.placement) }
        }
        let hStrategy = rng.below(5)
        var keyedHearings: [(Int, Int)] = []
        for t in hs {
            let task = problem.hearings[t]
            let release = state.hearingRelease(t) ?? task.earliest
            var key: Int
            switch hStrategy {
            case 0: key = task.deadline * 64
            case 1: key = release * 64 + task.days
            case 2: key = (release + 2 * task.days) * 64
            case 3: key = task.days * 64 * 512 + release
            default: key = rng.below(1 << 20)
            }
            if noise > 0 { key += rng.below(noise * 64) }
            keyedHearings.append((key, t))
        }
        keyedHearings.sort { $0 < $1 }
        if hStrategy == 0 || rng.below(2) == 0 {
            reinsertHearings(keyedHearings.map(\.1))
        } else {
            for (_, t) in keyedHearings {
                if let c = state.bestHearing(t) { state.placeHearing(t, c.placement) }
            }
        }
        // Interviews that could not be re-placed because of their own hearing get one more try.
        for t in ivs where state.interviewPlacements[t] == nil {
            if let c = state.bestInterview(t) { state.placeInterview(t, c.placement) }
        }
        for t in hs where state.hearingPlacements[t] == nil {
            if let c = state.bestHearing(t) { state.placeHearing(t, c.placement) }
        }
    }
}
