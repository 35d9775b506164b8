public import Foundation
import GRDB
public import SediaCore

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
    /// For an officer's or psychologist's feed held by a state coordinator, that state: the feed shows other states'
    /// events as busy time only (the person may serve several states).
    public var viewerState: String?
}

extension AppDatabase {
    // MARK: Feed tokens

    /// Stores a feed token's hash for `username`, scoped to one feed.
    @discardableResult
    public func createFeedToken(tokenHash: [UInt8], username: String, scope: FeedScope, actor: String) throws(StoreError) -> FeedTokenInfo {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE username = ?", arguments: [username]) else {
                throw StoreError(.notFound, field: "username", "\(username) does not exist")
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
    /// deadlines and tasks feeds (and, like coordinators, to place feeds within their state); an officer's or
    /// psychologist's feed to that person and to coordinators of a state the person serves; others within their state.
    func checkFeedAllowed(_ db: Database, _ owner: User, _ scope: FeedScope) throws {
        let subjectState: String?
        switch scope.kind {
        case .prosecutor, .deadlines, .tasks:
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT state FROM person WHERE id = ? AND kind = 'prosecutor'", arguments: [scope.subject])
            else { throw StoreError(.notFound, field: "feed", "\(scope) names no prosecutor in this database") }
            if owner.role == .staff { throw StoreError(.invalid, field: "feed", "a staff member may only subscribe to their own feed") }
            if owner.role == .prosecutor {
                guard owner.person == scope.subject else {
                    throw StoreError(.invalid, field: "feed", "a prosecutor may only subscribe to their own prosecutor, deadlines and tasks feeds")
                }
                return
            }
            subjectState = row["state"]
        case .officer, .psychologist:
            let kind = scope.kind == .officer ? "interviewer" : "psychologist"
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM person WHERE id = ? AND kind = ?", arguments: [scope.subject, kind]) != nil else {
                throw StoreError(.notFound, field: "feed", "\(scope) names no \(kind) in this database")
            }
            if owner.role == .staff {
                guard owner.person == scope.subject else {
                    throw StoreError(.invalid, field: "feed", "a staff member may only subscribe to their own feed")
                }
                return
            }
            if owner.role == .prosecutor {
                throw StoreError(.invalid, field: "feed", "a prosecutor may not subscribe to an officer's or psychologist's feed")
            }
            // Every state the person serves (centres, and a psychologist's courts), as `Instance.states(ofPerson:)` has it;
            // the feed then shows the other states' events as busy time (`FeedTokenInfo.viewerState`).
            let served = try String.fetchSet(
                db,
                sql: """
                    SELECT centre.state FROM person_centre JOIN centre ON centre.id = person_centre.centre WHERE person_centre.person = ?
                    UNION SELECT court.state FROM person_court JOIN court ON court.id = person_court.court WHERE person_court.person = ?
                    """,
                arguments: [scope.subject, scope.subject])
            if let mine = owner.scope.state, !served.contains(mine) {
                throw StoreError(
                    .invalid, "feed: \(scope) serves \(served.sorted().joined(separator: ", ")), outside \(owner.username)'s state \(mine)")
            }
            return
        case .centre:
            subjectState = try String.fetchOne(db, sql: "SELECT state FROM centre WHERE id = ?", arguments: [scope.subject])
            if subjectState == nil { throw StoreError(.notFound, field: "feed", "\(scope) names no centre in this database") }
        case .room:
            subjectState = try String.fetchOne(
                db, sql: "SELECT centre.state FROM room JOIN centre ON centre.id = room.centre WHERE room.id = ?", arguments: [scope.subject])
            if subjectState == nil { throw StoreError(.notFound, field: "feed", "\(scope) names no room in this database") }
        case .court:
            subjectState = try String.fetchOne(db, sql: "SELECT state FROM court WHERE id = ?", arguments: [scope.subject])
            if subjectState == nil { throw StoreError(.notFound, field: "feed", "\(scope) names no court in this database") }
        case .state:
            subjectState = try String.fetchOne(db, sql: "SELECT code FROM state WHERE code = ?", arguments: [scope.subject])
            if subjectState == nil { throw StoreError(.notFound, field: "feed", "\(scope) names no state in this database") }
        }
        if owner.role == .staff { throw StoreError(.invalid, field: "feed", "a staff member may only subscribe to their own feed") }
        if let mine = owner.scope.state, let theirs = subjectState, mine != theirs {
            throw StoreError(.invalid, field: "feed", "\(scope) belongs to state \(theirs), outside \(owner.username)'s state \(mine)")
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
            let info = try feedInfo(row)
            // A person's feed made under the earlier, looser rule (a prosecutor's, another state's coordinator's), or
            // whose person has since left the owner's state, stops working.
            if info.scope.kind == .officer || info.scope.kind == .psychologist {
                guard let ownerRow = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [info.userID]) else { return nil }
                do { try checkFeedAllowed(db, try user(ownerRow), info.scope) } catch { return nil }
            }
            return info
        }
    }

    /// The one query for feed tokens with their owner's username, filtered by `condition` (SQL over `feed_token` and
    /// `user`, with `?` placeholders for `arguments`).
    func feedTokenRows(_ db: Database, _ condition: String, _ arguments: StatementArguments, orderBy: String = "feed_token.id") throws -> [Row] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT feed_token.*, user.username AS username, user.language AS language, user.role AS owner_role, user.state AS owner_state
                FROM feed_token JOIN user ON user.id = feed_token.user
                WHERE \(condition) ORDER BY \(orderBy)
                """,
            arguments: arguments)
    }

    func feedInfo(_ row: Row) throws -> FeedTokenInfo {
        guard let kind = FeedScope.Kind(rawValue: row["kind"]) else { throw StoreError(.database, "stored feed kind is unknown") }
        let person = kind == .officer || kind == .psychologist
        return FeedTokenInfo(
            id: row["id"], userID: row["user"], username: row["username"],
            scope: FeedScope(kind: kind, subject: row["subject"], busyOnly: row["busy"]),
            createdAt: row["created_at"], revokedAt: row["revoked_at"],
            language: (row["language"] as String?).flatMap(Language.init(rawValue:)) ?? .en,
            viewerState: person && (row["owner_role"] as String?) == Role.coordinator.rawValue ? row["owner_state"] : nil)
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
