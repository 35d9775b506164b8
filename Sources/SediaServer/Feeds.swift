import Crypto
import Foundation
import Hummingbird
import Logging
import SediaCore
import SediaStore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One event of a feed: case references only, never a child's identity.
struct FeedEvent: Equatable {
    var uid: String
    var summary: String
    var location: String
    var description: String
    /// Timed events carry start and end; all-day events carry `day`.
    var start: LocalDateTime?
    var end: LocalDateTime?
    var day: Day?
}

/// Which bookings a feed holds, and how they read in a calendar.
enum FeedContent {
    static func events(for scope: FeedScope, instance: Instance, bookings: StoredBookings) -> (name: String, events: [FeedEvent]) {
        var roomCentre: [Room.ID: Centre] = [:]
        for centre in instance.centres { for room in centre.rooms { roomCentre[room.id] = centre } }
        let courtState = Dictionary(instance.courts.map { ($0.id, $0.state.rawValue) }, uniquingKeysWith: { a, _ in a })
        let minutes = Dictionary(bookings.interviews.map { ($0.booking.caseID, $0.minutes) }, uniquingKeysWith: { a, _ in a })

        func includes(_ b: InterviewBooking) -> Bool {
            switch scope.kind {
            case .officer: return b.interviewer.rawValue == scope.subject
            case .psychologist: return b.psychologist?.rawValue == scope.subject
            case .centre: return roomCentre[b.room]?.id.rawValue == scope.subject
            case .room: return b.room.rawValue == scope.subject
            case .state: return roomCentre[b.room]?.state.rawValue == scope.subject
            case .court: return false
            }
        }
        func includes(_ b: HearingBooking) -> Bool {
            switch scope.kind {
            case .psychologist: return b.psychologist?.rawValue == scope.subject
            case .court: return b.court.rawValue == scope.subject
            case .state: return courtState[b.court] == scope.subject
            case .officer, .centre, .room: return false
            }
        }
        var events: [FeedEvent] = []
        for stored in bookings.interviews where includes(stored.booking) {
            let b = stored.booking
            let length = minutes[b.caseID] ?? 60
            let end = LocalDateTime(day: b.start.day, minute: min(b.start.minute + length, 24 * 60 - 1))
            var details = ["Case \(b.caseID)", "Room \(b.room)", "Interviewer \(b.interviewer)"]
            if let p = b.psychologist { details.append("Psychologist \(p)") }
            events.append(
                FeedEvent(
                    uid: "interview-\(b.caseID)@sedia", summary: "Interview \(b.caseID)",
                    location: "\(roomCentre[b.room]?.id.rawValue ?? "") \(b.room)", description: details.joined(separator: "\n"), start: b.start,
                    end: end, day: nil))
        }
        for stored in bookings.hearings where includes(stored.booking) {
            let b = stored.booking
            for (i, date) in b.dates.enumerated() {
                var details = ["Case \(b.caseID)", "Court \(b.court)", "Day \(i + 1) of \(b.dates.count)"]
                if let p = b.psychologist { details.append("Psychologist \(p)") }
                events.append(
                    FeedEvent(
                        uid: "hearing-\(b.caseID)-\(i + 1)@sedia", summary: "Trial \(b.caseID) (day \(i + 1)/\(b.dates.count))",
                        location: b.court.rawValue, description: details.joined(separator: "\n"), start: nil, end: nil, day: date))
            }
        }
        events.sort {
            ($0.start?.day ?? $0.day ?? Day(ordinal: 0), $0.start?.minute ?? -1, $0.uid) < (
                $1.start?.day ?? $1.day ?? Day(ordinal: 0), $1.start?.minute ?? -1, $1.uid
            )
        }
        return ("Sedia \(scope.kind.rawValue) \(scope.subject)", events)
    }
}

