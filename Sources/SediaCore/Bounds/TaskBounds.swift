/// The working state of `LowerBound`: each task alone at its earliest day, then each court and centre as a machine.
struct TaskBounds {
    let problem: CompiledProblem
    /// Earliest day each interview can be held (pinned: its day); nil when it cannot be placed at all.
    var ivDay: [Int?]
    /// Earliest first sitting-day index of each trial at its court; nil when it cannot be placed at all.
    var hStart: [Int?]
    var unassigned = 0
    var late = 0
    var cost = 0
    var perCourt: [BindingResource]
    var perCentre: [BindingResource]
    /// Trials (interviews) that may still be late or on time, as machine jobs of their court (their only centre).
    var courtJobs: [[MachineJob]]
    var centreJobs: [[MachineJob]]
    /// Units a court has left on each sitting day after its pinned trials; a centre on each day after its pinned interviews.
    var courtCapacity: [[Int]]
    var centreCapacity: [[Int]]
    private var startsCache: [Int: Bool] = [:]

    init(_ problem: CompiledProblem) {
        self.problem = problem
        ivDay = Array(repeating: nil, count: problem.interviews.count)
        hStart = Array(repeating: nil, count: problem.hearings.count)
        perCourt = problem.instance.courts.map {
            BindingResource(
                kind: .court, id: $0.id.rawValue, tasks: 0, unassigned: 0, tooLate: 0, crowded: 0, from: nil, to: nil, capacity: 0, demand: 0)
        }
        perCentre = problem.instance.centres.map {
            BindingResource(
                kind: .centre, id: $0.id.rawValue, tasks: 0, unassigned: 0, tooLate: 0, crowded: 0, from: nil, to: nil, capacity: 0, demand: 0)
        }
        courtJobs = Array(repeating: [], count: problem.instance.courts.count)
        centreJobs = Array(repeating: [], count: problem.instance.centres.count)
        courtCapacity = problem.sitting.enumerated().map { k, days in Array(repeating: problem.courtCap[k], count: days.count) }
        centreCapacity = problem.instance.centres.indices.map { c in (0..<problem.horizon).map { d in Self.dayCapacity(problem, centre: c, day: d) } }
    }

    /// At most how many interviews a centre can hold on a day: its officers' daily limits, and its rooms' slots.
    static func dayCapacity(_ problem: CompiledProblem, centre c: Int, day d: Int) -> Int {
        guard problem.isWorking(state: problem.centreState[c], day: d) else { return 0 }
        let id = problem.instance.centres[c].id
        var officers = 0
        for (j, x) in problem.instance.interviewers.enumerated() where x.centres.contains(id) && problem.ivAvailable[j * problem.horizon + d] {
            officers += x.maxPerDay
        }
        let centre = problem.instance.centres[c]
        // Start times on the grid inside opening hours: no room holds more interviews than that in a day.
        let slots = max(0, (centre.close - 1) / problem.grid - (centre.open + problem.grid - 1) / problem.grid + 1)
        return min(officers, slots * problem.centreRooms[c].count)
    }

    mutating func run() {
        for t in problem.interviews.indices { interview(t) }
        for t in problem.hearings.indices { hearing(t) }
        let problem = self.problem
        for k in perCourt.indices {
            perCourt[k] = machine(perCourt[k], jobs: courtJobs[k], capacity: courtCapacity[k]) { problem.sitting[k][$0] }
        }
        for c in perCentre.indices { perCentre[c] = machine(perCentre[c], jobs: centreJobs[c], capacity: centreCapacity[c]) { $0 } }
        for r in perCourt + perCentre {
            late += r.crowded
            cost += 20 * r.crowded
        }
    }

    func result() -> PlanBounds {
        let binding = (perCourt + perCentre).filter { $0.unassigned + $0.late > 0 }.sorted {
            ($0.unassigned + $0.late, $1.id) > ($1.unassigned + $1.late, $0.id)
        }
        return PlanBounds(unassigned: unassigned, late: late, cost: cost, method: LowerBound.method, binding: binding)
    }

    /// Moore–Hodgson on one court or centre; each task it forces late costs at least 20 (one day late) more.
    private func machine(_ resource: BindingResource, jobs: [MachineJob], capacity: [Int], day: (Int) -> Int) -> BindingResource {
        var r = resource
        let (crowded, window) = fewestLate(jobs, capacity: capacity)
        r.crowded = crowded
        guard let w = window, w.from < capacity.count, w.to > w.from else { return r }
        r.from = problem.date(day(w.from))
        r.to = problem.date(day(min(w.to, capacity.count) - 1))
        r.capacity = w.capacity
        r.demand = w.demand
        return r
    }

    private mutating func startsExist(centre: Int, day: Int, duration: Int) -> Bool {
        let key = (centre * 7 + problem.weekdayOf[day]) * 1441 + min(duration, 1440)
        if let known = startsCache[key] { return known }
        let ok = !problem.starts(centre: centre, weekday: Weekday.allCases[problem.weekdayOf[day]], duration: duration).isEmpty
        startsCache[key] = ok
        return ok
    }

