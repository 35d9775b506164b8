/// One case as the 12-month disposal record counts it: where it is, when it was registered, reported, interviewed,
/// first heard and disposed of, and its disposal target day (`rules/disposal.yaml`, nil where none is published).
public struct RecordCase: Sendable, Equatable {
    public var id: Case.ID
    public var state: String
    public var court: String
    public var registeredOn: Day?
    public var disposedOn: Day?
    public var targetDue: Day?
    public var reportedOn: Day?
    public var interviewedOn: Day?
    public var firstTrialOn: Day?

    public init(
        id: Case.ID, state: String, court: String, registeredOn: Day?, disposedOn: Day?, targetDue: Day?, reportedOn: Day?, interviewedOn: Day?,
        firstTrialOn: Day?
    ) {
        self.id = id
        self.state = state
        self.court = court
        self.registeredOn = registeredOn
        self.disposedOn = disposedOn
        self.targetDue = targetDue
        self.reportedOn = reportedOn
        self.interviewedOn = interviewedOn
        self.firstTrialOn = firstTrialOn
    }
}

/// One adjourned court date, with the case's state and court for grouping.
public struct RecordAdjournment: Sendable, Equatable {
    public var caseID: Case.ID
    public var on: Day
    public var reason: String

    public init(caseID: Case.ID, on: Day, reason: String) {
        self.caseID = caseID
        self.on = on
        self.reason = reason
    }
}

/// How `sedia report` groups the record.
public enum RecordGrouping: String, Sendable, CaseIterable {
    case none, state, court, quarter
}

/// One group of the record: the figures a minister reports ("registered N, disposed M, pending P") and the registry's.
public struct RecordGroup: Sendable, Equatable {
    public static let ageBands = ["0-3", "3-6", "6-9", "9-12", "12+"]

    public var key: String
    public var registered = 0
    public var disposed = 0
    public var disposedWithinTarget = 0
    public var pending = 0
    /// Pending cases by whole months since registration at the period's end, in `ageBands` order.
    public var pendingByAge: [Int] = [0, 0, 0, 0, 0]
    public var adjournments = 0
    public var adjournmentReasons: [String: Int] = [:]
    public var medianDaysToDisposal: Double?
    public var medianDaysReportToInterview: Double?
    public var medianDaysRegistrationToFirstTrial: Double?

    public init(key: String) { self.key = key }
}

/// The 12-month disposal record (Chief Registrar's Circular No. 2 of 2017) over a period: pure, from the cases' dates.
public struct DisposalRecord: Sendable, Equatable {
    public var from: Day
    public var to: Day
    public var groups: [RecordGroup]

    /// The record of `cases` and `adjournments` from `from` to `to` (both days included), grouped by `grouping`.
    public static func compute(
        cases: [RecordCase], adjournments: [RecordAdjournment], from: Day, to: Day, by grouping: RecordGrouping
    ) -> DisposalRecord {
        let byID = Dictionary(cases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        switch grouping {
        case .none:
            return DisposalRecord(from: from, to: to, groups: [group("all", cases, adjournments, from, to)])
        case .state, .court:
            let key: (RecordCase) -> String = grouping == .state ? { $0.state } : { $0.court.isEmpty ? "-" : $0.court }
            // One pass each: a national history has tens of thousands of cases and hundreds of thousands of dates.
            let casesByKey = Dictionary(grouping: cases, by: key)
            let adjournmentsByKey = Dictionary(grouping: adjournments) { byID[$0.caseID].map(key) ?? "-" }
            let keys = Set(cases.filter { $0.registeredOn != nil }.map(key)).union(adjournmentsByKey.keys).sorted()
            let groups = keys.map { k in group(k, casesByKey[k] ?? [], adjournmentsByKey[k] ?? [], from, to) }
            return DisposalRecord(from: from, to: to, groups: groups)
        case .quarter:
            return DisposalRecord(
                from: from, to: to,
                groups: quarters(from: from, to: to).map { q in group(q.key, cases, adjournments, q.from, q.to) })
        }
    }

    /// The calendar quarters that meet the period, each clipped to it: `2027-Q1`.
    public static func quarters(from: Day, to: Day) -> [(key: String, from: Day, to: Day)] {
        var out: [(key: String, from: Day, to: Day)] = []
        guard from <= to, var start = Day(year: from.year, month: (from.month - 1) / 3 * 3 + 1, day: 1) else { return [] }
        while start <= to {
            let next = start.adding(months: 3)
            out.append(("\(start.year)-Q\((start.month - 1) / 3 + 1)", max(start, from), min(next.adding(days: -1), to)))
            start = next
        }
        return out
    }

    static func group(_ key: String, _ cases: [RecordCase], _ adjournments: [RecordAdjournment], _ from: Day, _ to: Day) -> RecordGroup {
        var g = RecordGroup(key: key)
        let period = from...to
        var toDisposal: [Int] = []
        var toInterview: [Int] = []
        var toTrial: [Int] = []
        for c in cases {
            if let r = c.registeredOn, period.contains(r) { g.registered += 1 }
            if let d = c.disposedOn, period.contains(d), let r = c.registeredOn {
                g.disposed += 1
                toDisposal.append(r.days(to: d))
                if let due = c.targetDue, d <= due { g.disposedWithinTarget += 1 }
            }
            if let r = c.registeredOn, r <= to, c.disposedOn.map({ $0 > to }) ?? true {
                g.pending += 1
                g.pendingByAge[band(months: wholeMonths(from: r, to: to))] += 1
            }
            if let i = c.interviewedOn, period.contains(i), let rep = c.reportedOn { toInterview.append(rep.days(to: i)) }
            if let t = c.firstTrialOn, period.contains(t), let r = c.registeredOn { toTrial.append(r.days(to: t)) }
        }
        for a in adjournments where period.contains(a.on) {
            g.adjournments += 1
            g.adjournmentReasons[a.reason, default: 0] += 1
        }
        g.medianDaysToDisposal = median(toDisposal)
        g.medianDaysReportToInterview = median(toInterview)
        g.medianDaysRegistrationToFirstTrial = median(toTrial)
        return g
    }

    /// Whole calendar months from `from` to `to` (registered 15 March: one month on 15 April).
    public static func wholeMonths(from: Day, to: Day) -> Int {
        guard from <= to else { return 0 }
        var m = (to.year - from.year) * 12 + (to.month - from.month)
        if from.adding(months: m) > to { m -= 1 }
        return max(0, m)
    }

    static func band(months: Int) -> Int { min(months / 3, 4) }

    public static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        let mid = s.count / 2
        return s.count % 2 == 1 ? Double(s[mid]) : Double(s[mid - 1] + s[mid]) / 2
    }
}

extension RuleBook {
    /// Each registered case with its disposal target day: its court's target (`rules/disposal.yaml` through
    /// `courts.yaml`), else its state's ordinary court's; nil where no target is published.
    public func withDisposalTargets(_ cases: [RecordCase]) -> [RecordCase] {
        cases.map { c in
            var c = c
            if let r = c.registeredOn {
                c.targetDue = disposalDue(court: c.court.isEmpty ? nil : Court.ID(c.court), state: StateInfo.ID(c.state), registeredOn: r)
            }
            return c
        }
    }
}
