import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

@testable import SediaServer

/// The proven lower bound where coordinators see it (issue 26): the board, the replan page and the what-if page show
/// the numbers `LowerBound` proves for the same data, in English and in Malay, with the courts that force them.
@Suite struct BoundPageTests {
    static let translations: Translations = {
        do { return try Translations.load() } catch { fatalError("the bundled translations do not load: \(error)") }
    }()

    /// The fixture with three more Kota Bharu trials of two days each, all due by Thursday 7 January 2027: SC-KB sits
    /// Sunday to Wednesday, so only three sitting days (one trial) come before the deadline, and two of the three
    /// trials are late or unbooked in every plan. A Thursday sitting makes room for one more.
    static var crowded: Instance {
        var instance = AppFixtures.instance
        for n in 1...3 {
            instance.cases.append(
                Case(
                    id: .init("K-2027-010\(n)"),
                    child: Child(
                        ref: "C-010\(n)", age: 11, gender: "F", languages: ["ms"], lat: 6.1, lon: 102.2, interviewerGender: nil,
                        needsPsychologist: false, needsAccessibleRoom: false),
                    interview: nil, interviewDoneOn: AppFixtures.day("2026-11-02"),
                    hearing: HearingRequest(
                        court: "SC-KB", registeredOn: nil, deadline: AppFixtures.day("2027-01-07"), days: 2,
                        earliest: AppFixtures.day("2027-01-04"), needsVideoLink: false, needsPsychologist: false)))
        }
        return instance
    }

    /// The harness on the crowded data, with a Malay-speaking Kelantan coordinator beside the English one.
    static func harness() throws -> Harness {
        let harness = try Harness(instance: crowded)
        let hash = Passwords.hash(Harness.password, cost: 4)
        try harness.database.addUser(username: "kbms", passwordHash: hash, role: .coordinator, state: "MY-03", person: nil, actor: "test")
        let kbms = try #require(try harness.database.users().first { $0.username == "kbms" })
        try harness.database.setLanguage(userID: kbms.id, language: .ms, actor: "test")
        return harness
    }

    /// The data as the pages read it: within the server's planning window.
    static func instance(_ harness: Harness) throws -> Instance {
        try harness.database.exportInstance(window: window(harness))
    }

    static func window(_ harness: Harness) -> PlanningWindow {
        .rolling(days: harness.configuration(secure: false).horizonDays, now: harness.clock.now)
    }

    /// Kota Bharu's trials that no plan keeps on target, from the bound's own lines.
    static func kotaBharuTrials(_ b: PlanBounds) -> Int { b.missed(of: b.binding.filter { $0.kind == .court && $0.id == "SC-KB" }) }

    @Test func theBoardSaysHowManyLateTrialsNoPlanCouldAvoid() async throws {
        let harness = try Self.harness()
        let bounds = LowerBound.compute(try Self.instance(harness))
        let unavoidable = Self.kotaBharuTrials(bounds)
        #expect(unavoidable == 2)
        try await harness.run { client in
            for (user, language) in [("kb", Language.en), ("kbms", Language.ms)] {
                let t = Self.translations.localizer(language)
                let browser = try await Browser.signIn(client, user)
                let page = String(buffer: try await browser.get(client, "/board").body)
                #expect(page.contains(HTML.escape(t("board.bound", ["late": "0", "unavoidable": String(unavoidable)]))), "\(language)")
                #expect(page.contains(HTML.escape(t("bound.courtsBinding"))), "\(language)")
                #expect(page.contains(HTML.escape(t("bound.crowded.court", ["n": "2"]))), "\(language)")
            }
        }
    }

    @Test func theReplanPageShowsTheBoundOfTheDataItReplanned() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let id = try ReplanPageTests.jobID(try await kb.post(client, "/replan/start", [("budgets", "0, none")]))
            let status = try #require(await harness.replanJobs.completion(id))
            let proposal = try #require(status.proposal)
            let expected = LowerBound.compute(try ReplanInput.load(from: harness.database, scope: "MY-03", window: Self.window(harness)).instance)
            #expect(proposal.bounds == expected)
            #expect(Self.kotaBharuTrials(expected) == 2)
            let best = proposal.curve.points.map { $0.score.unassigned + $0.score.late }.min() ?? -1
            // No proposal beats the bound.
            #expect(best >= expected.missed)
            let kbms = try await Browser.signIn(client, "kbms")
            for (browser, language) in [(kb, Language.en), (kbms, Language.ms)] {
                let t = Self.translations.localizer(language)
                let page = String(buffer: try await browser.get(client, "/replan?job=\(id)").body)
                let text = t(
                    "replan.bound", ["missed": String(expected.missed), "trials": String(expected.missedHearings), "best": String(best)])
                #expect(page.contains(HTML.escape(text)), "\(language)")
                #expect(page.contains(HTML.escape(t("bound.binding", ["scope": "MY-03"]))), "\(language)")
                #expect(page.contains("SC-KB: " + HTML.escape(t("bound.crowded.court", ["n": "2"]))), "\(language)")
            }
        }
    }

    @Test func theWhatIfPageShowsEachScenariosBound() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let started = try await kb.post(client, "/whatif/start", [("changes", "+sitting-day@SC-KB:thu"), ("mode", "compare")])
            let id = try WhatifPageTests.jobID(started)
            let answer = try #require(await harness.whatifJobs.completion(id)?.output)
            let instance = try Self.instance(harness)
            let changed = try CapacityChange.parse("+sitting-day@SC-KB:thu").apply(to: instance)
            let asIs = LowerBound.compute(instance)
            let withThursday = LowerBound.compute(changed)
            #expect(answer.before.bounds == asIs)
            #expect(answer.after.bounds == withThursday)
            // The Thursday sitting lowers what no plan can avoid in Kota Bharu from two trials to one.
            #expect(Self.kotaBharuTrials(asIs) == 2)
            #expect(Self.kotaBharuTrials(withThursday) == 1)
            let kbms = try await Browser.signIn(client, "kbms")
            for (browser, language) in [(kb, Language.en), (kbms, Language.ms)] {
                let t = Self.translations.localizer(language)
                let page = String(buffer: try await browser.get(client, "/whatif?job=\(id)").body)
                for (scenario, b) in [(t("whatif.asItIs"), asIs), (t("whatif.withChanges"), withThursday)] {
                    let line = t(
                        "whatif.boundScenario",
                        ["scenario": scenario, "trials": String(b.missedHearings), "interviews": String(b.missedInterviews)])
                    #expect(page.contains(HTML.escape(line)), "\(language): \(line)")
                }
                // The state's own row: Kelantan's trials, as it is and with the Thursday sitting.
                let row = "<th scope=\"row\">\(HTML.escape(t("whatif.m.trialsMissedBound")))</th><td>2</td><td>1</td>"
                #expect(page.contains(row), "\(language)")
                #expect(page.contains("SC-KB: " + HTML.escape(t("bound.crowded.court", ["n": "1"]))), "\(language)")
            }
        }
    }
}
