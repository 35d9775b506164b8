/// What `--recommend` minimises: trials (then interviews) that miss their target, or waiting time.
public enum CapacityObjective: String, Sendable, CaseIterable, Codable {
    case late, wait

    /// Smaller is better, compared in order. The plan found comes first, its proven bound (`PlanBounds`) breaks ties:
    /// of two additions whose plans miss as many targets, the one that lowers what no plan can avoid leaves more for a
    /// longer search to win, and is the one a funder can be shown is needed (docs/planner.md, "What-if answers").
    func key(_ m: CapacityMetrics) -> [Double] {
        let trialsFloor = Double(m.bounds?.missedHearings ?? 0)
        let interviewsFloor = Double(m.bounds?.missedInterviews ?? 0)
        switch self {
        case .late:
            return [
                Double(m.missedHearings), Double(m.missedInterviews), trialsFloor, interviewsFloor, m.hearingWaitMean + m.interviewWaitMean,
            ]
        case .wait:
            return [
                Double(m.unassigned), m.hearingWaitMean + m.interviewWaitMean, Double(m.missedHearings + m.missedInterviews),
                trialsFloor + interviewsFloor,
            ]
        }
    }

    /// True when `a` is strictly better than `b` for this objective.
    public func better(_ a: CapacityMetrics, than b: CapacityMetrics) -> Bool { key(a).lexicographicallyPrecedes(key(b)) }

    /// The index of the best of `results` that is better than `current`, or nil when none is (the first of equals).
    public func best(_ results: [CapacityMetrics], over current: CapacityMetrics) -> Int? {
        var bestIndex: Int?
        for (k, m) in results.enumerated() where better(m, than: current) {
            if let b = bestIndex, !better(m, than: results[b]) { continue }
            bestIndex = k
        }
        return bestIndex
    }
}

/// One recommended addition: the `--change` spec that applies it, and the plan's measures before and after it.
public struct CapacityRecommendation: Sendable, Equatable {
    public var change: CapacityChange
    public var before: CapacityMetrics
    public var after: CapacityMetrics
}

/// The result of a greedy search: the measures of the instance as is, the additions in the order
/// chosen (each measured on top of the ones before it), and how many solves it took.
public struct CapacityRecommendationResult: Sendable {
    public var base: CapacityMetrics
    public var steps: [CapacityRecommendation]
    public var candidatesTried: Int
    /// The additions applied together, in order.
    public var changes: [CapacityChange] { steps.map(\.change) }
    /// The measures with every recommended addition applied.
    public var final: CapacityMetrics { steps.last?.after ?? base }
}

/// Solves instances with and without capacity changes and searches for the additions that help most.
///
/// Every solve is independent and pure, so candidates are solved side by side in a task group;
/// with an iteration budget and a seed the answer is the same on every run.
public enum CapacityPlanner {
    /// Solves `instance` and measures the plan.
    public static func evaluate(_ instance: Instance, options: SolverOptions) -> CapacityMetrics {
        var opts = options
        opts.progress = nil
        let result = Solver.solve(instance, options: opts)
        var metrics = CapacityMetrics.measure(instance, result.plan)
        metrics.bounds = result.bounds
        return metrics
    }

    /// Solves several instances, at most `parallelism` at a time; results in the order given.
    public static func evaluateAll(_ instances: [Instance], options: SolverOptions, parallelism: Int) async -> [CapacityMetrics] {
        await solveAll(instances, options: options, parallelism: parallelism).map(\.metrics)
    }

    /// Solves each instance and measures its plan: one solve of a batch. A caller with its own threads (the server's
    /// background jobs) runs a batch with `solve(_:options:)` on them instead of the task group here.
    public typealias Batch = @Sendable (_ instances: [Instance], _ options: SolverOptions) async -> [Solved]

    /// A solved instance: its measures and its plan.
    public typealias Solved = (metrics: CapacityMetrics, plan: Plan)

