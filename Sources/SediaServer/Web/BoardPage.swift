import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// The deadline board: every case with a trial, at-risk first, with a chart of months left.
extension PageController {
    func addBoardRoutes(to router: Router<AppRequestContext>) {
        router.get("/board") { _, context in try await self.blocking { try self.board(context: context) } }
    }

    func board(context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let today = self.today
        let scope = user.role == .admin ? nil : user.state
        let generation = BoardGeneration(stamp: try database.changeStamp(), day: today)
        let board = try boards.value(generation: generation, scope: "\(t.language.rawValue):\(scope ?? "")") {
            try makeBoard(scope: scope, today: today, t: t)
        }
        let body: Markup = """
            <p>\(t("board.summary", ["count": String(board.count), "atRisk": String(board.atRisk), "today": t.date(today)]))</p>
            \(board.floor)
            \(board.chart)
            <div class="scroll"><table>
            <thead><tr><th scope="col">\(t("cases.case"))</th><th scope="col">\(t("board.court"))</th><th scope="col">\(t("board.target"))</th>\
            <th scope="col">\(t("board.daysLeft"))</th><th scope="col">\(t("cases.interview"))</th><th scope="col">\(t("cases.trial"))</th>\
            <th scope="col">\(t("board.next"))</th><th scope="col">\(t("board.checklist"))</th></tr></thead>
            <tbody>
            \(board.rows)
            </tbody></table></div>
            """
        return page(t("board.title"), context, body: body)
    }

    /// The board's rows (at-risk first) and chart for the cases of `scope` (a state, or all when nil).
    func makeBoard(scope: String?, today: Day, t: Localizer) throws -> BoardFragment {
        let snapshot = try snapshot()
        let records = snapshot.records(state: scope)
        let set = try checklistSet()
        let ticks = set == nil ? [:] : try database.checklistTicks()
        var entries: [(risk: CaseRisk, daysLeft: Int, id: String, row: Markup, late: Bool)] = []
        for record in records {
            guard let h = record.item.hearing else { continue }
            let trial = snapshot.hearingsByCase[record.item.id]?.booking
            let daysLeft = today.days(to: h.deadline)
            let late = trial?.dates.last.map { $0 > h.deadline } ?? false
            let list = set?.byCase[record.item.id].map { $0.marking(done: Set((ticks[record.item.id] ?? [:]).keys)) }
            let risk = CaseRisk(
                daysLeft: daysLeft, trialEndsLate: late, trialBooked: trial != nil, checklistOverdue: list?.overdue ?? 0,
                checklistAtRisk: list?.atRisk ?? 0)
            var checklist = "–"
            if let list, !list.items.isEmpty {
                checklist = "\(list.done)/\(list.items.count)"
                if list.overdue > 0 {
                    checklist += " · " + t("board.overdue", ["n": String(list.overdue)])
                } else if list.atRisk > 0 {
                    checklist += " · " + t("board.atRisk", ["n": String(list.atRisk)])
                }
                // Advisory items never put a case at risk; they are counted so the prosecutor knows they are there.
                if list.advisory > 0 { checklist += " · " + t("board.advisory", ["n": String(list.advisory)]) }
            }
            // The next stage or readiness date still to meet, from the rules.
            let next = list?.items.filter {
                $0.status != .done && $0.status != .noTarget && $0.status != .timelineNotPublished && $0.kind != .disposal && $0.due != nil
            }
            .min { ($0.due ?? today, $0.rule) < ($1.due ?? today, $1.rule) }
            let interview =
                snapshot.interviewsByCase[record.item.id].map { t.dateTime($0.booking.start) }
                ?? record.item.interviewDoneOn.map { t("case.heldOn", ["date": t.date($0)]) } ?? t("cases.toBook")
            let trialText = trial.map { "\($0.dates.first.map(t.date) ?? "") (\(t.days($0.dates.count)))" } ?? t("cases.toBook")
            let id = record.item.id.rawValue
            let court = snapshot.instance.courts.first { $0.id == h.court }.map(Self.label) ?? h.court.rawValue
            let left = daysLeft >= 0 ? t.days(daysLeft) : t("checklist.daysOver", ["days": t.days(-daysLeft)])
            let row: Markup = """
                <tr\(Markup.when(risk.isAtRisk, " class=\"risk\""))><th scope="row"><a href="/cases/\(id)">\(id)</a>\
                \(Markup.when(risk.isAtRisk, " <span class=\"small\">(\(t("board.atRiskMark")))</span>"))</th><td>\(court)</td>\
                <td>\(t.date(h.deadline))</td><td\(Markup.when(daysLeft < 0, " class=\"late\""))>\(left)</td><td>\(interview)</td>\
                <td>\(trialText)</td><td\(Markup.when(next?.status == .overdue, " class=\"late\""))>\(next.map { "\(t.title($0)) · \($0.due.map(t.date) ?? "")" } ?? "–")</td>\
                <td><a href="/cases/\(id)/checklist">\(checklist)</a></td></tr>
                """
            entries.append((risk, daysLeft, id, row, late))
        }
        entries.sort { ($0.risk.points, -$0.daysLeft, $0.id) > ($1.risk.points, -$1.daysLeft, $1.id) }
        let chart = BoardChart.svg(daysLeft: entries.map(\.daysLeft), t: t)
        return BoardFragment(
            rows: .join(entries.map(\.row), separator: "\n"), chart: chart, count: entries.count, atRisk: entries.filter(\.risk.isAtRisk).count,
            floor: boardFloor(late: entries.filter(\.late).count, scope: scope, snapshot: snapshot, t: t))
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
