import Foundation
import Hummingbird
import Logging
import SediaCore
import SediaStore

/// Account pages: each user's own password and sessions (on "my page"), and the admin's list of accounts with
/// disable, enable and set password. Every change is audited by the store.
extension SessionController {
    func addAccountRoutes(to router: Router<AppRequestContext>) {
        router.post("/me/password") { request, context in try await self.changeOwnPassword(request, context: context) }
        postForm(router, "/me/sign-out-everywhere") { request, form, context in try self.signOutEverywhere(request, form, context: context) }
        router.get("/admin/users") { _, context in try await self.blocking { try self.usersPage(context: context, message: nil) } }
        postForm(router, "/admin/users/disable") { request, form, context in try self.setDisabled(request, form, context: context, disabled: true) }
        postForm(router, "/admin/users/enable") { request, form, context in try self.setDisabled(request, form, context: context, disabled: false) }
        router.post("/admin/users/password") { request, context in try await self.setPassword(request, context: context) }
    }

    /// "Change my password": the current password first; the user's other sessions end, and this one goes on under a
    /// new cookie. A wrong current password counts in the sign-in throttle (account and address) and is logged, and
    /// after a few the session ends: a stolen session must not become a way to guess the password.
    func changeOwnPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(context)
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        let current = form.fields["current"] ?? ""
        let new = form.fields["password"] ?? ""
        let t = localizer(context)
        let address = clientAddress(request, context: context)
        let now = database.clock()
        let who: Logger.Metadata = ["username": .string(user.username), "address": .string(address)]
        if let wait = throttle.wait(username: user.username, address: address, now: now) {
            context.logger.notice("password change throttled", metadata: who)
            let seconds = Int(wait.rounded(.up))
            var response = try await blocking {
                try self.staff.mePage(
                    request, context: context, created: nil, message: t("login.throttled", count: seconds), status: .tooManyRequests)
            }
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        let stored = try await blocking { try self.database.passwordHash(userID: user.id) }
        let ok = current.utf8.count <= 200 ? await passwords.verify(current, hash: stored ?? Self.dummyHash) : false
        guard let ok else {
            var response = try await blocking {
                try self.staff.mePage(request, context: context, created: nil, message: t("login.busy"), status: .serviceUnavailable)
            }
            response.headers[.retryAfter] = "1"
            return response
        }
        guard ok, stored != nil else {
            throttle.failed(username: user.username, address: address, now: now)
            context.logger.notice("failed password change", metadata: who)
            if let session = context.sessionHash, throttle.failedInSession(Hex.encode(session), now: now) {
                context.logger.notice("session ended after failed password changes", metadata: who)
                try await blocking { try self.database.deleteSession(tokenHash: session) }
                return signedOut()
            }
            return try await blocking {
                try self.staff.mePage(request, context: context, created: nil, message: t("me.wrongCurrent"), status: .forbidden)
            }
        }
        if let problem = PasswordPolicy.problem(new, username: user.username) {
            return try await blocking {
                try self.staff.mePage(request, context: context, created: nil, message: problem, status: .unprocessableContent)
            }
        }
        let hash = await passwords.hash(new)
        let token = Secrets.token()
        return try await blocking {
            try self.database.setPassword(
                username: user.username, passwordHash: hash, keeping: context.sessionHash, renewing: Secrets.hash(token), actor: user.username)
            var response = try self.staff.mePage(request, context: context, created: nil, message: t("me.passwordChanged"))
            response.setCookie(self.sessionCookie(token))
            return response
        }
    }

    /// "Sign out everywhere": every session of the user ends, this one included.
    func signOutEverywhere(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try signedIn(context)
        try form.requireCSRF(context)
        try database.endSessions(userID: user.id, actor: user.username)
        return signedOut()
    }

    func usersPage(context: AppRequestContext, message: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        _ = try require(context, [.admin])
        let t = localizer(context)
        let rows = try database.userSummaries().map { u -> Markup in
            let action = u.disabled ? "enable" : "disable"
            return """
                <tr><th scope="row">\(u.username)</th><td>\(t("role.\(u.role.rawValue)"))</td><td>\(u.state ?? t("layout.allStates"))</td>\
                <td>\(t("language.\(u.language.rawValue)"))</td><td>\(u.disabled ? t("accounts.disabled") : t("accounts.active"))</td><td>\(u.lastSignIn.map(t.recorded) ?? t("accounts.never"))</td>
                <td><form method="post" action="/admin/users/\(action)" style="display:inline">\(Tag.csrf(context.csrf))\
                <input type="hidden" name="username" value="\(u.username)"><button type="submit">\(t("accounts.\(action)"))</button></form>
                <form method="post" action="/admin/users/password" style="display:inline">\(Tag.csrf(context.csrf))\
                <input type="hidden" name="username" value="\(u.username)"><input type="password" name="password" autocomplete="new-password" minlength="12" maxlength="72" \
                aria-label="\(t("accounts.newPasswordFor", ["username": u.username]))"><button type="submit">\(t("accounts.setPassword"))</button></form></td></tr>
                """
        }
        let body: Markup = """
            \(Markup.when(message != nil, "<p class=\"notice\" role=\"status\" id=\"message\">\(message ?? "")</p>"))
            <div class="scroll"><table><thead><tr><th scope="col">\(t("login.username"))</th><th scope="col">\(t("accounts.role"))</th>\
            <th scope="col">\(t("cases.state"))</th><th scope="col">\(t("accounts.language"))</th><th scope="col">\(t("checklist.status"))</th>\
            <th scope="col">\(t("accounts.lastSignIn"))</th><th scope="col">\(t("checklist.change"))</th></tr></thead><tbody>
            \(rows)
            </tbody></table></div>
            """
        return page(t("accounts.title"), context, status: status, body: body)
    }

    func setDisabled(_ request: Request, _ form: Form, context: AppRequestContext, disabled: Bool) throws -> Response {
        let admin = try require(context, [.admin])
        try form.requireCSRF(context)
        let username = try form.required("username", max: 64)
        guard username != admin.username || !disabled else {
            return try usersPage(context: context, message: localizer(context)("accounts.notYourself"), status: .unprocessableContent)
        }
        do {
            try database.setDisabled(username: username, disabled: disabled, actor: admin.username)
        } catch {
            guard error.code == .notFound else { throw error }
            return try usersPage(context: context, message: error.message, status: .notFound)
        }
        return .seeOther("/admin/users")
    }

    func setPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try require(context, [.admin])
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        let username = try form.required("username", max: 64)
        let password = form.fields["password"] ?? ""
        // One's own password is changed on "my page", giving the current one: a stolen admin session must not set it.
        guard username.lowercased() != admin.username.lowercased() else {
            return try await blocking {
                try self.usersPage(context: context, message: self.localizer(context)("accounts.ownPassword"), status: .forbidden)
            }
        }
        if let problem = PasswordPolicy.problem(password, username: username) {
            return try await blocking { try self.usersPage(context: context, message: problem, status: .unprocessableContent) }
        }
        let hash = await passwords.hash(password)
        let t = localizer(context)
        return try await blocking {
            do {
                try self.database.setPassword(username: username, passwordHash: hash, actor: admin.username)
            } catch let error as StoreError where error.code == .notFound {
                return try self.usersPage(context: context, message: error.message, status: .notFound)
            }
            return try self.usersPage(context: context, message: t("accounts.passwordSet", ["username": username]))
        }
    }
}
