import Foundation
import Hummingbird
import SediaStore

/// Account pages: each user's own password and sessions (on "my page"), and the admin's list of accounts with
/// disable, enable and set password. Every change is audited by the store.
extension PageController {
    func addAccountRoutes(to router: Router<AppRequestContext>) {
        router.post("/me/password") { request, context in try await self.changeOwnPassword(request, context: context) }
        router.post("/me/sign-out-everywhere") { request, context in try await self.signOutEverywhere(request, context: context) }
        router.get("/admin/users") { _, context in try self.usersPage(context: context, message: nil) }
        router.post("/admin/users/disable") { request, context in try await self.setDisabled(request, context: context, disabled: true) }
        router.post("/admin/users/enable") { request, context in try await self.setDisabled(request, context: context, disabled: false) }
        router.post("/admin/users/password") { request, context in try await self.setPassword(request, context: context) }
    }

    /// "Change my password": the current password first; the user's other sessions end, this one stays.
    func changeOwnPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(context)
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        let current = form.fields["current"] ?? ""
        let new = form.fields["password"] ?? ""
        guard current.utf8.count <= 200, let hash = try database.passwordHash(userID: user.id), await passwords.verify(current, hash: hash) == true
        else {
            return try mePage(request, context: context, created: nil, message: "current: that is not your current password.", status: .forbidden)
        }
        if let problem = PasswordPolicy.problem(new, username: user.username) {
            return try mePage(request, context: context, created: nil, message: problem, status: .unprocessableContent)
        }
        try database.setPassword(username: user.username, passwordHash: await passwords.hash(new), keeping: context.sessionHash, actor: user.username)
        return try mePage(request, context: context, created: nil, message: "Your password is changed; your other sessions have ended.")
    }

    /// "Sign out everywhere": every session of the user ends, this one included.
    func signOutEverywhere(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(context)
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        try database.endSessions(userID: user.id, actor: user.username)
        var response = Response.seeOther("/login")
        response.setCookie(
            Cookie(
                name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: dependencies.configuration.secureCookies, httpOnly: true,
                sameSite: .lax))
        return response
    }

    func usersPage(context: AppRequestContext, message: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        _ = try require(context, [.admin])
        let users = try database.userSummaries().map { u -> [String: Any] in
            [
                "username": u.username, "role": u.role.rawValue, "state": u.state ?? "all", "language": u.language.rawValue,
                "disabled": u.disabled, "lastSignIn": u.lastSignIn ?? "never",
            ]
        }
        return page("admin_users", "Accounts", context, ["users": users, "message": message ?? "", "hasMessage": message != nil], status: status)
    }

    func setDisabled(_ request: Request, context: AppRequestContext, disabled: Bool) async throws -> Response {
        let admin = try require(context, [.admin])
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        let username = try form.required("username", max: 64)
        guard username != admin.username || !disabled else {
            return try usersPage(context: context, message: "username: you cannot disable your own account.", status: .unprocessableContent)
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
        if let problem = PasswordPolicy.problem(password, username: username) {
            return try usersPage(context: context, message: problem, status: .unprocessableContent)
        }
        let hash = await passwords.hash(password)
        do {
            // An admin setting their own password stays signed in here; everyone else's sessions end.
            let keeping = username == admin.username ? context.sessionHash : nil
            try database.setPassword(username: username, passwordHash: hash, keeping: keeping, actor: admin.username)
        } catch {
            guard error.code == .notFound else { throw error }
            return try usersPage(context: context, message: error.message, status: .notFound)
        }
        return try usersPage(context: context, message: "The password of \(username) is set; their sessions have ended.")
    }
}
