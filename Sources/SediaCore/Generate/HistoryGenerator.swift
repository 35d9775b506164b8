/// A case as the history generator needs it: where it is and the courts it can be registered in.
public struct HistoryCase: Sendable, Equatable {
    public var id: Case.ID
    public var courts: [Court.ID]

    public init(id: Case.ID, courts: [Court.ID]) {
        self.id = id
        self.courts = courts
    }
}

/// A synthetic year-after-booking history for the demo and the benchmarks (`sedia generate --history YEARS`): charges,
/// court dates held or adjourned, and disposals, all before `today`, as rows `sedia import charges|events` would load.
///
/// Rates (docs/app.md cites them): 55 % of cases charged (3,060 of 5,519 Act 792 reports, 2018–January 2023, as
/// the issue quotes them); court dates 14–28 days apart, a third of them adjourned, and the outcome mix are guesses
/// chosen so that about three in four cases are disposed of within 12 months (Putrajaya's special court: 274 of 352,
/// 77.8 %), not published figures.
public enum HistoryGenerator {
    public static let chargedShare = 3_060.0 / 5_519.0
    public static let adjournedShare = 1.0 / 3.0
    /// Reasons weighted: the defence's and witnesses' absence first (the 2025 guideline names postponements as the
    /// first cause of delay; the split is a guess).
    static let reasons: [(AdjournmentReason, Int)] = [
        (.defenceCounselAbsent, 30), (.prosecutionWitnessAbsent, 15), (.documentsNotServed, 12), (.reportsNotReady, 12), (.childUnwell, 8),
        (.courtNotSitting, 8), (.accusedAbsent, 6), (.interpreterAbsent, 5), (.judgeUnavailable, 4),
    ]
    static let outcomes: [(DisposalOutcome, Int)] = [
        (.convicted, 40), (.pleadedGuilty, 25), (.acquitted, 15), (.dnaa, 10), (.daa, 3), (.withdrawn, 7),
    ]

    public static func generate(
        cases: [HistoryCase], years: Int, today: Day, seed: UInt64
    ) -> (charges: [Located<ChargeRow>], events: [Located<EventRow>]) {
        var rng = SeededGenerator(seed: seed)
        var charges: [Located<ChargeRow>] = []
        var events: [Located<EventRow>] = []
        let span = max(30, years * 365)
        func located<T>(_ value: T, _ n: Int) -> Located<T> {
            Located(file: "generated", record: ImportRecord(path: "row \(n)", separator: ": ", values: [:]), value: value)
        }
        func pick<T>(_ table: [(T, Int)]) -> T {
            var r = Int.random(in: 0..<table.reduce(0) { $0 + $1.1 }, using: &rng)
            for (value, weight) in table {
                if r < weight { return value }
                r -= weight
            }
            return table[0].0
        }
        for c in cases {
            guard let court = c.courts.first, Double.random(in: 0..<1, using: &rng) < chargedShare else { continue }
            let registered = today.adding(days: -Int.random(in: 14..<span, using: &rng))
            let charge = ChargeRecord(
                court: court, courtCaseNo: "\(court)-\(c.id)", registeredOn: registered, chargedOn: registered,
                represented: Double.random(in: 0..<1, using: &rng) < 0.7 ? .yes : .no,
                plea: Double.random(in: 0..<1, using: &rng) < 0.8 ? .claimsTrial : .guilty)
            charges.append(located(ChargeRow(caseID: c.id, charge: charge), charges.count + 1))
            var day = registered
            var steps: [CaseStep] = [.mention, .caseManagement]
            if charge.plea == .claimsTrial {
                if charge.represented == .yes { steps.append(.ptc) }
                steps += [.caseManagement] + Array(repeating: .trial, count: Int.random(in: 2...4, using: &rng)) + [.decision]
            }
            var ended = true
            for step in steps {
                while true {
                    let next = day.adding(days: Int.random(in: 14...28, using: &rng))
                    guard next < today else {
                        ended = false
                        break
                    }
                    day = next
                    let adjourned = Double.random(in: 0..<1, using: &rng) < adjournedShare
                    let record = StepRecord(
                        step: step, on: day, outcome: adjourned ? .adjourned : .held,
                        reason: adjourned ? StepReason(code: pick(reasons).rawValue) : nil)
                    events.append(located(EventRow(caseID: c.id, fact: .step(record)), events.count + 1))
                    if !adjourned { break }
                }
                if !ended { break }
            }
            if ended {
                let outcome = charge.plea == .guilty ? DisposalOutcome.pleadedGuilty : pick(outcomes)
                events.append(located(EventRow(caseID: c.id, fact: .disposal(on: day, outcome: outcome, note: nil)), events.count + 1))
            }
        }
        return (charges, events)
    }
}
