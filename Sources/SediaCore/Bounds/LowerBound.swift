/// Proves a lower bound on the score of every plan of an instance (see docs/planner.md, "How good is this plan?").
///
/// Three relaxations, each of which every valid plan satisfies:
/// 1. each task alone, at its earliest possible day: what cannot be placed at all, what is late even then, and the
///    least each task can cost;
/// 2. each court as one machine working `hearingsPerDay` trial-days per sitting day, trials split freely, and each centre
///    as one machine holding at most its officers' daily limits: Moore–Hodgson gives the fewest tasks that miss their
///    targets when every release date in a window is moved back to the window's start;
/// 3. windows that share no task are added up (the best set of windows by dynamic programming).
public enum LowerBound {
    public static let method = "earliest-placement + per-court/per-centre Moore-Hodgson over windows (releases relaxed, trials split)"

    /// The bound for `instance`: linear in the tasks and days, then quadratic in each court's (centre's) distinct release days.
    public static func compute(_ instance: Instance) -> PlanBounds {
        compute(CompiledProblem(instance))
    }

    static func compute(_ problem: CompiledProblem) -> PlanBounds {
        var b = TaskBounds(problem)
        b.run()
        return b.result()
    }
}

/// A task of a machine: it is on time when `work` units fit between release index `release` and due index `due`
/// (exclusive), both in the machine's own time units (sitting days of a court, days of a centre).
struct MachineJob {
    var release: Int
    var due: Int
    var work: Int
}

/// The fewest jobs that miss their due index on a machine with `capacity[i]` units at index `i`, relaxed: releases
/// within a window moved to its start, jobs split freely. Returns the count and the window where the most are missed.
func fewestLate(_ jobs: [MachineJob], capacity: [Int]) -> (late: Int, window: (from: Int, to: Int, capacity: Int, demand: Int)?) {
    guard !jobs.isEmpty else { return (0, nil) }
    var work = [Int](repeating: 0, count: capacity.count + 1)
    for (i, c) in capacity.enumerated() { work[i + 1] = work[i] + c }
    let units = { (a: Int, b: Int) in work[min(max(b, 0), capacity.count)] - work[min(max(a, 0), capacity.count)] }
    let byDue = jobs.sorted { ($0.due, $0.work) < ($1.due, $1.work) }
    let points = Array(Set(jobs.map(\.release) + jobs.map(\.due))).sorted()
    var at = [Int: Int]()
    for (k, x) in points.enumerated() { at[x] = k }
    // best[k]: most jobs forced late by disjoint windows ending at or before points[k]; chosen[k]: the last window.
    var best = [Int](repeating: 0, count: points.count)
    var chosen = [Segment?](repeating: nil, count: points.count)
    var prefixBest = 0
    var prefixAt: Int?
    var lastPoint = 0
    for start in Set(jobs.map(\.release)).sorted() {
        let k0 = at[start] ?? 0
        while lastPoint <= k0 {
            if best[lastPoint] > prefixBest { (prefixBest, prefixAt) = (best[lastPoint], lastPoint) }
            lastPoint += 1
        }
        // Moore–Hodgson over the jobs released at or after `start`, in due order; after each due index the count
        // dropped so far is the relaxation's optimum for the window [start, due).
        var heap = MaxHeap()
        var total = 0
        var late = 0
        var demand = 0
        var i = 0
        while i < byDue.count {
            let due = byDue[i].due
            while i < byDue.count && byDue[i].due == due {
                let j = byDue[i]
                i += 1
                guard j.release >= start else { continue }
                demand += j.work
                heap.push(j.work)
                total += j.work
                if total > units(start, due) {
                    total -= heap.pop()
                    late += 1
                }
            }
            guard let k = at[due], late > 0, prefixBest + late > best[k] else { continue }
            best[k] = prefixBest + late
            chosen[k] = Segment(start: start, late: late, demand: demand, previous: prefixAt)
        }
    }
    guard let k = best.indices.max(by: { best[$0] < best[$1] }), best[k] > 0 else { return (0, nil) }
    // Name the window that forces the most; the total counts every window of the chain.
    var window: (from: Int, to: Int, capacity: Int, demand: Int)?
    var top = 0
    var cursor: Int? = k
    while let c = cursor, let seg = chosen[c] {
        if seg.late > top {
            top = seg.late
            window = (seg.start, points[c], units(seg.start, points[c]), seg.demand)
        }
        cursor = seg.previous
    }
    return (best[k], window)
}

/// One window of the chain: where it starts, what it forces late, the work due in it, and the window before it.
private struct Segment {
    var start: Int
    var late: Int
    var demand: Int
    var previous: Int?
}

/// A max-heap of job sizes (Moore–Hodgson drops the largest on-time job when the machine overflows).
struct MaxHeap {
    private var items: [Int] = []

    mutating func push(_ x: Int) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[parent] < items[i] else { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> Int {
        let top = items[0]
        let last = items.removeLast()
        guard !items.isEmpty else { return top }
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < items.count && items[l] > items[m] { m = l }
            if r < items.count && items[r] > items[m] { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}
