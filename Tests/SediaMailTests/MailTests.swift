import Foundation
import SediaAppTestSupport
import SediaCalendar
import SediaCore
import SediaMail
import SediaStore
import SediaTestSupport
import Testing

struct MailTextTests {
    @Test func everyKeyExistsInBothLanguages() throws {
        let en = try MailText.load(.en)
        let ms = try MailText.load(.ms)
        #expect(!en.table.isEmpty)
        #expect(Set(en.table.keys) == Set(ms.table.keys))
    }

    @Test(arguments: [
        (Language.en, "2027-01-04T15:30", "Mon 4 Jan 2027, 15:30"),
        (Language.ms, "2027-01-04T15:30", "Isnin, 4 Jan 2027, 3:30 ptg"),
        (Language.ms, "2027-08-01T09:00", "Ahad, 1 Ogo 2027, 9:00 pagi"),
        (Language.en, "2027-08-01T09:00", "Sun 1 Aug 2027, 09:00"),
        (Language.ms, "2027-08-01T00:15", "Ahad, 1 Ogo 2027, 12:15 tengah malam"),
        (Language.ms, "2027-08-01T12:30", "Ahad, 1 Ogo 2027, 12:30 tgh"),
        (Language.ms, "2027-08-01T20:00", "Ahad, 1 Ogo 2027, 8:00 mlm"),
    ])
    func datesAreWrittenAsPeopleWriteThem(language: Language, at: String, expected: String) {
        #expect(MailText.forLanguage(language).dateTime(AppFixtures.at(at)) == expected)
    }

    @Test(arguments: ["a@b", "no spaces@x.my", "x@y.my>", "\"q\"@x.my", "a@@x.my", "a@-x.my"])
    func addressesThatCouldBreakAHeaderAreRefused(address: String) {
        #expect(EmailRule.problem(address) != nil)
    }
}

struct OutboxTests {
    @Test func aBookingQueuesOneRequestPerPersonWhoWantsInvitations() throws {
        let db = try MailFixtures.database()
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        let queued = try db.outbox(status: .queued)
        // IO-014 (address, no choice: invitations) and DPP-01; PSY-03 chose the feed and is not on this booking anyway.
        #expect(Set(queued.map(\.recipient)) == ["IO-014", "DPP-01"])
        #expect(queued.allSatisfy { $0.method == .request && $0.sequence == 0 && $0.caseID == MailFixtures.caseID.rawValue })
    }

    @Test func changesBeforeSendingCoalesceIntoTheFinalStateWithTheHigherSequence() throws {
        let db = try MailFixtures.database()
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        try db.bookInterview(MailFixtures.booking("2027-01-07T14:00"), actor: "test", reason: "room change")
        let queued = try db.outbox(status: .queued)
        #expect(queued.count == 2)
        #expect(queued.allSatisfy { $0.sequence == 1 })
        let message = try #require(try db.dueMail(holdSeconds: 0, all: true).first { $0.entry.recipient == "IO-014" })
        guard case .timed(let start, _) = try #require(message.event).when else {
            Issue.record("an interview's invitation has times")
            return
        }
        #expect(start.minute == 14 * 60)
    }

    @Test func aCancellationOfAnInvitationThatNeverLeftSendsNothing() throws {
        let db = try MailFixtures.database()
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        try db.cancel(caseID: MailFixtures.caseID, task: .interview, reason: "withdrawn", actor: "test")
        #expect(try db.outboxCounts().queued == 0)
    }

    @Test func aNewInterviewerGetsTheRequestAndTheOldOneTheCancelBothWithTheEventsSequence() throws {
        let db = try MailFixtures.database()
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        for m in try db.dueMail(holdSeconds: 0, all: true) {
            #expect(try db.beginAttempt(id: m.entry.id, sequence: m.entry.sequence, messageID: "<\(m.entry.id)@t>"))
            #expect(try db.markSent(id: m.entry.id, sequence: m.entry.sequence))
        }
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00", interviewer: "IO-020"), actor: "test", reason: "swap")
        let queued = try db.outbox(status: .queued)
        #expect(queued.first { $0.recipient == "IO-014" }.map { "\($0.method?.rawValue ?? "") \($0.sequence)" } == "CANCEL 1")
        // SEQUENCE is the event's (RFC 5546 §2.1.4): the officer new to it gets its current number, not 0.
        #expect(queued.first { $0.recipient == "IO-020" }.map { "\($0.method?.rawValue ?? "") \($0.sequence)" } == "REQUEST 1")
        #expect(queued.first { $0.recipient == "DPP-01" }.map { "\($0.method?.rawValue ?? "") \($0.sequence)" } == "REQUEST 1")
    }

    @Test func aReplanMovingManyBookingsQueuesAtMostOneMessagePerPersonAndBooking() throws {
        let db = try MailFixtures.database()
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        let plan = Plan(instance: nil, interviews: [MailFixtures.booking("2027-01-07T15:00")], hearings: [], unassigned: [], score: nil)
        _ = try db.applyPlan(plan, actor: "test")
        let queued = try db.outbox(status: .queued)
        #expect(queued.count == Set(queued.map(\.recipient)).count)
    }

    @Test func theMessageFollowsTheRecipientsFeedAllowList() throws {
        let db = try MailFixtures.database()
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        let composer = MailComposer(from: MailFixtures.from, uidSecret: Array(repeating: 7, count: 32))
        for message in try db.dueMail(holdSeconds: 0, all: true) {
            let mail = try composer.compose(message, date: AppFixtures.fixedNow).get()
            let text = String(decoding: mail.bytes, as: UTF8.self)
            #expect(!text.contains(MailFixtures.sentinelName) && !text.contains(MailFixtures.sentinelReference))
            let event = try #require(message.event)
            let feed = MailComposer.feed(for: message.entry.recipient, of: event)
            let calendar = FeedCalendar.invitation(
                method: .request, uid: "u@sedia", sequence: 0, stamp: UTCInstant(seconds: 0), event: event, feed: feed,
                organizer: MailFixtures.from, attendee: "x@y.my")
            let parsed = try #require(FeedInspection.parse(calendar))
            #expect(parsed.errors.isEmpty)
            #expect(parsed.restrictionsPass)
            let summary = parsed.events.first?.value("SUMMARY") ?? ""
            #expect(summary.contains(MailFixtures.caseID.rawValue) == (message.entry.recipient == "DPP-01"))
        }
    }
}
