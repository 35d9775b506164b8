import Foundation
import Hummingbird
import SediaCalendar
import SediaCore
import SediaStore

/// The user's own page: their bookings, their calendar feed addresses, their password and sessions.
extension StaffController {
    func addMyPageRoutes(to router: Router<AppRequestContext>) {
        router.get("/me") { request, context in
            // `?done=revoked` after a revocation: a fixed word chooses a fixed text, nothing of the URL is shown.
            let message = self.query(context, "done") == "revoked" ? self.localizer(context)("me.feedRevoked") : nil
            return try await self.blocking { try self.mePage(request, context: context, created: nil, message: message) }
        }
        postForm(router, "/me/feeds") { request, form, context in try self.createFeed(request, form, context: context) }
        postForm(router, "/me/feeds/:fid/revoke") { request, form, context in try self.revokeFeed(request, form, context: context, rotate: false) }
        postForm(router, "/me/feeds/:fid/rotate") { request, form, context in try self.revokeFeed(request, form, context: context, rotate: true) }
    }

    func mePage(
        _ request: Request, context: AppRequestContext, created: (token: String, scope: FeedScope)?, message: String? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let user = try signedIn(context)
        let t = localizer(context)
        let snapshot = try snapshot()
        var parts: [Markup] = []
        if let message {
            parts.append("<p class=\"\(status == .ok ? "notice" : "error")\" role=\"status\" id=\"message\">\(message)</p>")
        }
        if let created {
            let base = baseURL(request)
            let https = "\(base)/feeds/\(created.token).ics"
            let webcal = https.replacingOccurrences(of: "https://", with: "webcal://").replacingOccurrences(of: "http://", with: "webcal://")
            let google =
                "https://calendar.google.com/calendar/r?cid=" + (webcal.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? webcal)
            parts.append(
                """
                <div class="notice" id="new-feed">
                <p><strong>\(t("me.newFeed", ["feed": feedName(created.scope, t)]))</strong> \(t("me.copyNow"))</p>
                <p>\(t("me.address")) <code id="feed-https">\(https)</code></p>
                <p>\(t("me.noReminders")) <code id="feed-quiet">\(https)?reminders=0</code></p>
                <p>\(t("me.subscribe")) <a href="\(webcal)">\(t("me.webcal"))</a> · <a href="\(google)" rel="noreferrer">\(t("me.google"))</a></p>
                </div>
                """)
        }
        if user.role == .prosecutor {
            // A prosecutor books nothing: their page of their own is My cases (the week link here was a 404).
            parts.append("<p><a href=\"/my-cases\" id=\"my-cases-link\">\(t("nav.myCases"))</a></p>")
        } else if let person = user.person {
            let bookings = snapshot.bookings.interviews.filter {
                $0.booking.interviewer.rawValue == person || $0.booking.psychologist?.rawValue == person
            }
            let rows = bookings.map { b -> Markup in
                "<tr><td>\(t.dateTime(b.booking.start))</td><td>\(b.booking.caseID.rawValue)</td><td>\(Self.roomLabel(b.booking.room, snapshot.instance))</td></tr>"
            }
            let hearings = snapshot.bookings.hearings.filter { $0.booking.psychologist?.rawValue == person }.map { h -> Markup in
                let court = snapshot.instance.courts.first { $0.id == h.booking.court }.map(Self.label) ?? h.booking.court.rawValue
                return "<li>\(t.dates(h.booking.dates)) · \(h.booking.caseID.rawValue) · \(court)</li>"
            }
            // A week view exists for officers and psychologists only: a prosecutor's person id has none (the link was a 404).
            let kind: String? =
                snapshot.instance.psychologists.contains { $0.id.rawValue == person }
                ? "psychologist" : snapshot.instance.interviewers.contains { $0.id.rawValue == person } ? "officer" : nil
            parts.append(
                """
                <h2>\(t("me.bookings", ["person": person]))</h2>
                <div class="scroll"><table><thead><tr><th scope="col">\(t("me.start"))</th><th scope="col">\(t("cases.case"))</th><th scope="col">\(t.field("room"))</th></tr></thead><tbody>
                \(rows)\(Markup.when(rows.isEmpty, "<tr><td colspan=\"3\" class=\"muted\">\(t("me.noBookings"))</td></tr>"))
                </tbody></table></div>
                \(Markup.when(!hearings.isEmpty, "<h3>\(t("me.courtDays"))</h3><ul>\(hearings)</ul>"))
                \(kind.map { "<p><a href=\"/agenda\">\(t("nav.agenda"))</a> · <a href=\"/week/\($0)/\(person)\">\(t("me.myWeek"))</a></p>" as Markup } ?? .empty)
                """)
        }
        let tokens = try database.feedTokens(userID: user.id).map { token -> Markup in
            let live = token.revokedAt == nil
            let actions: Markup =
                live
                ? """
                <form method="post" action="/me/feeds/\(String(token.id))/rotate" style="display:inline">\(Tag.csrf(context.csrf))<button type="submit">\(t("me.rotate"))</button></form>
                <form method="post" action="/me/feeds/\(String(token.id))/revoke" style="display:inline">\(Tag.csrf(context.csrf))<button type="submit">\(t("me.revoke"))</button></form>
                """ : .empty
            return
                "<tr><td>\(feedName(token.scope, t))</td><td>\(t.recorded(token.createdAt))</td><td>\(live ? t("me.live") : t("me.revoked", ["when": token.revokedAt.map(t.recorded) ?? ""]))</td><td>\(actions)</td></tr>"
        }
        var feeds: [String] = []
        if let person = user.person, user.role == .prosecutor {
            for kind in ["prosecutor", "deadlines", "tasks"] { feeds.append("\(kind):\(person)") }
        } else if let person = user.person {
            let kind = snapshot.instance.psychologists.contains { $0.id.rawValue == person } ? "psychologist" : "officer"
            feeds.append("\(kind):\(person)")
            feeds.append("\(FeedScope.busyPrefix)\(kind):\(person)")
        }
        if user.role != .staff {
            let instance = snapshot.instance
            for state in instance.states where user.canSee(caseState: state.code.rawValue) { feeds.append("state:\(state.code)") }
            for centre in instance.centres where user.canSee(caseState: centre.state.rawValue) { feeds.append("centre:\(centre.id)") }
            for court in instance.courts where user.canSee(caseState: court.state.rawValue) { feeds.append("court:\(court.id)") }
        }
        let contact = try contactForm(user, context: context, t: t)
        parts.append(
            """
            <h2>\(t("me.feeds"))</h2>
            <p class="muted">\(t("me.feedsHelp"))</p>
            <div class="scroll"><table><thead><tr><th scope="col">\(t("me.feed"))</th><th scope="col">\(t("me.created"))</th>\
            <th scope="col">\(t("checklist.status"))</th><th scope="col">\(t("checklist.change"))</th></tr></thead><tbody>
            \(tokens)
            </tbody></table></div>
            <form method="post" action="/me/feeds" class="stack">\(Tag.csrf(context.csrf))
            <label for="feed">\(t("me.newFeedLabel"))</label><select name="feed" id="feed">\(feeds.map { Tag.option($0, FeedScope($0).map { feedName($0, t) } ?? $0, selected: false) })</select>
            <button type="submit" class="primary" id="create-feed">\(t("me.createFeed"))</button>
            </form>
            \(contact)
            <h2>\(t("me.account"))</h2>
            <form method="post" action="/me/password" class="stack">\(Tag.csrf(context.csrf))
            <label for="current">\(t("me.currentPassword"))</label><input type="password" id="current" name="current" autocomplete="current-password" required maxlength="200">
            <label for="new-password">\(t("me.newPassword"))</label><input type="password" id="new-password" name="password" autocomplete="new-password" required minlength="12" maxlength="72">
            <button type="submit" id="change-password">\(t("me.changePassword"))</button>
            </form>
            <form method="post" action="/me/sign-out-everywhere" class="stack">\(Tag.csrf(context.csrf))
            <button type="submit" id="sign-out-everywhere">\(t("me.signOutEverywhere"))</button> <span class="small">\(t("me.signOutEverywhereHelp"))</span>
            </form>
            """)
        return page(t("me.title"), context, status: status, body: .join(parts, separator: "\n"))
    }

