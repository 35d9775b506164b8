import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// The admin's travel limits (rule 2 of the planning format): how far a child may be sent for an interview, for the
/// country and per state. Find a slot, the replan and what-if plan within them; every change is audited by the store.
extension PlanningController {
    func addTravelLimitRoutes(to router: Router<AppRequestContext>) {
        router.get("/admin/travel") { _, context in try await self.blocking { try self.travelLimitPage(context: context, message: nil) } }
        postForm(router, "/admin/travel") { _, form, context in try self.setTravelLimit(form, context: context) }
    }

    func travelLimitPage(context: AppRequestContext, message: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        _ = try require(context, [.admin])
        let t = localizer(context)
        let limits = try database.travelLimits()
        let states = try snapshot().instance.states
        func form(state: String?, km: Int, label: String) -> Markup {
            """
            <form method="post" action="/admin/travel" style="display:inline">\(Tag.csrf(context.csrf))\
            <input type="hidden" name="state" value="\(state ?? "")">\
            <input type="number" name="km" min="1" max="100000" required value="\(String(km))" aria-label="\(label)">\
            <button type="submit">\(t("travel.set"))</button></form>
            """
        }
        let rows = states.map { s -> Markup in
            let own = limits.byState[s.code.rawValue]
            return """
                <tr><th scope="row">\(s.name) (\(s.code.rawValue))</th><td>\(t("travel.km", ["km": String(limits.km(state: s.code.rawValue))]))\
                \(Markup.when(own == nil, " <small>(\(t("travel.national")))</small>"))</td>\
                <td>\(form(state: s.code.rawValue, km: limits.km(state: s.code.rawValue), label: t("travel.limitFor", ["state": s.name])))</td></tr>
                """
        }
        let body: Markup = """
            \(Markup.when(message != nil, "<p class=\"notice\" role=\"status\" id=\"message\">\(message ?? "")</p>"))
            <p>\(t("travel.explain"))</p>
            <p>\(t("travel.nationalLimit")): \(t("travel.km", ["km": String(limits.national)])) \
            \(form(state: nil, km: limits.national, label: t("travel.nationalLimit")))</p>
            <div class="scroll"><table><thead><tr><th scope="col">\(t("cases.state"))</th><th scope="col">\(t("travel.limit"))</th>\
            <th scope="col">\(t("checklist.change"))</th></tr></thead><tbody>
            \(Markup.join(rows, separator: "\n"))
            </tbody></table></div>
            """
        return page(t("travel.title"), context, status: status, body: body)
    }

    func setTravelLimit(_ form: Form, context: AppRequestContext) throws -> Response {
        let admin = try require(context, [.admin])
        try form.requireCSRF(context)
        let km = try form.int("km", TravelLimits.allowedKm)
        let state = try form.optional("state", max: 16).flatMap { $0.isEmpty ? nil : $0 }
        if let state, !(try snapshot().instance.states.contains { $0.code.rawValue == state }) {
            throw PageError(.unprocessableContent, key: "travel.unknownState", ["state": state])
        }
        try database.setTravelLimit(state: state, km: km, actor: admin.username)
        let t = localizer(context)
        return try travelLimitPage(context: context, message: t("travel.saved", ["km": String(km), "state": state ?? t("travel.national")]))
    }
}
