import SediaCore
import SediaTestSupport
import Testing

/// The verifier tested directly: the hand-made world of `Fixtures` with one change that breaks exactly one hard rule
/// gives exactly that typed violation, with its facts (ids, days, minutes) and the case it blames.
struct VerifierKindTests {
    typealias Change = @Sendable (inout Instance, inout Plan) -> Void

    /// One change, the violation it must give (alone), and a name for the test's report.
    struct Breach: Sendable, CustomStringConvertible {
        var name: String
        var expected: Violation
        var change: Change
        var description: String { name }

        init(_ name: String, _ caseID: Case.ID?, _ kind: Violation.Kind, _ change: @escaping Change) {
            self.name = name
            self.expected = Violation(caseID: caseID, kind)
            self.change = change
        }
    }

    static func day(_ s: String) -> Day { Fixtures.day(s) }
    static func at(_ s: String) -> LocalDateTime { Fixtures.at(s) }
    static func iv(_ p: inout Plan, _ c: String, _ change: (inout InterviewBooking) -> Void) { Fixtures.setIV(&p, c, change) }
    static func h(_ p: inout Plan, _ c: String, _ change: (inout HearingBooking) -> Void) { Fixtures.setH(&p, c, change) }
    static func k(_ i: Instance, _ id: Case.ID) -> Int { i.cases.firstIndex { $0.id == id } ?? 0 }
    /// The first Monday to Thursday after the plan's horizon (a sitting day of SES-A).
    static var afterHorizon: Day {
        var d = Fixtures.instance().planEnd.adding(days: 1)
        while ![.mon, .tue, .wed, .thu].contains(d.weekday) { d = d.adding(days: 1) }
        return d
    }

    static let rule0: [Breach] = [
        Breach("unassigned without a reason", "K-2", .unassignedWithoutReason(.interview)) { _, p in
            p.interviews.removeAll { $0.caseID == "K-2" }
            p.unassigned = [Unassigned(caseID: "K-2", task: .interview, reasons: [" "])]
        },
        Breach("an unknown case", "K-9", .unknownCase(.interview)) { _, p in
            p.interviews.append(InterviewBooking(caseID: "K-9", room: "A-2", interviewer: "IO-2", psychologist: nil, start: at("2027-01-06T09:00")))
        },
        Breach("an interview the case does not need", "K-3", .notRequired(.interview)) { _, p in
            p.interviews.append(InterviewBooking(caseID: "K-3", room: "A-2", interviewer: "IO-2", psychologist: nil, start: at("2027-01-06T09:00")))
        },
        Breach("booked and unassigned", "K-2", .listedMoreThanOnce(.interview, scheduled: 1, unassigned: 1)) { _, p in
            p.unassigned = [Unassigned(caseID: "K-2", task: .interview, reasons: ["no room"])]
        },
        Breach("a required interview is missing", "K-2", .missing(.interview)) { _, p in p.interviews.removeAll { $0.caseID == "K-2" } },
        Breach("a plan for another instance", nil, .otherInstance(plan: "other", instance: "fixture")) { _, p in p.instance = "other" },
    ]

