import Foundation
public import Logging
public import SediaCore

/// How the worker delivers: the sender, the coalescing hold, retries and parallel hand-overs.
public struct MailOptions: Sendable {
    /// The installation's mailbox (From, envelope sender, ORGANIZER).
    public var from: String
    /// A message is held this long after its last change, so changes in quick succession go as one.
    public var holdSeconds: Double
    /// Waits before the 2nd, 3rd, … attempt; after the last one the message is marked failed.
    public var backoff: [Double]
    /// Hand-overs in flight at once (each is one msmtp process and one SMTP session).
    public var concurrency: Int

    public init(from: String, holdSeconds: Double = 2, backoff: [Double] = [30, 120, 600, 1800, 3600, 7200, 14_400], concurrency: Int = 8) {
        self.from = from
        self.holdSeconds = holdSeconds
        self.backoff = backoff
        self.concurrency = concurrency
    }

    /// Attempts in all before a message is given up.
    public var maxAttempts: Int { backoff.count + 1 }
}

/// What one delivery round did.
public struct DeliveryReport: Sendable, Equatable {
    public var sent = 0
    public var retrying = 0
    public var failed = 0
    public init() {}
}

/// Sends the outbox: composes each due message, records the attempt, hands it over, and marks it sent only after the
/// server accepted it. At least once, never twice after an accepted hand-over: a message is marked sent right after
/// the 250; only a crash between the 250 and that mark can repeat it, and then with the same Message-ID.
public struct MailWorker: Sendable {
    /// The outbox (SediaStore's `AppDatabase`): due messages, attempts, outcomes, the UID secret and the clock.
    public var outbox: any MailOutbox
    public var transport: any MailTransport
    public var options: MailOptions
    /// The invitations' calendar part for the installation's UID secret (SediaCalendar's `FeedInvitations.init`).
    public var calendar: @Sendable (_ secret: [UInt8]) -> any InvitationCalendar
    public var logger: Logger

    public init(
        outbox: any MailOutbox, transport: any MailTransport, options: MailOptions,
        calendar: @escaping @Sendable (_ secret: [UInt8]) -> any InvitationCalendar, logger: Logger
    ) {
        self.outbox = outbox
        self.transport = transport
        self.options = options
        self.calendar = calendar
        self.logger = logger
    }

    func composer() throws -> MailComposer {
        let secret = try outbox.uidSecret(newSecret: {
            var generator = SystemRandomNumberGenerator()
            return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        })
        return MailComposer(from: options.from, calendar: calendar(secret))
    }

    /// One round over the due messages (`all`: every queued one, whatever its hold or backoff), until none is left
    /// that this round has not tried.
    public func deliver(all: Bool) async throws -> DeliveryReport {
        let composer = try composer()
        var report = DeliveryReport()
        var tried = Set<Int64>()
        while true {
            let due = try outbox.dueMail(holdSeconds: options.holdSeconds, all: all, limit: 200).filter { !tried.contains($0.entry.id) }
            if due.isEmpty { break }
            for message in due { tried.insert(message.entry.id) }
            var index = 0
            while index < due.count {
                let batch = Array(due[index..<min(index + max(1, options.concurrency), due.count)])
                index += batch.count
                let outcomes = await withTaskGroup(of: (OutboxMessage, ComposedMail?, DeliveryOutcome?).self) { group in
                    for message in batch {
                        group.addTask { await self.attempt(message, composer: composer) }
                    }
                    var out: [(OutboxMessage, ComposedMail?, DeliveryOutcome?)] = []
                    for await result in group { out.append(result) }
                    return out
                }
                for (message, _, outcome) in outcomes {
                    guard let outcome else { continue }
                    try record(message, outcome, report: &report)
                }
            }
        }
        return report
    }

