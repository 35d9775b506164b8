import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// The deadline board: every case with a trial, most at risk first, each with the one thing to do next; long-overdue
/// items that many cases share once above the table; filters by state, court, prosecutor, risk and shared item; pages of
/// `boardRowsPerPage`; a chart of months left.
extension ReportsController {
    func addBoardRoutes(to router: Router<AppRequestContext>) {
        router.get("/board") { _, context in try await self.blocking { try self.board(context: context) } }
    }

    static let boardRowsPerPage = 100

    func board(context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let today = self.today
        let scope = user.scope.state
        let snapshot = try snapshot()
        let instance = snapshot.instance
        let generation = BoardGeneration(stamp: try database.changeStamp(), day: today)
        let board = try boards.value(generation: generation, key: scope ?? "*") {
            let set = try checklistSet()
            let ticks = set == nil ? [:] : try database.checklistTicks().mapValues { Set($0.keys) }
            return BoardFragment.make(records: snapshot.records(state: scope), snapshot: snapshot, checklists: set, ticks: ticks, today: today)
        }
        let states = instance.states.filter { user.canSee(caseState: $0.code.rawValue) }
        let courts = instance.courts.filter { user.canSee(caseState: $0.state.rawValue) }
        let filter = try boardFilter(context, states: states, courts: courts)
        let admitted = board.entries.filter(filter.admits)
        let shared = BoardFragment.sharedItems(admitted)
        if let item = filter.item, !shared.contains(where: { $0.item.rule == item }) {
            throw PageError(.badRequest, key: "cases.badFilter", ["field": "item"])
        }
        let shown = filter.item.map { item in admitted.filter { $0.shared.contains { $0.rule == item } } } ?? admitted
        let pages = max(1, (shown.count + Self.boardRowsPerPage - 1) / Self.boardRowsPerPage)
        let page = min(filter.page, pages)
        let rows = shown.dropFirst((page - 1) * Self.boardRowsPerPage).prefix(Self.boardRowsPerPage).map {
            boardRow($0, snapshot: snapshot, books: user.role != .prosecutor, t: t)
        }
        let late = admitted.filter { $0.level == .late }.count
        let atRisk = admitted.filter { $0.level == .atRisk }.count
        let summary = t("board.summary", ["count": String(admitted.count), "late": String(late), "atRisk": String(atRisk), "today": t.date(today)])
        var pager: [Markup] = []
        if page > 1 {
            pager.append("<a href=\"/board?\(filter.query(item: filter.item, page: page - 1))\" rel=\"prev\">← \(t("cases.previousPage"))</a>")
        }
        if pages > 1 { pager.append("<span>\(t("cases.pageOf", ["page": String(page), "pages": String(pages)]))</span>") }
        if page < pages {
            pager.append("<a href=\"/board?\(filter.query(item: filter.item, page: page + 1))\" rel=\"next\">\(t("cases.nextPage")) →</a>")
        }
        let pagerBar: Markup =
            pager.isEmpty ? .empty : "<nav class=\"toolbar noprint\" aria-label=\"\(t("cases.pages"))\">\(Markup.join(pager, separator: " "))</nav>"
        let body: Markup = """
            <p id="board-summary">\(summary)</p>
            \(boardFloor(late: board.entries.filter(\.trialEndsLate).count, scope: scope, snapshot: snapshot, t: t))
            \(try boardFilters(filter, states: states, courts: courts, scope: scope, t: t))
            \(boardShared(shared, filter: filter, t: t))
            \(BoardChart.svg(daysLeft: shown.map(\.daysLeft), t: t))
            <p id="board-count">\(t("board.showing", count: shown.count))</p>
            \(pagerBar)
            <div class="scroll" role="region" aria-label="\(t("board.title"))" tabindex="0"><table id="board">
            <thead><tr><th scope="col">\(t("cases.case"))</th><th scope="col">\(t("board.court"))</th><th scope="col">\(t.field("prosecutor"))</th>\
            <th scope="col">\(t("board.target"))</th><th scope="col">\(t("board.daysLeft"))</th><th scope="col">\(t("cases.trial"))</th>\
            <th scope="col">\(t("board.nextStep"))</th><th scope="col">\(t("board.checklist"))</th></tr></thead>
            <tbody>
            \(Markup.join(rows, separator: "\n"))\(Markup.when(rows.isEmpty, "<tr><td colspan=\"8\" class=\"muted\">\(t("board.none"))</td></tr>"))
            </tbody></table></div>
            \(pagerBar)
            """
        return self.page(t("board.title"), context, body: body)
    }

