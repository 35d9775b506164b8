import Foundation
import SediaCalendar
import SediaCore
import Testing

@testable import SediaRules

/// The repository's own rules/ and calendars/, so these tests check the data a legal officer maintains.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let home = SediaHome(rules: root + "/rules", calendars: root + "/calendars")

    static func text(_ relative: String) throws -> String { try SediaHome.read(root + "/" + relative) }

    static func calendars() throws -> WorkingCalendars {
        try home.loadCalendars { text, file throws(RuleFileErrors) in
            do throws(ICSImportErrors) {
                let imported = try ICSImport.holidays(text, file: file)
                return (imported.holidays, imported.coverage)
            } catch {
                throw RuleFileErrors(error.errors.map { RuleFileError(file: $0.file, line: $0.line, message: $0.message) })
            }
        }.calendars
    }

    static func day(_ s: String) -> Day {
        guard let d = Day(iso: s) else { fatalError("bad date \(s)") }
        return d
    }
}

struct RuleFileTests {
    @Test(arguments: [
        ("rules/disposal.yaml", 2, 0, 0, 0), ("rules/stages.yaml", 0, 4, 0, 0), ("rules/interview.yaml", 0, 1, 0, 0),
        ("rules/readiness.yaml", 0, 0, 29, 0), ("rules/courts.yaml", 0, 0, 0, 18), ("rules/offences.yaml", 0, 0, 0, 0),
    ])
    func eachRuleFileLoads(file: String, targets: Int, rules: Int, templates: Int, courts: Int) throws {
        let reader = YAMLFields(file: file)
        let parsed = RuleFiles.parseRuleFile(try Repo.text(file), reader: reader)
        #expect(reader.errors.isEmpty, "\(reader.errors)")
        #expect(parsed.targets.count == targets)
        #expect(parsed.rules.count == rules)
        #expect(parsed.readiness.count == templates)
        #expect(parsed.courts.count == courts)
    }

