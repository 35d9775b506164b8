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
}
