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
        // Halves go up, not to the even neighbour: 2.5 is 3 (banker's rounding would say 2), 110.5 is 111.
        #expect(Verifier.roundedHalfUp(0.5) == 1)
        #expect(Verifier.roundedHalfUp(2.5) == 3)
        #expect(Verifier.roundedHalfUp(110.5) == 111)
        #expect(Verifier.roundedHalfUp(2.499_999) == 2)
        #expect(Verifier.travelKm(0, 0, 0, 0) == 0)
        // Along the equator the distance is the radius times the angle, so points 2.5 km apart plus or minus a
        // millimetre sit on either side of the half.
        let degreesPerKm = 180 / (Double.pi * 6371.0)
        #expect(Verifier.travelKm(0, 0, 0, (2.5 - 1e-6) * degreesPerKm) == 2)
        #expect(Verifier.travelKm(0, 0, 0, (2.5 + 1e-6) * degreesPerKm) == 3)
    }
}