    static let interviews: [Breach] = [
        Breach("a Saturday", "K-2", .notWorkingDay(day("2027-01-09"), state: "MY-04", weekend: true)) { _, p in
            iv(&p, "K-2") { $0.start = at("2027-01-09T09:00") }
        },
        Breach("a state holiday", "K-2", .notWorkingDay(day("2027-01-08"), state: "MY-04", weekend: false)) { _, p in
            iv(&p, "K-2") { $0.start = at("2027-01-08T09:00") }
        },
        Breach("off the grid", "K-2", .offGrid(start: 555, grid: 30)) { _, p in iv(&p, "K-2") { $0.start = at("2027-01-05T09:15") } },
        Breach("past closing", "K-2", .outsideOpeningHours(start: 990, end: 1050, open: 480, close: 1020, centre: "CIC-A")) { _, p in
            iv(&p, "K-2") { $0.start = at("2027-01-05T16:30") }
        },
        Breach("across the break", "K-2", .duringBreak(start: 750, end: 810, weekday: .tue, breakStart: 780, breakEnd: 840, centre: "CIC-A")) {
            _, p in
            iv(&p, "K-2") { $0.start = at("2027-01-05T12:30") }
        },
        Breach("a room of no centre", "K-2", .roomWithoutCentre("X-1")) { _, p in iv(&p, "K-2") { $0.room = "X-1" } },
        Breach("after the horizon", "K-2", .interviewOutsideHorizon(afterHorizon, start: day("2027-01-04"), end: Fixtures.instance().planEnd)) {
            i, p in
            i.interviewers[1].trainedUntil = nil
            iv(&p, "K-2") { $0.start = LocalDateTime(day: afterHorizon, minute: 540) }
        },
        Breach("a closed room", "K-2", .roomClosed("A-2", day("2027-01-05"))) { i, _ in
            i.centres[0].rooms[1].closed = [DayRange(from: day("2027-01-05"), to: day("2027-01-05"))]
        },
        Breach("before the earliest date", "K-2", .interviewBeforeEarliest(day("2027-01-04"), earliest: day("2027-01-05"))) { _, p in
            iv(&p, "K-2") { $0.start = at("2027-01-04T09:00") }
        },
        Breach("no recording", "K-2", .noRecording("A-3")) { _, p in iv(&p, "K-2") { $0.room = "A-3" } },
        Breach("not accessible", "K-1", .notAccessible("A-2")) { _, p in iv(&p, "K-1") { $0.room = "A-2" } },
        Breach("too far", "K-2", .tooFar(centre: "CIC-A", km: Verifier.travelKm(5.52, 102.25, 2.19, 102.25), limit: 250)) { i, _ in
            i.maxTravelKm = 250
            i.cases[k(i, "K-2")].child.lat = 5.52
        },
        Breach("an interviewer at another centre", "K-2", .interviewerNotAtCentre("IO-2", "CIC-B")) { _, p in iv(&p, "K-2") { $0.room = "B-1" } },
        Breach("training expired", "K-2", .trainingExpired("IO-2", until: day("2027-01-20"), on: day("2027-01-21"))) { _, p in
            iv(&p, "K-2") { $0.start = at("2027-01-21T09:00") }
        },
        Breach("an interviewer on leave", "K-2", .interviewerUnavailable("IO-1", day("2027-01-12"))) { _, p in
            iv(&p, "K-2") {
                $0.interviewer = "IO-1"
                $0.start = at("2027-01-12T09:00")
            }
        },
        Breach("no shared language", "K-2", .interviewerNoLanguage("IO-2")) { i, _ in i.interviewers[1].languages = ["en"] },
        Breach("a man where a woman is required", "K-1", .interviewerGender("IO-2", gender: "M", required: "F")) { _, p in
            iv(&p, "K-1") { $0.interviewer = "IO-2" }
        },
        Breach("an unknown interviewer", "K-2", .unknownInterviewer("IO-9")) { _, p in iv(&p, "K-2") { $0.interviewer = "IO-9" } },
        Breach("no psychologist", "K-1", .psychologistMissing(.interview)) { _, p in iv(&p, "K-1") { $0.psychologist = nil } },
        Breach("a psychologist not needed", "K-2", .psychologistNotNeeded("PSY-1", .interview)) { _, p in iv(&p, "K-2") { $0.psychologist = "PSY-1" }
        },
        Breach("an unknown psychologist", "K-1", .unknownPsychologist("PSY-9", .interview)) { _, p in iv(&p, "K-1") { $0.psychologist = "PSY-9" } },
        Breach("a psychologist on leave", "K-1", .psychologistUnavailable("PSY-1", day("2027-01-04"), .interview)) { i, _ in
            i.psychologists[0].unavailable = [DayRange(from: day("2027-01-04"), to: day("2027-01-04"))]
        },
        Breach("a psychologist at another centre", "K-1", .psychologistNotAtCentre("PSY-1", "CIC-A")) { i, _ in i.psychologists[0].centres = ["CIC-B"]
        },
        Breach("a psychologist with no shared language", "K-1", .psychologistNoLanguage("PSY-1")) { i, _ in i.psychologists[0].languages = ["ta"] },
    ]

