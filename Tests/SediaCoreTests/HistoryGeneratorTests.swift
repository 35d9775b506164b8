import SediaCore
import SediaTestSupport
import Testing

/// `sedia generate --history`: a seeded history in the past, in the order the registry's import would accept it.
struct HistoryGeneratorTests {
    static let today = Fixtures.day("2026-12-06")
    static let cases = (0..<2_000).map { HistoryCase(id: Case.ID("G-\($0)"), courts: ["SC-KB"]) }

    @Test func theSameSeedGivesTheSameHistoryAndEverythingIsInThePast() {
        let a = HistoryGenerator.generate(cases: Self.cases, years: 3, today: Self.today, seed: 7)
        let b = HistoryGenerator.generate(cases: Self.cases, years: 3, today: Self.today, seed: 7)
        #expect(a.charges.map(\.value) == b.charges.map(\.value))
        #expect(a.events.map(\.value) == b.events.map(\.value))
        let share = Double(a.charges.count) / Double(Self.cases.count)
        #expect(abs(share - HistoryGenerator.chargedShare) < 0.05)
        let registered = Dictionary(uniqueKeysWithValues: a.charges.map { ($0.value.caseID, $0.value.charge.registeredOn) })
        var last: [Case.ID: Day] = [:]
        var disposed = Set<Case.ID>()
        for row in a.events.map(\.value) {
            let on: Day
            switch row.fact {
            case .step(let s):
                on = s.on
                #expect(s.problems.isEmpty)
            case .disposal(let d, _, _):
                on = d
                #expect(disposed.insert(row.caseID).inserted)
            case .supplementary:
                Issue.record("the generator requests no supplementary interview")
                continue
            }
            #expect(on < Self.today)
            #expect(on >= (registered[row.caseID] ?? Self.today))
            #expect(on >= (last[row.caseID] ?? on))
            last[row.caseID] = on
        }
        #expect(!disposed.isEmpty)
    }
}
