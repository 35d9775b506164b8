public import Foundation
import GRDB
public import SediaCore

// The mail outbox. Every booking change queues, in its own write transaction, one row per person concerned who wants
// invitations; the delivery worker (SediaMail) composes the iTIP message from the row at each attempt and marks it sent
// only after the submission server accepted it. Rows hold identifiers and the booking's published fields, never a
// child's name or details: the store copies them from the booking tables, not from the case's child columns.

extension AppDatabase {
    // MARK: Contacts

    /// The person's address and delivery choice; nil when there is no such person.
    public func contact(person: String) throws(StoreError) -> Contact? {
        try read { db in try contact(db, person) }
    }

    func contact(_ db: Database, _ person: String) throws -> Contact? {
        try Row.fetchOne(db, sql: "SELECT id, kind, email, delivery FROM person WHERE id = ?", arguments: [person]).map { row in
            Contact(person: row["id"], kind: row["kind"], email: row["email"], delivery: (row["delivery"] as String?).flatMap(Delivery.init))
        }
    }

    /// The language mail to this person is written in: their enabled account's, else Bahasa Malaysia.
    public func language(person: String) throws(StoreError) -> Language {
        try read { db in
            try String.fetchOne(
                db, sql: "SELECT language FROM user WHERE person = ? AND disabled = 0 ORDER BY id LIMIT 1", arguments: [person]
            ).flatMap(Language.init) ?? .ms
        }
    }

    /// Sets a person's address (nil clears it) and delivery choice, audited with before and after. The address must
    /// pass `EmailRule`.
    public func setContact(person: String, email: String?, delivery: Delivery?, actor: String) throws(StoreError) {
        if let email, let problem = EmailRule.problem(email) { throw StoreError(.invalid, field: "email", "\(problem)") }
        try write { db in
            guard try contact(db, person) != nil else { throw StoreError(.notFound, "no person \(person) in the database") }
            _ = try updateContact(db, ContactRow(id: person, email: email, delivery: delivery), actor: actor, action: "set-contact")
        }
    }

    /// `sedia import contacts`: addresses and delivery choices by person id, one transaction, audited; an unknown id
    /// refuses the whole file naming its line.
    public func importContacts(_ rows: [Located<ContactRow>], actor: String) throws(StoreError) -> RowsImported {
        try write { db in
            var problems: [String] = []
            for row in rows where try !exists(db, "person", row.value.id) {
                problems.append(row.problem("id", "unknown person \(row.value.id) (import staff first with `sedia import staff`)"))
            }
            try refuse(problems)
            var result = RowsImported(what: "contacts")
            for row in rows {
                let (before, after) = try updateContact(db, row.value, actor: actor, action: "import-contact")
                _ = result.count(before: before, after: after)
            }
            return result
        }
    }

    /// Writes one contact and audits a change; returns the record before and after.
    func updateContact(_ db: Database, _ c: ContactRow, actor: String, action: String) throws -> (before: [String: String], after: [String: String]) {
        let old = try contact(db, c.id)
        let before = ["email": old?.email ?? "", "delivery": old?.delivery?.rawValue ?? ""]
        let after = ["email": c.email ?? "", "delivery": c.delivery?.rawValue ?? ""]
        if before != after {
            try db.execute(sql: "UPDATE person SET email = ?, delivery = ? WHERE id = ?", arguments: [c.email, c.delivery?.rawValue, c.id])
            try audit(db, actor: actor, action: action, subject: "person:\(c.id)", before: before, after: after)
        }
        // A changed (or cleared) address: the old one is told, so a taken-over account does not silently move the
        // person's mail away. Whatever their delivery choice; never for a person whose accounts are all disabled.
        if let oldEmail = old?.email, oldEmail.lowercased() != c.email?.lowercased(), try !accountsAllDisabled(db, c.id) {
            let now = clock().timeIntervalSince1970
            let payload = try JSONText.encode(AddressNotice(to: oldEmail, changedOn: today().description))
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO outbox (kind, recipient, task, case_id, sequence, method, payload, next_attempt_at, changed_at, created_at)
                    VALUES ('notice', ?, ?, NULL, 0, NULL, ?, ?, ?, ?)
                    """, arguments: [c.id, "notice/email/\(c.id)/\(Int64(now))", payload, now, now, timestamp()])
        }
        return (before, after)
    }

    // MARK: Queueing, inside the booking's transaction

    /// The case's booked interview as an invitation describes it.
    func interviewEvents(_ db: Database, _ caseID: Case.ID) throws -> [FeedEvent] {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT b.*, r.centre AS centre, c.prosecutor AS prosecutor FROM interview_booking b
                    JOIN room r ON r.id = b.room JOIN case_file c ON c.id = b.case_id WHERE b.case_id = ?
                    """, arguments: [caseID.rawValue])
        else { return [] }
        let start = LocalDateTime(day: try day(row["day"]), minute: row["start_minute"])
        return [
            FeedEvent.interview(
                caseID, start: start, minutes: row["minutes"], centre: row["centre"], room: row["room"], interviewer: row["interviewer"],
                psychologist: row["psychologist"], prosecutor: row["prosecutor"])
        ]
    }

