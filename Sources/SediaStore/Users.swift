public import Foundation
import GRDB
public import SediaCore

/// What a signed-in person may do; scope narrows it further (state, own bookings).
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Books interviews and hearings for the cases of their state (or every state when no state is set).
    case coordinator
    /// Tracks deadlines and readiness checklists for the cases of their state.
    case prosecutor
    /// An interviewer or psychologist: sees only their own bookings and feed.
    case staff
    /// Everything, every state; manages users.
    case admin
}

/// A user account (never with its password hash).
public struct User: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var role: Role
    /// ISO 3166-2:MY code; nil means every state.
    public var state: String?
    /// The interviewer or psychologist this account belongs to (staff).
    public var person: String?
    /// The language of the account's pages.
    public var language: Language = .en

    /// The states this user's pages cover, decided here once for every page, query and job: an admin, or an account
    /// without a state, is national; any other account covers its own state.
    ///
    /// A staff account gets the same geography (its state, or national without one), but the scope grants nothing by
    /// itself: every state-filtered page is closed to staff by role, a staff member sees only their own bookings, and
    /// `canSee(caseState:)` stays false for staff whatever the scope.
    public var scope: StateScope {
        role == .admin ? .national : StateScope(state)
    }

    /// Whether this user may see a case filed under `caseState`: never for staff (they see their own bookings, not
    /// cases), otherwise when the state lies inside `scope`.
    public func canSee(caseState: String) -> Bool {
        role != .staff && scope.contains(caseState)
    }
}

/// An account as `sedia user list` and the admin page show it: never a password hash.
public struct UserSummary: Sendable, Equatable, Codable {
    public var username: String
    public var role: Role
    public var state: String?
    public var person: String?
    public var language: Language
    public var disabled: Bool
    /// ISO 8601, UTC; nil when the account never signed in.
    public var lastSignIn: String?

    public init(
        username: String, role: Role, state: String?, person: String?, language: Language, disabled: Bool, lastSignIn: String?
    ) {
        self.username = username
        self.role = role
        self.state = state
        self.person = person
        self.language = language
        self.disabled = disabled
        self.lastSignIn = lastSignIn
    }
}