    /// The first day interview `t` fits at option `o` on its own: a working day with a slot, an officer, a psychologist.
    private mutating func firstDay(_ t: Int, _ o: CompiledProblem.CentreOption) -> Int? {
        let task = problem.interviews[t]
        let state = problem.centreState[o.centre]
        for d in max(task.earliest, 0)..<max(problem.horizon, 0) where problem.working[state][d] {
            guard o.interviewers.contains(where: { problem.ivAvailable[$0 * problem.horizon + d] }) else { continue }
            guard o.psychologists.isEmpty || o.psychologists.contains(where: { problem.psAvailable[$0 * problem.horizon + d] }) else { continue }
            if startsExist(centre: o.centre, day: d, duration: task.duration) { return d }
        }
        return nil
    }

    private func ivCost(_ t: Int, centre: Int, travel: Int, day: Int) -> (late: Bool, cost: Int) {
        let task = problem.interviews[t]
        let wait = 10 * problem.workingDays(state: problem.centreState[centre], from: task.earliest, to: day)
        return (day > task.target, wait + travel + 20 * max(0, day - task.target))
    }

    private mutating func interview(_ t: Int) {
        let task = problem.interviews[t]
        if let pin = task.pinned {
            let travel = Verifier.travelKm(
                problem.instance.cases[task.caseIndex].child.lat, problem.instance.cases[task.caseIndex].child.lon,
                problem.instance.centres[pin.centre].lat,
                problem.instance.centres[pin.centre].lon)
            let c = ivCost(t, centre: pin.centre, travel: travel, day: pin.day)
            ivDay[t] = pin.day
            late += c.late ? 1 : 0
            // Counted where it is held, so the binding lines add up to the bound (a pinned task is late in every plan).
            perCentre[pin.centre].tasks += 1
            if c.late { perCentre[pin.centre].tooLate += 1 }
            cost += c.cost
            if pin.day >= 0 && pin.day < problem.horizon { centreCapacity[pin.centre][pin.day] = max(0, centreCapacity[pin.centre][pin.day] - 1) }
            return
        }
        // The cheapest option and the earliest one may differ; each bounds its own part of the score.
        var cheapest: Int?
        var first: (day: Int, late: Bool, centre: Int)?
        for o in task.centres {
            guard let d = firstDay(t, o) else { continue }
            let c = ivCost(t, centre: o.centre, travel: o.travel, day: d)
            cheapest = min(cheapest ?? c.cost, c.cost)
            if first == nil || d < first?.day ?? d { first = (d, c.late, o.centre) }
        }
        let home = task.centres.first?.centre
        if let home { perCentre[home].tasks += 1 }
        guard let cheapest, let first else {
            unassigned += 1
            if let home { perCentre[home].unassigned += 1 }
            return
        }
        ivDay[t] = first.day
        cost += cheapest
        if first.late {
            late += 1
            perCentre[first.centre].tooLate += 1
        } else if task.centres.count == 1 {
            centreJobs[first.centre].append(MachineJob(release: first.day, due: task.target + 1, work: 1))
        }
    }

    private mutating func hearing(_ t: Int) {
        let task = problem.hearings[t]
        let k = task.court
        let sitting = problem.sitting[k]
        perCourt[k].tasks += 1
        if let pin = task.pinned, let firstDate = pin.dates.min(), let lastDate = pin.dates.max() {
            let wait = 5 * problem.workingDays(state: problem.courtState[k], from: task.earliest, to: firstDate)
            late += lastDate > task.deadline ? 1 : 0
            if lastDate > task.deadline { perCourt[k].tooLate += 1 }
            cost += wait + 20 * max(0, lastDate - task.deadline)
            for d in pin.dates where d >= 0 && d < problem.horizon {
                let i = problem.nextSitting[k][d]
                if i < sitting.count && sitting[i] == d { courtCapacity[k][i] = max(0, courtCapacity[k][i] - 1) }
            }
            return
        }
        guard let start = earliestStart(t) else {
            unassigned += 1
            perCourt[k].unassigned += 1
            return
        }
        hStart[t] = start
        let first = sitting[start]
        let last = sitting[start + task.days - 1]
        cost += 5 * problem.workingDays(state: problem.courtState[k], from: task.earliest, to: first) + 20 * max(0, last - task.deadline)
        if last > task.deadline {
            late += 1
            perCourt[k].tooLate += 1
        } else {
            let due = task.deadline + 1 >= problem.horizon ? sitting.count : problem.nextSitting[k][max(0, task.deadline + 1)]
            courtJobs[k].append(MachineJob(release: start, due: due, work: task.days))
        }
    }

    /// The first sitting-day index at which trial `t` can start on its own: after `earliest` and the preparation days
    /// after the interview's earliest day, with a psychologist free on every day when one is needed.
    private func earliestStart(_ t: Int) -> Int? {
        let task = problem.hearings[t]
        guard task.videoOK, !task.needsPsychologist || !task.psychologists.isEmpty else { return nil }
        var release = max(task.earliest, 0)
        if task.interview >= 0 {
            guard let d = ivDay[task.interview] else { return nil }
            release = max(release, d + problem.minPrep)
        } else if let done = task.doneOn {
            release = max(release, done + problem.minPrep)
        } else {
            return nil
        }
        guard release < problem.horizon else { return nil }
        let sitting = problem.sitting[task.court]
        var k = problem.nextSitting[task.court][release]
        while k + task.days <= sitting.count {
            let dates = sitting[k..<(k + task.days)]
            if !task.needsPsychologist
                || task.psychologists.contains(where: { ps in dates.allSatisfy { problem.psAvailable[ps * problem.horizon + $0] } })
            {
                return k
            }
            k += 1
        }
        return nil
    }
}
