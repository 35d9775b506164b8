import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// A coordinator's Today: the interviews of today and tomorrow, the cases waiting to be booked, the late ones with
/// their next step, and failed mail, for their state only (a national coordinator: every state).
@Suite struct TodayPageTests {
    /// 6 January 2027, 02:00 in Malaysia.
    static let sixthOfJanuary = Date(timeIntervalSince1970: 1_799_172_000)

    /// A Kelantan case whose interview target (2 January) has passed unbooked.
    static var lateCase: Case {
        Case(
            id: "K-2027-0010",
            child: Child(
                ref: "C-0010", age: 8, gender: "M", languages: ["ms"], lat: 6.1, lon: 102.2, interviewerGender: nil, needsPsychologist: false,
                needsAccessibleRoom: false),
            interview: InterviewRequest(durationMinutes: 60, earliest: AppFixtures.day("2026-12-01"), targetBy: AppFixtures.day("2027-01-02")),
            interviewDoneOn: nil, hearing: nil)
    }

    @Test func aStateCoordinatorSeesTheirStatesDayOnly() async throws {
        let harness = try Harness()
        let db = harness.database
        try db.createCase(AppFixtures.unbookedKelantanCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try db.createCase(Self.lateCase, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try db.setContact(person: "IO-014", email: "io014@example.test", delivery: .invitations, actor: "test")
        try db.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00")),
            actor: "test")
        let message = try #require(try db.dueMail(holdSeconds: 0, all: true).first)
        #expect(try db.beginAttempt(id: message.entry.id, sequence: message.entry.sequence, messageID: "<today@example.test>"))
        try db.markAttemptFailed(id: message.entry.id, sequence: message.entry.sequence, error: "554 mailbox unavailable", retryAt: nil)
        try db.addUser(
            username: "nat", passwordHash: Passwords.hash(Harness.password, cost: 4), role: .coordinator, state: nil, person: nil, actor: "test")
        harness.clock.now = Self.sixthOfJanuary
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            #expect(try await kb.get(client, "/").headers[.location] == "/today")
            let page = String(buffer: try await kb.get(client, "/today").body)
            #expect(page.contains("<h1>Today</h1>"))
            // The state by its name, not its code.
            #expect(page.contains("· Kelantan</p>"))
            #expect(!page.contains("· MY-03</p>"))
            // Today's interview at CIC-KB, with its officer and psychologist.
            let soon = try #require(page.range(of: "id=\"soon\"")).upperBound
            let waitingAt = try #require(page.range(of: "id=\"waiting\"")).lowerBound
            let interviews = String(page[soon..<waitingAt])
            #expect(interviews.contains("K-2027-0001"))
            #expect(interviews.contains("IO-014"))
            // K-2027-0002's pinned interview was yesterday.
            #expect(!interviews.contains("K-2027-0002"))
            // Waiting, the longest first: K-2027-0010 (since 1 Dec), K-2027-0001's trial (registered 20 Nov) before it.
            let attentionAt = try #require(page.range(of: "id=\"attention\"")).lowerBound
            let waiting = String(page[waitingAt..<attentionAt])
            let trial = try #require(waiting.range(of: "K-2027-0001"))
            let late = try #require(waiting.range(of: "K-2027-0010"))
            let recent = try #require(waiting.range(of: "K-2027-0009"))
            #expect(trial.lowerBound < late.lowerBound && late.lowerBound < recent.lowerBound)
            // The late case and its one next step.
            let attention = String(page[attentionAt...])
            #expect(attention.contains("K-2027-0010"))
            #expect(attention.contains("href=\"/cases/K-2027-0010/slots?task=interview\">Book the interview"))
            #expect(page.contains("id=\"mail-failed\""))
            // Nothing of Selangor's.
            #expect(!page.contains("B-2027-0003"))
            let sel = String(buffer: try await Browser.signIn(client, "sel").get(client, "/today").body)
            #expect(sel.contains("B-2027-0003"))
            #expect(!sel.contains("K-2027-"))
            #expect(!sel.contains("id=\"mail-failed\""))
            let national = String(buffer: try await Browser.signIn(client, "nat").get(client, "/today").body)
            #expect(national.contains("B-2027-0003") && national.contains("K-2027-0010"))
            #expect(try await Browser.signIn(client, "dpp01").get(client, "/today").status == .forbidden)
        }
        let account = try #require(try db.users().first { $0.username == "kb" })
        try db.setLanguage(userID: account.id, language: .ms, actor: "test")
        try await harness.run { client in
            let page = String(buffer: try await Browser.signIn(client, "kb").get(client, "/today").body)
            #expect(page.contains("<h1>Hari ini</h1>"))
            #expect(page.contains("Tempah temu bual"))
        }
    }
}
