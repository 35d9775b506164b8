import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// The mail outbox: what was queued, sent and given up on (never a message's body), and each person's own address and
/// delivery choice on their page.
extension StaffController {
    func addOutboxRoutes(to router: Router<AppRequestContext>) {
        router.get("/outbox") { request, context in try await self.blocking { try self.outboxPage(request, context: context) } }
        postForm(router, "/me/contact") { request, form, context in try self.setOwnContact(request, form, context: context) }
    }

    func outboxPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        let snapshot = try snapshot()
        let asked = query(context, "status").flatMap(OutboxStatus.init(rawValue:))
        let national = user.scope.isNational
        // A state's coordinator sees, and counts, the messages about their state's cases; digests and others are
        // national.
        let scope = user.scope.state
        let entries = try database.outbox(status: asked, state: scope, limit: 500).filter { entry in
            guard let caseID = entry.caseID else { return national }
            return Self.maySee(user, .init(caseID), snapshot)
        }
        let counts = try database.outboxCounts(state: scope)
        let rows = entries.map { e -> Markup in
            var caseCell: Markup = e.kind == .notice ? "" : "\(t("outbox.digest"))"
            if let caseID = e.caseID { caseCell = "<a href=\"/cases/\(caseID)\">\(caseID)</a>" }
            let method = t("outbox.method.\(e.method?.rawValue.lowercased() ?? e.kind.rawValue)")
            let status = t("outbox.status.\(e.status.rawValue)")
            return """
                <tr\(Markup.when(e.status == .failed, " class=\"risk\""))><td>\(t.recorded(e.createdAt))</td><td>\(snapshot.person(e.recipient))</td><td>\(caseCell)</td>\
                <td>\(method)</td><td>\(e.sequence)</td><td>\(status)</td><td>\(e.attempts)</td><td>\(e.sentAt.map(t.recorded) ?? "")</td><td>\(e.lastError ?? "")</td></tr>
                """
        }
        let filters = [nil, OutboxStatus.queued, .sent, .failed].map { s -> Markup in
            let label = s.map { t("outbox.status.\($0.rawValue)") } ?? t("outbox.all")
            let href = s.map { "/outbox?status=\($0.rawValue)" } ?? "/outbox"
            if s == asked { return "<strong aria-current=\"page\">\(label)</strong>" }
            return "<a href=\"\(href)\">\(label)</a>"
        }
        let body: Markup = """
            <p>\(t("outbox.counts", ["queued": String(counts.queued), "sent": String(counts.sent), "failed": String(counts.failed)]))</p>
            <p class="muted">\(t("outbox.help"))</p>
            <p class="toolbar">\(Markup.join(filters, separator: " · "))</p>
            <div class="scroll"><table><thead><tr><th scope="col">\(t("outbox.queuedAt"))</th><th scope="col">\(t("outbox.to"))</th>\
            <th scope="col">\(t("cases.case"))</th><th scope="col">\(t("outbox.what"))</th><th scope="col">\(t("outbox.sequence"))</th>\
            <th scope="col">\(t("checklist.status"))</th><th scope="col">\(t("outbox.attempts"))</th><th scope="col">\(t("outbox.sentAt"))</th>\
            <th scope="col">\(t("outbox.error"))</th></tr></thead><tbody>
            \(rows)\(Markup.when(rows.isEmpty, "<tr><td colspan=\"9\" class=\"muted\">\(t("outbox.empty"))</td></tr>"))
            </tbody></table></div>
            """
        return page(t("outbox.title"), context, body: body)
    }

    /// The contact part of "my page": the person's address and how changes reach them.
    func contactForm(_ user: User, context: AppRequestContext, t: Localizer) throws -> Markup {
        guard let person = user.person, let contact = try database.contact(person: person) else { return .empty }
        let options = Delivery.allCases.map { d in Tag.option(d.rawValue, t("delivery.\(d.rawValue)"), selected: contact.delivery == d) }
        return """
            <h2>\(t("me.contact"))</h2>
            <p class="muted">\(t(contact.getsInvitations ? "me.getsInvitations" : "me.noInvitations"))</p>
            <form method="post" action="/me/contact" class="stack">\(Tag.csrf(context.csrf))
            <label for="email">\(t.field("email"))</label><input type="email" id="email" name="email" maxlength="254" value="\(contact.email ?? "")" autocomplete="email">
            <label for="delivery">\(t.field("delivery"))</label><select id="delivery" name="delivery">\
            \(Tag.option("", t("delivery.default"), selected: contact.delivery == nil))\(options)</select>
            <button type="submit" id="save-contact">\(t("me.saveContact"))</button>
            </form>
            """
    }

    func setOwnContact(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try signedIn(context)
        try form.requireCSRF(context)
        let t = localizer(context)
        guard let person = user.person else { throw PageError.notFound }
        let email = try form.optional("email", max: EmailRule.maxLength)
        var delivery: Delivery?
        if let text = form["delivery"] {
            guard let d = Delivery(rawValue: text) else { throw PageError(.unprocessableContent, key: "form.delivery", ["field": "delivery"]) }
            delivery = d
        }
        do {
            try database.setContact(person: person, email: email, delivery: delivery, actor: user.username)
        } catch {
            guard error.code == .invalid else { throw error }
            return try mePage(request, context: context, created: nil, message: t.refusal(error.refusal), status: .unprocessableContent)
        }
        return try mePage(request, context: context, created: nil, message: t("me.contactSaved"))
    }
}