    static let days: [Breach] = [
        Breach(
            "a room double-booked", "K-2",
            .doubleBooked(.room("A-1"), day("2027-01-04"), other: "K-1", otherStart: 540, otherEnd: 630, start: 570, end: 630)
        ) { i, p in
            i.cases[k(i, "K-2")].interview?.earliest = day("2027-01-04")
            iv(&p, "K-2") {
                $0.room = "A-1"
                $0.start = at("2027-01-04T09:30")
            }
        },
        Breach("an interviewer over the day's limit", "K-2", .overDailyLimit(.interviewer("IO-1"), day("2027-01-05"), count: 2, max: 1)) { i, p in
            i.interviewers[0].maxPerDay = 1
            iv(&p, "K-1") { $0.start = at("2027-01-05T11:00") }
            iv(&p, "K-2") { $0.interviewer = "IO-1" }
        },
        Breach("an interviewer at two centres", "K-2", .severalCentres(.interviewer("IO-1"), day("2027-01-05"), centres: ["CIC-A", "CIC-B"])) {
            _, p in
            iv(&p, "K-1") { $0.start = at("2027-01-05T11:00") }
            iv(&p, "K-2") {
                $0.interviewer = "IO-1"
                $0.room = "B-1"
                $0.start = at("2027-01-05T14:00")
            }
        },
        Breach("a psychologist in court and interviewing", "K-1", .hearingAndInterviews("PSY-1", day("2027-02-08"), interviews: ["K-2"])) { i, p in
            i.cases[k(i, "K-2")].child.needsPsychologist = true
            i.interviewers[1].trainedUntil = nil
            iv(&p, "K-2") {
                $0.psychologist = "PSY-1"
                $0.start = at("2027-02-08T09:00")
            }
        },
        Breach("a pinned interview moved", "K-1", .pinnedInterviewChanged([.start(from: at("2027-01-04T10:00"), to: at("2027-01-04T09:00"))])) {
            i, _ in
            i.cases[0].interview?.pinned = PinnedInterview(room: "A-1", interviewer: "IO-1", psychologist: "PSY-1", start: at("2027-01-04T10:00"))
        },
        Breach("a pinned interview unassigned", "K-2", .pinnedInterviewUnassigned) { i, p in
            i.cases[k(i, "K-2")].interview?.pinned = PinnedInterview(
                room: "A-2", interviewer: "IO-2", psychologist: nil, start: at("2027-01-05T09:00"))
            p.interviews.removeAll { $0.caseID == "K-2" }
            p.unassigned = [Unassigned(caseID: "K-2", task: .interview, reasons: ["the family cannot come"])]
        },
    ]

