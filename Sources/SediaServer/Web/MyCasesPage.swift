import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// A prosecutor's start page: their own cases, the nearest open deadline first, each with the next court date and
/// the readiness items still open. It replaces the state-wide board as where a prosecutor lands after signing in.
extension ReportsController {
    func addMyCasesRoutes(to router: Router<AppRequestContext>) {
        router.get("/my-cases") { _, context in try await self.blocking { try self.myCasesPage(context: context) } }
    }

    /// One of the prosecutor's cases as the page lists it.
    struct MyCase {
        var record: CaseRecord
        /// The nearest date still to meet: an open readiness item's, else the disposal target.
        var nearest: Day?
        var open: [ReadinessItem]
    }

    func myCasesPage(context: AppRequestContext) throws -> Response {
        let user = try require(context, [.prosecutor])
        let t = localizer(context)
        guard let person = user.person else {
            return page(t("mycases.title"), context, body: "<p class=\"muted\" id=\"no-person\">\(t("mycases.noPerson"))</p>")
        }
        let snapshot = try snapshot()
        let set = try checklistSet()
        let ticks = set == nil ? [:] : try database.checklistTicks()
        let today = self.today
        var cases: [MyCase] = []
        for record in snapshot.records(state: nil) where record.prosecutor == person && user.canSee(caseState: record.state) {
            let done = Set((ticks[record.item.id] ?? [:]).keys)
            let items: [ReadinessItem] = set?.byCase[record.item.id]?.marking(done: done).items ?? []
            let open = items.filter(Self.isOpen).sorted(by: Self.byDue)
            var dates: [Day] = []
            if let due = open.first?.due { dates.append(due) }
            if let deadline = record.item.hearing?.deadline { dates.append(deadline) }
            cases.append(MyCase(record: record, nearest: dates.min(), open: open))
        }
        cases.sort(by: Self.byNearest)
        let rows = cases.map { row(of: $0, snapshot: snapshot, today: today, t: t) }
        let body: Markup = """
            <p>\(t("mycases.count", count: cases.count)) · \(t("mycases.today", ["today": t.date(today)]))</p>
            <div class="scroll" role="region" aria-label="\(t("mycases.title"))" tabindex="0"><table id="my-cases">
            <caption class="muted">\(t("mycases.caption"))</caption>
            <thead><tr><th scope="col">\(t("cases.case"))</th><th scope="col">\(t("mycases.nearest"))</th>\
            <th scope="col">\(t("mycases.nextDate"))</th><th scope="col">\(t("mycases.missing"))</th></tr></thead>
            <tbody>
            \(rows)\(Markup.when(rows.isEmpty, "<tr><td colspan=\"4\" class=\"muted\">\(t("mycases.none"))</td></tr>"))
            </tbody></table></div>
            """
        return page(t("mycases.title"), context, body: body)
    }

    /// Items by due date, then rule (an item without a date is never open).
    static func byDue(_ a: ReadinessItem, _ b: ReadinessItem) -> Bool {
        let left = a.due ?? .distantFuture
        let right = b.due ?? .distantFuture
        return left != right ? left < right : a.rule < b.rule
    }

    /// Cases by their nearest date (those without one last), then id.
    static func byNearest(_ a: MyCase, _ b: MyCase) -> Bool {
        let left = a.nearest ?? .distantFuture
        let right = b.nearest ?? .distantFuture
        return left != right ? left < right : a.record.item.id.rawValue < b.record.item.id.rawValue
    }

    /// A readiness item still to do that has a date (advisory ones are guides, not deadlines).
    static func isOpen(_ item: ReadinessItem) -> Bool {
        (item.status == .open || item.status == .atRisk || item.status == .overdue) && item.kind != .disposal && item.due != nil
    }

    private func row(of entry: MyCase, snapshot: Snapshot, today: Day, t: Localizer) -> Markup {
        let c = entry.record.item
        let id = c.id.rawValue
        let nearest: Markup =
            entry.nearest.map { day -> Markup in
                let left = today.days(to: day)
                let words = left >= 0 ? t("case.daysLeft", ["days": t.days(left)]) : t("case.daysOver", ["days": t.days(-left)])
                return "\(t.date(day)) <span\(Markup.when(left < 0, " class=\"late\""))>(\(words))</span>"
            } ?? "–"
        // The next date in court: the first planned trial day from today on, else the trial still to book.
        let next: String
        if let dates = snapshot.hearingsByCase[c.id]?.booking.dates, let day = dates.first(where: { $0 >= today }) {
            let court = snapshot.instance.courts.first { $0.id == snapshot.hearingsByCase[c.id]?.booking.court }.map(Self.label) ?? ""
            next = "\(t.date(day)) · \(court)"
        } else if c.hearing != nil, snapshot.hearingsByCase[c.id] == nil {
            next = t("mycases.trialToBook")
        } else {
            next = t("mycases.noCourtDate")
        }
        let missing: [Markup] = entry.open.prefix(4).map { item in
            "<li\(Markup.when(item.status == .overdue, " class=\"late\""))>\(t.title(item)) · \(item.due.map(t.date) ?? "") · \(t.status(item.status))</li>"
        }
        let more = entry.open.count - missing.count
        let list: Markup =
            missing.isEmpty
            ? "<span class=\"muted\">\(t("mycases.nothingMissing"))</span>"
            : "<ul class=\"plain\">\(missing)\(Markup.when(more > 0, "<li><a href=\"/cases/\(id)/checklist\">\(t("mycases.more", ["n": String(more)]))</a></li>"))</ul>"
        return """
            <tr><th scope="row"><a href="/cases/\(id)">\(id)</a></th><td>\(nearest)</td><td>\(next)</td><td>\(list)</td></tr>
            """
    }
}

extension Day {
    /// Later than any date a case has: sorts cases without a date last.
    static let distantFuture = Day(ordinal: 2_932_896)
}
