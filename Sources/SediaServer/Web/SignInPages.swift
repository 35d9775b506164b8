import Foundation
import Hummingbird
import Logging
import SediaCore
import SediaStore

/// Sign-in, sign-out and the language switch.
extension SessionController {
    static let loginCookie = "sedia_login"

    func addSignInRoutes(to router: Router<AppRequestContext>) {
        router.get("/login") { request, context in self.loginPage(request, context: context, error: nil) }
        router.post("/login") { request, context in try await self.login(request, context: context) }
        postForm(router, "/logout") { request, form, context in try self.logout(request, form, context: context) }
        postForm(router, "/language") { request, form, context in try self.switchLanguage(request, form, context: context) }
    }

    func loginPage(_ request: Request, context: AppRequestContext, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let t = localizer(context)
        // Sign-in has no session yet, so its CSRF token is a double-submit cookie bound to this form.
        let token = Secrets.token()
        let body: Markup = """
            \(Tag.error(error))
            <form method="post" action="/login" class="stack">
            <input type="hidden" name="login" value="\(token)">
            <label for="username">\(t("login.username"))</label><input type="text" id="username" name="username" autocomplete="username" required autofocus>
            <label for="password">\(t("login.password"))</label><input type="password" id="password" name="password" autocomplete="current-password" required>
            <p><button type="submit" class="primary">\(t("login.submit"))</button></p>
            </form>
            """
        var response = page(t("login.title"), context, status: status, body: body)
        response.setCookie(
            Cookie(
                name: Self.loginCookie, value: token, maxAge: 1800, path: "/login", secure: dependencies.configuration.secureCookies, httpOnly: true,
                sameSite: .strict))
        return response
    }

    func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let t = localizer(context)
        let form = try await Form.read(request, context: context)
        guard let cookie = request.cookies[Self.loginCookie]?.value, let given = form.fields["login"],
            constantTimeEqual(Array(cookie.utf8), Array(given.utf8))
        else {
            return loginPage(request, context: context, error: t("login.expired"), status: .forbidden)
        }
        let username = form["username"] ?? ""
        let password = form.fields["password"] ?? ""
        let address = clientAddress(request, context: context)
        let now = database.clock()
        // Refused before any lookup or bcrypt: a throttled guess costs the server nothing.
        if let wait = throttle.wait(username: username, address: address, now: now) {
            context.logger.notice("sign-in throttled", metadata: ["username": .string(username), "address": .string(address)])
            dependencies.metrics.signInThrottled()
            let seconds = Int(wait.rounded(.up))
            var response = loginPage(request, context: context, error: t("login.throttled", count: seconds), status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        guard username.count <= 64, password.utf8.count <= 200 else {
            throttle.failed(username: username, address: address, now: now)
            return loginPage(request, context: context, error: t("login.wrong"), status: .unauthorized)
        }
        let found = try await blocking { try self.database.credentials(username: username) }
        // A missing user still costs one bcrypt check, so response time does not reveal which usernames exist.
        let hash = found?.passwordHash ?? Self.dummyHash
        guard let ok = await passwords.verify(password, hash: hash) else {
            var response = loginPage(request, context: context, error: t("login.busy"), status: .serviceUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        }
        guard ok, let user = found?.user else {
            throttle.failed(username: username, address: address, now: now)
            context.logger.notice("failed sign-in", metadata: ["username": .string(username), "address": .string(address)])
            return loginPage(request, context: context, error: t("login.wrong"), status: .unauthorized)
        }
        throttle.succeeded(username: username, address: address)
        let token = Secrets.token()
        let lifetime = dependencies.configuration.sessionLifetime
        try await blocking {
            try self.database.createSession(tokenHash: Secrets.hash(token), userID: user.id, csrf: Secrets.token(), lifetime: lifetime)
        }
        var response = Response.seeOther("/")
        response.setCookie(sessionCookie(token))
        response.setCookie(
            Cookie(
                name: Self.loginCookie, value: "", maxAge: 0, path: "/login", secure: dependencies.configuration.secureCookies, httpOnly: true,
                sameSite: .strict))
        return response
    }

    static let dummyHash = Passwords.hash("no such user, never matches", cost: Passwords.cost)

    /// The session cookie for a new (or rotated) session token.
    func sessionCookie(_ token: String) -> Cookie {
        Cookie(
            name: SessionMiddleware.cookieName, value: token, maxAge: Int(dependencies.configuration.sessionLifetime), path: "/",
            secure: dependencies.configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// Who is signing in, for the throttle: the connection's address, or behind a proxy that the operator named
    /// (`--trust-forwarded-for`), the address the proxy appended last to `X-Forwarded-For` (earlier entries are the
    /// client's to invent).
    func clientAddress(_ request: Request, context: AppRequestContext) -> String {
        if dependencies.configuration.trustForwardedFor, let name = HTTPFields.Element.Name("X-Forwarded-For"),
            let forwarded = request.headers[values: name].last,
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return context.clientAddress ?? "unknown"
    }

    func logout(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        _ = try signedIn(context)
        try form.requireCSRF(context)
        if let hash = context.sessionHash { try database.deleteSession(tokenHash: hash) }
        return signedOut()
    }

    /// Back to sign-in with the session cookie cleared (sign out, sign out everywhere).
    func signedOut() -> Response {
        var response = Response.seeOther("/login")
        response.setCookie(
            Cookie(
                name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: dependencies.configuration.secureCookies, httpOnly: true,
                sameSite: .lax))
        return response
    }

    /// The switch on every page: kept on the account when signed in (audited), in a cookie before sign-in; then back to
    /// the page it was pressed on (a path on this site only).
    func switchLanguage(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        guard let language = form["language"].flatMap(Language.init(rawValue:)) else {
            throw PageError(.unprocessableContent, key: "form.language")
        }
        var back = form["back"] ?? "/"
        // Only printable ASCII without spaces: browsers drop a TAB or line break, so "/<TAB>/evil.example" would become
        // "//evil.example", another site.
        if !back.hasPrefix("/") || back.hasPrefix("//") || back.contains("\\") || back.count > 500
            || !back.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
        {
            back = "/"
        }
        var response = Response.seeOther(back)
        if let user = context.user {
            try form.requireCSRF(context)
            try database.setLanguage(userID: user.id, language: language, actor: user.username)
        } else {
            response.setCookie(
                Cookie(
                    name: SessionMiddleware.languageCookie, value: language.rawValue, maxAge: 365 * 86400, path: "/",
                    secure: dependencies.configuration.secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
