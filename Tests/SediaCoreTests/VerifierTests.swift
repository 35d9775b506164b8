import SediaCore
import SediaTestSupport
import Testing

struct VerifierTests {
    @Test func theHandMadePlanIsValidAndScoredByHand() {
        let report = Verifier.verify(Fixtures.instance(), Fixtures.plan())
        #expect(report.violations.isEmpty, "\(report.violations)")
        #expect(report.score == Score(unassigned: 0, late: 0, cost: 25))
    }

    @Test(arguments: Fixtures.breakages)
    func eachBrokenRuleIsReported(_ breakage: Fixtures.Breakage) {
        var instance = Fixtures.instance()
        var plan = Fixtures.plan()
        breakage.apply(&instance, &plan)
        let report = Verifier.verify(instance, plan)
        #expect(report.violations.contains { $0.rule == breakage.rule }, "\(breakage): got \(report.violations)")
        #expect(!report.isValid)
    }

    @Test func lateAndWaitingAreCostedAsTheSpecSays() throws {
        var plan = Fixtures.plan()
        // K-2 on Wednesday 13 January: two days past its target (the 11th); its wait counts the
        // working days 5, 6, 7, 11 and 12 January (the 8th is a holiday, the 9th and 10th a weekend).
        Fixtures.setIV(&plan, "K-2") { $0.start = Fixtures.at("2027-01-13T09:00") }
        plan.score = nil
        let report = Verifier.verify(Fixtures.instance(), plan)
        #expect(report.isValid, "\(report.violations)")
        #expect(report.score == Score(unassigned: 0, late: 1, cost: 25 + 10 * 5 + 20 * 2))
    }

    @Test func travelIsRoundedHalfUp() {
        #expect(Verifier.travelKm(0, 0, 0, 0) == 0)
        // One degree of latitude is 111.19 km on a 6371 km sphere.
        #expect(Verifier.travelKm(0, 0, 1, 0) == 111)
    }
}
