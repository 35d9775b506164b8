/// What a plan means for capacity: tasks not placed, tasks past their target, and waits in working days.
public struct CapacityMetrics: Sendable, Equatable, Codable {
    public var unassigned: Int
    public var unassignedInterviews: Int
    public var unassignedHearings: Int
    public var lateInterviews: Int
    public var lateHearings: Int
    /// Working days from an interview's earliest day to the day it is held, over the interviews placed.
    public var interviewWaitMean: Double
    public var interviewWaitP90: Double
    /// Working days from a trial's earliest day to its first sitting day, over the trials placed.
    public var hearingWaitMean: Double
    public var hearingWaitP90: Double
    /// Interviews counted in the state of their centre, trials in the state of their court.
    public var perState: [String: GroupMetrics]
    public var perCourt: [String: GroupMetrics]
    /// What no plan of the instance can beat (issue 26), when the plan came from the solver; nil for a plan measured
    /// on its own.
    public var bounds: PlanBounds? = nil

    /// Trials that miss the disposal target: placed late or not placed at all.
    public var missedHearings: Int { lateHearings + unassignedHearings }
    /// Interviews that miss their target: held late or not placed at all.
    public var missedInterviews: Int { lateInterviews + unassignedInterviews }
}

/// The same measures for one state or one court.
public struct GroupMetrics: Sendable, Equatable, Codable {
    public var unassigned: Int = 0
    public var lateInterviews: Int = 0
    public var lateHearings: Int = 0
    public var interviews: Int = 0
    public var hearings: Int = 0
    public var interviewWaitMean: Double = 0
    public var interviewWaitP90: Double = 0
    public var hearingWaitMean: Double = 0
    public var hearingWaitP90: Double = 0

    public init() {}
}

/// Working-day counts for each state of an instance: weekly rest days and public holidays.
struct WorkingDayCounter {
    let base: Int
    var prefix: [String: [Int32]] = [:]

    init(_ inst: Instance) {
        var minDay = inst.planStart
        for c in inst.cases {
            if let iv = c.interview { minDay = min(minDay, iv.earliest) }
            if let h = c.hearing { minDay = min(minDay, h.earliest) }
        }
        base = minDay.ordinal
        let span = minDay.days(to: inst.planEnd) + 2
        for s in inst.states {
            let weekend = Set(s.weekend)
            let holidays = Set(inst.holidays.filter { $0.states.contains("*") || $0.states.contains(s.code.rawValue) }.map(\.date.ordinal))
            var p = [Int32](repeating: 0, count: span + 1)
            for k in 0..<span {
                let d = Day(ordinal: base + k)
                p[k + 1] = p[k] + (!weekend.contains(d.weekday) && !holidays.contains(d.ordinal) ? 1 : 0)
            }
            prefix[s.code.rawValue] = p
        }
    }

    /// Working days d with a ≤ d < b, as the verifier counts waits.
    func count(_ state: String, from a: Day, to b: Day) -> Int {
        guard b > a else { return 0 }
        guard let p = prefix[state] else { return a.days(to: b) }
        let i = max(0, min(p.count - 1, a.ordinal - base))
        let j = max(0, min(p.count - 1, b.ordinal - base))
        return Int(p[j] - p[i])
    }
}