    /// The board's filters from the query: only the user's states and courts are choices; anything else is refused.
    func boardFilter(_ context: AppRequestContext, states: [StateInfo], courts: [Court]) throws -> BoardFilter {
        func choice(_ name: String, _ allowed: Set<String>) throws -> String? {
            guard let value = query(context, name), !value.isEmpty else { return nil }
            guard allowed.contains(value) else { throw PageError(.badRequest, key: "cases.badFilter", ["field": name]) }
            return value
        }
        var filter = BoardFilter()
        filter.state = try choice("state", Set(states.map(\.code.rawValue)))
        filter.court = try choice("court", Set(courts.map(\.id.rawValue)))
        filter.level = try choice("level", Set(BoardFilter.levels))
        if let prosecutor = query(context, "prosecutor"), !prosecutor.isEmpty {
            guard prosecutor.count <= IdentifierRule.maxLength, IdentifierRule.problem(prosecutor) == nil else {
                throw PageError(.badRequest, key: "cases.badFilter", ["field": "prosecutor"])
            }
            filter.prosecutor = prosecutor
        }
        if let item = query(context, "item"), !item.isEmpty {
            guard item.count <= IdentifierRule.maxLength, IdentifierRule.problem(item) == nil else {
                throw PageError(.badRequest, key: "cases.badFilter", ["field": "item"])
            }
            filter.item = item
        }
        if let text = query(context, "page"), !text.isEmpty {
            guard let n = Int(text), (1...10_000).contains(n) else { throw PageError(.badRequest, key: "cases.badFilter", ["field": "page"]) }
            filter.page = n
        }
        return filter
    }

    /// The filter form (GET, so every filtered board is a link).
    func boardFilters(_ filter: BoardFilter, states: [StateInfo], courts: [Court], scope: String?, t: Localizer) throws -> Markup {
        func select(_ name: String, _ label: String, _ options: [(String, String)], _ value: String?) -> Markup {
            """
            <span><label for="f-\(name)">\(label)</label> <select id="f-\(name)" name="\(name)"><option value="">\(t("cases.any"))</option>\
            \(options.map { Tag.option($0.0, $0.1, selected: $0.0 == value) } as [Markup])</select></span>
            """
        }
        var prosecutors: [(String, String)] = [("none", t("case.noProsecutor"))]
        for p in try database.prosecutors(state: scope) { prosecutors.append((p.id, p.id)) }
        let levels: [(String, String)] = [("late", t("board.level.late")), ("at-risk", t("board.level.at-risk"))]
        return """
            <form method="get" action="/board" class="toolbar noprint" id="board-filters">
            \(Markup.when(states.count > 1, select("state", t("cases.state"), states.map { ($0.code.rawValue, $0.name) }, filter.state)))
            \(select("court", t("board.court"), courts.map { ($0.id.rawValue, Self.label($0)) }, filter.court))
            \(select("prosecutor", t.field("prosecutor"), prosecutors, filter.prosecutor))
            \(select("level", t("board.level"), levels, filter.level))
            \(Markup.when(filter.item != nil, "<input type=\"hidden\" name=\"item\" value=\"\(filter.item ?? "")\">"))
            <button type="submit">\(t("cases.filterButton"))</button>\(Markup.when(!filter.isEmpty, " <a href=\"/board\">\(t("cases.clear"))</a>"))</form>
            """
    }

