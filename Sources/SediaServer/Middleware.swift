import Foundation
import Hummingbird
import Logging
import SediaCore
import SediaStore

/// The security headers, in one place: every response carries `common` (no sniffing, no referrer: feed URLs are
/// secrets); pages also carry `page` (a strict CSP, as the pages run no script at all; no framing; no caching).
enum SecurityHeaders {
    static let common: HTTPFields = {
        var fields = HTTPFields()
        fields.set("Referrer-Policy", "no-referrer")
        fields[.xContentTypeOptions] = "nosniff"
        return fields
    }()

    static let page: HTTPFields = {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        fields.set("X-Frame-Options", "DENY")
        fields[.cacheControl] = "no-store"
        return fields
    }()

    /// Sets `fields` on `headers`, replacing what was there under the same names.
    static func apply(_ fields: HTTPFields, to headers: inout HTTPFields) {
        for field in fields { headers[field.name] = field.value }
    }
}

/// Gives every response routed here its security headers (feeds, answered before the router, carry them from the start).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Adds `Strict-Transport-Security` (a year): set when the public address is https (`--public-url https://…`).
    var hsts = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        SecurityHeaders.apply(SecurityHeaders.common, to: &response.headers)
        if hsts { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            SecurityHeaders.apply(SecurityHeaders.page, to: &response.headers)
        }
        return response
    }
}

/// Refuses a state-changing request (anything but GET, HEAD, OPTIONS) that a browser says comes from another site,
/// on top of the CSRF token every form carries: `Sec-Fetch-Site` other than `same-origin` or `none`, or an `Origin`
/// that is not this server's: the public address when one is configured (only it, so a name rebound to this server's
/// address by DNS is not taken for us), else the `Host` the request came to. A request with neither header (a script,
/// an old browser) is left to the CSRF token.
struct SameOriginMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// `https://sedia.example.my`, when the server is reached through a proxy under that address.
    let publicBaseURL: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get, request.method != .head, request.method != .options, !Self.sameOrigin(request, publicBaseURL: publicBaseURL) {
            throw PageError(.forbidden, key: "error.crossSite")
        }
        return try await next(request, context)
    }

    static let fetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")

    static func sameOrigin(_ request: Request, publicBaseURL: String?) -> Bool {
        let site = fetchSite.flatMap { request.headers[$0]?.lowercased() }
        if let site, site != "same-origin", site != "none" { return false }
        guard let origin = request.headers[.origin] else { return true }
        // Our pages' no-referrer policy makes browsers send "Origin: null" with their own forms; their Sec-Fetch-Site
        // (which no page can forge) says same-origin then.
        if origin == "null", site == "same-origin" { return true }
        // An opaque origin ("null": sandboxed frames, some redirects) is never ours.
        guard let host = authority(of: origin) else { return false }
        if let publicBaseURL {
            guard let mine = authority(of: publicBaseURL) else { return false }
            return host == mine && scheme(of: origin) == scheme(of: publicBaseURL)
        }
        if let authority = request.head.authority, host == authority.lowercased() { return true }
        return false
    }

    /// The lowercased scheme of a `scheme://…` origin or URL.
    static func scheme(of url: String) -> String? {
        url.range(of: "://").map { url[..<$0.lowerBound].lowercased() }
    }

    /// `host[:port]` of a `scheme://host[:port][/…]` origin or URL, lowercased; nil when it has none.
    static func authority(of origin: String) -> String? {
        guard let range = origin.range(of: "://") else { return nil }
        let rest = origin[range.upperBound...]
        let host = rest.prefix { $0 != "/" }
        return host.isEmpty ? nil : host.lowercased()
    }
}

/// Reads the session cookie and, for a live session, puts the user and CSRF secret in the context.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let database: AppDatabase
    /// A session unused this long has ended.
    var idleTimeout: TimeInterval? = nil

    static let cookieName = "sedia_session"
    static let languageCookie = "sedia_language"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        // Feeds authenticate by their own token; they never read or refresh a session.
        if !request.uri.path.hasPrefix("/feeds/"), let value = request.cookies[Self.cookieName]?.value, Secrets.looksLikeToken(Substring(value)) {
            let hash = Secrets.hash(value)
            if let live = try database.session(tokenHash: hash, idleTimeout: idleTimeout) {
                context.user = live.user
                context.csrf = live.csrf
                context.sessionHash = hash
            }
        }
        // The pages' language: the account's choice; before sign-in, the switch's cookie, then the browser's.
        if let user = context.user {
            context.language = user.language
        } else if let chosen = request.cookies[Self.languageCookie].flatMap({ Language(rawValue: $0.value) }) {
            context.language = chosen
        } else {
            context.language = Translations.negotiate(acceptLanguage: request.headers[.acceptLanguage])
        }
        // A query over the limits is refused (QueryLimitMiddleware); its error page returns to the path alone.
        let allowed = QueryLimit.allows(request.uri.query)
        context.path = request.method == .get ? (allowed ? request.uri.description : request.uri.path) : "/"
        if allowed { context.queryValues = QueryLimit.parse(request.uri.query) }
        return try await next(request, context)
    }
}