    /// One instance of a batch: solved without progress reports, and measured.
    public static func solve(_ instance: Instance, options: SolverOptions) -> Solved {
        var quiet = options
        quiet.progress = nil
        let result = Solver.solve(instance, options: quiet)
        var metrics = CapacityMetrics.measure(instance, result.plan)
        metrics.bounds = result.bounds
        return (metrics, result.plan)
    }

    /// Solves several instances side by side in a task group, at most `parallelism` at a time; results in the order given.
    static func solveAll(_ instances: [Instance], options: SolverOptions, parallelism: Int) async -> [Solved] {
        await withTaskGroup(of: (Int, Solved).self) { group in
            var results = [Solved?](repeating: nil, count: instances.count)
            var next = 0
            let width = max(1, parallelism)
            while next < instances.count && next < width {
                let k = next
                let inst = instances[k]
                group.addTask { (k, solve(inst, options: options)) }
                next += 1
            }
            while let (k, solved) = await group.next() {
                results[k] = solved
                if next < instances.count {
                    let j = next
                    let inst = instances[j]
                    group.addTask { (j, solve(inst, options: options)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    /// Single additions that could matter for `plan`: staff and rooms at the centres nearest the
    /// interviews that miss their target, psychologists and sitting days for the courts whose trials
    /// miss theirs. With the `wait` objective, centres and courts whose waits are above the mean too.
    public static func candidates(_ instance: Instance, plan: Plan, objective: CapacityObjective) -> [CapacityChange] {
        let metrics = CapacityMetrics.measure(instance, plan)
        var ivByCase: [String: InterviewBooking] = [:]
        for b in plan.interviews { ivByCase[b.caseID.rawValue] = b }
        var hByCase: [String: HearingBooking] = [:]
        for b in plan.hearings { hByCase[b.caseID.rawValue] = b }
        var centreOfRoom: [String: Centre.ID] = [:]
        for c in instance.centres { for r in c.rooms { centreOfRoom[r.id.rawValue] = c.id } }

        func nearestCentre(_ child: Child) -> Centre.ID? {
            instance.centres.min { a, b in
                let da = (a.lat - child.lat) * (a.lat - child.lat) + (a.lon - child.lon) * (a.lon - child.lon)
                let db = (b.lat - child.lat) * (b.lat - child.lat) + (b.lon - child.lon) * (b.lon - child.lon)
                return da < db
            }?.id
        }
        var ivCentres: [Centre.ID] = []
        var psyCentres: [Centre.ID] = []
        var psyCourts: [Court.ID: [Centre.ID]] = [:]
        var courts: [Court.ID] = []
        func add<T: Equatable>(_ x: T, to list: inout [T]) { if !list.contains(x) { list.append(x) } }
        for c in instance.cases {
            if let iv = c.interview, iv.pinned == nil {
                let b = ivByCase[c.id.rawValue]
                if b == nil || (b?.start.day ?? iv.targetBy) > iv.targetBy {
                    var places: [Centre.ID] = []
                    if let room = b?.room, let centre = centreOfRoom[room.rawValue] { places.append(centre) }
                    if let near = nearestCentre(c.child) { add(near, to: &places) }
                    for p in places {
                        add(p, to: &ivCentres)
                        if c.child.needsPsychologist { add(p, to: &psyCentres) }
                    }
                }
            }
            if let h = c.hearing, h.pinned == nil {
                let b = hByCase[c.id.rawValue]
                if b == nil || (b?.dates.max() ?? h.deadline) > h.deadline {
                    add(h.court, to: &courts)
                    if h.needsPsychologist {
                        let serving = instance.psychologists.filter { $0.courts.contains(h.court) }.flatMap(\.centres)
                        var list = psyCourts[h.court] ?? []
                        for centre in serving { add(centre, to: &list) }
                        if list.isEmpty, let state = instance.courts.first(where: { $0.id == h.court })?.state {
                            for centre in instance.centres where centre.state == state { add(centre.id, to: &list) }
                        }
                        psyCourts[h.court] = list
                    }
                }
            }
        }
        if objective == .wait {
            let ivMean = metrics.interviewWaitMean
            let hMean = metrics.hearingWaitMean
            for centre in instance.centres where (metrics.perState[centre.state.rawValue]?.interviewWaitMean ?? 0) > ivMean {
                add(centre.id, to: &ivCentres)
            }
            for court in instance.courts where (metrics.perCourt[court.id.rawValue]?.hearingWaitMean ?? 0) > hMean { add(court.id, to: &courts) }
        }

        var out: [CapacityChange] = []
        for centre in instance.centres.map(\.id) where ivCentres.contains(centre) {
            out.append(.addInterviewer(centre: centre, languages: nil, gender: nil))
            out.append(.addRoom(centre: centre, accessible: true))
        }
        for centre in instance.centres.map(\.id) where psyCentres.contains(centre) {
            out.append(.addPsychologist(centre: centre, courts: nil, languages: nil))
        }
        for court in instance.courts where courts.contains(court.id) {
            let weekend = instance.states.first { $0.code == court.state }?.weekend ?? [.sat, .sun]
            for day in Weekday.allCases where !weekend.contains(day) && !court.sittingDays.contains(day) {
                out.append(.addSittingDay(court: court.id, day: day))
            }
            for centre in psyCourts[court.id] ?? [] {
                let change = CapacityChange.addPsychologist(centre: centre, courts: [court.id], languages: nil)
                if !out.contains(change) { out.append(change) }
            }
        }
        return out
    }

    /// Greedy search: in each round, every candidate addition is applied on top of the ones chosen
    /// so far and solved; the one that improves the objective most is kept. Stops after `budget`
    /// additions or when no candidate helps.
    public static func recommend(
        _ instance: Instance, budget: Int, objective: CapacityObjective, options: SolverOptions, parallelism: Int,
        progress: (@Sendable (_ round: Int, _ candidates: Int, _ best: String?) -> Void)? = nil
    ) async -> CapacityRecommendationResult {
        await recommend(
            instance, budget: budget, objective: objective, options: options,
            solving: { await solveAll($0, options: $1, parallelism: parallelism) }, progress: progress)
    }

    /// The same search with every solve run by `solving` (the instance as it is first, then each round's candidates).
    public static func recommend(
        _ instance: Instance, budget: Int, objective: CapacityObjective, options: SolverOptions, solving: Batch,
        progress: (@Sendable (_ round: Int, _ candidates: Int, _ best: String?) -> Void)? = nil
    ) async -> CapacityRecommendationResult {
        var current = instance
        // A batch gives one result per instance; should one not, the instance is solved here.
        let first = await solving([current], options).first ?? solve(current, options: options)
        var plan = first.plan
        let base = first.metrics
        var currentMetrics = base
        var steps: [CapacityRecommendation] = []
        var tried = 1
        for round in 1...max(1, budget) where budget > 0 {
            let changes = candidates(current, plan: plan, objective: objective).filter { c in !steps.contains { $0.change == c } }
            var applied: [(CapacityChange, Instance)] = []
            for c in changes {
                // A candidate that no longer fits (a court that already sits that day) is skipped.
                if let next = try? c.apply(to: current) { applied.append((c, next)) }
            }
            progress?(round, applied.count, nil)
            if applied.isEmpty { break }
            let solvedAll = await solving(applied.map(\.1), options)
            guard solvedAll.count == applied.count else { break }
            let results = solvedAll.map(\.metrics)
            tried += applied.count
            guard let k = objective.best(results, over: currentMetrics) else { break }
            steps.append(CapacityRecommendation(change: applied[k].0, before: currentMetrics, after: results[k]))
            progress?(round, applied.count, applied[k].0.description)
            current = applied[k].1
            currentMetrics = results[k]
            plan = solvedAll[k].plan
        }
        return CapacityRecommendationResult(base: base, steps: steps, candidatesTried: tried)
    }
}
