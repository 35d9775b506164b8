import Crypto
import Foundation
import Hummingbird
import Logging
import SediaCalendar
import SediaCore
import SediaStore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A rendered feed kept until the data or the day changes, with the response headers made once.
struct RenderedFeed: Sendable {
    var body: ByteBuffer
    var etag: String
    var lastModified: Date
    var headers: HTTPFields
    /// What a 304 carries: the validator and caching fields only, as RFC 9110 §15.4.5 asks (no representation
    /// metadata such as Content-Type), which is also fewer bytes to write on the feeds' most frequent answer.
    var notModifiedHeaders: HTTPFields

    init(bytes: [UInt8], lastModified: Date) {
        body = ByteBuffer(bytes: bytes)
        etag = "\"" + Hex.encode(SHA256.hash(data: bytes).prefix(12)) + "\""
        self.lastModified = lastModified
        headers = [
            .contentType: "text/calendar; charset=utf-8", .eTag: etag, .lastModified: HTTPDate.format(lastModified),
            .cacheControl: "private, max-age=300",
        ]
        headers.set("Content-Disposition", "inline; filename=\"sedia.ics\"")
        headers.append(contentsOf: FeedController.securityHeaders)
        notModifiedHeaders = [.eTag: etag, .cacheControl: "private, max-age=300"]
        notModifiedHeaders.append(contentsOf: FeedController.securityHeaders)
    }
}

extension FeedScope {
    /// The SediaCalendar feed this scope serves: `officer` is the `interviewer` feed, the others keep their names.
    var feedID: FeedID {
        let kind: FeedKind
        switch self.kind {
        case .officer: kind = .interviewer
        case .psychologist: kind = .psychologist
        case .centre: kind = .centre
        case .room: kind = .room
        case .court: kind = .court
        case .state: kind = .state
        case .prosecutor: kind = .prosecutor
        case .deadlines: kind = .deadlines
        case .tasks: kind = .tasks
        }
        return FeedID(kind: kind, owner: subject, busyOnly: busyOnly)
    }
}

/// Serves `GET /feeds/<token>.ics` for calendar clients.
///
/// Rendered feeds are cached per scope and data version; a request costs one indexed token lookup (so a revoked
/// token stops working at once) and a comparison of the data version. The token is never logged: the request
/// logger is not installed for this path and errors name no token.
struct FeedController: Sendable {
    let database: AppDatabase
    let logger: Logger
    let publisher: FeedPublisher
    let probe: CommitProbe?
    let hot = HotFeeds()

    init(database: AppDatabase, logger: Logger, publisher: FeedPublisher) {
        self.database = database
        self.logger = logger
        self.publisher = publisher
        self.probe = CommitProbe(path: database.path)
    }

    /// The routes, for the router (the tests' way in); a running server answers feeds before the router
    /// (`FeedFirstResponder`), with the same `serve`. HEAD is the router's, made from GET with GET's headers.
    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/feeds/:file") { request, context in try self.serve(request, file: Substring(context.parameters.get("file") ?? "")) }
    }

    static let notFound = "Not found: this feed address is unknown or has been revoked.\n"

    /// The security headers the middleware gives every other response, here from the start (feeds bypass it).
    static var securityHeaders: HTTPFields { SecurityHeaders.common }

    static var notFoundResponse: Response {
        var headers = securityHeaders
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: notFound)))
    }

    func serve(_ request: Request, file: Substring) throws -> Response {
        guard file.hasSuffix(".ics") else { return Self.notFoundResponse }
        let token = file.dropLast(4)
        // Unknown and revoked tokens get the same answer, and the same work: the hash is computed either way.
        let hash = Secrets.hash(String(token))
        guard Secrets.looksLikeToken(token) else { return Self.notFoundResponse }
        // Taken before any read, so whatever is cached under this stamp is at least as new as the data it describes.
        // The local day is part of it: the window moves at midnight even when no data does.
        let stamp = probe?.version().map { [publisher.today().ordinal, $0] }
        // `?reminders=0`: the subscriber's own choice, part of the address they subscribed to (shown on My page). Any
        // other value, or none, keeps the reminders; the same address always gives the same bytes.
        let reminders = Self.wantsReminders(request.uri.query)
        let cacheKey = reminders ? hash : hash + [0]
        let feed: RenderedFeed
        if let stamp, let hit = hot.lookup(cacheKey, stamp: stamp) {
            guard let hitFeed = hit else { return Self.notFoundResponse }
            feed = hitFeed
        } else {
            guard let info = try database.feedToken(hash: hash) else {
                if let stamp { hot.store(cacheKey, nil, stamp: stamp) }
                return Self.notFoundResponse
            }
            var id = info.scope.feedID
            id.viewerState = info.viewerState
            feed = try publisher.feed(id, language: info.language, reminders: reminders)
            if let stamp { hot.store(cacheKey, feed, stamp: stamp) }
        }
        if let match = request.headers[.ifNoneMatch] {
            // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
            if match == feed.etag || Self.matches(match, feed.etag) { return Response(status: .notModified, headers: feed.notModifiedHeaders) }
        } else if let since = request.headers[.ifModifiedSince], let date = HTTPDate.parse(since), feed.lastModified <= date,
            date <= database.clock()
        {
            // A date later than our clock is ignored (RFC 9110 §13.1.3): a client whose clock runs fast would
            // otherwise be told "not modified" about every change until our clock caught up with it.
            return Response(status: .notModified, headers: feed.notModifiedHeaders)
        }
        return Response(status: .ok, headers: feed.headers, body: .init(byteBuffer: feed.body))
    }

    /// False when the query turns reminders off (`reminders=0`, `reminders=off`, `reminders=no`).
    static func wantsReminders(_ query: String?) -> Bool {
        guard let query, !query.isEmpty else { return true }
        for pair in query.split(separator: "&") where pair.hasPrefix("reminders=") {
            return !["0", "off", "no", "false"].contains(pair.dropFirst("reminders=".count).lowercased())
        }
        return true
    }

    /// Whether an If-None-Match list names the ETag (weakly or strongly) or is `*`.
    static func matches(_ list: String, _ etag: String) -> Bool {
        list.split(separator: ",").contains {
            let t = $0.trimmingCharacters(in: .whitespaces)
            return t == etag || t == "*" || t == "W/" + etag
        }
    }
}

/// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate written; IMF-fixdate, RFC 850 and asctime read.
enum HTTPDate {
    static func formatter(_ format: String) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = format
        return f
    }

    static func format(_ date: Date) -> String { formatter("EEE, dd MMM yyyy HH:mm:ss 'GMT'").string(from: date) }

    /// The date, or nil when the header is not a valid HTTP date (then it is ignored, never answered with 304).
    static func parse(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        for format in ["EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy"] {
            if let d = formatter(format).date(from: t) { return d }
        }
        return nil
    }
}

/// Token → rendered feed (or nil for an unknown or revoked token), valid while the file stamp is unchanged.
final class HotFeeds: Sendable {
    private let state = Mutex<(stamp: [Int], feeds: [[UInt8]: RenderedFeed?])>(([], [:]))

    /// `.some(feed)` or `.some(nil)` (known to be refused) when cached under this stamp; nil when unknown.
    func lookup(_ hash: [UInt8], stamp: [Int]) -> RenderedFeed?? {
        state.withLock { s in s.stamp == stamp ? s.feeds[hash] : nil }
    }

    func store(_ hash: [UInt8], _ feed: RenderedFeed?, stamp: [Int]) {
        state.withLock { s in
            // A new stamp starts a new generation; a flood of random tokens cannot grow it without bound.
            if s.stamp != stamp || s.feeds.count >= 10_000 { s = (stamp, [:]) }
            s.feeds[hash] = .some(feed)
        }
    }
}

/// Answers `GET`/`HEAD /feeds/<token>.ics` before the router and its middleware, and hands everything else to the
/// router. Calendar services poll feeds far more often than people open pages, and the router's trie, the session and
/// error middleware and their async hops would be most of the cost of a 304. The answers are those of the router's feed
/// routes (same `serve`, same headers, errors as plain text).
struct FeedFirstResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == AppRequestContext {
    typealias Context = AppRequestContext
    let feeds: FeedController
    let inner: Inner

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/feeds/"), request.method == .get || request.method == .head else {
            return try await inner.respond(to: request, context: context)
        }
        let file = path.dropFirst(7)
        // Bytes, not Foundation's `contains` (an NSString search per request).
        guard !file.utf8.contains(UInt8(ascii: "/")) else { return FeedController.notFoundResponse }
        do {
            let response = try feeds.serve(request, file: Substring(file))
            // HEAD keeps GET's headers, Content-Length included (setting an empty body would make it 0).
            return request.method == .head ? response.createHeadResponse() : response
        } catch {
            // Never the token: the error is the store's, which names none.
            feeds.logger.error("feed request failed: \(String(describing: error))")
            var headers = FeedController.securityHeaders
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(
                status: .internalServerError, headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: "The database failed; the operator has the details.\n")))
        }
    }
}
