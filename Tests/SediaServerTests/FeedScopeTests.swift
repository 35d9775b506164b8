import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// Issue #24, finding 2: the feed of an officer who serves two states. A coordinator of either state may subscribe and
/// sees the other state's interviews as busy time only; prosecutors get no officer or psychologist feeds.
@Suite struct SharedStaffFeedTests {
    /// IO-100 serves Selangor first and Kelantan second (the attack's IO-009 served CIC-SA and CIC-KUL), with one
    /// interview in each state.
    static func harness() throws -> Harness {
        var instance = AppFixtures.instance
        instance.interviewers[2].centres = ["CIC-SA", "CIC-KB"]
        let harness = try Harness(instance: instance)
        let db = harness.database
        try db.addUser(
            username: "io100", passwordHash: Passwords.hash(Harness.password, cost: 4), role: .staff, state: nil, person: "IO-100", actor: "test")
        var selangor = AppFixtures.unbookedKelantanCase
        selangor.id = "B-2027-0010"
        selangor.child.ref = "C-0010"
        try db.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try db.createCase(selangor, state: "MY-10", childName: nil, prosecutor: nil, actor: "test")
        try db.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0009", room: "CIC-KB-2", interviewer: "IO-100", psychologist: nil, start: AppFixtures.at("2027-01-06T09:00")),
            actor: "test")
        try db.bookInterview(
            InterviewBooking(
                caseID: "B-2027-0010", room: "CIC-SA-1", interviewer: "IO-100", psychologist: nil, start: AppFixtures.at("2027-01-07T09:00")),
            actor: "test")
        return harness
    }

    static func feed(_ harness: Harness, _ username: String) async throws -> String {
        let token = try #require(try ServedFeedTests.tokens(harness, ["officer:IO-100"], username: username)["officer:IO-100"])
        let collected = Collected()
        try await harness.run { client in
            let response = try await ServedFeedTests.get(client, token)
            #expect(response.status == .ok)
            collected.set("feed", Array(buffer: response.body))
        }
        return ServedFeedTests.unfolded(String(decoding: collected.value["feed"] ?? [], as: UTF8.self))
    }

    @Test(arguments: [("kb", "CIC-KB", "CIC-SA"), ("sel", "CIC-SA", "CIC-KB")])
    func aCoordinatorSeesTheOtherStatesInterviewsAsBusyOnly(username: String, own: String, other: String) async throws {
        let harness = try Self.harness()
        let text = try await Self.feed(harness, username)
        #expect(text.contains("SUMMARY:Interview – \(own) room"))
        #expect(!text.contains(other))
        #expect(text.components(separatedBy: "SUMMARY:Busy").count == 2)
        #expect(text.components(separatedBy: "BEGIN:VEVENT").count == 3)
    }

    @Test func theOfficerSeesBothStatesInFull() async throws {
        let harness = try Self.harness()
        let text = try await Self.feed(harness, "io100")
        #expect(text.contains("SUMMARY:Interview – CIC-KB room 2"))
        #expect(text.contains("SUMMARY:Interview – CIC-SA room 1"))
        #expect(!text.contains("SUMMARY:Busy"))
    }

    @Test(arguments: [
        ("dpp01", "officer:IO-014", false), ("dpp01", "psychologist:PSY-03", false), ("dpp01", "busy-officer:IO-014", false),
        ("kb", "officer:IO-100", true), ("sel", "officer:IO-100", true), ("sel", "officer:IO-014", false), ("sel", "psychologist:PSY-03", false),
        ("kb", "psychologist:PSY-03", true), ("io100", "officer:IO-100", true), ("io100", "officer:IO-014", false),
    ])
    func whoMaySubscribeToAPersonsFeed(username: String, feed: String, allowed: Bool) throws {
        let harness = try Self.harness()
        let scope = try #require(FeedScope(feed))
        let result = Result { () throws(StoreError) in
            try harness.database.createFeedToken(tokenHash: Secrets.hash(Secrets.token()), username: username, scope: scope, actor: "test")
        }
        #expect(((try? result.get()) != nil) == allowed, "\(username) \(feed)")
        if !allowed, case .failure(let error) = result {
            #expect(error.code == .invalid)
            #expect(error.message.hasPrefix("feed: "))
        }
    }

    @Test func aTokenMadeUnderTheOldRuleStopsWorking() async throws {
        let harness = try Self.harness()
        // A prosecutor's officer feed, as the store allowed before: written straight into the table.
        let token = Secrets.token()
        try await harness.database.writer.write { db in
            let owner = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE username = 'dpp01'"))
            try db.execute(
                sql:
                    "INSERT INTO feed_token (token_hash, user, kind, subject, busy, created_at) VALUES (?, ?, 'officer', 'IO-014', 0, '2026-09-01T00:00:00Z')",
                arguments: [Data(Secrets.hash(token)), owner])
        }
        try await harness.run { client in
            let response = try await ServedFeedTests.get(client, token)
            #expect(response.status == .notFound)
        }
    }
}