/// RFC 5545 text for a feed: CRLF lines folded at 75 octets, text escaped, times in Asia/Kuala_Lumpur.
enum ICSRenderer {
    static func render(name: String, events: [FeedEvent], stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Sedia//Sedia 0.1//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:Asia/Kuala_Lumpur", "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H",
            "BEGIN:VTIMEZONE", "TZID:Asia/Kuala_Lumpur", "BEGIN:STANDARD", "DTSTART:19820101T000000", "TZOFFSETFROM:+0800",
            "TZOFFSETTO:+0800", "TZNAME:+08", "END:STANDARD", "END:VTIMEZONE",
        ]
        let dtstamp = utcStamp(stamp)
        for e in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + e.uid)
            lines.append("DTSTAMP:" + dtstamp)
            if let start = e.start, let end = e.end {
                lines.append("DTSTART;TZID=Asia/Kuala_Lumpur:" + local(start))
                lines.append("DTEND;TZID=Asia/Kuala_Lumpur:" + local(end))
            } else if let day = e.day {
                lines.append("DTSTART;VALUE=DATE:" + compact(day))
                lines.append("DTEND;VALUE=DATE:" + compact(day.adding(days: 1)))
            }
            lines.append("SUMMARY:" + escape(e.summary))
            lines.append("LOCATION:" + escape(e.location))
            lines.append("DESCRIPTION:" + escape(e.description))
            lines.append("CLASS:CONFIDENTIAL")
            lines.append("TRANSP:OPAQUE")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func compact(_ day: Day) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    static func local(_ t: LocalDateTime) -> String {
        compact(t.day) + "T" + clockText(t.minute).replacingOccurrences(of: ":", with: "") + "00"
    }

    static func utcStamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = Day(ordinal: seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let rest = seconds - day.ordinal * 86400
        return compact(day) + "T" + String(format: "%02d%02d%02dZ", rest / 3600, rest % 3600 / 60, rest % 60)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.append(c)
            }
        }
        return out
    }

    /// Folds a line at 75 octets without splitting a UTF-8 character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var result = ""
        var count = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if count + size > 75 {
                result += "\r\n "
                count = 1
            }
            result.unicodeScalars.append(scalar)
            count += size
        }
        return result
    }
}

/// A rendered feed kept until the data changes.
struct RenderedFeed: Sendable {
    var version: Int
    var body: ByteBuffer
    var etag: String
    var lastModified: Date
    var lastModifiedText: String
    var contentHash: String
}

/// Serves `GET /feeds/<token>.ics` for calendar clients.
///
/// Rendered feeds are cached per scope and data version; a request costs one indexed token lookup (so a revoked
/// token stops working at once) and a comparison of the data version. The token is never logged: the request
/// logger is not installed for this path and errors name no token.
struct FeedController: Sendable {
    let database: AppDatabase
    let logger: Logger
    let cache: FeedCache
    let probe: FileChangeProbe
    let hot = HotFeeds()

    init(database: AppDatabase, logger: Logger, cache: FeedCache) {
        self.database = database
        self.logger = logger
        self.cache = cache
        self.probe = FileChangeProbe(databasePath: database.path)
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/feeds/:file") { request, context in try self.serve(request, context: context) }
        router.head("/feeds/:file") { request, context in
            var response = try self.serve(request, context: context)
            response.body = .init()
            return response
        }
    }

    static let notFound = "Not found: this feed address is unknown or has been revoked.\n"

    func serve(_ request: Request, context: AppRequestContext) throws -> Response {
        guard let file = context.parameters.get("file"), file.hasSuffix(".ics") else { return .plain(.notFound, Self.notFound) }
        let token = file.dropLast(4)
        // Unknown and revoked tokens get the same answer, and the same work: the hash is computed either way.
        let hash = Secrets.hash(String(token))
        guard Secrets.looksLikeToken(token) else { return .plain(.notFound, Self.notFound) }
        // Taken before any read, so whatever is cached under this stamp is at least as new as the files it describes.
        let stamp = probe.stamp()
        let feed: RenderedFeed
        if let stamp, let hit = hot.lookup(hash, stamp: stamp) {
            guard let hitFeed = hit else { return .plain(.notFound, Self.notFound) }
            feed = hitFeed
        } else {
            guard let info = try database.feedToken(hash: hash) else {
                if let stamp { hot.store(hash, nil, stamp: stamp) }
                return .plain(.notFound, Self.notFound)
            }
            feed = try cache.feed(for: info.scope, database: database)
            if let stamp { hot.store(hash, feed, stamp: stamp) }
        }
        var headers: HTTPFields = [
            .contentType: "text/calendar; charset=utf-8", .eTag: feed.etag, .lastModified: feed.lastModifiedText,
            .cacheControl: "private, max-age=300",
        ]
        headers.set("Content-Disposition", "inline; filename=\"sedia.ics\"")
        if let match = request.headers[.ifNoneMatch] {
            // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
            if match.split(separator: ",").contains(where: {
                let t = $0.trimmingCharacters(in: .whitespaces); return t == feed.etag || t == "*" || t == "W/" + feed.etag
            }) {
                return Response(status: .notModified, headers: headers)
            }
        } else if let since = request.headers[.ifModifiedSince], let date = HTTPDate.parse(since),
            feed.lastModified <= date
        {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: feed.body))
    }
}