    func baseURL(_ request: Request) -> String {
        if let base = dependencies.configuration.publicBaseURL { return base }
        let host = request.head.authority ?? "\(dependencies.configuration.host):\(dependencies.configuration.port)"
        return (dependencies.configuration.secureCookies ? "https://" : "http://") + host
    }

    func createFeed(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try signedIn(context)
        try form.requireCSRF(context)
        guard let scope = FeedScope(try form.required("feed", max: 80)) else {
            throw PageError(.unprocessableContent, key: "form.feed", ["field": "feed"])
        }
        let token = Secrets.token()
        do {
            try database.createFeedToken(tokenHash: Secrets.hash(token), username: user.username, scope: scope, actor: user.username)
        } catch {
            // Typed throws: `error` is a StoreError here.
            guard error.code == .invalid || error.code == .notFound else { throw error }
            throw PageError(.forbidden, error.refusal)
        }
        return try mePage(request, context: context, created: (token, scope))
    }

    func revokeFeed(_ request: Request, _ form: Form, context: AppRequestContext, rotate: Bool) throws -> Response {
        let user = try signedIn(context)
        try form.requireCSRF(context)
        guard let text = context.parameters.get("fid"), let id = Int64(text) else { throw PageError.notFound }
        guard let existing = try database.feedTokens(userID: user.id).first(where: { $0.id == id && $0.revokedAt == nil }) else {
            throw PageError.notFound
        }
        try database.revokeFeedToken(id: id, userID: user.id, actor: user.username)
        if rotate {
            let token = Secrets.token()
            try database.createFeedToken(tokenHash: Secrets.hash(token), username: user.username, scope: existing.scope, actor: user.username)
            return try mePage(request, context: context, created: (token, existing.scope))
        }
        return .seeOther("/me?done=revoked")
    }

    /// A feed as its subscriber's calendar names it, in the reader's language ("Sedia: Temu bual – pegawai temu bual
    /// IO-014 (sibuk sahaja)"), rather than its scope's code.
    func feedName(_ scope: FeedScope, _ t: Localizer) -> String {
        FeedCalendar.title(of: scope.feedID, words: FeedWords(texts: t.texts))
    }
}
