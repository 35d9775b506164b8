/// What an invitation by e-mail needs from a calendar library, as a port: SediaCalendar's libical implements it
/// (`FeedInvitations`), the server and the CLI pass it to SediaMail, which so needs no calendar library. The UID of a
/// task's event, the same as the feeds'; the event's title and whether it names the case, as the recipient's own feed
/// shows them; and the `text/calendar` part (iTIP, RFC 5546) in the recipient's language.
public protocol InvitationCalendar: Sendable {
    /// The event's UID, the one its feeds carry.
    func uid(forTask task: String) -> String

    /// The event's title as the recipient's own feed shows it.
    func summary(of event: FeedEvent, for recipient: String, texts: Texts) -> String

    /// Whether the recipient's own feed names the case (only the case's prosecutor's does).
    func showsCaseReference(of event: FeedEvent, to recipient: String) -> Bool

    /// The `text/calendar; method=…` body: the event with `uid` and `sequence`, stamped at `stampSeconds` (Unix time),
    /// from `organizer` to the one `attendee`.
    func part(
        _ method: InvitationMethod, uid: String, sequence: Int, stampSeconds: Int64, event: FeedEvent, recipient: String, organizer: String,
        attendee: String, texts: Texts
    ) -> [UInt8]
}