/// The rendered-feed cache: scope → feed at a data version.
final class FeedCache: Sendable {
    private let state = Mutex<[FeedScope: RenderedFeed]>([:])
    private let snapshots: SnapshotCache

    init(snapshots: SnapshotCache) { self.snapshots = snapshots }

    func feed(for scope: FeedScope, database: AppDatabase) throws -> RenderedFeed {
        let current = try database.dataVersion()
        let cached = state.withLock { $0[scope] }
        if let cached, cached.version == current.version { return cached }
        let data = try loadSnapshot(database: database, version: current.version)
        let content = FeedContent.events(for: scope, instance: data.instance, bookings: data.bookings)
        // DTSTAMP is the time of the data, not of the request, so the same data gives the same bytes and ETag.
        let text = ICSRenderer.render(name: content.name, events: content.events, stamp: current.changedAt)
        let contentHash = SHA256.hash(data: Array(text.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
        // Last-Modified moves only when this feed's bytes change, not whenever any data changes.
        var lastModified = Date(timeIntervalSince1970: floor(current.changedAt.timeIntervalSince1970))
        if let cached, cached.contentHash == contentHash { lastModified = cached.lastModified }
        let feed = RenderedFeed(
            version: current.version, body: ByteBuffer(string: text), etag: "\"\(contentHash)\"", lastModified: lastModified,
            lastModifiedText: HTTPDate.format(lastModified), contentHash: contentHash)
        state.withLock { $0[scope] = feed }
        return feed
    }

    private func loadSnapshot(database: AppDatabase, version: Int) throws -> (instance: Instance, bookings: StoredBookings) {
        let snapshot = try snapshots.snapshot(database)
        return (snapshot.instance, snapshot.bookings)
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

/// Tells whether the database files changed, by `stat`: size, modification time and inode of the database and its
/// WAL. Every commit, from this process or another (`sedia feed-token revoke`), appends to the WAL, so an unchanged
/// stamp means nothing was committed and the answers cached under it still hold. Nil for in-memory databases.
struct FileChangeProbe: Sendable {
    let paths: [String]

    init(databasePath: String) {
        paths =
            databasePath.isEmpty || databasePath.hasPrefix(":memory:") || databasePath.hasPrefix("file::memory:")
            ? [] : [databasePath, databasePath + "-wal"]
    }

    func stamp() -> [Int]? {
        guard !paths.isEmpty else { return nil }
        var values: [Int] = []
        values.reserveCapacity(paths.count * 5)
        for path in paths {
            var info = stat()
            if stat(path, &info) != 0 {
                values.append(contentsOf: [-1, -1, -1, -1, -1])
            } else {
                values.append(contentsOf: [
                    Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino), Int(info.st_ctim.tv_nsec),
                ])
            }
        }
        // The WAL header's checkpoint sequence and salts change whenever SQLite restarts the WAL from its start,
        // which may rewrite it without growing it; within one generation every commit grows it.
        if let wal = paths.last {
            let fd = open(wal, O_RDONLY)
            if fd >= 0 {
                var header = [UInt8](repeating: 0, count: 24)
                let n = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 24, 0) }
                close(fd)
                if n == 24 { values.append(header[12..<24].reduce(0) { $0 << 5 ^ Int($1) }) }
            }
        }
        return values
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