    /// Composes, records the attempt, hands over. Nil outcome: the row changed meanwhile (its newer state goes next).
    func attempt(_ message: OutboxMessage, composer: MailComposer) async -> (OutboxMessage, ComposedMail?, DeliveryOutcome?) {
        let mail: ComposedMail
        switch composer.compose(message, date: currentDate()) {
        case .success(let composed): mail = composed
        case .failure(let error): return (message, nil, .permanent(error.message))
        }
        do {
            guard try outbox.beginAttempt(id: message.entry.id, sequence: message.entry.sequence, messageID: mail.messageID) else {
                return (message, mail, nil)
            }
        } catch {
            logger.error("mail: outbox \(message.entry.id): cannot record the attempt: \(error)")
            return (message, mail, nil)
        }
        return (message, mail, await transport.send(mail))
    }

    func record(_ message: OutboxMessage, _ outcome: DeliveryOutcome, report: inout DeliveryReport) throws {
        let e = message.entry
        let what = "outbox \(e.id) (\(e.kind.rawValue)\(e.method.map { " \($0.rawValue)" } ?? "") seq \(e.sequence)) to person \(e.recipient)"
        switch outcome {
        case .accepted:
            try outbox.markSent(id: e.id, sequence: e.sequence)
            report.sent += 1
            logger.info("mail: sent \(what)")
        case .temporary(let why):
            // attempts was raised by beginAttempt: this was attempt e.attempts + 1.
            let attempt = e.attempts + 1
            if attempt >= options.maxAttempts {
                try outbox.markAttemptFailed(id: e.id, sequence: e.sequence, error: why, retryAtSeconds: nil)
                report.failed += 1
                logger.error("mail: gave up \(what) after \(attempt) attempts: \(why)")
            } else {
                let wait = options.backoff[min(attempt - 1, options.backoff.count - 1)]
                try outbox.markAttemptFailed(id: e.id, sequence: e.sequence, error: why, retryAtSeconds: outbox.nowSeconds() + wait)
                report.retrying += 1
                logger.warning("mail: \(what) not delivered (attempt \(attempt)), retry in \(Int(wait)) s: \(why)")
            }
        case .permanent(let why):
            try outbox.markAttemptFailed(id: e.id, sequence: e.sequence, error: why, retryAtSeconds: nil)
            report.failed += 1
            logger.error("mail: failed \(what): \(why)")
        }
    }

    /// Runs until the task is cancelled: a round whenever something commits to the database (checked every
    /// `poll` seconds through `commitVersion`, e.g. SediaStore's `CommitProbe.version`, a one-statement read; nil:
    /// a round every `poll`) or a held or backed-off message falls due, and `onTick` (the weekly digest) once a
    /// minute. Errors are logged and the loop goes on.
    public func run(commitVersion: (@Sendable () -> Int?)?, poll: Double = 0.2, onTick: @Sendable () async -> Void = {}) async {
        var seen: Int? = nil
        var nextDue: Date? = .distantPast
        var lastTick = Date.distantPast
        // The first round after a start tries everything queued, whatever its backoff: whatever stopped the last
        // process (a crash between commit and send, a restart after fixing the mail server) is over now.
        var first = true
        while !Task.isCancelled {
            let version = commitVersion?()
            let now = currentDate()
            if first || version != seen || commitVersion == nil || (nextDue.map { $0 <= now } ?? false) {
                seen = version
                do {
                    let report = try await deliver(all: first)
                    first = false
                    if report != DeliveryReport() { logger.debug("mail: round: \(report.sent) sent") }
                    nextDue = try outbox.nextMailDueSeconds(holdSeconds: options.holdSeconds).map(Date.init(timeIntervalSince1970:))
                } catch {
                    logger.error("mail: \(error)")
                    nextDue = now.addingTimeInterval(5)
                }
            }
            if now.timeIntervalSince(lastTick) >= 60 {
                lastTick = now
                await onTick()
            }
            do { try await Task.sleep(nanoseconds: UInt64(poll * 1_000_000_000)) } catch { break }
        }
    }

    /// Now, by the outbox's clock.
    func currentDate() -> Date { Date(timeIntervalSince1970: outbox.nowSeconds()) }
}