    static let hearings: [Breach] = [
        Breach("the wrong court", "K-3", .wrongCourt("SES-N", caseCourt: "SES-A")) { _, p in h(&p, "K-3") { $0.court = "SES-N" } },
        Breach("too few dates", "K-1", .wrongDayCount(given: 1, needed: 2)) { _, p in h(&p, "K-1") { $0.dates = [day("2027-02-08")] } },
        Breach("dates out of order", "K-1", .datesNotIncreasing) { _, p in h(&p, "K-1") { $0.dates = [day("2027-02-09"), day("2027-02-08")] } },
        Breach(
            "a Friday holiday", "K-3", .notSittingDay(day("2027-01-08"), "SES-A", notSittingWeekday: true, notWorkingIn: "MY-04", closed: false)
        ) { _, p in h(&p, "K-3") { $0.dates = [day("2027-01-08")] } },
        Breach("a sitting day skipped", "K-1", .sittingDaySkipped(day("2027-02-09"), "SES-A", after: day("2027-02-08"), before: day("2027-02-10"))) {
            _, p in
            h(&p, "K-1") { $0.dates = [day("2027-02-08"), day("2027-02-10")] }
        },
        Breach("an unknown court", "K-3", .unknownCourt("SES-X")) { _, p in h(&p, "K-3") { $0.court = "SES-X" } },
        Breach("a trial before its earliest date", "K-3", .hearingBeforeEarliest(first: day("2027-01-04"), earliest: day("2027-01-05"))) { i, _ in
            i.cases[k(i, "K-3")].hearing?.earliest = day("2027-01-05")
        },
        Breach("a trial after the horizon", "K-3", .hearingOutsideHorizon(afterHorizon, start: day("2027-01-04"), end: Fixtures.instance().planEnd)) {
            _, p in
            h(&p, "K-3") { $0.dates = [afterHorizon] }
        },
        Breach(
            "too little preparation", "K-1",
            .tooLittlePreparation(first: day("2027-02-08"), days: 25, interview: day("2027-01-14"), minPrepDays: 28)
        ) { _, p in iv(&p, "K-1") { $0.start = at("2027-01-14T09:00") } },
        Breach("no interview before the trial", "K-1", .noInterviewBeforeHearing) { _, p in
            p.interviews.removeAll { $0.caseID == "K-1" }
            p.unassigned = [Unassigned(caseID: "K-1", task: .interview, reasons: ["no woman officer"])]
        },
        Breach("no video link", "K-1", .noVideoLink("SES-A")) { i, _ in i.courts[0].videoLink = false },
        Breach("a court over its day's limit", "K-3", .courtOverfull("SES-A", day("2027-02-08"), count: 2, max: 1)) { _, p in
            h(&p, "K-3") { $0.dates = [day("2027-02-08")] }
        },
        Breach("no psychologist in court", "K-1", .psychologistMissing(.hearing)) { _, p in h(&p, "K-1") { $0.psychologist = nil } },
        Breach("a psychologist the trial does not need", "K-3", .psychologistNotNeeded("PSY-1", .hearing)) { _, p in
            h(&p, "K-3") {
                $0.dates = [day("2027-01-05")]
                $0.psychologist = "PSY-1"
            }
        },
        Breach("an unknown psychologist in court", "K-1", .unknownPsychologist("PSY-9", .hearing)) { _, p in
            h(&p, "K-1") { $0.psychologist = "PSY-9" }
        },
        Breach("a psychologist on leave on a trial day", "K-1", .psychologistUnavailable("PSY-1", day("2027-02-09"), .hearing)) { i, _ in
            i.psychologists[0].unavailable = [DayRange(from: day("2027-02-09"), to: day("2027-02-09"))]
        },
        Breach("a psychologist who does not serve the court", "K-1", .psychologistNotAtCourt("PSY-1", "SES-A")) { i, _ in
            i.psychologists[0].courts = ["SES-N"]
        },
        Breach("a psychologist at two trials a day", "K-3", .psychologistHearingsSameDay("PSY-1", day("2027-02-08"), count: 2)) { i, p in
            i.cases[k(i, "K-3")].hearing?.court = "SES-N"
            i.cases[k(i, "K-3")].hearing?.needsPsychologist = true
            i.psychologists[0].courts = ["SES-A", "SES-N"]
            h(&p, "K-3") {
                $0.court = "SES-N"
                $0.dates = [day("2027-02-08")]
                $0.psychologist = "PSY-1"
            }
        },
        Breach(
            "a pinned trial moved", "K-1",
            .pinnedHearingChanged(
                pinned: [day("2027-02-15"), day("2027-02-16")], planned: [day("2027-02-08"), day("2027-02-09")], pinnedPsychologist: "PSY-1",
                plannedPsychologist: "PSY-1")
        ) { i, _ in i.cases[0].hearing?.pinned = PinnedHearing(dates: [day("2027-02-15"), day("2027-02-16")], psychologist: "PSY-1") },
        Breach("a pinned trial unassigned", "K-3", .pinnedHearingUnassigned) { i, p in
            i.cases[k(i, "K-3")].hearing?.pinned = PinnedHearing(dates: [day("2027-01-04")], psychologist: nil)
            p.hearings.removeAll { $0.caseID == "K-3" }
            p.unassigned = [Unassigned(caseID: "K-3", task: .hearing, reasons: ["the court is full"])]
        },
        Breach("more moves than allowed", nil, .tooManyMoves(moves: 1, max: 0)) { i, _ in
            var previous = Fixtures.plan()
            Fixtures.setIV(&previous, "K-2") { $0.start = at("2027-01-06T09:00") }
            i.previous = previous
            i.maxMoves = 0
        },
    ]

