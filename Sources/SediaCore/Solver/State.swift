/// Grid-slot masks of the interview start times allowed at one centre on one weekday for one duration.
struct StartTable {
    var starts: [Int] = []
    /// `words` masks per start, flattened.
    var masks: [UInt64] = []
}

/// The solver's working state: who and what is booked on each day, each task's placement, and
/// the running score. Every change goes through `place`/`remove`, which keep the occupancy
/// tables and the score in step, so a move is evaluated by the difference in a few task costs.
struct SolverState {
    let problem: CompiledProblem
    let W: Int
    let H: Int

    var roomBusy: [UInt64]
    var ivBusy: [UInt64]
    var ivCount: [Int32]
    var ivCentre: [Int32]
    var psBusy: [UInt64]
    var psCount: [Int32]
    var psCentre: [Int32]
    var psHearing: [Int32]
    var courtCount: [Int32]

    var interviewPlacements: [CompiledProblem.Placement?]
    var hearingPlacements: [CompiledProblem.HearingPlacement?]

    /// Non-zero: resource choices start at a rotated position, so that search explores other
    /// rooms, people and start times of the same day (zero: first fit, as in construction).
    var rotation = 0

    var unassigned = 0
    var late = 0
    var cost = 0
    var moves = 0

    /// Start tables, indexed by `tableIndex[task][option * 7 + weekday]`.
    var tables: [StartTable] = []
    var tableIndex: [[Int32]] = []

    init(_ problem: CompiledProblem) {
        self.problem = problem
        W = problem.words
        H = problem.horizon
        let rooms = problem.roomCentre.count
        let ivs = problem.instance.interviewers.count
        let pss = problem.instance.psychologists.count
        roomBusy = .init(repeating: 0, count: rooms * H * W)
        ivBusy = .init(repeating: 0, count: ivs * H * W)
        ivCount = .init(repeating: 0, count: ivs * H)
        ivCentre = .init(repeating: -1, count: ivs * H)
        psBusy = .init(repeating: 0, count: pss * H * W)
        psCount = .init(repeating: 0, count: pss * H)
        psCentre = .init(repeating: -1, count: pss * H)
        psHearing = .init(repeating: 0, count: pss * H)
        courtCount = .init(repeating: 0, count: problem.instance.courts.count * H)
        interviewPlacements = .init(repeating: nil, count: problem.interviews.count)
        hearingPlacements = .init(repeating: nil, count: problem.hearings.count)
        unassigned = problem.interviews.count + problem.hearings.count
        var cache: [Int: Int] = [:]
        for t in problem.interviews {
            var row: [Int32] = []
            for o in t.centres {
                for wd in Weekday.allCases {
                    let key = (o.centre * 7 + wd.index) * 1000 + t.duration
                    if let k = cache[key] {
                        row.append(Int32(k))
                        continue
                    }
                    var table = StartTable()
                    for s in problem.starts(centre: o.centre, weekday: wd, duration: t.duration) {
                        table.starts.append(s)
                        table.masks.append(contentsOf: problem.mask(start: s, duration: t.duration))
                    }
                    cache[key] = tables.count
                    row.append(Int32(tables.count))
                    tables.append(table)
                }
            }
            tableIndex.append(row)
        }
    }

    var score: Score { Score(unassigned: unassigned, late: late, cost: cost) }

    // MARK: Costs (per task; the score is their sum).

    func ivCost(_ t: Int, centre: Int, travel: Int, day: Int) -> (late: Int, cost: Int) {
        let task = problem.interviews[t]
        var c = 10 * problem.workingDays(state: problem.centreState[centre], from: task.earliest, to: day) + travel
        var l = 0
        if day > task.target {
            l = 1
            c += 20 * (day - task.target)
        }
        return (l, c)
    }

    func travel(_ t: Int, centre: Int) -> Int {
        for o in problem.interviews[t].centres where o.centre == centre { return o.travel }
        let c = problem.instance.centres[centre]
        let child = problem.instance.cases[problem.interviews[t].caseIndex].child
        return Verifier.travelKm(child.lat, child.lon, c.lat, c.lon)
    }

    func hCost(_ t: Int, first: Int, last: Int) -> (late: Int, cost: Int) {
        let task = problem.hearings[t]
        var c = 5 * problem.workingDays(state: problem.courtState[task.court], from: task.earliest, to: first)
        var l = 0
        if last > task.deadline {
            l = 1
            c += 20 * (last - task.deadline)
        }
        return (l, c)
    }

    func ivMoved(_ t: Int, _ placement: CompiledProblem.Placement?) -> Bool {
        let task = problem.interviews[t]
        return task.hadPrevious && (placement == nil || placement != task.previous)
    }

    func hMoved(_ t: Int, _ placement: CompiledProblem.HearingPlacement?) -> Bool {
        let task = problem.hearings[t]
        return task.hadPrevious && (placement == nil || placement != task.previous)
    }

