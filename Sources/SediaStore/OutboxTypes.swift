import Foundation
public import SediaCore

/// A booking as an invitation describes it: the same fields a feed event publishes (SediaCalendar's `FeedEvent`),
/// copied from the booking tables. Stored as JSON in the outbox so a cancellation can still describe what it cancels.
public struct BookedEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case interview, hearing }

    /// The feed's task key (`interview/K-1`, `hearing/K-1/2`): the invitation's UID is the feed event's.
    public var task: String
    public var kind: Kind
    public var caseID: String
    /// The local (Malaysian) day, `YYYY-MM-DD`.
    public var day: Day
    /// Interviews: minutes after midnight of start and end (end may be 1440).
    public var startMinute: Int?
    public var endMinute: Int?
    public var centre: String?
    public var room: String?
    public var interviewer: String?
    public var psychologist: String?
    public var court: String?
    public var prosecutor: String?
    public var dayIndex: Int?
    public var dayCount: Int?

    /// The people an invitation for this event goes to (before the delivery choice is applied).
    public var people: [String] {
        var out: [String] = []
        for p in [interviewer, psychologist, prosecutor].compactMap({ $0 }) where !out.contains(p) { out.append(p) }
        return out
    }
}

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
}

/// An outbox message as the delivery worker needs it: the entry, the address and language, and the stored payload.
public struct OutboxMessage: Sendable, Equatable {
    public var entry: OutboxEntry
    /// The recipient's current address (nil: removed since the message was queued).
    public var email: String?
    /// The language of the recipient's account, `ms` when they have none.
    public var language: Language
    /// A `BookedEvent` (invitations) or the digest's own JSON.
    public var payload: String

    /// The booking, for an invitation.
    public var event: BookedEvent? {
        guard entry.kind == .invitation else { return nil }
        return try? JSONDecoder().decode(BookedEvent.self, from: Data(payload.utf8))
    }
}

/// A person's e-mail address and delivery choice.
public struct Contact: Sendable, Equatable, Codable {
    public var person: String
    public var kind: String
    public var email: String?
    public var delivery: Delivery?

    /// Whether booking changes are e-mailed to this person.
    public var getsInvitations: Bool { Delivery.sendsInvitations(delivery, hasAddress: email != nil) }
}

/// The outbox's counts by status.
public struct OutboxCounts: Sendable, Equatable, Codable {
    public var queued: Int
    public var sent: Int
    public var failed: Int

    public init(queued: Int, sent: Int, failed: Int) {
        self.queued = queued
        self.sent = sent
        self.failed = failed
    }
}