    /// The score is left undeclared, so a change that moves it breaks only its own rule.
    @Test(arguments: rule0 + interviews + days + hearings)
    func oneChangeBreaksExactlyOneRule(_ breach: Breach) {
        var instance = Fixtures.instance()
        var plan = Fixtures.plan()
        plan.score = nil
        breach.change(&instance, &plan)
        let report = Verifier.verify(instance, plan)
        #expect(report.violations == [breach.expected], "\(breach)")
    }

    @Test func aWrongDeclaredScoreIsAViolationOfThePlan() {
        var plan = Fixtures.plan()
        plan.score = Score(unassigned: 0, late: 0, cost: 24)
        let report = Verifier.verify(Fixtures.instance(), plan)
        let verified = Score(unassigned: 0, late: 0, cost: 25)
        #expect(report.violations == [Violation(caseID: nil, .declaredScore(declared: Score(unassigned: 0, late: 0, cost: 24), verified: verified))])
        #expect(report.declaredScore == plan.score)
    }

    /// Every kind of violation is tested above, and every rule has one.
    @Test func everyRuleIsBrokenOnce() {
        let all = Self.rule0 + Self.interviews + Self.days + Self.hearings
        #expect(Set(all.map(\.expected.rule)).union([0]) == Set(0...15))
        #expect(Set(all.map(\.name)).count == all.count)
    }

    /// The words are the reference checker's, rule number and case first, as `sedia verify` prints them.
    @Test func theEnglishIsTheReferenceCheckersWords() {
        let two = Violation(
            caseID: "K-2", .doubleBooked(.room("A-1"), Self.day("2027-01-04"), other: "K-1", otherStart: 540, otherEnd: 630, start: 570, end: 630))
        #expect(two.description == "rule=5 case=K-2 room A-1 double-booked on 2027-01-04: overlaps case K-1 (09:00–10:30 vs 09:30–10:30)")
        let moved = Violation(caseID: "K-1", .pinnedInterviewChanged([.room(from: "A-1", to: "A-2"), .psychologist(from: "PSY-1", to: nil)]))
        #expect(moved.description == "rule=8 case=K-1 pinned interview changed: room 'A-1'->'A-2', psychologist PSY-1->None")
        let trial = Violation(
            caseID: "K-1",
            .pinnedHearingChanged(
                pinned: [Self.day("2027-02-15")], planned: [Self.day("2027-02-08")], pinnedPsychologist: nil, plannedPsychologist: "PSY-1"))
        #expect(trial.description == #"rule=14 case=K-1 pinned hearing changed: dates ["2027-02-15"] -> ["2027-02-08"], psychologist None -> PSY-1"#)
        let plan = Violation(caseID: nil, .tooManyMoves(moves: 3, max: 1))
        #expect(plan.description == "rule=15 case=- 3 bookings of previous moved; maxMoves is 1")
        let sitting = Violation(
            caseID: "K-3", .notSittingDay(Self.day("2027-01-08"), "SES-A", notSittingWeekday: true, notWorkingIn: "MY-04", closed: true))
        #expect(
            sitting.description
                == "rule=9 case=K-3 2027-01-08 is not a sitting day of SES-A (fri is not a sitting day; not a working day in MY-04; court closed)")
    }
}
