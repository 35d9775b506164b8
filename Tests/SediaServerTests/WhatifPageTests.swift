import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// What-if from the web: changes listed in words, the question answered in the background, the same answer as the
/// planner gives for the same instance and changes, within the asker's state.
@Suite struct WhatifPageTests {
    static func jobID(_ response: TestResponse) throws -> JobID {
        let location = try #require(response.headers[.location])
        #expect(location.hasPrefix("/whatif?job="))
        return JobID(String(try #require(location.split(separator: "job=").last)))
    }

    /// `/whatif` with the list so far and one "add" form's fields, as the browser sends it.
    static func adding(_ changes: String, _ fields: [(String, String)]) -> String {
        let all = [("changes", changes)] + fields
        return "/whatif?" + all.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    @Test func aStateCoordinatorListsChangesInWordsAndGetsThePlannersAnswer() async throws {
        let harness = try Harness()
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let empty = String(buffer: try await kb.get(client, "/whatif").body)
            #expect(empty.contains("No changes listed yet"))
            #expect(empty.contains("<a href=\"/whatif\">What if</a>"))
            // Only Kelantan's centres, courts and officers are offered to Kelantan's coordinator.
            #expect(empty.contains("value=\"CIC-KB\""))
            #expect(!empty.contains("value=\"CIC-SA\""))
            #expect(!empty.contains("value=\"IO-100\""))
            let one = try await kb.get(
                client, Self.adding("", [("add", "interviewer"), ("centre", "CIC-KB"), ("languages", "ms, Kelantan"), ("gender", "F")]))
            #expect(one.status == .ok)
            let page = String(buffer: one.body)
            #expect(page.contains("One more interviewer at CIC-KB · speaks ms, kelantan · a woman"))
            let spec1 = "+interviewer@CIC-KB:lang=ms,kelantan:gender=F"
            #expect(page.contains("value=\"\(spec1)\""))
            let two = String(
                buffer: try await kb.get(client, Self.adding(spec1, [("add", "sitting-day"), ("court", "SC-KB"), ("weekday", "thu")])).body)
            #expect(two.contains("SC-KB also sits on Thursday"))
            let specs = spec1 + " +sitting-day@SC-KB:thu"
            #expect(two.contains("value=\"\(specs)\""))
            // As a browser's GET form sends the list: spaces as `+`, pluses as `%2B`.
            let browser = try await kb.get(client, "/whatif?changes=%2Broom%40CIC-KB%3Aaccessible+-interviewer%3AIO-020&add=cases&percent=10")
            #expect(browser.status == .ok)
            let listed = String(buffer: browser.body)
            #expect(listed.contains("One more recording room at CIC-KB · accessible"))
            #expect(listed.contains("IO-020 leaves"))
            #expect(listed.contains("10% more cases"))
            // Removing one keeps the other.
            let removed = String(buffer: try await kb.get(client, "/whatif?changes=\(specs.queryEncoded)&remove=%2Bsitting-day%40SC-KB%3Athu").body)
            #expect(!removed.contains("SC-KB also sits on Thursday"))
            #expect(removed.contains("One more interviewer at CIC-KB"))

            let started = try await kb.post(client, "/whatif/start", [("changes", specs), ("mode", "compare")])
            #expect(started.status == .seeOther)
            let id = try Self.jobID(started)
            let status = try #require(await harness.whatifJobs.completion(id))
            #expect(status.state == .done)
            let answer = try #require(status.output)
            #expect(answer.scope == "MY-03")
            // The planner's own answer for the same instance and changes, with the same search.
            let instance = try harness.database.exportInstance()
            var changed = instance
            for change in answer.changes { changed = try change.apply(to: changed) }
            let options = SolverOptions(iterations: 200, seed: 1)
            let expected = await CapacityPlanner.evaluateAll([instance, changed], options: options, parallelism: 1)
            #expect(answer.before == expected[0])
            #expect(answer.after == expected[1])

            let result = String(buffer: try await kb.get(client, "/whatif?job=\(id)").body)
            #expect(result.contains("Trials that miss the disposal target"))
            #expect(result.contains("Your state, MY-03"))
            #expect(result.contains("SC-KB also sits on Thursday"))
            #expect(!result.contains("http-equiv=\"refresh\""))
            // Another state's coordinator cannot follow it.
            let sel = try await Browser.signIn(client, "sel")
            #expect(try await sel.get(client, "/whatif?job=\(id)").status == .notFound)
            #expect(try await sel.post(client, "/whatif/cancel", [("job", id.rawValue)]).status == .notFound)
        }
    }

    @Test func refusalsNameTheFieldAndNothingStarts() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            // Another state's centre, even typed into the address.
            let other = try await kb.get(client, Self.adding("", [("add", "room"), ("centre", "CIC-SA")]))
            #expect(other.status == .unprocessableContent)
            #expect(String(buffer: other.body).contains("Centre: choose one of yours"))
            // A court sits on Sunday already; Friday is Kelantan's rest day.
            let sits = String(
                buffer: try await kb.get(client, Self.adding("", [("add", "sitting-day"), ("court", "SC-KB"), ("weekday", "sun")])).body)
            #expect(sits.contains("SC-KB already sits on Sunday"))
            let rest = String(
                buffer: try await kb.get(client, Self.adding("", [("add", "sitting-day"), ("court", "SC-KB"), ("weekday", "fri")])).body)
            #expect(rest.contains("Friday is a rest day where SC-KB sits"))
            let percent = try await kb.get(client, Self.adding("", [("add", "cases"), ("percent", "900")]))
            #expect(String(buffer: percent.body).contains("More cases (%): a whole number from 1 to 500, got 900"))
            let languages = try await kb.get(client, Self.adding("", [("add", "interviewer"), ("centre", "CIC-KB"), ("languages", "<script>")]))
            #expect(languages.status == .unprocessableContent)
            #expect(!String(buffer: languages.body).contains("<script>"))
            // Comparing nothing, a foreign officer, no CSRF token.
            #expect(try await kb.post(client, "/whatif/start", [("mode", "compare")]).status == .unprocessableContent)
            #expect(
                try await kb.post(client, "/whatif/start", [("changes", "-interviewer:IO-100"), ("mode", "compare")]).status == .unprocessableContent)
            #expect(try await kb.post(client, "/whatif/start", [("changes", "+room@CIC-KB"), ("mode", "compare")], csrf: false).status == .forbidden)
            // Another state's court and centre, and more changes than a question may hold.
            for changes in [
                "+sitting-day@SC-SA:fri", "+room@CIC-SA", "+psychologist@CIC-SA", Array(repeating: "+room@CIC-KB", count: 11).joined(separator: " "),
            ] {
                #expect(
                    try await kb.post(client, "/whatif/start", [("changes", changes), ("mode", "compare")]).status == .unprocessableContent,
                    "\(changes)")
            }
            #expect(
                try await kb.post(client, "/whatif/start", [("mode", "recommend"), ("budget", "9"), ("objective", "late")]).status
                    == .unprocessableContent)
            // A prosecutor does not plan capacity.
            let dpp = try await Browser.signIn(client, "dpp")
            #expect(try await dpp.get(client, "/whatif").status == .forbidden)
        }
        #expect(harness.whatifJobs.board.current(scope: "MY-03") == nil)
    }

    @Test func aNationalCoordinatorAsksWhichAdditionsHelpMost() async throws {
        let harness = try Harness()
        let hash = Passwords.hash(Harness.password, cost: 4)
        try harness.database.addUser(username: "hq", passwordHash: hash, role: .coordinator, state: nil, person: nil, actor: "test")
        try harness.database.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let hq = try await Browser.signIn(client, "hq")
            let form = String(buffer: try await hq.get(client, "/whatif").body)
            #expect(form.contains("value=\"CIC-SA\""))
            let started = try await hq.post(client, "/whatif/start", [("mode", "recommend"), ("budget", "2"), ("objective", "late")])
            let id = try Self.jobID(started)
            let status = try #require(await harness.whatifJobs.completion(id))
            #expect(status.state == .done)
            let answer = try #require(status.output)
            #expect(answer.scope == nil)
            let steps = try #require(answer.recommendations)
            #expect(steps.count <= 2)
            // Each addition listed helps, and the final measures are the last step's.
            for step in steps {
                #expect(step.after.missedHearings + step.after.missedInterviews <= step.before.missedHearings + step.before.missedInterviews)
            }
            #expect(answer.after == (steps.last?.after ?? answer.before))
            let page = String(buffer: try await hq.get(client, "/whatif?job=\(id)").body)
            #expect(page.contains(steps.isEmpty ? "No single addition the planner tried improves on this." : "Additions that help most, in order"))
            #expect(!page.contains("Your state"))
        }
    }

    /// A stopped question ends as cancelled, even when it was stopped before its first solve began.
    @Test(.timeLimit(.minutes(2))) func aStoppedQuestionEndsWithoutAnAnswer() async throws {
        let jobs = WhatifJobs(parallelism: 1)
        let question = WhatifQuestion(
            instance: AppFixtures.instance, scope: "MY-03", changes: [.addRoom(centre: "CIC-KB", accessible: false)], mode: .compare,
            iterations: 100_000_000)
        let id = jobs.start(question)
        #expect(jobs.start(question) == id)
        jobs.cancel(id)
        let status = try #require(await jobs.completion(id))
        #expect(status.state == .cancelled)
        #expect(status.output == nil)
    }
}

extension String {
    fileprivate var queryEncoded: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
}
