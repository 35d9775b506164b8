import SediaCore
import SediaStore
import Testing

@testable import SediaServer

/// Every case of every typed reason has a text in both languages, with every value filled in: a reason added to the
/// core or the store without its words fails here, not on a Malay page that quietly turns English.
@Suite struct ReasonTextsTests {
    static let day = Day(year: 2027, month: 1, day: 4) ?? Day(ordinal: 0)

    /// One value of each case of `UnplacedReason`; `index` below makes a new case fail to compile until it is listed.
    static let unplacedSamples: [UnplacedReason] = [
        .tooFar(centre: "CIC-KB", km: 312, limit: 250), .noRoom(centre: "CIC-KB", accessible: true),
        .noRoom(centre: "CIC-KB", accessible: false), .noSpeaker(centre: "CIC-KB", languages: ["ta", "iba"], gender: "F"),
        .noSpeaker(centre: "CIC-KB", languages: ["ta"], gender: "M"), .noSpeaker(centre: "CIC-KB", languages: ["ta"], gender: nil),
        .noPsychologistSpeaker(centre: "CIC-KB", languages: ["ta"]), .noCentre,
        .beforeTrial(prepDays: 14, trial: day, earliest: day), .afterHorizon(earliest: day, horizonEnd: day),
        .noWorkingDay(centre: "CIC-KB", from: day, to: day), .allOnLeave(centre: "CIC-KB", from: day, to: day),
        .noPsychologistAvailable(centre: "CIC-KB", from: day, to: day), .fullyBooked(centre: "CIC-KB", from: day, to: day, psychologists: true),
        .noVideo(court: "SES-KB"), .noCourtPsychologist(court: "SES-KB"), .interviewNotPlanned(prepDays: 14), .noInterview(prepDays: 14),
        .trialAfterHorizon(earliest: day, horizonEnd: day), .fewSittingDays(court: "SES-KB", days: 3, from: day, to: day),
        .noFreeSitting(court: "SES-KB", from: day, to: day, days: 3), .noCourtPsychologistFree(court: "SES-KB", days: 3, from: day, to: day),
        .failed(.unknownCase("K-1")), .failed(.taskNotRequired("K-1", .interview)), .failed(.taskNotRequired("K-1", .hearing)),
        .failed(.pinned("K-1", .interview)), .failed(.pinned("K-1", .hearing)),
    ]

    /// The case's position among `UnplacedReason`'s cases; exhaustive, so a new case must be added here (and sampled).
    static func index(_ reason: UnplacedReason) -> Int {
        switch reason {
        case .tooFar: 0
        case .noRoom: 1
        case .noSpeaker: 2
        case .noPsychologistSpeaker: 3
        case .noCentre: 4
        case .beforeTrial: 5
        case .afterHorizon: 6
        case .noWorkingDay: 7
        case .allOnLeave: 8
        case .noPsychologistAvailable: 9
        case .fullyBooked: 10
        case .noVideo: 11
        case .noCourtPsychologist: 12
        case .interviewNotPlanned: 13
        case .noInterview: 14
        case .trialAfterHorizon: 15
        case .fewSittingDays: 16
        case .noFreeSitting: 17
        case .noCourtPsychologistFree: 18
        case .failed: 19
        }
    }

    /// One value of each case of the store's `Refusal` that has a text of its own (`.field` and `.text` carry words).
    static let refusalSamples: [StoreError.Refusal] = [
        .stale(caseID: "K-1", by: "kb"), .moveNeedsReason, .cancelNeedsReason, .pinned(caseID: "K-1", task: .interview, byPlan: false),
        .pinned(caseID: "K-1", task: .hearing, byPlan: true), .alreadyBooked(caseID: "K-1", resource: .room("CIC-KB-1"), day: day, minute: 570),
        .alreadyBooked(caseID: "K-1", resource: .interviewer("IO-1"), day: day, minute: 600),
        .alreadyBooked(caseID: "K-1", resource: .psychologist("PSY-1"), day: day, minute: nil), .courtFull(caseID: "K-1", court: "SES-KB", day: day),
        .offGrid(caseID: "K-1", start: LocalDateTime(day: day, minute: 545), grid: 30), .caseExists("K-1"),
        .notBooked(caseID: "K-1", task: .interview), .notBooked(caseID: "K-1", task: .hearing), .supplementaryNotHeld(caseID: "K-1"),
        .supplementaryPending(caseID: "K-1"),
    ]

