import Foundation
import SediaAppTestSupport
import SediaCalendar
import SediaCore
import SediaStore
import SediaTestSupport
import SediaTexts
import Testing

@testable import SediaMail

struct MailTextTests {
    /// Mail reads the program's one table per language, and both have every key mail writes.
    @Test func everyKeyExistsInBothLanguages() throws {
        let en = try MailText.load(.en)
        let ms = try MailText.load(.ms)
        #expect(!en.table.isEmpty)
        #expect(Set(en.table.keys) == Set(ms.table.keys))
        let tables = try TextTables.tables.get()
        #expect(en.table == tables[.en] && ms.table == tables[.ms])
        #expect(en("notice.subject") != "notice.subject" && ms("digest.none") == "Tiada.")
    }

    /// Mail names its values in braces, as every other text does, and a key a language lacks reads as in English.
    @Test func mailUsesThePagesPlaceholdersAndFallback() throws {
        for language in Language.allCases {
            let text = try MailText.load(language)
            #expect(!text.table.values.contains { $0.contains("%@") }, "\(language)")
        }
        let ms = MailText.forLanguage(.ms)
        #expect(ms("digest.overdue", ["days": "3"]).contains("3"))
        #expect(!ms("digest.overdue", ["days": "3"]).contains("{days}"))
        let partial = MailText(language: .ms, table: [:], fallback: ["body.case": "Case: {case}"])
        #expect(partial("body.case", ["case": "K-1"]) == "Case: K-1")
        #expect(partial("no.such.key") == "no.such.key")
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

    @Test(arguments: [
        "a@b", "no spaces@x.my", "x@y.my>", "\"q\"@x.my", "a@@x.my", "a@-x.my", "a@x.my\r\nBcc: e@evil.example", "a@x.my\nBcc: e@evil.example",
        "a@x.my\r", "a@x.my\u{0}",
    ])
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

    /// SEQUENCE is the event's, whoever receives it (RFC 5546 §2.1.4): an officer added at the third version gets 2,
    /// not 0, and the cancellation of the whole booking carries the next number to everyone who had it.
    @Test func aPersonAddedLateAndTheFinalCancelCarryTheEventsCurrentSequence() throws {
        let db = try MailFixtures.database()
        func sendAll() throws {
            for m in try db.dueMail(holdSeconds: 0, all: true) {
                #expect(try db.beginAttempt(id: m.entry.id, sequence: m.entry.sequence, messageID: "<\(m.entry.id)@t>"))
                #expect(try db.markSent(id: m.entry.id, sequence: m.entry.sequence))
            }
        }
        func queued() throws -> [String: String] {
            Dictionary(
                try db.outbox(status: .queued).map { ($0.recipient, "\($0.method?.rawValue ?? "") \($0.sequence)") }, uniquingKeysWith: { a, _ in a })
        }
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        try sendAll()
        try db.bookInterview(MailFixtures.booking("2027-01-07T14:00"), actor: "test", reason: "room change")
        #expect(try queued() == ["IO-014": "REQUEST 1", "DPP-01": "REQUEST 1"])
        try sendAll()
        try db.bookInterview(MailFixtures.booking("2027-01-07T14:00", interviewer: "IO-020"), actor: "test", reason: "swap")
        #expect(try queued() == ["IO-014": "CANCEL 2", "IO-020": "REQUEST 2", "DPP-01": "REQUEST 2"])
        try sendAll()
        try db.cancel(caseID: MailFixtures.caseID, task: .interview, reason: "withdrawn", actor: "test")
        #expect(try queued() == ["IO-020": "CANCEL 3", "DPP-01": "CANCEL 3"])
    }

    @Test func aReplanMovingManyBookingsQueuesAtMostOneMessagePerPersonAndBooking() throws {
        let db = try MailFixtures.database()
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        let plan = Plan(instance: nil, interviews: [MailFixtures.booking("2027-01-07T15:00")], hearings: [], unassigned: [], score: nil)
        _ = try db.applyPlan(plan, actor: "test")
        let queued = try db.outbox(status: .queued)
        #expect(queued.count == Set(queued.map(\.recipient)).count)
    }

    /// A subject that is not plain printable ASCII (an en dash, a line break) goes out as one RFC 2047 encoded word.
    @Test func subjectsOutsidePlainASCIIAreEncodedWords() throws {
        #expect(MailComposer.encodedWord("Interview booked: Thu 7 Jan 2027, 10:00") == "Interview booked: Thu 7 Jan 2027, 10:00")
        for subject in ["Temu bual – Khamis, 7 Jan 2027", "Booked\r\nBcc: e@evil.example"] {
            let word = MailComposer.encodedWord(subject)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            #expect(word.utf8.allSatisfy { (0x21..<0x7F).contains($0) })
            let data = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            #expect(String(decoding: data, as: UTF8.self) == subject)
        }
    }

    /// What held in the second attack (issue 24): in either language, every header line is plain ASCII (a subject
    /// that is not is RFC 2047 encoded), no part holds the child's name or reference, and only the prosecutor's mail
    /// names the case.
    @Test(arguments: [Language.en, .ms])
    func headersAreASCIIAndOnlyTheProsecutorsMailNamesTheCase(language: Language) throws {
        let db = try MailFixtures.database()
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        let composer = MailComposer(from: MailFixtures.from, calendar: FeedInvitations(secret: Array(repeating: 7, count: 32)))
        let due = try db.dueMail(holdSeconds: 0, all: true)
        #expect(Set(due.map(\.entry.recipient)) == ["IO-014", "DPP-01"])
        for var message in due {
            message.language = language
            let raw = String(decoding: try composer.compose(message, date: AppFixtures.fixedNow).get().bytes, as: UTF8.self)
            let head = try #require(raw.components(separatedBy: "\r\n\r\n").first)
            #expect(head.utf8.allSatisfy { $0 == 0x0D || $0 == 0x0A || (0x20..<0x7F).contains($0) }, "\(message.entry.recipient)")
            let subject = try #require(head.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") })
            // Every part decoded: the words a person reads and the calendar.
            var decoded = head
            for chunk in raw.components(separatedBy: "Content-Transfer-Encoding: base64\r\n\r\n").dropFirst() {
                let base64 = chunk.components(separatedBy: "--").first?.replacingOccurrences(of: "\r\n", with: "") ?? ""
                decoded += String(decoding: try #require(Data(base64Encoded: base64)), as: UTF8.self)
            }
            if subject.contains("=?UTF-8?B?") {
                let word = subject.dropFirst("Subject: =?UTF-8?B?".count).dropLast(2)
                decoded += String(decoding: try #require(Data(base64Encoded: String(word))), as: UTF8.self)
            }
            #expect(!decoded.contains(MailFixtures.sentinelName) && !decoded.contains(MailFixtures.sentinelReference))
            #expect(decoded.contains(MailFixtures.caseID.rawValue) == (message.entry.recipient == "DPP-01"), "\(message.entry.recipient)")
        }
    }

    @Test func theMessageFollowsTheRecipientsFeedAllowList() throws {
        let db = try MailFixtures.database()
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        let composer = MailComposer(from: MailFixtures.from, calendar: FeedInvitations(secret: Array(repeating: 7, count: 32)))
        for message in try db.dueMail(holdSeconds: 0, all: true) {
            let mail = try composer.compose(message, date: AppFixtures.fixedNow).get()
            let text = String(decoding: mail.bytes, as: UTF8.self)
            #expect(!text.contains(MailFixtures.sentinelName) && !text.contains(MailFixtures.sentinelReference))
            let event = try #require(message.event)
            let feed = FeedInvitations.feed(for: message.entry.recipient, of: event)
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