    // MARK: Occupancy.

    @inline(__always) func free(_ busy: [UInt64], _ base: Int, _ table: StartTable, _ k: Int) -> Bool {
        for w in 0..<W where busy[base + w] & table.masks[k * W + w] != 0 { return false }
        return true
    }

    /// Books or frees an interview's room, interviewer and psychologist.
    mutating func occupy(_ placement: CompiledProblem.Placement, duration: Int, add: Bool) {
        guard placement.day >= 0 && placement.day < H else { return }
        let m = problem.mask(start: placement.start, duration: duration)
        let d = placement.day
        let rb = (placement.room * H + d) * W
        let ib = (placement.interviewer * H + d) * W
        for w in 0..<W {
            if add {
                roomBusy[rb + w] |= m[w]
                ivBusy[ib + w] |= m[w]
            } else {
                roomBusy[rb + w] &= ~m[w]
                ivBusy[ib + w] &= ~m[w]
            }
        }
        let ic = placement.interviewer * H + d
        ivCount[ic] += add ? 1 : -1
        ivCentre[ic] = ivCount[ic] > 0 ? Int32(placement.centre) : -1
        if placement.psychologist >= 0 {
            let pb = (placement.psychologist * H + d) * W
            for w in 0..<W {
                if add { psBusy[pb + w] |= m[w] } else { psBusy[pb + w] &= ~m[w] }
            }
            let pc = placement.psychologist * H + d
            psCount[pc] += add ? 1 : -1
            psCentre[pc] = psCount[pc] > 0 ? Int32(placement.centre) : -1
        }
    }

    mutating func occupy(_ t: Int, _ placement: CompiledProblem.HearingPlacement, add: Bool) {
        let court = problem.hearings[t].court
        for d in placement.dates where d >= 0 && d < H {
            courtCount[court * H + d] += add ? 1 : -1
            if placement.psychologist >= 0 { psHearing[placement.psychologist * H + d] += add ? 1 : -1 }
        }
    }

    // MARK: Placing and removing (keeps the score in step).

    mutating func placeInterview(_ t: Int, _ placement: CompiledProblem.Placement) {
        precondition(interviewPlacements[t] == nil)
        occupy(placement, duration: problem.interviews[t].duration, add: true)
        interviewPlacements[t] = placement
        let c = ivCost(t, centre: placement.centre, travel: travel(t, centre: placement.centre), day: placement.day)
        unassigned -= 1
        late += c.late
        cost += c.cost
        if problem.interviews[t].hadPrevious {
            let before = ivMoved(t, nil)
            let after = ivMoved(t, placement)
            adjustMoves(before: before, after: after)
        }
    }

    mutating func removeInterview(_ t: Int) {
        guard let placement = interviewPlacements[t] else { return }
        occupy(placement, duration: problem.interviews[t].duration, add: false)
        interviewPlacements[t] = nil
        let c = ivCost(t, centre: placement.centre, travel: travel(t, centre: placement.centre), day: placement.day)
        unassigned += 1
        late -= c.late
        cost -= c.cost
        if problem.interviews[t].hadPrevious { adjustMoves(before: ivMoved(t, placement), after: true) }
    }

    mutating func placeHearing(_ t: Int, _ placement: CompiledProblem.HearingPlacement) {
        precondition(hearingPlacements[t] == nil)
        occupy(t, placement, add: true)
        hearingPlacements[t] = placement
        let c = hCost(t, first: placement.dates.min() ?? 0, last: placement.dates.max() ?? 0)
        unassigned -= 1
        late += c.late
        cost += c.cost
        if problem.hearings[t].hadPrevious { adjustMoves(before: true, after: hMoved(t, placement)) }
    }

    mutating func removeHearing(_ t: Int) {
        guard let placement = hearingPlacements[t] else { return }
        occupy(t, placement, add: false)
        hearingPlacements[t] = nil
        let c = hCost(t, first: placement.dates.min() ?? 0, last: placement.dates.max() ?? 0)
        unassigned += 1
        late -= c.late
        cost -= c.cost
        if problem.hearings[t].hadPrevious { adjustMoves(before: hMoved(t, placement), after: true) }
    }

    /// Unplaced tasks with a previous booking count as moved from the start (see `init`).
    private mutating func adjustMoves(before: Bool, after: Bool) {
        if before == after { return }
        moves += after ? 1 : -1
        cost += after ? 50 : -50
    }

    /// Counts every previous booking as moved while nothing is placed; placing a task at its
    /// previous booking takes the move back.
    mutating func startMoveAccounting() {
        for t in problem.interviews.indices where problem.interviews[t].hadPrevious { moves += 1; cost += 50 }
        for t in problem.hearings.indices where problem.hearings[t].hadPrevious { moves += 1; cost += 50 }
    }
}