    /// Long-overdue items many cases share, one line each, linking to the board of those cases.
    func boardShared(_ shared: [BoardSharedItem], filter: BoardFilter, t: Localizer) -> Markup {
        guard !shared.isEmpty else { return .empty }
        let items = shared.map { s -> Markup in
            let text = t("board.shared", count: s.cases, ["item": t.title(s.item), "date": t.date(s.since)])
            let current = filter.item == s.item.rule
            return
                "<li\(Markup.when(current, " aria-current=\"true\""))><a href=\"/board?\(filter.query(item: s.item.rule, page: 1))\">\(text)</a></li>"
        }
        return """
            <section id="board-shared" aria-labelledby="board-shared-title"><h2 id="board-shared-title">\(t("board.sharedTitle"))</h2>
            <p class="small">\(t("board.sharedHelp", ["days": String(BoardFragment.staleDays)]))</p>
            <ul>\(items)</ul>\(Markup.when(filter.item != nil, "<p><a href=\"/board?\(filter.query(item: nil, page: 1))\">\(t("board.allCases"))</a></p>"))</section>
            """
    }

    /// One case's row: its level, dates, prosecutor, and the one thing to do next.
    func boardRow(_ entry: BoardEntry, snapshot: Snapshot, books: Bool, t: Localizer) -> Markup {
        let id = entry.record.item.id.rawValue
        let trial = snapshot.hearingsByCase[entry.record.item.id]?.booking
        let trialText = trial.map { "\($0.dates.first.map(t.date) ?? "") (\(t.days($0.dates.count)))" } ?? t("cases.toBook")
        let court = snapshot.instance.courts.first { $0.id == entry.court }.map(Self.label) ?? entry.court.rawValue
        let left = entry.daysLeft >= 0 ? t.days(entry.daysLeft) : t("checklist.daysOver", ["days": t.days(-entry.daysLeft)])
        var checklist = "–"
        if let list = entry.checklist, !list.items.isEmpty {
            checklist = "\(list.done)/\(list.items.count)"
            if list.overdue > 0 {
                checklist += " · " + t("board.overdue", ["n": String(list.overdue)])
            } else if list.atRisk > 0 {
                checklist += " · " + t("board.atRisk", ["n": String(list.atRisk)])
            }
            // Advisory items never put a case at risk; they are counted so the prosecutor knows they are there.
            if list.advisory > 0 { checklist += " · " + t("board.advisory", ["n": String(list.advisory)]) }
        }
        // The one thing to do next: the booking problem (the Today page's words and link), else the readiness item.
        var next: Markup = "–"
        if let problem = entry.attention {
            let words = t("attention.\(problem.kind.rawValue)", ["date": t.date(problem.date)])
            let action: Markup =
                books
                ? " · <a href=\"/cases/\(id)/slots?task=\(problem.task)\">\(t("attention.do.\(problem.kind.rawValue)"))<span class=\"sr\"> \(id)</span></a>"
                : .empty
            next = "<span class=\"late\">\(words)</span>\(action)"
        } else if let item = entry.nextItem {
            let key = item.status == .overdue ? "board.doItem" : "board.nextItem"
            next = """
                <a href="/cases/\(id)/checklist#item-\(item.rule)"\(Markup.when(item.status == .overdue, " class=\"late\""))>\
                \(t(key, ["item": t.title(item), "date": item.due.map(t.date) ?? ""]))</a>
                """
        }
        let mark: Markup =
            switch entry.level {
            case .late: " <span class=\"small\">(\(t("board.level.late")))</span>"
            case .atRisk: " <span class=\"small\">(\(t("board.atRiskMark")))</span>"
            case .onTrack: .empty
            }
        return """
            <tr\(Markup.when(entry.level != .onTrack, " class=\"risk\""))><th scope="row"><a href="/cases/\(id)">\(id)</a>\(mark)</th>\
            <td>\(court)</td><td>\(entry.record.prosecutor ?? "–")</td><td>\(t.date(entry.deadline))</td>\
            <td\(Markup.when(entry.daysLeft < 0, " class=\"late\""))>\(left)</td><td>\(trialText)</td><td>\(next)</td>\
            <td><a href="/cases/\(id)/checklist">\(checklist)</a></td></tr>
            """
    }

    /// The board's late count beside the proven bound: how many trials no plan could keep on target, and the courts
    /// that force it.
    func boardFloor(late: Int, scope: String?, snapshot: Snapshot, t: Localizer) -> Markup {
        let bounds = self.bounds.bounds(snapshot)
        let unavoidable = Self.missedHearings(bounds, state: scope, instance: snapshot.instance)
        let courts = Self.binding(bounds, state: scope, instance: snapshot.instance).filter { $0.kind == .court }
        return """
            <p id="board-bound">\(t(unavoidable == 0 ? "board.boundNone" : "board.bound", ["late": String(late), "unavoidable": String(unavoidable)]))</p>
            \(Self.bindingList(courts, heading: t("bound.courtsBinding"), t: t, instance: snapshot.instance))
            """
    }
}

/// The board's chart: cases by whole months left to the disposal target, as inline SVG (no script). Each bar has its
/// count written on it, so nothing is told by colour alone.
enum BoardChart {
    static let buckets = ["overdue", "0–1", "1–2", "2–3", "3–6", "6–12", "12+"]

    static func bucket(_ daysLeft: Int) -> Int {
        switch daysLeft {
        case ..<0: return 0
        case 0..<30: return 1
        case 30..<61: return 2
        case 61..<91: return 3
        case 91..<183: return 4
        case 183..<366: return 5
        default: return 6
        }
    }

    static func svg(daysLeft: [Int], t: Localizer) -> Markup {
        var counts = [Int](repeating: 0, count: buckets.count)
        for d in daysLeft { counts[bucket(d)] += 1 }
        let maxCount = max(counts.max() ?? 0, 1)
        let width = 560
        let barWidth = 60
        var parts: [Markup] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) 220\" role=\"img\" aria-labelledby=\"chart-title\" class=\"chart\">",
            "<title id=\"chart-title\">\(t("board.chartTitle"))</title>",
        ]
        for (i, count) in counts.enumerated() {
            let h = count * 150 / maxCount
            let x = 20 + i * (barWidth + 18)
            let colour = i == 0 ? "#a1221a" : (i <= 2 ? "#8a5300" : "#1e5a2b")
            let label = i == 0 ? t("board.bucketOverdue") : buckets[i]
            parts.append(
                "<rect x=\"\(x)\" y=\"\(180 - h)\" width=\"\(barWidth)\" height=\"\(h)\" fill=\"\(colour)\"><title>\(label): \(count)</title></rect>")
            parts.append("<text x=\"\(x + barWidth / 2)\" y=\"\(175 - h)\" text-anchor=\"middle\" font-size=\"13\">\(count)</text>")
            parts.append("<text x=\"\(x + barWidth / 2)\" y=\"200\" text-anchor=\"middle\" font-size=\"12\">\(label)</text>")
        }
        parts.append("<text x=\"\(width / 2)\" y=\"216\" text-anchor=\"middle\" font-size=\"11\">\(t("board.monthsLeft"))</text></svg>")
        return .join(parts)
    }
}
