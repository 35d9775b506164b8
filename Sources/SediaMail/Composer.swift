import Crypto
public import Foundation
public import SediaCore

/// One e-mail ready for the transport: the envelope and the RFC 5322 bytes.
public struct ComposedMail: Sendable, Equatable {
    public var from: String
    public var to: String
    public var messageID: String
    public var bytes: [UInt8]
}

/// Turns outbox rows into RFC 5322 messages: an invitation is `multipart/alternative` with a plain-text part in the
/// recipient's language and a `text/calendar; method=…` part (iTIP from the `InvitationCalendar` passed in, RFC 6047);
/// a digest is plain text and HTML. Pure: the same row, secret, sender and date give the same bytes.
public struct MailComposer: Sendable {
    /// The installation's mailbox: From, the envelope sender and the iTIP ORGANIZER.
    public var from: String
    /// The calendar part, the feed event's UID and the recipient's feed's words (SediaCalendar's `FeedInvitations`).
    public var calendar: any InvitationCalendar

    public init(from: String, calendar: any InvitationCalendar) {
        self.from = from
        self.calendar = calendar
    }

    /// A Message-ID that depends only on (UID, SEQUENCE, recipient): every retry of a message carries the same one,
    /// so a server or client that saw it already can drop a duplicate. Hashed, so it names no case.
    public func messageID(uid: String, sequence: Int, recipient: String) -> String {
        let digest = SHA256.hash(data: Data("sedia-message-id/1\u{0}\(uid)\u{0}\(sequence)\u{0}\(recipient)".utf8))
        return "<" + digest.prefix(16).map { String(format: "%02x", $0) }.joined() + "@" + domain + ">"
    }

    var domain: String {
        let parts = from.split(separator: "@")
        return parts.count == 2 ? String(parts[1]) : "sedia.invalid"
    }

    /// The message for one outbox row, sent at `date`; nil with the reason when it cannot be composed.
    public func compose(_ message: OutboxMessage, date: Date) -> Result<ComposedMail, MailError> {
        guard let to = message.email else { return .failure(MailError("\(message.entry.recipient) has no e-mail address any more")) }
        let text = MailText.forLanguage(message.language)
        switch message.entry.kind {
        case .invitation:
            guard let event = message.event, let method = message.entry.method else {
                return .failure(MailError("outbox \(message.entry.id): the stored booking cannot be read"))
            }
            return .success(
                invitation(
                    event, method: method, sequence: message.entry.sequence, recipient: message.entry.recipient, to: to, text: text, date: date))
        case .digest:
            guard let digest = try? JSONDecoder().decode(DigestContent.self, from: Data(message.payload.utf8)) else {
                return .failure(MailError("outbox \(message.entry.id): the stored digest cannot be read"))
            }
            let id = messageID(uid: message.entry.task, sequence: 0, recipient: message.entry.recipient)
            let parts = [
                MIMEPart(contentType: "text/plain; charset=UTF-8", body: Array(digest.text.utf8)),
                MIMEPart(contentType: "text/html; charset=UTF-8", body: Array(digest.html.utf8)),
            ]
            return .success(
                ComposedMail(
                    from: from, to: to, messageID: id, bytes: rfc5322(to: to, subject: digest.subject, messageID: id, date: date, parts: parts)))
        case .notice:
            guard let notice = try? JSONDecoder().decode(AddressNotice.self, from: Data(message.payload.utf8)), let day = Day(iso: notice.changedOn)
            else {
                return .failure(MailError("outbox \(message.entry.id): the stored notice cannot be read"))
            }
            return .success(addressNotice(day: day, task: message.entry.task, recipient: message.entry.recipient, to: to, first: text, date: date))
        }
    }

    /// The notice to an old address: in the person's language and then in the other one (whoever reads the old mailbox
    /// may read either); the day of the change and what to do, never a case or a child.
    func addressNotice(day: Day, task: String, recipient: String, to: String, first: MailText, date: Date) -> ComposedMail {
        let second = MailText.forLanguage(first.language == .ms ? .en : .ms)
        let lines = [first, second].flatMap { text in [text("notice.body", ["date": text.date(day)]), "", text("notice.action"), ""] }
        let id = messageID(uid: task, sequence: 0, recipient: recipient)
        let subject = first("notice.subject") + " / " + second("notice.subject")
        let parts = [MIMEPart(contentType: "text/plain; charset=UTF-8", body: Array(lines.joined(separator: "\r\n").utf8))]
        return ComposedMail(from: from, to: to, messageID: id, bytes: rfc5322(to: to, subject: subject, messageID: id, date: date, parts: parts))
    }

