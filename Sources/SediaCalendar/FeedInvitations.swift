public import SediaCore

/// The calendar part of an invitation by e-mail, written by libical with the feeds' UIDs (keyed by the installation's
/// secret) and the words of the recipient's own feed: SediaMail's `InvitationCalendar`, which the server and the CLI
/// pass in.
public struct FeedInvitations: InvitationCalendar {
    let state: FeedState

    public init(secret: [UInt8]) { state = FeedState(secret: secret) }

    /// The feed whose allow-list the recipient's message follows: their own (the case's prosecutor's feed shows the
    /// case reference; an interviewer's or psychologist's does not).
    public static func feed(for recipient: String, of e: FeedEvent) -> FeedID {
        if recipient == e.prosecutor { return FeedID(kind: .prosecutor, owner: recipient) }
        if recipient == e.interviewer { return FeedID(kind: .interviewer, owner: recipient) }
        return FeedID(kind: .psychologist, owner: recipient)
    }

    public func uid(forTask task: String) -> String { state.uid(forTask: task) }

    public func summary(of event: FeedEvent, for recipient: String, texts: Texts) -> String {
        FeedCalendar.summary(of: event, in: Self.feed(for: recipient, of: event), words: FeedWords(texts: texts))
    }

    public func showsCaseReference(of event: FeedEvent, to recipient: String) -> Bool {
        Self.feed(for: recipient, of: event).kind.showsCaseReference
    }

    public func part(
        _ method: InvitationMethod, uid: String, sequence: Int, stampSeconds: Int64, event: FeedEvent, recipient: String, organizer: String,
        attendee: String, texts: Texts
    ) -> [UInt8] {
        FeedCalendar.invitation(
            method: method, uid: uid, sequence: sequence, stamp: UTCInstant(seconds: stampSeconds), event: event,
            feed: Self.feed(for: recipient, of: event), organizer: organizer, attendee: attendee, words: FeedWords(texts: texts))
    }
}
