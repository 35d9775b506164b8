public import Foundation
import GRDB
import SediaCore

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

    /// Whether this user may see a case filed under `caseState`.
    public func canSee(caseState: String) -> Bool {
        switch role {
        case .admin: return true
        case .coordinator, .prosecutor: return state == nil || state == caseState
        case .staff: return false
        }
    }
}

/// The languages an account's pages can be in.
public enum Language: String, Sendable, CaseIterable, Codable {
    case ms, en
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

/// A feed a token gives access to: `[busy-]KIND:ID`, e.g. `officer:IO-014`, `busy-room:CIC-KB-1` or `deadlines:DPP-01`.
public struct FeedScope: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The kinds of feed there are. `officer` is an interviewer's feed (`interviewer` is accepted as a synonym when
    /// parsing); `prosecutor`, `deadlines` and `tasks` are a prosecutor's.
    public enum Kind: String, Sendable, CaseIterable {
        case officer, psychologist, centre, room, court, state, prosecutor, deadlines, tasks

        /// The kind a `KIND` text names, synonyms included.
        public init?(name: String) {
            if name == "interviewer" {
                self = .officer
            } else {
                self.init(rawValue: name)
            }
        }

        /// Whether a busy-only variant exists (not for a prosecutor's own feeds, which exist to show the cases).
        public var hasBusyVariant: Bool {
            switch self {
            case .officer, .psychologist, .centre, .room, .court, .state: true
            case .prosecutor, .deadlines, .tasks: false
            }
        }
    }

    public var kind: Kind
    public var subject: String
    /// The busy-only variant: times and "Busy", nothing else.
    public var busyOnly: Bool

    public init(kind: Kind, subject: String, busyOnly: Bool = false) {
        self.kind = kind
        self.subject = subject
        self.busyOnly = busyOnly
    }

    /// The prefix that asks for the busy-only variant: `busy-officer:IO-014`.
    public static let busyPrefix = "busy-"

    /// Parses `[busy-]KIND:ID`.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        var name = text[..<colon]
        let busy = name.hasPrefix(Self.busyPrefix)
        if busy { name = name.dropFirst(Self.busyPrefix.count) }
        guard let kind = Kind(name: String(name)), !busy || kind.hasBusyVariant else { return nil }
        let subject = String(text[text.index(after: colon)...])
        guard IdentifierRule.problem(subject) == nil else { return nil }
        self.init(kind: kind, subject: subject, busyOnly: busy)
    }

    public var description: String { (busyOnly ? Self.busyPrefix : "") + "\(kind.rawValue):\(subject)" }
}

