import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// The 12-month disposal record (issue #21) on a page: the figures `sedia report` prints, with its three charts. A
/// coordinator or prosecutor of a state sees their own state's cases only; an admin sees every state.
extension ReportsController {
    func addReportRoutes(to router: Router<AppRequestContext>) {
        router.get("/reports") { request, context in try await self.blocking { try self.reportsPage(request, context: context) } }
    }

    func reportsPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let today = self.today
        func day(_ name: String, _ fallback: Day) throws -> Day {
            guard let text = query(context, name), !text.isEmpty else { return fallback }
            guard let d = Day(iso: text) else { throw PageError(.badRequest, key: "form.valueMalformed", ["field": name]) }
            return d
        }
        let to = try day("to", today)
        let from = try day("from", to.adding(months: -12).adding(days: 1))
        guard from <= to else { throw PageError(.badRequest, key: "form.valueMalformed", ["field": "to"]) }
        let byText = query(context, "by") ?? "none"
        guard let by = RecordGrouping(rawValue: byText) else { throw PageError(.badRequest, key: "form.valueMalformed", ["field": "by"]) }
        let scope = user.scope.state
        let key = "\(t.language.rawValue):\(scope ?? "*"):\(from):\(to):\(by.rawValue)"
        let body = try reports.value(generation: try database.dataVersion().version, key: key) {
            try reportBody(scope: scope, from: from, to: to, by: by, t: t)
        }
        return page(t("report.title"), context, body: body)
    }

    func reportBody(scope: String?, from: Day, to: Day, by: RecordGrouping, t: Localizer) throws -> Markup {
        let input = try database.recordInput(state: scope)
        let cases = dependencies.rules.map { $0.book.withDisposalTargets(input.cases) } ?? input.cases
        let record = DisposalRecord.compute(cases: cases, adjournments: input.adjournments, from: from, to: to, by: by)
        let quarters = DisposalRecord.compute(cases: cases, adjournments: input.adjournments, from: from, to: to, by: .quarter)
        let heads = [
            "report.group", "report.registered", "report.disposed", "report.withinTarget", "report.pending", "report.adjournments",
            "report.medianDisposal", "report.medianInterview", "report.medianTrial",
        ]
        func number(_ d: Double?) -> String { d.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "–" }
        let rows = record.groups.map { g -> Markup in
            let key = g.key == "all" ? t("report.all") : g.key
            let cells = [
                String(g.registered), String(g.disposed), String(g.disposedWithinTarget), String(g.pending), String(g.adjournments),
                number(g.medianDaysToDisposal), number(g.medianDaysReportToInterview), number(g.medianDaysRegistrationToFirstTrial),
            ]
            return "<tr><th scope=\"row\">\(key)</th>\(cells.map { c -> Markup in "<td>\(c)</td>" })</tr>"
        }
        var ages = [0, 0, 0, 0, 0]
        var reasons: [String: Int] = [:]
        for g in record.groups {
            for i in 0..<5 { ages[i] += g.pendingByAge[i] }
            for (k, v) in g.adjournmentReasons { reasons[k, default: 0] += v }
        }
        let target = quarters.groups.map { g in
            (label: "\(g.key) (\(g.disposedWithinTarget)/\(g.disposed))", value: g.disposed == 0 ? 0 : g.disposedWithinTarget * 100 / g.disposed)
        }
        let age = zip(RecordGroup.ageBands, ages).map { (label: t("report.months", ["months": $0]), value: $1) }
        let why = reasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { (label: t("reason.\($0.key)"), value: $0.value) }
        let options = RecordGrouping.allCases.map { Tag.option($0.rawValue, t("report.by.\($0.rawValue)"), selected: $0 == by) }
        let body: Markup = """
            <style>@page{size:A4;margin:15mm}figure{break-inside:avoid}</style>
            <form method="get" action="/reports" class="inline">
            <label>\(t("report.from")) <input type="date" name="from" value="\(from.description)"></label>
            <label>\(t("report.to")) <input type="date" name="to" value="\(to.description)"></label>
            <label>\(t("report.by")) <select name="by">\(options)</select></label>
            <button type="submit">\(t("report.show"))</button>
            </form>
            <p>\(t("report.summary", ["from": t.date(from), "to": t.date(to), "scope": scope ?? t("report.allStates")]))</p>
            <div class="scroll" role="region" aria-label="\(t("report.title"))" tabindex="0"><table><thead><tr>\(heads.map { h -> Markup in "<th scope=\"col\">\(t(h))</th>" })</tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <figure><figcaption>\(t("report.chart.target"))</figcaption>\(RecordCharts.bars(t("report.chart.target"), target, total: 100))</figure>
            <figure><figcaption>\(t("report.chart.pending"))</figcaption>\(RecordCharts.bars(t("report.chart.pending"), age))</figure>
            <figure><figcaption>\(t("report.chart.reasons"))</figcaption>\(RecordCharts.bars(t("report.chart.reasons"), why))</figure>
            """
        return body
    }
}
