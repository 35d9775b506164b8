import Foundation
import Hummingbird
import Logging
import SediaStore

/// Headers every response carries: no framing, no sniffing, no referrer (feed URLs are secrets), a strict CSP
/// (the pages run no script at all).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers.set("Referrer-Policy", "no-referrer")
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
            response.headers.set("X-Frame-Options", "DENY")
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// Reads the session cookie and, for a live session, puts the user and CSRF secret in the context.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let database: AppDatabase

    static let cookieName = "sedia_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        // Feeds authenticate by their own token; they never read or refresh a session.
        if !request.uri.path.hasPrefix("/feeds/"), let value = request.cookies[Self.cookieName]?.value, Secrets.looksLikeToken(Substring(value)) {
            let hash = Secrets.hash(value)
            if let live = try database.session(tokenHash: hash) {
                context.user = live.user
                context.csrf = live.csrf
                context.sessionHash = hash
            }
        }
        return try await next(request, context)
    }
}

/// Turns errors into pages (for people) or plain text (for feeds and probes), never a 200.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch is RedirectToLogin {
            // An expired or missing session: back to sign-in, whatever the method; nothing was done.
            return .seeOther("/login")
        } catch let error as PageError {
            return render(error.status, error.message, request: request, context: context)
        } catch let error as StoreError {
            let status: HTTPResponse.Status
            switch error.code {
            case .invalid: status = .unprocessableContent
            case .notFound: status = .notFound
            case .conflict, .stale: status = .conflict
            case .database: status = .internalServerError
            }
            if error.code == .database { context.logger.error("database error: \(error.message)") }
            return render(
                status, error.code == .database ? "The database failed; the operator has the details." : error.message, request: request,
                context: context)
        } catch let error as any HTTPResponseError {
            let message = error.status == .notFound ? "Not found" : error.status.reasonPhrase
            return render(error.status, message, request: request, context: context)
        } catch {
            context.logger.error("unexpected error: \(String(describing: error))")
            return render(.internalServerError, "Something went wrong; the operator has the details.", request: request, context: context)
        }
    }

    func render(_ status: HTTPResponse.Status, _ message: String, request: Request, context: Context) -> Response {
        if request.uri.path.hasPrefix("/feeds/") || request.uri.path == "/healthz" {
            return .plain(status, message + "\n")
        }
        let page = views.render(
            "error", PageModel(title: "\(status.code) \(status.reasonPhrase)", user: context.user, csrf: context.csrf, content: ["message": message]))
        return .html(status, page)
    }
}

/// An error a page handler throws on purpose: a status and a message for the person.
struct PageError: Error {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static let notFound = PageError(.notFound, "Not found")
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
        if request.method == .post, response.status == .seeOther {
            let publisher = publisher
            Task.detached(priority: .utility) {
                do { try publisher.refresh() } catch {
                    publisher.logger.error("feeds: background reconciliation failed: \(String(describing: error))")
                }
            }
        }
        return response
    }
}