    @Test func theWholeRuleBookLoadsWithTheIssueIDs() throws {
        let book = try Repo.home.loadRuleBook()
        #expect(Set(book.rules.map(\.id)).isSuperset(of: ["ptc", "case-management-first", "case-management", "trial-start", "interview-target"]))
        #expect(book.readiness.map(\.number) == Array(1...29))
        #expect(book.courts.contains { $0.id == "SC-PJY" && $0.special && $0.state == "MY-16" })
        #expect(book.courts.contains { $0.id == "SC-KCH" && $0.disposal == "kuching-special-court" })
        for (code, _) in MalaysianStates.all { #expect(book.court(id: nil, state: code) != nil, "no default court for \(code)") }
        #expect(book.interviewTarget(state: "MY-10", reportedOn: Repo.day("2025-01-10"), calendars: try Repo.calendars()) == Repo.day("2025-01-17"))
        #expect(book.disposalDue(court: "SC-KCH", state: "MY-13", registeredOn: Repo.day("2025-08-31")) == Repo.day("2026-02-28"))
        #expect(book.disposalDue(court: nil, state: "MY-12", registeredOn: Repo.day("2025-08-31")) == nil)
    }

    @Test func statesAndOverridesLoad() throws {
        let weeks = try Repo.home.loadWorkWeeks()
        #expect(weeks.count == 16)
        let johor = try #require(weeks.first { $0.code == "MY-01" })
        #expect(johor.period(on: Repo.day("2024-12-31"))?.restDays == [.fri, .sat])
        #expect(johor.period(on: Repo.day("2025-01-01"))?.restDays == [.sat, .sun])
        #expect(try Repo.home.loadOverrides().contains { $0.date == Repo.day("2025-01-01") && $0.states == ["MY-09"] })
    }

    /// Sample case at the Putrajaya special court (MY-16): charged Mon 3 Feb 2025, trial Mon 5 May 2025, reported 10 Jan 2025,
    /// online offence, every condition. Expected dates worked out by hand against the 2025 holidays (1 May Labour Day).
    @Test(arguments: [
        ("cic-recording-certificate", "2025-04-21"), ("transcript-translation", "2025-04-21"), ("live-link-order", "2025-04-21"),
        ("special-hearing-order", "2025-04-04"),  // 5 Apr is a Saturday: brought back to Friday
        ("interpreter", "2025-04-21"), ("witness-support", "2025-04-28"),
        ("legal-companion", "2025-04-04"),  // 30 days before: Saturday 5 April, brought back to Friday
        ("psychologist", "2025-04-21"),
        ("medical-chemist-reports", "2025-04-24"), ("chain-of-custody", "2025-04-21"),
        ("s51a-documents", "2025-05-02"),  // 4 May is a Sunday: Friday 2 May (Thursday 1 May is Labour Day)
        ("ptc-held", "2025-03-05"),
        ("case-management-held", "2025-04-04"),  // the first case management: charge + 60 days
        ("trial-started", "2025-05-05"),  // charge + 90 = Sunday 4 May: the next working day
        ("proof-of-age", "2025-04-21"), ("witness-list", "2025-04-04"), ("evidence-van", "2025-04-28"), ("data-preservation", "2025-01-10"),
        ("transcript", "2025-04-21"), ("special-measures-application", "2025-04-04"), ("intermediary", "2025-04-04"),
        ("child-disability", "2025-04-04"), ("reporting-restrictions", "2025-01-31"), ("device-forensics", "2025-01-17"),
        ("foreign-platform-requests", "2025-01-24"), ("plea-bargaining", "2025-04-04"), ("victim-impact-statement", "2025-05-05"),
    ])
    func readinessTemplatesGiveTheRightDueDates(template: String, due: String) throws {
        let book = try Repo.home.loadRuleBook()
        let facts = CaseFacts(
            id: "K-2025-0101", state: "MY-10", court: "SC-PJY",
            events: [
                .report: Repo.day("2025-01-10"), .registration: Repo.day("2025-01-31"), .charge: Repo.day("2025-02-03"),
                .trial: Repo.day("2025-05-05"),
            ],
            offences: ["SOAC s.11"], conditions: Set(ReadinessCondition.allCases.filter { !$0.isDerived }))
        let deadlines = try book.deadlines(for: facts, calendars: try Repo.calendars())
        let d = try #require(deadlines.first { $0.rule == template })
        #expect(d.due == Repo.day(due))
        #expect(d.kind == .readiness)
        #expect(!d.source.isEmpty)
    }

    @Test func readinessConditionsLeaveOutItemsThatDoNotApply() throws {
        let book = try Repo.home.loadRuleBook()
        let facts = CaseFacts(
            id: "K-2", state: "MY-10", events: [.report: Repo.day("2025-01-10"), .charge: Repo.day("2025-02-03"), .trial: Repo.day("2025-05-05")],
            offences: ["SOAC s.14"])
        let rules = Set(try book.deadlines(for: facts, calendars: try Repo.calendars()).map(\.rule))
        for absent in [
            "data-preservation", "interpreter", "special-hearing-order", "psychologist", "evidence-van", "transcript-translation", "intermediary",
            "child-disability", "child-turns-18", "device-forensics", "foreign-platform-requests",
        ] {
            #expect(!rules.contains(absent))
        }
        for present in ["cic-recording-certificate", "ptc", "trial-start", "case-management", "interview-target"] { #expect(rules.contains(present)) }
    }
}

struct RuleFileErrorTests {
    static let targets = """
        targets:
          - id: circular-2-2017
            title: Twelve months
            months: 12
            source: Circular 2/2017
            confidence: circular
        courts:
          - id: SES
            name: Sessions Court
            state: MY-10
            special: false
            videoLink: false
            childWaitingRoom: false
            sittingDays: [mon, tue]
            disposal: circular-2-2017
            defaultFor: [MY-10]
            source: test
            confidence: guess
        """

    static func load(_ rules: String) -> [RuleFileError] {
        do {
            _ = try RuleFiles.ruleBook(files: [("base.yaml", targets), ("stages.yaml", rules)])
            return []
        } catch {
            return error.errors
        }
    }

    static func rule(
        _ id: String, trigger: String = "charge", offset: String = "30 days after", extra: String = "source: test\n    confidence: law"
    ) -> String {
        """
          - id: \(id)
            title: \(id)
            trigger: \(trigger)
            offset: \(offset)
            nonWorkingDay: forward
            \(extra)

        """
    }

    @Test func unknownTriggerNamesFileAndLine() {
        let errors = Self.load("rules:\n" + Self.rule("ptc") + Self.rule("typo", trigger: "chrge"))
        #expect(errors.count == 1)
        #expect(errors.first?.file == "stages.yaml")
        #expect(errors.first?.line == 11)
        #expect(errors.first?.message.contains("unknown trigger `chrge`") == true)
    }

    @Test func missingSourceNamesTheRuleLine() {
        let errors = Self.load("rules:\n" + Self.rule("ptc", extra: "confidence: law"))
        #expect(errors.map(\.description) == ["stages.yaml:2: missing `source`"])
    }

    @Test func badOffsetNamesItsLine() {
        let errors = Self.load("rules:\n" + Self.rule("ptc", offset: "30 dayz after"))
        #expect(errors.first?.line == 5)
        #expect(errors.first?.message.contains("bad offset") == true)
    }

    @Test func cycleNamesTheFileAndLineOfARuleInIt() {
        let errors = Self.load("rules:\n" + Self.rule("a", trigger: "rule:b") + Self.rule("b", trigger: "rule:a"))
        #expect(errors.count == 1)
        #expect(errors.first?.file == "stages.yaml")
        #expect(errors.first.map { [2, 9].contains($0.line) } == true)
        #expect(errors.first?.message.contains("trigger cycle") == true)
    }

    @Test func misspeltKeyAndBadConfidenceAreErrors() {
        let errors = Self.load("rules:\n" + Self.rule("ptc", extra: "sorce: test\n    confidence: certain"))
        let messages = errors.map(\.message)
        #expect(messages.contains { $0.contains("unknown key `sorce`") })
        #expect(messages.contains { $0.contains("missing `source`") })
        #expect(messages.contains { $0.contains("`confidence` must be one of") })
    }

    @Test func yamlSyntaxErrorNamesTheLine() {
        let errors = Self.load("rules:\n  - id: [ptc\n    title: x\n")
        #expect(errors.first?.file == "stages.yaml")
        #expect((errors.first?.line ?? 0) >= 2)
        #expect(errors.first?.message.hasPrefix("not valid YAML") == true)
    }

    @Test func statesFileRejectsUnknownCodesAndMissingStates() {
        let yaml = """
            states:
              - code: MY-99
                name: Nowhere
                weeks:
                  - restDays: [sat, sun]
                    inLieuFor: [mon]
                source: test
                confidence: guess
            """
        let error = #expect(throws: RuleFileErrors.self) { try CalendarFiles.workWeeks(yaml: yaml, file: "states.yaml") }
        let messages = error?.errors.map(\.description) ?? []
        #expect(messages.contains("states.yaml:2: unknown state code MY-99 (expected MY-01 … MY-16)"))
        #expect(messages.contains { $0.hasPrefix("states.yaml:5:") && $0.contains("inLieuFor") })
        #expect(messages.contains { $0.contains("no working week for MY-01") })
    }

    @Test func overridesRejectUnknownStatesAndDates() {
        let yaml = """
            add:
              - date: 2025-02-30
                states: [MY-17]
                name: x
                source: y
            """
        let error = #expect(throws: RuleFileErrors.self) { try CalendarFiles.overrides(yaml: yaml, file: "overrides.yaml") }
        let messages = error?.errors.map(\.description) ?? []
        #expect(messages.contains { $0.hasPrefix("overrides.yaml:2:") && $0.contains("date") })
        #expect(messages.contains { $0.hasPrefix("overrides.yaml:3:") && $0.contains("MY-17") })
    }

    @Test func homeIsFoundFromTheEnvironmentThenTheExecutable() throws {
        let viaEnv = try SediaHome.locate(environment: ["SEDIA_HOME": Repo.root], currentDirectory: "/", executable: "/nonexistent/sedia")
        #expect(viaEnv.rules == Repo.root + "/rules")
        let viaExe = try SediaHome.locate(environment: [:], currentDirectory: "/", executable: Repo.root + "/.build/release/sedia")
        #expect(viaExe.calendars == Repo.root + "/calendars")
        #expect(throws: RuleFileErrors.self) { try SediaHome.locate(environment: [:], currentDirectory: "/", executable: "/nonexistent/bin/sedia") }
    }
}

/// rules/places/: the intake form's list of places (scripts/make-places.py from GeoNames).
struct PlaceFileTests {
    @Test func theShippedListHasEveryStateAndKnownTowns() throws {
        let places = try Repo.home.loadPlaces()
        #expect(places.places.count > 700)
        #expect(Set(places.places.map(\.state.rawValue)) == Set((1...16).map { String(format: "MY-%02d", $0) }))
        let kotaBharu = try #require(places.place(id: 1736376))
        #expect(kotaBharu.name == "Kota Bharu" && kotaBharu.state == "MY-03")
        #expect(places.place(id: 1732903)?.state == "MY-10")  // Shah Alam
        #expect(places.place(id: 1735634)?.state == "MY-13")  // Kuching
        // Nearest to a point in Kuching's old town.
        #expect(places.nearest(lat: 1.556, lon: 110.345)?.place.name == "Kuching")
    }

    @Test func aBadPlaceFileIsRefusedWithEveryProblemAndItsLine() {
        let text = """
            source: test
            places:
              - {id: 1, name: "A", state: MY-03, lat: 6.1, lon: 102.2}
              - {id: 1, name: "B", state: MY-03, lat: 6.1, lon: 102.2}
              - {id: 2, name: "C", state: MY-99, lat: 95, lon: 102.2}
              - {id: 3, name: "D", state: MY-03, lat: 6.1, lon: 102.2, street: "x"}
            """
        #expect(throws: RuleFileErrors.self) { try PlaceFiles.places(yaml: text, file: "places.yaml") }
        do {
            _ = try PlaceFiles.places(yaml: text, file: "places.yaml")
        } catch {
            let lines = error.errors.map(\.description)
            #expect(lines.contains { $0.hasPrefix("places.yaml:4:") && $0.contains("given twice") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("places.yaml:5:") && $0.contains("MY-99") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("places.yaml:5:") && $0.contains("`lat`") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("places.yaml:6:") && $0.contains("street") }, "\(lines)")
        }
    }
}
