import Foundation
import SediaAppTestSupport
import SediaCalendar
import SediaCore
import SediaMail
import SediaStore
import SediaTestSupport
import Testing

/// Delivery to a real SMTP server (aiosmtpd) on loopback through msmtp, as `sedia serve` and `sedia mail send` do.
struct DeliveryTests {
    @Test(.timeLimit(.minutes(2))) func aBookingAMoveAndACancelArriveAsRequestRequestCancelWithOneUID() async throws {
        try await TemporaryDirectory.with("mail-sequence") { dir in
            let sink = try await SMTPSink(dir)
            defer { sink.stop() }
            let db = try MailFixtures.database()
            let worker = try MailFixtures.worker(db, smtp: sink.url)
            try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
            #expect(try await worker.deliver(all: true).sent == 2)
            try db.bookInterview(MailFixtures.booking("2027-01-07T14:00"), actor: "test", reason: "the family asked")
            #expect(try await worker.deliver(all: true).sent == 2)
            try db.cancel(caseID: MailFixtures.caseID, task: .interview, reason: "withdrawn", actor: "test")
            #expect(try await worker.deliver(all: true).sent == 2)
            #expect(try await sink.wait(for: 6).count == 6)

            let received = try sink.inspect()
            for recipient in ["io014@polis.gov.my", "dpp01@agc.gov.my"] {
                let mine = received.filter { $0.rcpt == recipient }
                #expect(mine.map { $0.method ?? "" } == ["REQUEST", "REQUEST", "CANCEL"])
                #expect(mine.map { $0.contentMethod ?? "" } == ["REQUEST", "REQUEST", "CANCEL"])
                #expect(mine.map { $0.sequence ?? -1 } == [0, 1, 2])
                #expect(Set(mine.compactMap(\.uid)).count == 1)
                #expect(mine.last?.status == "CANCELLED")
                #expect(mine.allSatisfy { $0.organizer == "mailto:" + MailFixtures.from })
                // The case reference only for the case's own prosecutor.
                #expect(mine.allSatisfy { ($0.summary ?? "").contains(MailFixtures.caseID.rawValue) == (recipient == "dpp01@agc.gov.my") })
                #expect(mine.allSatisfy { $0.text.contains(MailFixtures.caseID.rawValue) == (recipient == "dpp01@agc.gov.my") })
            }
            // One UID for both people: the feed event's.
            #expect(Set(received.compactMap(\.uid)).count == 1)
            // The calendar parts parse with libical too, and meet its iTIP restrictions.
            for message in received {
                let parsed = try #require(FeedInspection.parse(Array(message.calendar.utf8)))
                #expect(parsed.errors.isEmpty)
                #expect(parsed.restrictionsPass)
            }
            let raw = try sink.rawText() + received.map { $0.text + $0.calendar + $0.subject }.joined()
            #expect(!raw.contains(MailFixtures.sentinelName))
            #expect(!raw.contains("Nurhaliza"))
            #expect(!raw.contains(MailFixtures.sentinelReference))
            #expect(Set(received.map(\.messageID)).count == 6)
            // `make interop-test` feeds these messages to a real iTIP-applying client (evolution-data-server).
            if let keep = ProcessInfo.processInfo.environment["SEDIA_MAIL_INTEROP_DIR"] {
                for name in sink.received() {
                    try? FileManager.default.copyItem(atPath: dir.file(name), toPath: URL(fileURLWithPath: keep).appendingPathComponent(name).path)
                }
            }
        }
    }

    @Test(.timeLimit(.minutes(2))) func aServerDownForAWhileGetsEverythingOnceWhenItIsBack() async throws {
        try await TemporaryDirectory.with("mail-down") { dir in
            // The server is down: its port is held but nothing listens (no other test can take it meanwhile).
            let sink = try await SMTPSink(dir, down: true)
            defer { sink.stop() }
            let db = try MailFixtures.database()
            let worker = try MailFixtures.worker(db, smtp: sink.url)
            try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
            let down = try await worker.deliver(all: true)
            #expect(down.sent == 0 && down.retrying == 2)
            #expect(try db.outboxCounts().queued == 2)
            try await sink.up()
            // Not yet due (backoff): nothing goes on a normal round; `all` (mail send, a restart) tries them now.
            #expect(try await worker.deliver(all: false).sent == 0)
            #expect(try await worker.deliver(all: true).sent == 2)
            #expect(try await worker.deliver(all: true).sent == 0)
            #expect(try await sink.wait(for: 2).count == 2)
            #expect(try db.outboxCounts().sent == 2)
        }
    }

    @Test(.timeLimit(.minutes(2))) func aTemporaryRefusalIsRetriedAndAPermanentOneIsShownAsFailed() async throws {
        try await TemporaryDirectory.with("mail-4xx") { dir in
            let sink = try await SMTPSink(dir)
            defer { sink.stop() }
            let db = try MailFixtures.database()
            let worker = try MailFixtures.worker(db, smtp: sink.url, backoff: [30])
            try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
            try sink.answer("4xx")
            let refused = try await worker.deliver(all: true)
            #expect(refused.retrying == 2)
            #expect(try db.outbox(status: .queued).allSatisfy { ($0.lastError ?? "").contains("451") })
            try sink.answer(nil)
            #expect(try await worker.deliver(all: true).sent == 2)
            #expect(try await sink.wait(for: 2).count == 2)

            try db.bookInterview(MailFixtures.booking("2027-01-07T14:00"), actor: "test", reason: "moved")
            try sink.answer("5xx")
            let failed = try await worker.deliver(all: true)
            #expect(failed.failed == 2)
            let notice = try db.failedMail(caseID: MailFixtures.caseID)
            #expect(notice.count == 2)
            #expect(notice.allSatisfy { ($0.lastError ?? "").contains("554") })
            #expect(try db.outboxCounts() == OutboxCounts(queued: 0, sent: 2, failed: 2))
            #expect(sink.received().count == 2)
        }
    }

    @Test(.timeLimit(.minutes(2))) func theLastTemporaryRefusalMarksTheMessageFailed() async throws {
        try await TemporaryDirectory.with("mail-giveup") { dir in
            let sink = try await SMTPSink(dir)
            defer { sink.stop() }
            let db = try MailFixtures.database()
            let worker = try MailFixtures.worker(db, smtp: sink.url, backoff: [30])
            try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
            try sink.answer("4xx")
            #expect(try await worker.deliver(all: true).retrying == 2)
            #expect(try await worker.deliver(all: true).failed == 2)
            #expect(try db.outboxCounts().failed == 2)
        }
    }
}
