import Foundation
import SediaCore
import Testing

@testable import SediaRules

/// The repository's rule book as the law reads: advisory stage rules, the new readiness items and their conditions,
/// the default court of the Klang Valley and the Borneo courts' unpublished timeline.
struct RuleBookLawTests {
    /// Charged Monday 3 February 2025, trial Monday 5 May 2025 (as RuleFileTests' sample case).
    static func facts(
        state: String = "MY-10", court: Court.ID? = nil, offences: [String] = ["SOAC s.14"], conditions: Set<ReadinessCondition> = [],
        represented: Bool? = nil, claimsTrial: Bool? = nil, turns18: String? = nil
    ) -> CaseFacts {
        CaseFacts(
            id: "K-1", state: StateInfo.ID(state), court: court,
            events: [
                .report: Repo.day("2025-01-10"), .registration: Repo.day("2025-01-31"), .charge: Repo.day("2025-02-03"),
                .trial: Repo.day("2025-05-05"),
            ],
            offences: offences, conditions: conditions, accusedRepresented: represented, claimsTrial: claimsTrial,
            childTurns18On: turns18.map(Repo.day), trialEnd: Repo.day("2025-05-09"))
    }

    static func rules(_ facts: CaseFacts) throws -> Set<String> {
        Set(try Repo.home.loadRuleBook().deadlines(for: facts, calendars: try Repo.calendars()).map(\.rule))
    }

    /// Users who work in Malay read every title in Malay: each rule, target and readiness item has its `titleMs`, and each
    /// court without a disposal target says why in Malay too; a deadline carries the Malay title through.
    @Test func everyTitleHasItsBahasaMalaysiaText() throws {
        let book = try Repo.home.loadRuleBook()
        #expect(book.rules.filter { ($0.titleMs ?? "").isEmpty }.map(\.id) == [])
        #expect(book.disposalTargets.filter { ($0.titleMs ?? "").isEmpty }.map(\.id) == [])
        #expect(book.readiness.filter { ($0.titleMs ?? "").isEmpty }.map(\.id) == [])
        #expect(book.courts.filter { $0.noDisposalReason != nil && ($0.noDisposalReasonMs ?? "").isEmpty }.map(\.id.rawValue) == [])
        #expect(book.readiness.filter { $0.titleMs == $0.title }.map(\.id) == [])
        let deadlines = try book.deadlines(for: Self.facts(), calendars: try Repo.calendars())
        #expect(!deadlines.isEmpty)
        #expect(deadlines.allSatisfy { $0.titleMs != nil })
    }

    @Test func theCaseManagementRulesSayWhatSection172BSays() throws {
        let book = try Repo.home.loadRuleBook()
        let subsequent = try #require(book.rules.first { $0.id == "case-management" })
        #expect(subsequent.advisory == .always)
        #expect(subsequent.source.contains("A subsequent case management, if necessary, may be held not less than two weeks"))
        let first = try #require(book.rules.first { $0.id == "case-management-first" })
        #expect(first.advisory == nil && first.timing.trigger == .event(.charge) && first.timing.offset == Offset(amount: 60, unit: .days))
        #expect(first.appliesWhen == .accusedClaimsTrial)
        let ptc = try #require(book.rules.first { $0.id == "ptc" })
        #expect(ptc.advisory == .afterDue && ptc.appliesWhen == .accusedRepresentedClaimsTrial)
        #expect(ptc.source.contains("or any reasonable time before the commencement of the case management"))
    }

    /// Every day from charge to long after the trial: the stage rules the law allows later or makes optional are never overdue.
    @Test(arguments: ["case-management", "ptc", "ptc-held", "plea-bargaining", "victim-impact-statement"])
    func anAdvisoryRuleOfTheBookIsNeverOverdue(rule: String) throws {
        let book = try Repo.home.loadRuleBook()
        var facts = Self.facts()
        facts.events[.trial] = Repo.day("2025-09-01")
        let d = try #require(try book.deadlines(for: facts, calendars: try Repo.calendars()).first { $0.rule == rule })
        var day = Repo.day("2025-02-03")
        while day < Repo.day("2025-08-31") {
            #expect(d.status(on: day) != .overdue, "\(rule) overdue on \(day)")
            day = day.adding(days: 1)
        }
    }

    @Test func theFirstCaseManagementIsADutyDueSixtyDaysAfterCharge() throws {
        let book = try Repo.home.loadRuleBook()
        let d = try #require(try book.deadlines(for: Self.facts(), calendars: try Repo.calendars()).first { $0.rule == "case-management-first" })
        // 3 February + 60 days = Friday 4 April 2025.
        #expect(d.due == Repo.day("2025-04-04"))
        #expect(d.status(on: Repo.day("2025-04-07")) == .overdue)
    }

    @Test(arguments: [
        // (court, live-link item present, transfer item present)
        ("SC-PJY", true, false), ("SESSIONS-MY-01", false, true),
    ])
    func theLiveLinkItemDependsOnTheCourtsFacilities(court: String, order: Bool, transfer: Bool) throws {
        let state = court == "SC-PJY" ? "MY-16" : "MY-01"
        let rules = try Self.rules(Self.facts(state: state, court: Court.ID(court)))
        #expect(rules.contains("live-link-order") == order)
        #expect(rules.contains("live-link-transfer") == transfer)
    }

    @Test func aTranslationIsNeededOnlyForARecordingInAnotherLanguage() throws {
        let malay = try Self.rules(Self.facts())
        #expect(malay.contains("transcript") && !malay.contains("transcript-translation"))
        let other = try Self.rules(Self.facts(conditions: [.recordingInOtherLanguage]))
        #expect(other.contains("transcript") && other.contains("transcript-translation"))
    }

