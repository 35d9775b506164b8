/// Whether an outbox message is waiting, was accepted by the mail server, or was given up.
public enum OutboxStatus: String, Sendable, Codable, CaseIterable {
    case queued, sent, failed
}

/// What an outbox message is: a booking's invitation or cancellation, or a prosecutor's digest.
public enum OutboxKind: String, Sendable, Codable {
    /// `notice`: the person's address changed; sent to the old address (`AddressNotice`).
    case invitation, digest, notice
}

/// The payload of a notice to an old address: where it goes and the day of the change (no case, no child).
public struct AddressNotice: Sendable, Equatable, Codable {
    public var to: String
    public var changedOn: String

    public init(to: String, changedOn: String) {
        self.to = to
        self.changedOn = changedOn
    }
}

/// One outbox message as pages and `sedia mail status` list it: who, what, where it stands, never its body.
public struct OutboxEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var kind: OutboxKind
    public var recipient: String
    /// The feed task (`interview/K-1`, `hearing/K-1/2`) or the digest's key: one UID per task.
    public var task: String
    public var caseID: String?
    public var method: InvitationMethod?
    public var sequence: Int
    public var status: OutboxStatus
    public var attempts: Int
    public var lastError: String?
    public var createdAt: String
    public var sentAt: String?
    public var messageID: String?

    public init(
        id: Int64, kind: OutboxKind, recipient: String, task: String, caseID: String?, method: InvitationMethod?, sequence: Int,
        status: OutboxStatus, attempts: Int, lastError: String?, createdAt: String, sentAt: String?, messageID: String?
    ) {
        self.id = id
        self.kind = kind
        self.recipient = recipient
        self.task = task
        self.caseID = caseID
        self.method = method
        self.sequence = sequence
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.messageID = messageID
    }
}

/// An outbox message as the delivery worker needs it: the entry, the address and language, and the stored payload.
public struct OutboxMessage: Sendable, Equatable {
    public var entry: OutboxEntry
    /// The recipient's current address (nil: removed since the message was queued).
    public var email: String?
    /// The language of the recipient's account, `ms` when they have none.
    public var language: Language
    /// The booked event (invitations) or the digest's or notice's own JSON.
    public var payload: String
    /// The booking, for an invitation, as the store read it from the payload (nil: not an invitation, or unreadable).
    public var event: FeedEvent?

    public init(entry: OutboxEntry, email: String?, language: Language, payload: String, event: FeedEvent?) {
        self.entry = entry
        self.email = email
        self.language = language
        self.payload = payload
        self.event = event
    }
}

/// The outbox as the delivery worker uses it, as a port: SediaStore's `AppDatabase` implements it, the server and
/// the CLI pass it to SediaMail's `MailWorker`, which so needs no database. Times are Unix seconds. The errors are
/// the store's; their descriptions are what the worker logs.
public protocol MailOutbox: Sendable {
    /// Now, by the store's clock (fixed in tests).
    func nowSeconds() -> Double
    /// The installation's UID secret, made with `newSecret` on first use.
    func uidSecret(newSecret: () -> [UInt8]) throws -> [UInt8]
    /// Queued messages due now (`all`: every queued one, whatever its hold or backoff), at most `limit`.
    func dueMail(holdSeconds: Double, all: Bool, limit: Int) throws -> [OutboxMessage]
    /// When the next queued message falls due; nil when nothing is queued.
    func nextMailDueSeconds(holdSeconds: Double) throws -> Double?
    /// Records an attempt under `messageID` before the hand-over; false when the row changed meanwhile.
    func beginAttempt(id: Int64, sequence: Int, messageID: String) throws -> Bool
    /// Marks the message sent, after the server accepted it; false when the row changed meanwhile.
    @discardableResult func markSent(id: Int64, sequence: Int) throws -> Bool
    /// Records a failed attempt: retried at `retryAtSeconds`, or given up when nil.
    func markAttemptFailed(id: Int64, sequence: Int, error: String, retryAtSeconds: Double?) throws
}
