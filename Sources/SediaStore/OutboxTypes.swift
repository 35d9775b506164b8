import Foundation
public import SediaCore

/// A booked event as the outbox stores it, so a cancellation can still describe what it cancels: the JSON that
/// outbox rows have always held (the interview's times as minutes of its day; the end may be 1440 or more).
struct InvitationJSON: Codable {
    var event: FeedEvent

    init(_ event: FeedEvent) { self.event = event }

    private enum Key: String, CodingKey {
        case task, kind, caseID, day, startMinute, endMinute, centre, room, interviewer, psychologist, court, prosecutor, dayIndex, dayCount
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(event.task, forKey: .task)
        try c.encode(event.kind == .interview ? "interview" : "hearing", forKey: .kind)
        try c.encode(event.caseID, forKey: .caseID)
        try c.encode(event.when.firstDay, forKey: .day)
        if case .timed(let start, let end) = event.when {
            try c.encode(start.minute, forKey: .startMinute)
            try c.encode((end.day.ordinal - start.day.ordinal) * 1440 + end.minute, forKey: .endMinute)
        }
        let places: [(Key, String?)] = [
            (.centre, event.centre), (.room, event.room), (.interviewer, event.interviewer), (.psychologist, event.psychologist),
            (.court, event.court), (.prosecutor, event.prosecutor),
        ]
        for (key, value) in places { try c.encodeIfPresent(value, forKey: key) }
        try c.encodeIfPresent(event.dayIndex, forKey: .dayIndex)
        try c.encodeIfPresent(event.dayCount, forKey: .dayCount)
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let caseID = Case.ID(try c.decode(String.self, forKey: .caseID))
        let day = try c.decode(Day.self, forKey: .day)
        func text(_ key: Key) throws -> String? { try c.decodeIfPresent(String.self, forKey: key) }
        switch try c.decode(String.self, forKey: .kind) {
        case "interview":
            let start = try c.decodeIfPresent(Int.self, forKey: .startMinute) ?? 0
            let end = try c.decodeIfPresent(Int.self, forKey: .endMinute) ?? start
            event = .interview(
                caseID, start: LocalDateTime(day: day, minute: start), minutes: end - start, centre: try text(.centre), room: try text(.room),
                interviewer: try text(.interviewer), psychologist: try text(.psychologist), prosecutor: try text(.prosecutor))
        case "hearing":
            event = .hearing(
                caseID, day: day, index: 1, count: 1, court: try text(.court), psychologist: try text(.psychologist),
                prosecutor: try text(.prosecutor))
            event.dayIndex = try c.decodeIfPresent(Int.self, forKey: .dayIndex)
            event.dayCount = try c.decodeIfPresent(Int.self, forKey: .dayCount)
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "an invitation is of an interview or a hearing")
        }
        event.task = try c.decode(String.self, forKey: .task)
    }
}

/// The outbox as the delivery worker reads it (SediaCore's `MailOutbox` port, passed to SediaMail by the CLI): the
/// calls above, with times as Unix seconds.
extension AppDatabase: MailOutbox {
    public func nowSeconds() -> Double { clock().timeIntervalSince1970 }

    public func nextMailDueSeconds(holdSeconds: Double) throws(StoreError) -> Double? {
        try nextMailDue(holdSeconds: holdSeconds)?.timeIntervalSince1970
    }

    public func markAttemptFailed(id: Int64, sequence: Int, error: String, retryAtSeconds: Double?) throws(StoreError) {
        try markAttemptFailed(id: id, sequence: sequence, error: error, retryAt: retryAtSeconds.map(Date.init(timeIntervalSince1970:)))
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