/// The limits of a page's query string (issue 24, finding 8): every page reads a handful of parameters, so a query of
/// thousands only costs the server time and, copied into links, other users' time too.
enum QueryLimit {
    /// Bytes after the `?`.
    static let maxBytes = 2048
    /// Parameters (`name=value` pairs).
    static let maxParameters = 50

    /// The parameters of a query as a browser's GET form sends them (`+` is a space), the first of a repeated name.
    static func parse(_ query: String?) -> [String: String] {
        guard let query else { return [:] }
        var values: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Form.decode(parts[0]), values[name] == nil else { continue }
            values[name] = parts.count > 1 ? Form.decode(parts[1]) ?? "" : ""
        }
        return values
    }

    static func allows(_ query: String?) -> Bool {
        guard let query else { return true }
        return query.utf8.count <= maxBytes && query.utf8.lazy.filter { $0 == UInt8(ascii: "&") }.count < maxParameters
    }
}

/// Refuses a request whose query string is over `QueryLimit` with 400 and a page saying so (before any page reads it).
struct QueryLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard QueryLimit.allows(request.uri.query) else {
            throw PageError(
                .badRequest, key: "error.longQuery", ["bytes": String(QueryLimit.maxBytes), "parameters": String(QueryLimit.maxParameters)])
        }
        return try await next(request, context)
    }
}

/// Turns errors into pages (for people, in their language) or plain text (for feeds and probes), never a 200.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let translations: Translations

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let t = translations.localizer(context.language)
        do {
            return try await next(request, context)
        } catch is NotSignedIn {
            // An expired or missing session: back to sign-in, whatever the method; nothing was done.
            return .seeOther("/login")
        } catch let error as PageError {
            return render(error.status, error.message(t), request: request, context: context)
        } catch let error as StoreError {
            let status: HTTPResponse.Status
            switch error.code {
            case .invalid: status = .unprocessableContent
            case .notFound: status = .notFound
            case .forbidden: status = .forbidden
            case .conflict, .stale: status = .conflict
            case .database: status = .internalServerError
            }
            if error.code == .database { context.logger.error("database error: \(error.message)") }
            return render(
                status, error.code == .database ? t("error.database") : t.refusal(error.refusal), request: request, context: context)
        } catch let error as any HTTPResponseError {
            let message = error.status == .notFound ? t("error.notFound") : error.status.reasonPhrase
            return render(error.status, message, request: request, context: context)
        } catch {
            context.logger.error("unexpected error: \(String(describing: error))")
            return render(.internalServerError, t("error.unexpected"), request: request, context: context)
        }
    }

    func render(_ status: HTTPResponse.Status, _ message: String, request: Request, context: Context) -> Response {
        if request.uri.path.hasPrefix("/feeds/") || request.uri.path == "/healthz" {
            return .plain(status, message + "\n")
        }
        let t = translations.localizer(context.language)
        let layout = Layout(t: t, user: context.user, csrf: context.csrf, path: context.path)
        let body: Markup = "<div class=\"error\" role=\"alert\">\(message)</div><p><a href=\"/\">\(t("error.home"))</a></p>"
        return .html(status, layout.page(title: t("error.title", ["code": String(status.code)]), body: body).description)
    }
}

extension HTTPFields {
    /// Sets a header that HTTPTypes has no constant for (the names here are literals, always valid).
    mutating func set(_ name: String, _ value: String) {
        if let field = HTTPFields.Element.Name(name) { self[field] = value }
    }
}

/// After a form changed something (a booking, a case, a tick: answered with 303 See Other), the feeds' state is
/// reconciled in the background, so subscribers' next fetches do not wait for it.
struct FeedRefreshMiddleware<Context: RequestContext>: RouterMiddleware {
    let publisher: FeedPublisher

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        if request.method == .post, response.status == .seeOther { publisher.refreshSoon() }
        return response
    }
}
