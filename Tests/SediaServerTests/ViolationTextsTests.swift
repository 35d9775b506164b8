import SediaCore
import SediaStore
import Testing

@testable import SediaServer

/// Every kind of broken planning rule has a text in both languages, with every value filled in: a kind added to the
/// verifier without its words fails here, not on a Malay page that quietly turns English.
@Suite struct ViolationTextsTests {
    static let day = Day(year: 2027, month: 1, day: 4) ?? Day(ordinal: 0)
    static let at = LocalDateTime(day: day, minute: 570)

    /// One value of each kind (both tasks where the words differ); `index` makes a new kind fail to compile until it
    /// is listed here.
    static let samples: [Violation.Kind] = [
        .unassignedWithoutReason(.interview), .unassignedWithoutReason(.hearing), .unknownCase(.interview), .unknownCase(.hearing),
        .notRequired(.interview), .notRequired(.hearing), .listedMoreThanOnce(.interview, scheduled: 1, unassigned: 1),
        .listedMoreThanOnce(.hearing, scheduled: 2, unassigned: 0), .missing(.interview), .missing(.hearing),
        .otherInstance(plan: "a", instance: "b"),
        .declaredScore(declared: Score(unassigned: 0, late: 0, cost: 1), verified: Score(unassigned: 0, late: 0, cost: 2)),
        .notWorkingDay(day, state: "MY-04", weekend: true), .notWorkingDay(day, state: "MY-04", weekend: false), .offGrid(start: 555, grid: 30),
        .outsideOpeningHours(start: 960, end: 1080, open: 480, close: 1020, centre: "CIC-A"),
        .duringBreak(start: 750, end: 840, weekday: .mon, breakStart: 780, breakEnd: 840, centre: "CIC-A"), .roomWithoutCentre("X-1"),
        .interviewOutsideHorizon(day, start: day, end: day), .roomClosed("A-1", day), .interviewBeforeEarliest(day, earliest: day),
        .noRecording("A-3"), .notAccessible("A-2"), .tooFar(centre: "CIC-A", km: 312, limit: 250), .interviewerNotAtCentre("IO-2", "CIC-B"),
        .trainingExpired("IO-2", until: day, on: day), .interviewerUnavailable("IO-1", day), .interviewerNoLanguage("IO-2"),
        .interviewerGender("IO-2", gender: "M", required: "F"), .unknownInterviewer("IO-9"), .psychologistMissing(.interview),
        .psychologistMissing(.hearing), .psychologistNotNeeded("PSY-1", .interview), .psychologistNotNeeded("PSY-1", .hearing),
        .unknownPsychologist("PSY-9", .interview), .psychologistUnavailable("PSY-1", day, .hearing), .psychologistNotAtCentre("PSY-1", "CIC-B"),
        .psychologistNoLanguage("PSY-1"), .psychologistNotAtCourt("PSY-1", "SES-N"), .psychologistHearingsSameDay("PSY-1", day, count: 2),
        .doubleBooked(.room("A-1"), day, other: "K-1", otherStart: 540, otherEnd: 630, start: 570, end: 630),
        .doubleBooked(.interviewer("IO-1"), day, other: "K-1", otherStart: 540, otherEnd: 630, start: 570, end: 630),
        .doubleBooked(.psychologist("PSY-1"), day, other: "K-1", otherStart: 540, otherEnd: 630, start: 570, end: 630),
        .overDailyLimit(.interviewer("IO-1"), day, count: 2, max: 1), .overDailyLimit(.psychologist("PSY-1"), day, count: 3, max: 2),
        .severalCentres(.interviewer("IO-1"), day, centres: ["CIC-A", "CIC-B"]), .hearingAndInterviews("PSY-1", day, interviews: ["K-2"]),
        .pinnedInterviewChanged([
            .room(from: "A-1", to: "A-2"), .interviewer(from: "IO-1", to: "IO-2"), .psychologist(from: "PSY-1", to: nil), .start(from: at, to: at),
        ]),
        .pinnedInterviewUnassigned, .wrongCourt("SES-N", caseCourt: "SES-A"), .wrongDayCount(given: 1, needed: 2), .datesNotIncreasing,
        .notSittingDay(day, "SES-A", notSittingWeekday: true, notWorkingIn: "MY-04", closed: true),
        .sittingDaySkipped(day, "SES-A", after: day, before: day),
        .unknownCourt("SES-X"), .hearingBeforeEarliest(first: day, earliest: day), .hearingOutsideHorizon(day, start: day, end: day),
        .tooLittlePreparation(first: day, days: 10, interview: day, minPrepDays: 28), .noInterviewBeforeHearing, .noVideoLink("SES-A"),
        .courtOverfull("SES-A", day, count: 2, max: 1),
        .pinnedHearingChanged(pinned: [day], planned: [day, day.adding(days: 1)], pinnedPsychologist: "PSY-1", plannedPsychologist: nil),
        .pinnedHearingUnassigned, .tooManyMoves(moves: 1, max: 0),
    ]