    func invitation(
        _ e: FeedEvent, method: InvitationMethod, sequence: Int, recipient: String, to: String, text: MailText, date: Date
    )
        -> ComposedMail
    {
        let event = e
        let uid = calendar.uid(forTask: e.task)
        let part = calendar.part(
            method, uid: uid, sequence: sequence, stampSeconds: Int64(date.timeIntervalSince1970.rounded(.down)), event: event,
            recipient: recipient, organizer: from, attendee: to, texts: text.texts)
        let when: String
        switch event.when {
        case .timed(let start, let end): when = text.dateTime(start) + "–" + text.time(minute: end.minute)
        case .allDay(let day): when = text("body.allday", ["date": text.date(day)])
        }
        let state = method == .cancel ? "cancelled" : sequence == 0 ? "new" : "changed"
        let kind = e.kind == .interview ? "interview" : "hearing"
        let shortWhen: String
        if case .timed(let start, _) = event.when { shortWhen = text.dateTime(start) } else { shortWhen = text.date(e.when.firstDay) }
        var lines = [text("body.\(state)"), "", calendar.summary(of: event, for: recipient, texts: text.texts), text("body.when", ["when": when])]
        lines.append(
            text("body.where", ["place": e.kind == .interview ? [e.room, e.centre].compactMap { $0 }.joined(separator: ", ") : e.court ?? ""]))
        if let i = e.dayIndex, let n = e.dayCount, n > 1 { lines.append(text("body.day", ["day": "\(i)/\(n)"])) }
        // The allow-list of the recipient's own feed decides, as it does for the calendar part.
        if calendar.showsCaseReference(of: e, to: recipient) { lines.append(text("body.case", ["case": e.caseID])) }
        lines += ["", text("body.footer")]
        let id = messageID(uid: uid, sequence: sequence, recipient: recipient)
        let parts = [
            MIMEPart(contentType: "text/plain; charset=UTF-8", body: Array(lines.joined(separator: "\r\n").utf8)),
            MIMEPart(contentType: "text/calendar; charset=UTF-8; method=\(method.rawValue)", body: part),
        ]
        let subject = text("subject.\(state).\(kind)", ["when": shortWhen])
        return ComposedMail(from: from, to: to, messageID: id, bytes: rfc5322(to: to, subject: subject, messageID: id, date: date, parts: parts))
    }

    struct MIMEPart {
        var contentType: String
        var body: [UInt8]
    }

    /// Headers and a `multipart/alternative` body, every part base64 (so CRLF, long lines and UTF-8 survive any relay).
    func rfc5322(to: String, subject: String, messageID: String, date: Date, parts: [MIMEPart]) -> [UInt8] {
        let boundary = "sedia-" + messageID.filter { $0.isLetter || $0.isNumber }.prefix(24)
        var out =
            [
                "From: Sedia <\(from)>",
                "To: <\(to)>",
                "Subject: \(Self.encodedWord(subject))",
                "Date: \(Self.rfc5322Date(date))",
                "Message-ID: \(messageID)",
                "MIME-Version: 1.0",
                "Auto-Submitted: auto-generated",
                "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
                "",
            ].joined(separator: "\r\n") + "\r\n"
        for part in parts {
            out += "--\(boundary)\r\nContent-Type: \(part.contentType)\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            let encoded = Data(part.body).base64EncodedString()
            var index = encoded.startIndex
            while index < encoded.endIndex {
                let next = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
                out += encoded[index..<next] + "\r\n"
                index = next
            }
        }
        out += "--\(boundary)--\r\n"
        return Array(out.utf8)
    }

    /// RFC 2047 B-encoding when the subject is not plain ASCII (dates in Malay and the en dash are not).
    static func encodedWord(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        return "=?UTF-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }

    /// `Tue, 01 Dec 2026 22:36:34 +0800`: Malaysian time, as every date Sedia shows.
    static func rfc5322Date(_ date: Date) -> String {
        let unix = Int64(date.timeIntervalSince1970.rounded(.down))
        let day = MalaysianTime.day(unixSeconds: unix)
        let second = Int(((unix + Int64(MalaysianTime.utcOffsetSeconds)) % 86_400 + 86_400) % 86_400)
        let c = day.components
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return
            "\(names[day.weekday.index]), \(pad(c.day)) \(months[c.month - 1]) \(c.year) \(pad(second / 3600)):\(pad(second / 60 % 60)):\(pad(second % 60)) +0800"
    }
}

/// A digest as queued: subject, plain text and HTML, already in the prosecutor's language.
public struct DigestContent: Sendable, Equatable, Codable {
    public var subject: String
    public var text: String
    public var html: String

    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