/// A feed token as listed on the user's page (the token itself is never stored; only its hash).
public struct FeedTokenInfo: Sendable, Equatable {
    public var id: Int64
    public var userID: Int64
    public var username: String
    public var scope: FeedScope
    public var createdAt: String
    public var revokedAt: String?
    /// The owner's language: the feed's fixed words are in it.
    public var language: Language = .en
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
            throw StoreError(.invalid, "username: use 1 to 64 letters, digits, '.', '_', '-' or '@'")
        }
        if role == .staff && person == nil {
            throw StoreError(.invalid, "person: a staff account must name the interviewer or psychologist it belongs to (--person)")
        }
        if role == .prosecutor, person != nil, state == nil {
            throw StoreError(.invalid, "state: a prosecutor account with a person must name the state the prosecutor works in (--state)")
        }
        return try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM user WHERE username = ?", arguments: [username]) != nil {
                throw StoreError(.conflict, "username: \(username) already exists")
            }
            if let state, try Int.fetchOne(db, sql: "SELECT 1 FROM state WHERE code = ?", arguments: [state]) == nil {
                throw StoreError(.invalid, "state: \(state) is not a state in this database (import an instance first)")
            }
            if let person, role == .prosecutor {
                // A prosecutor's person is made with the account: the planning instance has no prosecutors.
                try ensureProsecutor(db, id: person, state: state)
            } else if let person, try Int.fetchOne(db, sql: "SELECT 1 FROM person WHERE id = ?", arguments: [person]) == nil {
                throw StoreError(.invalid, "person: \(person) is not a person in this database")
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
            throw StoreError(.notFound, "username: \(username) does not exist")
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
            guard let before else { throw StoreError(.notFound, "user: no such account.") }
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
    public func setPassword(username: String, passwordHash: String, keeping: [UInt8]? = nil, actor: String) throws(StoreError) {
        try write { db in
            let account = try account(db, username)
            try db.execute(sql: "UPDATE user SET password_hash = ? WHERE id = ?", arguments: [passwordHash, account.user.id])
            try db.execute(
                sql: "DELETE FROM session WHERE user = ? AND (? IS NULL OR token_hash != ?)",
                arguments: [account.user.id, keeping.map { Data($0) }, keeping.map { Data($0) }])
            // The audit line says that it changed and how many sessions ended; never the hash.
            try audit(db, actor: actor, action: "set-password", subject: "user:\(username)", after: ["sessionsEnded": db.changesCount])
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
                sql: "INSERT INTO session (token_hash, user, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [Data(tokenHash), userID, csrf, now, now + lifetime])
            try db.execute(sql: "UPDATE user SET last_sign_in = ? WHERE id = ?", arguments: [timestamp(), userID])
            try audit(db, actor: "user:\(userID)", action: "sign-in", subject: "user:\(userID)")
        }
    }

    /// The signed-in user and CSRF secret of a live session, or nil when unknown or expired.
    public func session(tokenHash: [UInt8]) throws(StoreError) -> (user: User, csrf: String)? {
        let now = clock().timeIntervalSince1970
        return try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT user.*, session.csrf AS csrf FROM session JOIN user ON user.id = session.user
                        WHERE session.token_hash = ? AND session.expires_at > ? AND user.disabled = 0
                        """,
                    arguments: [Data(tokenHash), now])
            else { return nil }
            return (try user(row), row["csrf"])
        }
    }

    public func deleteSession(tokenHash: [UInt8]) throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [Data(tokenHash)]) }
    }

    // MARK: Feed tokens

    /// Stores a feed token's hash for `username`, scoped to one feed.
    @discardableResult
    public func createFeedToken(tokenHash: [UInt8], username: String, scope: FeedScope, actor: String) throws(StoreError) -> FeedTokenInfo {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE username = ?", arguments: [username]) else {
                throw StoreError(.notFound, "username: \(username) does not exist")
            }
            let owner = try user(row)
            try checkFeedAllowed(db, owner, scope)
            let now = timestamp()
            try db.execute(
                sql: "INSERT INTO feed_token (token_hash, user, kind, subject, busy, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [Data(tokenHash), owner.id, scope.kind.rawValue, scope.subject, scope.busyOnly, now])
            let info = FeedTokenInfo(id: db.lastInsertedRowID, userID: owner.id, username: username, scope: scope, createdAt: now, revokedAt: nil)
            try audit(
                db, actor: actor, action: "create-feed-token", subject: "user:\(username)", after: ["feed": scope.description, "id": String(info.id)])
            return info
        }
    }

    /// Whether `owner` may subscribe to `scope`: staff only to their own feed; a prosecutor to their own prosecutor,
    /// deadlines and tasks feeds (and, like coordinators, to place feeds within their state); others within their state.
    func checkFeedAllowed(_ db: Database, _ owner: User, _ scope: FeedScope) throws {
        let subjectState: String?
        switch scope.kind {
        case .prosecutor, .deadlines, .tasks:
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT state FROM person WHERE id = ? AND kind = 'prosecutor'", arguments: [scope.subject])
            else { throw StoreError(.notFound, "feed: \(scope) names no prosecutor in this database") }
            if owner.role == .staff { throw StoreError(.invalid, "feed: a staff member may only subscribe to their own feed") }
            if owner.role == .prosecutor {
                guard owner.person == scope.subject else {
                    throw StoreError(.invalid, "feed: a prosecutor may only subscribe to their own prosecutor, deadlines and tasks feeds")
                }
                return
            }
            subjectState = row["state"]
        case .officer, .psychologist:
            let kind = scope.kind == .officer ? "interviewer" : "psychologist"
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM person WHERE id = ? AND kind = ?", arguments: [scope.subject, kind]) != nil else {
                throw StoreError(.notFound, "feed: \(scope) names no \(kind) in this database")
            }
            if owner.role == .staff {
                guard owner.person == scope.subject else { throw StoreError(.invalid, "feed: a staff member may only subscribe to their own feed") }
                return
            }
            // An officer serves centres; the officer's state is the state of their first centre.
            subjectState = try String.fetchOne(
                db,
                sql:
                    "SELECT centre.state FROM person_centre JOIN centre ON centre.id = person_centre.centre WHERE person_centre.person = ? ORDER BY person_centre.position LIMIT 1",
                arguments: [scope.subject])
        case .centre:
            subjectState = try String.fetchOne(db, sql: "SELECT state FROM centre WHERE id = ?", arguments: [scope.subject])
            if subjectState == nil { throw StoreError(.notFound, "feed: \(scope) names no centre in this database") }
        case .room:
            subjectState = try String.fetchOne(
                db, sql: "SELECT centre.state FROM room JOIN centre ON centre.id = room.centre WHERE room.id = ?", arguments: [scope.subject])
            if subjectState == nil { throw StoreError(.notFound, "feed: \(scope) names no room in this database") }
        case .court:
            subjectState = try String.fetchOne(db, sql: "SELECT state FROM court WHERE id = ?", arguments: [scope.subject])
            if subjectState == nil { throw StoreError(.notFound, "feed: \(scope) names no court in this database") }
        case .state:
            subjectState = try String.fetchOne(db, sql: "SELECT code FROM state WHERE code = ?", arguments: [scope.subject])
            if subjectState == nil { throw StoreError(.notFound, "feed: \(scope) names no state in this database") }
        }
        if owner.role == .staff { throw StoreError(.invalid, "feed: a staff member may only subscribe to their own feed") }
        if owner.role != .admin, let mine = owner.state, let theirs = subjectState, mine != theirs {
            throw StoreError(.invalid, "feed: \(scope) belongs to state \(theirs), outside \(owner.username)'s state \(mine)")
        }
    }

    /// The live (not revoked) token with this hash. The hash is looked up by index and then compared again in
    /// constant time, so the time taken never depends on how much of a guessed token is right.
    public func feedToken(hash: [UInt8]) throws(StoreError) -> FeedTokenInfo? {
        try read { db in
            guard let row = try feedTokenRows(db, "token_hash = ? AND revoked_at IS NULL AND user.disabled = 0", [Data(hash)]).first else {
                return nil
            }
            let stored: Data = row["token_hash"]
            guard constantTimeEqual(Array(stored), hash) else { return nil }
            return try feedInfo(row)
        }
    }

    /// The one query for feed tokens with their owner's username, filtered by `condition` (SQL over `feed_token` and
    /// `user`, with `?` placeholders for `arguments`).
    func feedTokenRows(_ db: Database, _ condition: String, _ arguments: StatementArguments, orderBy: String = "feed_token.id") throws -> [Row] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT feed_token.*, user.username AS username, user.language AS language FROM feed_token JOIN user ON user.id = feed_token.user
                WHERE \(condition) ORDER BY \(orderBy)
                """,
            arguments: arguments)
    }

    func feedInfo(_ row: Row) throws -> FeedTokenInfo {
        guard let kind = FeedScope.Kind(rawValue: row["kind"]) else { throw StoreError(.database, "stored feed kind is unknown") }
        return FeedTokenInfo(
            id: row["id"], userID: row["user"], username: row["username"],
            scope: FeedScope(kind: kind, subject: row["subject"], busyOnly: row["busy"]),
            createdAt: row["created_at"], revokedAt: row["revoked_at"],
            language: (row["language"] as String?).flatMap(Language.init(rawValue:)) ?? .en)
    }

    /// The user's feed tokens, newest first.
    public func feedTokens(userID: Int64) throws(StoreError) -> [FeedTokenInfo] {
        try read { db in
            try feedTokenRows(db, "feed_token.user = ?", [userID], orderBy: "feed_token.id DESC").map(feedInfo)
        }
    }

    /// Revokes the token with this hash; effective for the next request since every feed request reads this table.
    /// When `userID` is given, only that user's token is revoked (the web page); the CLI passes nil (operator).
    public func revokeFeedToken(hash: [UInt8], userID: Int64?, actor: String) throws(StoreError) -> FeedTokenInfo {
        try write { db in
            guard let row = try feedTokenRows(db, "token_hash = ? AND revoked_at IS NULL", [Data(hash)]).first else {
                throw StoreError(.notFound, "no live feed token has that URL")
            }
            let info = try feedInfo(row)
            if let userID, info.userID != userID { throw StoreError(.notFound, "no live feed token has that URL") }
            try db.execute(sql: "UPDATE feed_token SET revoked_at = ? WHERE id = ?", arguments: [timestamp(), info.id])
            try audit(
                db, actor: actor, action: "revoke-feed-token", subject: "user:\(info.username)",
                before: ["feed": info.scope.description, "id": String(info.id)])
            return info
        }
    }

    /// Revokes by id (the user's page, which never sees the token again after creation).
    public func revokeFeedToken(id: Int64, userID: Int64, actor: String) throws(StoreError) {
        try write { db in
            guard let row = try feedTokenRows(db, "feed_token.id = ? AND feed_token.user = ? AND revoked_at IS NULL", [id, userID]).first else {
                throw StoreError(.notFound, "no live feed token with that id")
            }
            let info = try feedInfo(row)
            try db.execute(sql: "UPDATE feed_token SET revoked_at = ? WHERE id = ?", arguments: [timestamp(), id])
            try audit(
                db, actor: actor, action: "revoke-feed-token", subject: "user:\(info.username)",
                before: ["feed": info.scope.description, "id": String(id)])
        }
    }
}

/// Compares two byte strings in time that depends only on their lengths.
public func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<a.count { difference |= a[i] ^ b[i] }
    return difference == 0
}