    /// The case's position among `Refusal`'s cases; exhaustive, so a new case must be added here (and sampled).
    static func index(_ refusal: StoreError.Refusal) -> Int {
        switch refusal {
        case .stale: 0
        case .moveNeedsReason: 1
        case .cancelNeedsReason: 2
        case .pinned: 3
        case .alreadyBooked: 4
        case .courtFull: 5
        case .offGrid: 6
        case .caseExists: 7
        case .notBooked: 8
        case .rules: 9
        case .fields: 10
        case .text: 11
        case .supplementaryNotHeld: 12
        case .supplementaryPending: 13
        }
    }

    /// The text is in the language's own table (no fallback to English) and names no value left unfilled.
    static func expectComplete(_ key: String, _ text: String, _ language: Language, _ translations: Translations, _ sample: String) {
        #expect(translations.tables[language]?[key] != nil, "\(language.rawValue) has no text \(key) for \(sample)")
        #expect(!text.contains("{") && !text.contains("}"), "\(language.rawValue) leaves a placeholder in \(key): \(text)")
        #expect(!text.isEmpty, "\(language.rawValue) renders \(sample) as nothing")
    }

    @Test func everyUnplacedReasonHasATextInBothLanguages() throws {
        let translations = try Translations.load()
        #expect(Set(Self.unplacedSamples.map(Self.index)) == Set(0...19), "a case of UnplacedReason has no sample")
        for language in Language.allCases {
            let t = translations.localizer(language)
            for sample in Self.unplacedSamples {
                let (key, _) = Localizer.reasonText(sample, date: t.date, list: t.list)
                Self.expectComplete(key, t.reason(sample), language, translations, "\(sample)")
                #expect(!sample.english.isEmpty)
            }
        }
    }

    @Test func everyRefusalHasATextInBothLanguages() throws {
        let translations = try Translations.load()
        let keyed = Set(Self.refusalSamples.map(Self.index))
        #expect(keyed == Set(0...8).union([12, 13]), "a case of StoreError.Refusal with a text of its own has no sample")
        let broken = Violation(caseID: "K-1", .interviewerNoLanguage("IO-1"))
        for language in Language.allCases {
            let t = translations.localizer(language)
            for sample in Self.refusalSamples {
                let (key, _) = try #require(Localizer.refusalText(sample, date: t.date, time: t.time, resource: t.resource))
                Self.expectComplete(key, t.refusal(sample), language, translations, "\(sample)")
            }
            for resource in [StoreError.Resource.room("R"), .interviewer("I"), .psychologist("P")] {
                #expect(!t.resource(resource).contains("{"), "\(language.rawValue) leaves a placeholder in \(resource)")
            }
            // A broken rule by its number's title, for every rule the verifier checks (ViolationTextsTests: every kind).
            for rule in 0...15 {
                Self.expectComplete("rule.\(rule)", t("rule.\(rule)"), language, translations, "rule \(rule)")
            }
            #expect(t.refusal(.rules([broken, broken])).split(separator: "\n").count == 2)
            let fields = StoreError.Refusal.fields([
                .init(field: "prosecutor", problem: "IO-1 is not a prosecutor"), .init(field: "on", problem: "to come"),
            ])
            #expect(
                t.refusal(fields).split(separator: "\n").map { $0.hasSuffix(": IO-1 is not a prosecutor") || $0.hasSuffix(": to come") } == [
                    true, true,
                ])
            #expect(Localizer.refusalText(.text("as is"), date: t.date, time: t.time, resource: t.resource) == nil)
            for failure in [JobFailure.noPlan, .noAnswer] {
                Self.expectComplete(failure == .noPlan ? "job.noPlan" : "job.noAnswer", t.jobFailure(failure), language, translations, "\(failure)")
            }
        }
    }
}