extension CapacityMetrics {
    /// Measures `plan` against `instance`. Bookings for unknown cases are ignored; a required task
    /// with no booking counts as unassigned whether or not the plan lists it.
    public static func measure(_ instance: Instance, _ plan: Plan) -> CapacityMetrics {
        let counter = WorkingDayCounter(instance)
        var centreState: [String: String] = [:]
        for c in instance.centres { for r in c.rooms { centreState[r.id.rawValue] = c.state.rawValue } }
        var courtState: [String: String] = [:]
        for c in instance.courts { courtState[c.id.rawValue] = c.state.rawValue }
        var ivByCase: [String: InterviewBooking] = [:]
        for b in plan.interviews where ivByCase[b.caseID.rawValue] == nil { ivByCase[b.caseID.rawValue] = b }
        var hByCase: [String: HearingBooking] = [:]
        for b in plan.hearings where hByCase[b.caseID.rawValue] == nil { hByCase[b.caseID.rawValue] = b }

        var m = CapacityMetrics(
            unassigned: 0, unassignedInterviews: 0, unassignedHearings: 0, lateInterviews: 0, lateHearings: 0, interviewWaitMean: 0,
            interviewWaitP90: 0,
            hearingWaitMean: 0, hearingWaitP90: 0, perState: [:], perCourt: [:])
        var ivWaits: [Int] = []
        var hWaits: [Int] = []
        var stateIV: [String: [Int]] = [:]
        var stateH: [String: [Int]] = [:]
        var courtH: [String: [Int]] = [:]
        for c in instance.cases {
            if let iv = c.interview {
                if let b = ivByCase[c.id.rawValue] {
                    let st = centreState[b.room.rawValue] ?? "?"
                    let w = counter.count(st, from: iv.earliest, to: b.start.day)
                    ivWaits.append(w)
                    stateIV[st, default: []].append(w)
                    m.perState[st, default: GroupMetrics()].interviews += 1
                    if b.start.day > iv.targetBy {
                        m.lateInterviews += 1
                        m.perState[st, default: GroupMetrics()].lateInterviews += 1
                    }
                } else {
                    m.unassignedInterviews += 1
                    // An interview not placed belongs to no centre yet: count it in the state of the case's court, if any.
                    let st = c.hearing.flatMap { courtState[$0.court.rawValue] } ?? "?"
                    m.perState[st, default: GroupMetrics()].unassigned += 1
                }
            }
            if let h = c.hearing {
                let court = h.court.rawValue
                let st = courtState[court] ?? "?"
                if let b = hByCase[c.id.rawValue], let first = b.dates.min(), let last = b.dates.max() {
                    let w = counter.count(st, from: h.earliest, to: first)
                    hWaits.append(w)
                    stateH[st, default: []].append(w)
                    courtH[court, default: []].append(w)
                    m.perState[st, default: GroupMetrics()].hearings += 1
                    m.perCourt[court, default: GroupMetrics()].hearings += 1
                    if last > h.deadline {
                        m.lateHearings += 1
                        m.perState[st, default: GroupMetrics()].lateHearings += 1
                        m.perCourt[court, default: GroupMetrics()].lateHearings += 1
                    }
                } else {
                    m.unassignedHearings += 1
                    m.perState[st, default: GroupMetrics()].unassigned += 1
                    m.perCourt[court, default: GroupMetrics()].unassigned += 1
                }
            }
        }
        m.unassigned = m.unassignedInterviews + m.unassignedHearings
        (m.interviewWaitMean, m.interviewWaitP90) = summary(ivWaits)
        (m.hearingWaitMean, m.hearingWaitP90) = summary(hWaits)
        for (st, w) in stateIV {
            let (mean, p90) = summary(w)
            m.perState[st]?.interviewWaitMean = mean
            m.perState[st]?.interviewWaitP90 = p90
        }
        for (st, w) in stateH {
            let (mean, p90) = summary(w)
            m.perState[st]?.hearingWaitMean = mean
            m.perState[st]?.hearingWaitP90 = p90
        }
        for (court, w) in courtH {
            let (mean, p90) = summary(w)
            m.perCourt[court]?.hearingWaitMean = mean
            m.perCourt[court]?.hearingWaitP90 = p90
        }
        return m
    }

    /// Mean and 90th percentile (nearest rank), rounded to a tenth so that reports stay readable.
    static func summary(_ values: [Int]) -> (Double, Double) {
        guard !values.isEmpty else { return (0, 0) }
        let sorted = values.sorted()
        let mean = Double(sorted.reduce(0, +)) / Double(sorted.count)
        let rank = max(1, Int((0.9 * Double(sorted.count)).rounded(.up)))
        return ((mean * 10).rounded() / 10, Double(sorted[rank - 1]))
    }
}