    @Test(arguments: [
        (ReadinessCondition.intermediaryNeeded, "intermediary"), (.childWithDisability, "child-disability"),
    ])
    func aListedConditionBringsItsItem(condition: ReadinessCondition, item: String) throws {
        #expect(!(try Self.rules(Self.facts())).contains(item))
        #expect(try Self.rules(Self.facts(conditions: [condition])).contains(item))
    }

    @Test(arguments: [("2025-05-09", true), ("2025-01-01", true), ("2025-05-10", false)])
    func theChildTurning18BeforeTheTrialEndsBringsItsItem(birthday: String, present: Bool) throws {
        #expect(try Self.rules(Self.facts(turns18: birthday)).contains("child-turns-18") == present)
    }

    @Test func thePleaAndRepresentationDecideThePretrialSteps() throws {
        let usual = try Self.rules(Self.facts())
        #expect(usual.isSuperset(of: ["ptc", "ptc-held", "case-management-first", "plea-bargaining"]))
        let unrepresented = try Self.rules(Self.facts(represented: false))
        #expect(!unrepresented.contains("ptc") && !unrepresented.contains("ptc-held"))
        #expect(unrepresented.contains("case-management-first") && unrepresented.contains("plea-bargaining"))
        let guilty = try Self.rules(Self.facts(claimsTrial: false))
        #expect(guilty.isDisjoint(with: ["ptc", "case-management-first", "case-management-held", "witness-list", "plea-bargaining"]))
    }

    @Test func onlineOffencesComeFromTheRuleFilesAndBringTheirItems() throws {
        let book = try Repo.home.loadRuleBook()
        #expect(
            book.onlineOffences.sections == [
                "SOAC s.5", "SOAC s.6", "SOAC s.7", "SOAC s.8", "SOAC s.9", "SOAC s.10", "SOAC s.11", "SOAC s.12", "SOAC s.13", "SOAC s.15A",
                "SOAC s.15B",
            ])
        #expect(!book.onlineOffences.source.isEmpty)
        let online = try Self.rules(Self.facts(offences: ["SOAC s.11"]))
        #expect(online.isSuperset(of: ["data-preservation", "device-forensics", "foreign-platform-requests"]))
        let offline = try Self.rules(Self.facts(offences: ["SOAC s.14"]))
        #expect(offline.isDisjoint(with: ["data-preservation", "device-forensics", "foreign-platform-requests"]))
    }

    @Test func everyAlwaysItemAppliesToTheUsualCase() throws {
        let rules = try Self.rules(Self.facts())
        for item in ["legal-companion", "special-measures-application", "reporting-restrictions", "victim-impact-statement", "transcript"] {
            #expect(rules.contains(item), "\(item)")
        }
        let book = try Repo.home.loadRuleBook()
        #expect(book.readiness.first { $0.id == "legal-companion" }?.owner == "legal-aid")
        #expect(book.readiness.first { $0.id == "medical-chemist-reports" }?.confidence == .law)
    }

    /// Each item this book gained or changed says whether its section was checked against the text.
    @Test func everyNewOrChangedSourceSaysWhetherItWasVerified() throws {
        let book = try Repo.home.loadRuleBook()
        let checked: Set<String> = [
            "ptc", "case-management-first", "trial-start", "case-management", "transcript-translation", "live-link-order", "legal-companion",
            "medical-chemist-reports", "live-link-transfer", "transcript", "special-measures-application", "intermediary", "child-disability",
            "child-turns-18", "reporting-restrictions", "device-forensics", "foreign-platform-requests", "plea-bargaining",
            "victim-impact-statement",
        ]
        let sources = book.rules.map { ($0.id, $0.source) } + book.readiness.map { ($0.id, $0.source) }
        #expect(Set(sources.map(\.0)).isSuperset(of: checked))
        for (id, source) in sources where checked.contains(id) {
            #expect(source.lowercased().contains("verified"), "\(id): \(source)")
        }
    }

    @Test(arguments: ["MY-10", "MY-14", "MY-16"])
    func klangValleyCasesGoToTheSpecialCourtAtPutrajaya(state: String) throws {
        let book = try Repo.home.loadRuleBook()
        #expect(book.court(id: nil, state: StateInfo.ID(state))?.id == "SC-PJY")
    }

    @Test(arguments: ["MY-12", "MY-13", "MY-15"])
    func borneoCourtsSayTheirTimelineIsNotPublished(state: String) throws {
        let book = try Repo.home.loadRuleBook()
        let d = try #require(try book.deadlines(for: Self.facts(state: state), calendars: try Repo.calendars()).first { $0.rule == "disposal" })
        #expect(d.due == nil)
        #expect(d.status(on: Repo.day("2025-03-01")) == .timelineNotPublished)
        #expect(d.note?.hasPrefix("Timeline not published") == true)
    }

    @Test func aSecondOnlineOffenceListIsAnError() throws {
        let list = "onlineOffences:\n  sections: [SOAC s.11]\n  source: test\n  confidence: guess\n"
        let files = try ["disposal.yaml", "stages.yaml", "readiness.yaml", "courts.yaml", "offences.yaml"].map {
            (name: $0, text: try Repo.text("rules/" + $0))
        }
        let error = #expect(throws: RuleFileErrors.self) { try RuleFiles.ruleBook(files: files + [(name: "local.yaml", text: list)]) }
        #expect(error?.errors.contains { $0.file == "local.yaml" && $0.message.contains("given twice") } == true)
    }
}
