import Foundation
import Logging
import SediaCalendar
import SediaCore
import Testing

@testable import SediaMail

/// SediaMail reads the outbox through the core's `MailOutbox` port (SediaStore's `AppDatabase` implements it; the
/// CLI passes it in): the worker runs over any outbox, and the module imports no database and no calendar library.
struct OutboxPortTests {
    /// What SediaMail's sources import: the core, the texts, Foundation, the Message-ID hash and the logger; never
    /// SediaStore, GRDB, SediaCalendar or libical (issue 23).
    @Test func sediaMailImportsNeitherTheStoreNorTheCalendar() throws {
        let folder = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources/SediaMail").standardized
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter { $0.pathExtension == "swift" }
        #expect(files.count >= 5)
        var imported: Set<String> = []
        for file in files {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                if let match = line.wholeMatch(of: /(?:public |internal |@testable )?import ([A-Za-z_]+)/) { imported.insert(String(match.output.1)) }
            }
        }
        #expect(imported.isSubset(of: ["Foundation", "Logging", "SediaCore", "SediaTexts", "Crypto"]), "\(imported.sorted())")
    }

    /// Over an outbox in memory (no database): a refused hand-over is retried after each backoff by the outbox's
    /// clock, and given up at the last attempt.
    @Test func theWorkerBacksOffByTheOutboxsClockAndGivesUp() async throws {
        let outbox = MemoryOutbox(now: 1_799_020_800)
        let worker = MailWorker(
            outbox: outbox, transport: RefusingTransport(), options: MailOptions(from: "sedia@agency.gov.my", holdSeconds: 0, backoff: [30, 120]),
            calendar: FeedInvitations.init(secret:), logger: Logger(label: "mail-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        #expect(try await worker.deliver(all: true).retrying == 1)
        #expect(outbox.state.retryAt == 1_799_020_830 && outbox.state.attempts == 1 && outbox.state.messageID?.hasSuffix("@agency.gov.my>") == true)
        #expect(try await worker.deliver(all: true).retrying == 1)
        #expect(outbox.state.retryAt == 1_799_020_920 && outbox.state.attempts == 2)
        #expect(try await worker.deliver(all: true).failed == 1)
        #expect(outbox.state.status == .failed && outbox.state.error == "421 try later")
        #expect(try await worker.deliver(all: true) == DeliveryReport())
    }

    /// The outbox's errors reach the caller with their own words (`sedia mail send` prints them, the worker logs them).
    @Test func theOutboxsErrorsKeepTheirWords() async throws {
        let outbox = MemoryOutbox(now: 0, failing: true)
        let worker = MailWorker(
            outbox: outbox, transport: RefusingTransport(), options: MailOptions(from: "sedia@agency.gov.my"),
            calendar: FeedInvitations.init(secret:), logger: Logger(label: "mail-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            _ = try await worker.deliver(all: true)
            Issue.record("an outbox that cannot be read stops the round")
        } catch {
            #expect(error is WordsError && String(describing: error) == "the database is locked")
        }
    }
}

struct WordsError: Error, CustomStringConvertible {
    var description: String
}

struct RefusingTransport: MailTransport {
    func send(_ mail: ComposedMail) async -> DeliveryOutcome { .temporary("421 try later") }
}

/// One queued notice to an old address, kept in memory.
final class MemoryOutbox: MailOutbox, @unchecked Sendable {
    struct State {
        var attempts = 0
        var status = OutboxStatus.queued
        var retryAt: Double?
        var error: String?
        var messageID: String?
    }

    let lock = NSLock()
    let now: Double
    let failing: Bool
    var stored = State()

    init(now: Double, failing: Bool = false) {
        self.now = now
        self.failing = failing
    }

    var state: State { lock.withLock { stored } }

    func nowSeconds() -> Double { now }

    func uidSecret(newSecret: () -> [UInt8]) throws -> [UInt8] {
        if failing { throw WordsError(description: "the database is locked") }
        return Array(repeating: 7, count: 32)
    }

    func dueMail(holdSeconds: Double, all: Bool, limit: Int) throws -> [OutboxMessage] {
        lock.withLock {
            guard stored.status == .queued else { return [] }
            let entry = OutboxEntry(
                id: 1, kind: .notice, recipient: "IO-014", task: "notice/IO-014/1", caseID: nil, method: nil, sequence: 0, status: .queued,
                attempts: stored.attempts, lastError: stored.error, createdAt: "2027-01-04T08:00:00+08:00", sentAt: nil, messageID: nil)
            let payload = #"{"to":"old@polis.gov.my","changedOn":"2027-01-04"}"#
            return [OutboxMessage(entry: entry, email: "old@polis.gov.my", language: .ms, payload: payload, event: nil)]
        }
    }

    func nextMailDueSeconds(holdSeconds: Double) throws -> Double? { lock.withLock { stored.status == .queued ? stored.retryAt : nil } }

    func beginAttempt(id: Int64, sequence: Int, messageID: String) throws -> Bool {
        lock.withLock {
            stored.attempts += 1
            stored.messageID = messageID
            return true
        }
    }

    func markSent(id: Int64, sequence: Int) throws -> Bool {
        lock.withLock { stored.status = .sent }
        return true
    }

    func markAttemptFailed(id: Int64, sequence: Int, error: String, retryAtSeconds: Double?) throws {
        lock.withLock {
            stored.error = error
            stored.retryAt = retryAtSeconds
            if retryAtSeconds == nil { stored.status = .failed }
        }
    }
}