extension AppDatabase {
    /// Adds a user; the password arrives already hashed (bcrypt) by the caller.
    @discardableResult
    public func addUser(
        username: String, passwordHash: String, role: Role, state: String?, person: String?, language: Language = .en, actor: String
    ) throws(StoreError)
        -> User
    {
        guard !username.isEmpty, username.count <= 64, username.allSatisfy({ $0.isLetter || $0.isNumber || "._-@".contains($0) }) else {
            throw StoreError(.invalid, field: "username", "use 1 to 64 letters, digits, '.', '_', '-' or '@'")
        }
        if role == .staff && person == nil {
            throw StoreError(.invalid, field: "person", "a staff account must name the interviewer or psychologist it belongs to (--person)")
        }
        if role == .prosecutor, person != nil, state == nil {
            throw StoreError(.invalid, field: "state", "a prosecutor account with a person must name the state the prosecutor works in (--state)")
        }
        return try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM user WHERE username = ?", arguments: [username]) != nil {
                throw StoreError(.conflict, field: "username", "\(username) already exists")
            }
            if let state, try Int.fetchOne(db, sql: "SELECT 1 FROM state WHERE code = ?", arguments: [state]) == nil {
                throw StoreError(.invalid, field: "state", "\(state) is not a state in this database (import an instance first)")
            }
            if let person, let holder = try String.fetchOne(db, sql: "SELECT username FROM user WHERE person = ? LIMIT 1", arguments: [person]) {
                // One account per person: a second one would control the same address and mail.
                throw StoreError(.conflict, field: "person", "\(person) already has an account (\(holder))")
            }
            if let person, role == .prosecutor {
                // A prosecutor's person is made with the account: the planning instance has no prosecutors.
                try ensureProsecutor(db, id: person, state: state)
            } else if let person {
                guard let kind = try String.fetchOne(db, sql: "SELECT kind FROM person WHERE id = ?", arguments: [person]) else {
                    throw StoreError(.invalid, field: "person", "\(person) is not a person in this database")
                }
                if kind == "prosecutor" {
                    throw StoreError(.invalid, field: "person", "\(person) is a prosecutor; only a prosecutor account may be linked to it")
                }
                if role == .staff, kind != "interviewer", kind != "psychologist" {
                    throw StoreError(.invalid, field: "person", "a staff account must be linked to an interviewer or psychologist, not \(person)")
                }
            }
            try db.execute(
                sql: "INSERT INTO user (username, password_hash, role, state, person, language, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [username, passwordHash, role.rawValue, state, person, language.rawValue, timestamp()])
            let user = User(id: db.lastInsertedRowID, username: username, role: role, state: state, person: person, language: language)
            try audit(
                db, actor: actor, action: "add-user", subject: "user:\(username)",
                after: ["role": role.rawValue, "state": state ?? "*", "person": person ?? "", "language": language.rawValue])
            return user
        }
    }

    /// The user and their password hash, for signing in.
    public func credentials(username: String) throws(StoreError) -> (user: User, passwordHash: String)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE username = ? AND disabled = 0", arguments: [username]) else {
                return nil
            }
            return (try user(row), row["password_hash"])
        }
    }

    public func user(id: Int64) throws(StoreError) -> User? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id]).map(user) }
    }

    public func users() throws(StoreError) -> [User] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY username").map(user) }
    }

    func user(_ row: Row) throws -> User {
        guard let role = Role(rawValue: row["role"]) else { throw StoreError(.database, "stored role is unknown") }
        return User(
            id: row["id"], username: row["username"], role: role, state: row["state"], person: row["person"],
            language: Language(rawValue: row["language"]) ?? .en)
    }

    /// Every account, by username, as listed to operators and admins (no password hash).
    public func userSummaries() throws(StoreError) -> [UserSummary] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY username").map { row in
                let user = try user(row)
                return UserSummary(
                    username: user.username, role: user.role, state: user.state, person: user.person, language: user.language,
                    disabled: row["disabled"], lastSignIn: row["last_sign_in"])
            }
        }
    }

    /// The account with this username, disabled or not, or a refusal naming the field.
    func account(_ db: Database, _ username: String) throws -> (user: User, disabled: Bool) {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE username = ?", arguments: [username]) else {
            throw StoreError(.notFound, field: "username", "\(username) does not exist")
        }
        return (try user(row), row["disabled"])
    }

    /// Disables or enables an account. Disabling ends its sessions and revokes its feed tokens at once (they stay
    /// revoked when the account is enabled again: new feed addresses are made, never old ones revived).
    public func setDisabled(username: String, disabled: Bool, actor: String) throws(StoreError) {
        try write { db in
            let account = try account(db, username)
            guard account.disabled != disabled else { return }
            try db.execute(sql: "UPDATE user SET disabled = ? WHERE id = ?", arguments: [disabled, account.user.id])
            var after: [String: Int] = ["disabled": disabled ? 1 : 0]
            if disabled {
                try db.execute(sql: "DELETE FROM session WHERE user = ?", arguments: [account.user.id])
                after["sessionsEnded"] = db.changesCount
                try db.execute(
                    sql: "UPDATE feed_token SET revoked_at = ? WHERE user = ? AND revoked_at IS NULL", arguments: [timestamp(), account.user.id])
                after["feedTokensRevoked"] = db.changesCount
                // Mail still waiting for the person goes nowhere once none of their accounts is enabled.
                if let person = account.user.person, try accountsAllDisabled(db, person) {
                    try db.execute(sql: "DELETE FROM outbox WHERE recipient = ? AND status = 'queued'", arguments: [person])
                    after["mailCancelled"] = db.changesCount
                }
            }
            try audit(
                db, actor: actor, action: disabled ? "disable-user" : "enable-user", subject: "user:\(username)",
                before: ["disabled": account.disabled ? 1 : 0], after: after)
        }
    }

    /// Sets the language of an account's pages (its own choice, from the switch on every page); audited.
    public func setLanguage(userID: Int64, language: Language, actor: String) throws(StoreError) {
        try write { db in
            let before = try String.fetchOne(db, sql: "SELECT language FROM user WHERE id = ?", arguments: [userID])
            guard let before else { throw StoreError(.notFound, field: "user", "no such account.") }
            guard before != language.rawValue else { return }
            try db.execute(sql: "UPDATE user SET language = ? WHERE id = ?", arguments: [language.rawValue, userID])
            let username = try String.fetchOne(db, sql: "SELECT username FROM user WHERE id = ?", arguments: [userID]) ?? ""
            try audit(
                db, actor: actor, action: "set-language", subject: "user:\(username)", before: ["language": before],
                after: ["language": language.rawValue])
        }
    }

    /// Sets an account's password (already hashed by the caller, after `PasswordPolicy.check`) and ends its sessions,
    /// except `keeping` (the session of a user changing their own password stays signed in).
    /// With `renewing`, the kept session goes on under that new token hash (a password change rotates the cookie, so a
    /// copy of the old one opens nothing).
    public func setPassword(
        username: String, passwordHash: String, keeping: [UInt8]? = nil, renewing: [UInt8]? = nil, actor: String
    ) throws(StoreError) {
        try write { db in
            let account = try account(db, username)
            try db.execute(sql: "UPDATE user SET password_hash = ? WHERE id = ?", arguments: [passwordHash, account.user.id])
            try db.execute(
                sql: "DELETE FROM session WHERE user = ? AND (? IS NULL OR token_hash != ?)",
                arguments: [account.user.id, keeping.map { Data($0) }, keeping.map { Data($0) }])
            let ended = db.changesCount
            if let keeping, let renewing {
                try db.execute(
                    sql: "UPDATE session SET token_hash = ? WHERE token_hash = ? AND user = ?",
                    arguments: [Data(renewing), Data(keeping), account.user.id])
            }
            // The audit line says that it changed and how many sessions ended; never the hash.
            try audit(db, actor: actor, action: "set-password", subject: "user:\(username)", after: ["sessionsEnded": ended])
        }
    }

    /// The password hash of an account (enabled or not), for checking a user's current password before a change.
    public func passwordHash(userID: Int64) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT password_hash FROM user WHERE id = ?", arguments: [userID]) }
    }

    /// Ends every session of a user ("sign out everywhere"), the caller's own included.
    public func endSessions(userID: Int64, actor: String) throws(StoreError) {
        try write { db in
            guard let username = try String.fetchOne(db, sql: "SELECT username FROM user WHERE id = ?", arguments: [userID]) else {
                throw StoreError(.notFound, "user \(userID) does not exist")
            }
            try db.execute(sql: "DELETE FROM session WHERE user = ?", arguments: [userID])
            try audit(db, actor: actor, action: "sign-out-everywhere", subject: "user:\(username)", after: ["sessionsEnded": db.changesCount])
        }
    }

    // MARK: Sessions

    /// Stores a new session (only the hash of its token) with its CSRF secret.
    public func createSession(tokenHash: [UInt8], userID: Int64, csrf: String, lifetime: TimeInterval) throws(StoreError) {
        let now = clock().timeIntervalSince1970
        try write { db in
            try db.execute(sql: "DELETE FROM session WHERE expires_at < ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO session (token_hash, user, csrf, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [Data(tokenHash), userID, csrf, now, now + lifetime, now])
            try db.execute(sql: "UPDATE user SET last_sign_in = ? WHERE id = ?", arguments: [timestamp(), userID])
            try audit(db, actor: "user:\(userID)", action: "sign-in", subject: "user:\(userID)")
        }
    }

    /// The signed-in user and CSRF secret of a live session, or nil when unknown or expired.
    ///
    /// With `idleTimeout`, a session unused for that long has ended too (it is deleted), and a live one is marked
    /// used now (at most once a minute, so pages do not each write).
    public func session(tokenHash: [UInt8], idleTimeout: TimeInterval? = nil) throws(StoreError) -> (user: User, csrf: String)? {
        let now = clock().timeIntervalSince1970
        let found = try read { db -> (user: User, csrf: String, lastUsed: Double)? in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT user.*, session.csrf AS csrf, session.last_used_at AS last_used FROM session
                        JOIN user ON user.id = session.user
                        WHERE session.token_hash = ? AND session.expires_at > ? AND user.disabled = 0
                        """,
                    arguments: [Data(tokenHash), now])
            else { return nil }
            return (try user(row), row["csrf"], row["last_used"])
        }
        guard let found else { return nil }
        if let idleTimeout {
            // Both writes are housekeeping: an unwritable database (reported by /healthz) must not fail every page.
            if now - found.lastUsed >= idleTimeout {
                try? deleteSession(tokenHash: tokenHash)
                return nil
            }
            if now - found.lastUsed >= 60 {
                try? write { db in
                    try db.execute(sql: "UPDATE session SET last_used_at = ? WHERE token_hash = ?", arguments: [now, Data(tokenHash)])
                }
            }
        }
        return (found.user, found.csrf)
    }

    public func deleteSession(tokenHash: [UInt8]) throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [Data(tokenHash)]) }
    }

}

/// Compares two byte strings in time that depends only on their lengths.
public func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<a.count { difference |= a[i] ^ b[i] }
    return difference == 0
}