    /// The kind's position among `Violation.Kind`'s cases; exhaustive, so a new kind must be added here (and sampled).
    static func index(_ kind: Violation.Kind) -> Int {
        switch kind {
        case .unassignedWithoutReason: 0
        case .unknownCase: 1
        case .notRequired: 2
        case .listedMoreThanOnce: 3
        case .missing: 4
        case .otherInstance: 5
        case .declaredScore: 6
        case .notWorkingDay: 7
        case .offGrid: 8
        case .outsideOpeningHours: 9
        case .duringBreak: 10
        case .roomWithoutCentre: 11
        case .interviewOutsideHorizon: 12
        case .roomClosed: 13
        case .interviewBeforeEarliest: 14
        case .noRecording: 15
        case .notAccessible: 16
        case .tooFar: 17
        case .interviewerNotAtCentre: 18
        case .trainingExpired: 19
        case .interviewerUnavailable: 20
        case .interviewerNoLanguage: 21
        case .interviewerGender: 22
        case .unknownInterviewer: 23
        case .psychologistMissing: 24
        case .psychologistNotNeeded: 25
        case .unknownPsychologist: 26
        case .psychologistUnavailable: 27
        case .psychologistNotAtCentre: 28
        case .psychologistNoLanguage: 29
        case .psychologistNotAtCourt: 30
        case .psychologistHearingsSameDay: 31
        case .doubleBooked: 32
        case .overDailyLimit: 33
        case .severalCentres: 34
        case .hearingAndInterviews: 35
        case .pinnedInterviewChanged: 36
        case .pinnedInterviewUnassigned: 37
        case .wrongCourt: 38
        case .wrongDayCount: 39
        case .datesNotIncreasing: 40
        case .notSittingDay: 41
        case .sittingDaySkipped: 42
        case .unknownCourt: 43
        case .hearingBeforeEarliest: 44
        case .hearingOutsideHorizon: 45
        case .tooLittlePreparation: 46
        case .noInterviewBeforeHearing: 47
        case .noVideoLink: 48
        case .courtOverfull: 49
        case .pinnedHearingChanged: 50
        case .pinnedHearingUnassigned: 51
        case .tooManyMoves: 52
        }
    }

    @Test func everyViolationHasATextInBothLanguages() throws {
        let translations = try Translations.load()
        #expect(Set(Self.samples.map(Self.index)) == Set(0...52), "a kind of Violation.Kind has no sample")
        #expect(Set(Self.samples.map(\.rule)) == Set(0...15), "a rule has no sample")
        for language in Language.allCases {
            let t = translations.localizer(language)
            for sample in Self.samples {
                let (key, _) = t.violationText(sample)
                ReasonTextsTests.expectComplete(key, t.violation(sample), language, translations, "\(sample)")
                #expect(!sample.english.isEmpty)
                // A refusal citing it names the rule by its title and says what is wrong in the reader's words.
                let refusal = t.refusal(.rules([Violation(caseID: "K-1", sample)]))
                ReasonTextsTests.expectComplete("rule.\(sample.rule)", refusal, language, translations, "\(sample)")
                #expect(refusal.hasSuffix(t.violation(sample)))
            }
            // The words a violation's text uses besides its own key.
            for key in ["violation.why.weekday", "violation.why.notWorking", "violation.why.closed", "violation.noPsychologist"]
                + ["violation.change.room", "violation.change.interviewer", "violation.change.psychologist", "violation.change.start"]
            {
                #expect(translations.tables[language]?[key] != nil, "\(language.rawValue) has no text \(key)")
            }
        }
    }

    /// A refused booking on a Malay page says what is wrong in Malay, with the reader's dates and times: no English
    /// detail from the verifier.
    @Test func aRefusalSaysWhatIsWrongInMalay() throws {
        let ms = try Translations.load().localizer(.ms)
        let broken = Violation(
            caseID: "K-2027-0009", .duringBreak(start: 780, end: 840, weekday: .thu, breakStart: 780, breakEnd: 840, centre: "CIC-KB"))
        #expect(
            ms.refusal(.rules([broken]))
                == "Ditolak oleh peraturan perancangan 1: \(ms("rule.1")). Butiran: kes K-2027-0009: "
                + "\(ms.timeSpan(780, 840)) bertindih dengan waktu rehat \(ms.timeSpan(780, 840)) pada hari Khamis di CIC-KB")
        let trained = ms.violation(.trainingExpired("IO-2", until: Self.day, on: Self.day.adding(days: 1)))
        #expect(
            trained == "latihan pegawai temu bual IO-2 sah sehingga \(ms.date(Self.day)) sahaja, iaitu sebelum \(ms.date(Self.day.adding(days: 1)))"
        )
        // The CLI and the logs keep the verifier's English.
        #expect(StoreError.Refusal.rules([broken]).english == "rule 1: case K-2027-0009: 13:00–14:00 overlaps the thu break 13:00–14:00 of CIC-KB")
    }
}
