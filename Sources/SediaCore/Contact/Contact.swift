/// How a person wants to hear of bookings that concern them: the subscribed feed only, e-mailed invitations
/// (iTIP over iMIP), or both.
public enum Delivery: String, Sendable, Equatable, Codable, CaseIterable {
    case feed, invitations, both

    /// Whether booking changes are e-mailed; a person with an address and no choice gets invitations.
    public static func sendsInvitations(_ delivery: Delivery?, hasAddress: Bool) -> Bool {
        guard hasAddress else { return false }
        return (delivery ?? .invitations) != .feed
    }
}

/// The one rule for an e-mail address Sedia will send to: `local@domain`, the part before @ letters, digits and
/// `. _ + -` only, not starting with `-` or `.` (nothing that could break a header, a shell or an msmtp argument:
/// no spaces, quotes, brackets, `| ' ` $ { } = !`), a dotted domain, at most 254 characters.
/// Deliberately narrower than RFC 5322: every address a government mail system hands out passes.
public enum EmailRule {
    public static let maxLength = 254

    /// Why `text` cannot be an address (to follow "field: "), or nil when it can. The value is never quoted back.
    public static func problem(_ text: String) -> String? {
        if text.isEmpty { return "must not be empty" }
        if text.utf8.count > maxLength { return "an address has at most \(maxLength) characters" }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, !domain.isEmpty else {
            return "must be one address of the form name@domain"
        }
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-".unicodeScalars)
        guard local.unicodeScalars.allSatisfy({ allowedLocal.contains($0) }), !local.hasPrefix("."), !local.hasPrefix("-"),
            !local.hasSuffix("."), !local.contains("..")
        else {
            return "the part before @ may hold letters, digits and . _ + - only, and may not start with - or ."
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2,
            labels.allSatisfy({ label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" }
            })
        else {
            return "the domain after @ must be dotted names of letters, digits and hyphens (e.g. jpn.gov.my)"
        }
        return nil
    }
}

/// One row of `sedia import contacts`: a person's e-mail address and delivery choice.
public struct ContactRow: Sendable, Equatable {
    public var id: String
    /// Nil clears the address.
    public var email: String?
    /// Nil: invitations when an address is known.
    public var delivery: Delivery?

    public init(id: String, email: String?, delivery: Delivery?) {
        self.id = id
        self.email = email
        self.delivery = delivery
    }
}

/// An iTIP (RFC 5546) scheduling message for one event and one attendee, as e-mailed over iMIP (RFC 6047).
public enum InvitationMethod: String, Sendable, Hashable, Codable {
    /// A new or moved booking.
    case request = "REQUEST"
    /// A cancelled booking, or one the attendee no longer has: METHOD:CANCEL with STATUS:CANCELLED (never a REQUEST
    /// carrying STATUS:CANCELLED, which clients keep as a live event).
    case cancel = "CANCEL"
}
