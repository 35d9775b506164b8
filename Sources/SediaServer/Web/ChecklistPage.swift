import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// A case's readiness checklist from the rule book, with ticks.
extension CaseController {
    func addChecklistRoutes(to router: Router<AppRequestContext>) {
        router.get("/cases/:id/checklist") { _, context in try await self.blocking { try self.checklistPage(context: context) } }
        postForm(router, "/cases/:id/checklist") { request, form, context in try self.tick(request, form, context: context) }
    }

    func checklistPage(context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let record = try scopedCase(context, user)
        let id = record.item.id
        let set = try checklistSet()
        let ticks = try database.checklistTicks(caseID: id)
        let list = set?.byCase[id]?.marking(done: Set(ticks.keys))
        let caseID = id.rawValue
        let rows = (list?.items ?? []).map { item -> Markup in
            let tick = ticks[item.rule]
            let risk = item.status == .overdue || item.status == .atRisk
            let button: Markup =
                tick != nil
                ? "<input type=\"hidden\" name=\"done\" value=\"0\"><button type=\"submit\">\(t("checklist.untick"))</button>"
                : "<input type=\"hidden\" name=\"done\" value=\"1\"><button type=\"submit\" class=\"tick\" data-item=\"\(item.rule)\">\(t("checklist.tick"))</button>"
            let daysLeft = item.daysLeft.map { $0 >= 0 ? t.days($0) : t("checklist.daysOver", ["days": t.days(-$0)]) } ?? ""
            return """
                <tr id="item-\(item.rule)"\(Markup.when(risk, " class=\"risk\""))><td>\(tick != nil ? "✔ " + t("checklist.doneMark") : "☐ " + t("checklist.openMark"))</td>
                <td>\(t.title(item))<br><span class="small">\(item.rule) · \(item.source) [\(t.confidence(item.confidence))]</span></td>
                <td>\(t.owner(item.owner))</td><td class="due">\(item.due.map(t.date) ?? "–")</td><td>\(daysLeft)</td>
                <td class="status-\(item.status.rawValue.replacing(" ", with: "-"))">\(t.status(item.status))\
                \(Markup.when(!item.notes.isEmpty, "<br><span class=\"small\">\(item.notes.map(t.note).joined(separator: "; "))</span>"))</td>
                <td>\(tick?.doneBy ?? "") \(tick.map { t.recorded($0.doneAt) } ?? "")</td>
                <td class="noprint"><form method="post" action="/cases/\(caseID)/checklist">\(Tag.csrf(context.csrf))\
                <input type="hidden" name="item" value="\(item.rule)">\(button)</form></td></tr>
                """
        }
        var problem: String?
        if set == nil {
            problem = t("checklist.noRules")
        } else if let error = set?.errors[id] {
            problem = t("checklist.ruleProblem", ["problem": error])
        }
        var facts = [t("case.state", ["state": record.state])]
        if let court = list?.court { facts.append(t("checklist.court", ["court": court.rawValue])) }
        if let trial = list?.trialStart {
            let end = list?.trialEnd ?? trial
            facts.append(t("checklist.trial", ["dates": end == trial ? t.date(trial) : "\(t.date(trial)) – \(t.date(end))"]))
        }
        let count = list?.items.count ?? 0
        facts.append(t("checklist.done", ["done": String(list?.done ?? 0), "total": String(count)]))
        facts.append(
            t(
                "checklist.counts",
                ["overdue": String(list?.overdue ?? 0), "atRisk": String(list?.atRisk ?? 0), "advisory": String(list?.advisory ?? 0)]))
        facts.append(t("checklist.printed", ["date": t.date(today)]))
        let body: Markup = """
            <p>\(facts.joined(separator: " · ")) <span class="noprint">· <a href="/cases/\(caseID)">\(t("slots.back"))</a></span></p>
            \(Tag.error(problem))
            <div class="scroll"><table class="checklist">
            <thead><tr><th scope="col">\(t("checklist.doneHead"))</th><th scope="col">\(t("checklist.item"))</th><th scope="col">\(t("checklist.owner"))</th>\
            <th scope="col">\(t("checklist.due"))</th><th scope="col">\(t("checklist.daysLeft"))</th><th scope="col">\(t("checklist.status"))</th>\
            <th scope="col">\(t("checklist.whoWhen"))</th><th scope="col" class="noprint">\(t("checklist.change"))</th></tr></thead>
            <tbody>
            \(rows)\(Markup.when(count == 0, "<tr><td colspan=\"8\" class=\"muted\">\(t("checklist.empty"))</td></tr>"))
            </tbody></table></div>
            """
        return page(t("checklist.title", ["case": caseID]), context, body: body)
    }

    func tick(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        try form.requireCSRF(context)
        let record = try scopedCase(context, user)
        let rule = try form.required("item", max: 64)
        // Only an item the case's checklist shows can be ticked: the store keeps whatever it is given.
        guard let list = try checklistSet()?.byCase[record.item.id], list.items.contains(where: { $0.rule == rule }) else {
            throw PageError.notFound
        }
        try database.setChecklistTick(caseID: record.item.id, rule: rule, done: form["done"] == "1", actor: user.username)
        return .seeOther(Self.confirming("/cases/\(record.item.id.rawValue)/checklist", record.item.id))
    }
}

extension Localizer {
    /// A checklist status in words.
    func status(_ status: ChecklistStatus) -> String { self("status.\(status.rawValue.replacing(" ", with: "-"))") }
}