    /// The case's booked hearing, one event per sitting day as the feeds publish it.
    func hearingEvents(_ db: Database, _ caseID: Case.ID) throws -> [FeedEvent] {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT b.id, b.court, b.psychologist, c.prosecutor AS prosecutor FROM hearing_booking b
                    JOIN case_file c ON c.id = b.case_id WHERE b.case_id = ?
                    """, arguments: [caseID.rawValue])
        else { return [] }
        let days = try String.fetchAll(db, sql: "SELECT day FROM hearing_day WHERE booking = ? ORDER BY day", arguments: [row["id"] as Int64])
        return try days.enumerated().map { i, text in
            FeedEvent.hearing(
                caseID, day: try day(text), index: i + 1, count: days.count, court: row["court"], psychologist: row["psychologist"],
                prosecutor: row["prosecutor"])
        }
    }

    /// Both kinds of the case's bookings as invitations describe them.
    func bookedEvents(_ db: Database, _ caseID: Case.ID) throws -> [FeedEvent] {
        try interviewEvents(db, caseID) + hearingEvents(db, caseID)
    }

    /// Queues what the change from `before` to `after` means for each person concerned: a REQUEST to everyone who
    /// has the event now (when it changed, or they are new to it), a CANCEL to everyone who had it and no longer has.
    func queueInvitations(_ db: Database, before: [FeedEvent], after: [FeedEvent]) throws {
        let old = Dictionary(before.map { ($0.task, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(after.map { ($0.task, $0) }, uniquingKeysWith: { a, _ in a })
        var wants: [String: Bool] = [:]
        func invited(_ person: String) throws -> Bool {
            if let known = wants[person] { return known }
            let answer = try contact(db, person)?.getsInvitations ?? false && !accountsAllDisabled(db, person)
            wants[person] = answer
            return answer
        }
        for task in Set(old.keys).union(new.keys).sorted() {
            let was = old[task]
            let now = new[task]
            let oldPeople = was?.people ?? []
            let newPeople = now?.people ?? []
            // SEQUENCE belongs to the event (RFC 5546 §2.1.4): one number for everyone this change reaches, raised when
            // the event changed, and the current one for a person only added to it or only removed from it.
            let current = try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM mail_sequence WHERE task = ?", arguments: [task])
            let sequence = was != now ? current.map { $0 + 1 } ?? 0 : current ?? 0
            if let now {
                for person in newPeople where was != now || !oldPeople.contains(person) {
                    if try invited(person) { try queue(db, now, to: person, method: .request, sequence: sequence) }
                }
            }
            if let was {
                for person in oldPeople where !newPeople.contains(person) {
                    if try invited(person) { try queue(db, was, to: person, method: .cancel, sequence: sequence) }
                }
            }
        }
    }

    /// Whether the person has accounts and every one is disabled: such a person gets no mail at all (issue 24). A
    /// person with no account (an officer who only gets invitations) is not concerned.
    func accountsAllDisabled(_ db: Database, _ person: String) throws -> Bool {
        guard let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, SUM(disabled) AS off FROM user WHERE person = ?", arguments: [person])
        else { return false }
        let n: Int = row["n"]
        let off: Int = row["off"] ?? 0
        return n > 0 && off == n
    }

    /// One message for one person, with the event's `sequence` (recorded per person as what they were last sent). A
    /// message still queued for the same task and person is replaced by this one (the final state, the higher
    /// SEQUENCE). A cancellation of an invitation that never left (nothing sent, no attempt made) sends nothing: the
    /// person never heard of the booking. Once an attempt was made the invitation may have arrived, so the CANCEL goes.
    func queue(_ db: Database, _ event: FeedEvent, to person: String, method: InvitationMethod, sequence: Int) throws {
        try db.execute(
            sql: """
                INSERT INTO mail_sequence (task, recipient, sequence) VALUES (?, ?, ?)
                ON CONFLICT(task, recipient) DO UPDATE SET sequence = excluded.sequence
                """, arguments: [event.task, person, sequence])
        let now = clock().timeIntervalSince1970
        let payload = try JSONText.encode(InvitationJSON(event))
        let queued = try Row.fetchOne(
            db, sql: "SELECT id, attempts FROM outbox WHERE task = ? AND recipient = ? AND status = 'queued'", arguments: [event.task, person])
        let reached =
            try Int.fetchOne(
                db, sql: "SELECT 1 FROM outbox WHERE task = ? AND recipient = ? AND (status = 'sent' OR attempts > 0) LIMIT 1",
                arguments: [event.task, person]) != nil
        if method == .cancel && !reached {
            if let id: Int64 = queued?["id"] { try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [id]) }
            return
        }
        if let id: Int64 = queued?["id"] {
            try db.execute(
                sql: """
                    UPDATE outbox SET sequence = ?, method = ?, payload = ?, message_id = NULL, changed_at = ?, next_attempt_at = ?,
                        last_error = NULL WHERE id = ?
                    """, arguments: [sequence, method.rawValue, payload, now, now, id])
        } else {
            try db.execute(
                sql: """
                    INSERT INTO outbox (kind, recipient, task, case_id, sequence, method, payload, next_attempt_at, changed_at, created_at)
                    VALUES ('invitation', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [person, event.task, event.caseID, sequence, method.rawValue, payload, now, now, timestamp()])
        }
    }

    /// Whether a message under `key` (a digest's week) exists for `recipient`, so the weekly digest is computed once.
    public func hasMail(key: String, recipient: String) throws(StoreError) -> Bool {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM outbox WHERE task = ? AND recipient = ? LIMIT 1", arguments: [key, recipient]) != nil
        }
    }

    /// Queues a prosecutor's digest under `key` (e.g. `digest/DPP-01/2027-W02`) unless one with that key exists.
    /// Returns whether it was queued.
    @discardableResult
    public func queueDigest(prosecutor: String, key: String, payload: String) throws(StoreError) -> Bool {
        try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM outbox WHERE task = ? AND recipient = ? LIMIT 1", arguments: [key, prosecutor]) != nil {
                return false
            }
            if try accountsAllDisabled(db, prosecutor) { return false }
            let now = clock().timeIntervalSince1970
            try db.execute(
                sql: """
                    INSERT INTO outbox (kind, recipient, task, case_id, sequence, method, payload, next_attempt_at, changed_at, created_at)
                    VALUES ('digest', ?, ?, NULL, 0, NULL, ?, ?, ?, ?)
                    """, arguments: [prosecutor, key, payload, now, now, timestamp()])
            return true
        }
    }

    // MARK: Delivery

    /// Queued messages due now: their next attempt has come and they have not changed for `holdSeconds` (so changes
    /// made in quick succession coalesce). `all` takes every queued message, whatever its backoff or hold.
    public func dueMail(holdSeconds: Double, all: Bool, limit: Int = 500) throws(StoreError) -> [OutboxMessage] {
        let now = clock().timeIntervalSince1970
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.*, CASE WHEN o.kind = 'notice' THEN json_extract(o.payload, '$.to') ELSE p.email END AS email,
                        (SELECT u.language FROM user u WHERE u.person = o.recipient AND u.disabled = 0 ORDER BY u.id LIMIT 1) AS language
                    FROM outbox o JOIN person p ON p.id = o.recipient
                    WHERE o.status = 'queued' AND (? OR (o.next_attempt_at <= ? AND o.changed_at <= ?))
                    ORDER BY o.next_attempt_at, o.id LIMIT ?
                    """, arguments: [all, now, now - holdSeconds, limit]
            ).map { row in
                let entry = outboxEntry(row)
                let payload: String = row["payload"]
                let event =
                    entry.kind == .invitation ? (try? JSONDecoder().decode(InvitationJSON.self, from: Data(payload.utf8)))?.event : nil
                return OutboxMessage(
                    entry: entry, email: row["email"], language: (row["language"] as String?).flatMap(Language.init) ?? .ms,
                    payload: payload, event: event)
            }
        }
    }

    /// When the next queued message becomes due (nil: nothing queued), for the worker's timer.
    public func nextMailDue(holdSeconds: Double) throws(StoreError) -> Date? {
        try read { db in
            try Double.fetchOne(
                db, sql: "SELECT MIN(max(next_attempt_at, changed_at + ?)) FROM outbox WHERE status = 'queued'", arguments: [holdSeconds]
            )
            .map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// Records an attempt before the message is handed to the server (so a later cancellation knows it may have
    /// arrived) with the Message-ID it is sent under. False when the row changed meanwhile (send the newer state).
    public func beginAttempt(id: Int64, sequence: Int, messageID: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, message_id = ? WHERE id = ? AND sequence = ? AND status = 'queued'",
                arguments: [messageID, id, sequence])
            return db.changesCount == 1
        }
    }

    /// Marks the message sent: called only after the server accepted it (250). False when the row was replaced by a
    /// newer change meanwhile: that one stays queued and goes next.
    @discardableResult
    public func markSent(id: Int64, sequence: Int) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ? AND sequence = ? AND status = 'queued'",
                arguments: [timestamp(), id, sequence])
            return db.changesCount == 1
        }
    }

    /// Records a failed attempt: retried at `retryAt`, or marked failed (shown to the coordinator) when `retryAt` is
    /// nil. `error` must name no child: it is the server's reply or the transport's words.
    public func markAttemptFailed(id: Int64, sequence: Int, error: String, retryAt: Date?) throws(StoreError) {
        try write { db in
            if let retryAt {
                try db.execute(
                    sql: "UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ? AND sequence = ? AND status = 'queued'",
                    arguments: [String(error.prefix(500)), retryAt.timeIntervalSince1970, id, sequence])
            } else {
                try db.execute(
                    sql: "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ? AND sequence = ? AND status = 'queued'",
                    arguments: [String(error.prefix(500)), id, sequence])
            }
        }
    }

    // MARK: Listing (pages, `sedia mail status`)

    /// How many messages are queued, sent and failed.
    ///
    /// With `state`, only the messages about that state's cases (a state coordinator's outbox; digests are national).
    public func outboxCounts(state: String? = nil) throws(StoreError) -> OutboxCounts {
        try read { db in
            var counts = OutboxCounts(queued: 0, sent: 0, failed: 0)
            let rows = try Row.fetchAll(
                db, sql: "SELECT status, COUNT(*) AS n FROM outbox WHERE \(Self.outboxInState) GROUP BY status", arguments: [state, state])
            for row in rows {
                let n: Int = row["n"]
                switch OutboxStatus(rawValue: row["status"]) {
                case .queued?: counts.queued = n
                case .sent?: counts.sent = n
                case .failed?: counts.failed = n
                case nil: break
                }
            }
            return counts
        }
    }

    /// The outbox, newest first, optionally of one status; never the messages' bodies. With `state`, only the
    /// messages about that state's cases (the limit counts those only).
    public func outbox(status: OutboxStatus? = nil, state: String? = nil, limit: Int = 500) throws(StoreError) -> [OutboxEntry] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE (? IS NULL OR status = ?) AND \(Self.outboxInState) ORDER BY id DESC LIMIT ?",
                arguments: [status?.rawValue, status?.rawValue, state, state, limit]
            ).map(outboxEntry)
        }
    }

    /// The condition of a state-scoped outbox query; its two arguments are the state (nil: every message).
    static let outboxInState = "(? IS NULL OR case_id IN (SELECT id FROM case_file WHERE state = ?))"

    /// The case's messages the worker gave up on, for the notice on the case page.
    public func failedMail(caseID: Case.ID) throws(StoreError) -> [OutboxEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE case_id = ? AND status = 'failed' ORDER BY id", arguments: [caseID.rawValue])
                .map(outboxEntry)
        }
    }

    func outboxEntry(_ row: Row) -> OutboxEntry {
        OutboxEntry(
            id: row["id"], kind: OutboxKind(rawValue: row["kind"]) ?? .invitation, recipient: row["recipient"], task: row["task"],
            caseID: row["case_id"],
            method: (row["method"] as String?).flatMap(InvitationMethod.init), sequence: row["sequence"],
            status: OutboxStatus(rawValue: row["status"]) ?? .queued, attempts: row["attempts"], lastError: row["last_error"],
            createdAt: row["created_at"], sentAt: row["sent_at"], messageID: row["message_id"])
    }

    /// The installation's UID secret (made on first use), without the feed entries: the worker needs only the key
    /// to give an invitation its feed event's UID.
    public func uidSecret(newSecret: () -> [UInt8]) throws(StoreError) -> [UInt8] {
        let stored: [UInt8]? = try read { db in try Data.fetchOne(db, sql: "SELECT secret FROM feed_secret WHERE id = 1").map(Array.init) }
        if let stored { return stored }
        return try write { db in
            if let stored = try Data.fetchOne(db, sql: "SELECT secret FROM feed_secret WHERE id = 1") { return Array(stored) }
            let fresh = newSecret()
            try db.execute(sql: "INSERT INTO feed_secret (id, secret, created_at) VALUES (1, ?, ?)", arguments: [Data(fresh), timestamp()])
            return fresh
        }
    }
}
