import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// Replan as a choice: the planner works in the background on several move budgets (how many families and officers
/// the coordinator is willing to call), the page draws what each budget buys (trials still late), the coordinator
/// picks a point, sees its moves, and applies exactly that plan in one transaction.
extension PlanningController {
    func addReplanRoutes(to router: Router<AppRequestContext>) {
        router.get("/replan") { request, context in try await self.blocking { try self.replanPage(request, context: context) } }
        postForm(router, "/replan/start") { request, form, context in try self.replanStart(request, form, context: context) }
        postForm(router, "/replan/apply") { request, form, context in try self.replanApply(request, form, context: context) }
        postForm(router, "/replan/cancel") { request, form, context in try self.replanCancel(request, form, context: context) }
    }

    /// The budgets offered when the coordinator gives none.
    static let defaultBudgets = "0, 5, 10, 25, 50, 100, none"

    /// The scope a user replans: a state coordinator their state (other states' bookings stay as they are); a national
    /// coordinator or an admin the state they choose, or every state.
    func replanScope(_ user: User, asked: String?) throws -> String? {
        if let state = user.scope.state { return state }
        guard let asked, !asked.isEmpty, asked != "*" else { return nil }
        guard try snapshot().instance.states.contains(where: { $0.code.rawValue == asked }) else {
            throw PageError(.unprocessableContent, key: "replan.badScope", ["field": "scope"])
        }
        return asked
    }

    func replanPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        guard let text = query(context, "job") else { return try replanForm(user, context: context, error: nil) }
        guard let status = replanJobs.status(ReplanJobID(text)), user.scope.covers(status.scope) else {
            throw PageError.notFound
        }
        let scopeName = status.scope ?? t("layout.allStates")
        switch status.state {
        case .running:
            let body = runningJob(
                t("replan.running", ["scope": scopeName, "percent": Self.percent(status.progress)]), progress: status.progress,
                label: t("replan.progress"), note: t("replan.refreshes"), cancel: "/replan/cancel", job: text, button: t("replan.cancelJob"),
                context: context)
            return page(t("replan.title"), context, body: body, refresh: 2)
        case .failed(let why):
            return page(
                t("replan.title"), context,
                body: "\(Tag.error(t("replan.failed", ["why": t.jobFailure(why)])))<p><a href=\"/replan\">\(t("replan.again"))</a></p>")
        case .cancelled:
            return page(t("replan.title"), context, body: "<p>\(t("replan.cancelled"))</p><p><a href=\"/replan\">\(t("replan.again"))</a></p>")
        case .done:
            guard let proposal = status.proposal else { throw PageError.notFound }
            return try replanResult(proposal, job: text, chosen: query(context, "budget"), context: context)
        }
    }

    func replanForm(_ user: User, context: AppRequestContext, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let t = localizer(context)
        let national = user.scope.isNational
        let states = try snapshot().instance.states
        let scope: Markup =
            national
            ? """
            <label for="scope">\(t("replan.scope"))</label><select id="scope" name="scope">\(Tag.option("*", t("layout.allStates"), selected: true))\
            \(states.map { Tag.option($0.code.rawValue, "\($0.code) \($0.name)", selected: false) })</select>
            """ : "<p>\(t("replan.ownState", ["state": user.scope.state ?? ""]))</p>"
        let body: Markup = """
            <p>\(t("replan.intro"))</p>
            \(Tag.error(error))
            <form method="post" action="/replan/start" class="stack">\(Tag.csrf(context.csrf))
            \(scope)
            <label for="budgets">\(t("replan.budgets"))</label><input type="text" id="budgets" name="budgets" maxlength="100" value="\(Self.defaultBudgets)" aria-describedby="budgets-help">
            <small id="budgets-help">\(t("replan.budgetsHelp"))</small>
            <p><button type="submit" class="primary" id="start-replan">\(t("replan.start"))</button></p>
            </form>
            """
        return page(t("replan.title"), context, status: status, body: body)
    }

    func replanStart(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        try form.requireCSRF(context)
        let t = localizer(context)
        let budgets: [Int?]
        do {
            budgets = try Self.budgets(form["budgets"] ?? Self.defaultBudgets)
        } catch let error as PageError {
            return try replanForm(user, context: context, error: error.message(t), status: .unprocessableContent)
        }
        let scope = try replanScope(user, asked: form["scope"])
        try requireJobStart(user)
        // The whole proposal should be on the page within about five seconds: the budgets share the cores.
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let rounds = Double((budgets.count + cores - 1) / cores)
        let input = try ReplanInput.load(
            from: database, scope: scope, budgets: budgets, timeLimit: dependencies.configuration.replanSeconds / rounds,
            iterations: dependencies.configuration.replanIterations, window: planningWindow)
        let id = replanJobs.start(input)
        return .seeOther("/replan?job=\(id.rawValue)")
    }

    /// "0, 10, 25, none" → budgets; at most 12, each 0…100000 or "none" (no limit).
    static func budgets(_ text: String) throws -> [Int?] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard !parts.isEmpty, parts.count <= 12 else { throw PageError(.unprocessableContent, key: "replan.badBudgets", ["field": "budgets"]) }
        return try parts.map { part -> Int? in
            if part == "none" || part == "tiada" { return nil }
            guard let n = Int(part), (0...100_000).contains(n) else {
                throw PageError(.unprocessableContent, key: "replan.badBudgets", ["field": "budgets"])
            }
            return n
        }
    }

    func replanResult(_ proposal: ReplanProposal, job: String, chosen: String?, context: AppRequestContext) throws -> Response {
        let t = localizer(context)
        let points = proposal.curve.points
        let chosenPoint = chosen.flatMap { text in points.first { ($0.maxMoves.map(String.init) ?? "none") == text } }
        let rows = points.map { p -> Markup in
            let key = p.maxMoves.map(String.init) ?? "none"
            let isChosen = chosenPoint?.maxMoves == p.maxMoves && chosenPoint != nil
            return """
                <tr\(Markup.when(isChosen, " class=\"risk\" aria-current=\"true\""))><th scope="row">\(p.maxMoves.map(String.init) ?? t("replan.noLimit"))</th>\
                <td>\(p.moves)</td><td>\(p.score.unassigned)</td><td>\(p.score.late)</td><td>\(p.score.cost)</td>\
                <td><a href="/replan?job=\(job)&amp;budget=\(key)">\(t("replan.seeMoves"))<span class="sr"> \(t("replan.budgetOf", ["budget": p.maxMoves.map(String.init) ?? t("replan.noLimit")]))</span></a></td></tr>
                """
        }
        let unreachable: Markup =
            proposal.curve.unreachable.isEmpty
            ? .empty
            : "<p class=\"muted\">\(t("replan.unreachable", ["budgets": proposal.curve.unreachable.map(String.init).joined(separator: ", "), "fewest": proposal.curve.fewestMoves.map(String.init) ?? "–"]))</p>"
        var detail: Markup = .empty
        if let point = chosenPoint {
            let stored = try database.bookings()
            let moves = Self.moves(from: stored, to: point.plan)
            let instance = try snapshot().instance
            let key = point.maxMoves.map(String.init) ?? "none"
            detail = """
                <h2 id="chosen">\(t("replan.chosen", ["budget": point.maxMoves.map(String.init) ?? t("replan.noLimit")]))</h2>
                <p>\(t("replan.chosenSummary", ["moves": String(point.moves), "late": String(point.score.late), "unassigned": String(point.score.unassigned)]))</p>
                \(moves.isEmpty ? "<p>\(t("replan.nothing"))</p>" : movesTable(moves, t: t, instance: instance))
                <form method="post" action="/replan/apply">\(Tag.csrf(context.csrf))<input type="hidden" name="job" value="\(job)">\
                <input type="hidden" name="budget" value="\(key)"><button class="primary" type="submit" id="apply-replan">\(t("replan.apply", count: moves.count))</button></form>
                """
        }
        let bound = try replanBound(proposal, t: t)
        let body: Markup = """
            <p>\(t("replan.ready", ["scope": proposal.scope ?? t("layout.allStates")]))</p>
            \(Markup.when(proposal.only != nil, "<p class=\"notice\">\(t("replan.onlyAffected", count: proposal.only?.count ?? 0))</p>"))
            \(ReplanChart.svg(points, t: t))
            <div class="scroll"><table><caption>\(t("replan.caption"))</caption>
            <thead><tr><th scope="col">\(t("replan.budget"))</th><th scope="col">\(t("replan.moves"))</th><th scope="col">\(t("replan.unassigned"))</th>\
            <th scope="col">\(t("replan.late"))</th><th scope="col">\(t("replan.cost"))</th><th scope="col">\(t("replan.choose"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            \(unreachable)
            \(bound)
            \(detail)
            <p><a href="/replan">\(t("replan.again"))</a></p>
            """
        return page(t("replan.title"), context, body: body)
    }

    /// The proven bound beside the proposals: what no plan can beat however much it moves, and where capacity binds.
    func replanBound(_ proposal: ReplanProposal, t: Localizer) throws -> Markup {
        guard let bounds = proposal.bounds else { return .empty }
        let instance = try snapshot().instance
        let best = proposal.curve.points.map { $0.score.unassigned + $0.score.late }.min() ?? 0
        let text = t(
            "replan.bound",
            ["missed": String(bounds.missed), "trials": String(bounds.missedHearings), "best": String(best)])
        let binding = Self.binding(bounds, state: proposal.scope, instance: instance)
        return """
            <p id="replan-bound">\(text)</p>
            \(Self.bindingList(binding, heading: t("bound.binding", ["scope": proposal.scope ?? t("layout.allStates")]), t: t, instance: instance))
            """
    }

    /// The job a form names, if the user may act on it (their scope's, or any for national users); 404 otherwise.
    func postedJob(_ form: Form, context: AppRequestContext) throws -> (User, ReplanJobID) {
        let user = try require(context, [.coordinator, .admin])
        try form.requireCSRF(context)
        let job = ReplanJobID(try form.required("job", max: 64))
        guard let status = replanJobs.status(job), user.scope.covers(status.scope) else {
            throw PageError.notFound
        }
        return (user, job)
    }

    func replanApply(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let (user, job) = try postedJob(form, context: context)
        let budgetText = try form.required("budget", max: 10)
        let budget: Int? = budgetText == "none" ? nil : try Self.budgets(budgetText).first ?? nil
        let all = Set(try database.exportInstance().cases.map(\.id))
        do {
            _ = try replanJobs.apply(job, maxMoves: budget, to: database, actor: user.username) { instance, plan in
                self.check(instance, plan, all)
            }
        } catch let error as ReplanJobError where error.code == .otherState {
            throw PageError(.forbidden, key: "booking.otherState", ["problems": error.message])
        } catch let error as ReplanJobError {
            throw PageError(error.code == .stale ? .conflict : .unprocessableContent, key: error.code == .stale ? "replan.stale" : "replan.gone")
        }
        return .seeOther("/cases")
    }

    func replanCancel(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let (_, job) = try postedJob(form, context: context)
        replanJobs.cancel(job)
        return .seeOther("/replan?job=\(job.rawValue)")
    }

    func movesTable(_ moves: [Move], t: Localizer, instance: Instance) -> Markup {
        let rows = moves.map { m -> Markup in
            """
            <tr><th scope="row"><a href="/cases/\(m.caseID.rawValue)">\(m.caseID.rawValue)</a></th><td>\(t("task.\(m.task.rawValue)"))</td>\
            <td>\(m.from.map { describe($0, t: t, instance: instance) } ?? t("replan.notBooked"))</td><td>\(describe(m.to, t: t, instance: instance))</td></tr>
            """
        }
        return """
            <p>\(t("replan.changes", count: moves.count))</p>
            <div class="scroll"><table><thead><tr><th scope="col">\(t("cases.case"))</th><th scope="col">\(t("replan.task"))</th>\
            <th scope="col">\(t("replan.from"))</th><th scope="col">\(t("replan.to"))</th></tr></thead><tbody>
            \(rows)
            </tbody></table></div>
            """
    }

    func describe(_ placement: Move.Placement, t: Localizer, instance: Instance) -> String {
        switch placement {
        case .interview(let b): "\(t.dateTime(b.start)) · \(Self.roomLabel(b.room, instance)) · \(b.interviewer)"
        case .hearing(let b): t.dates(b.dates)
        }
    }

    /// One booking that a proposal changes.
    struct Move: Sendable {
        enum Placement: Sendable {
            case interview(InterviewBooking)
            case hearing(HearingBooking)
        }
        var caseID: Case.ID
        var task: TaskKind
        var from: Placement?
        var to: Placement
    }

    static func moves(from stored: StoredBookings, to plan: Plan) -> [Move] {
        var moves: [Move] = []
        let oldI = Dictionary(stored.interviews.map { ($0.booking.caseID, $0.booking) }, uniquingKeysWith: { a, _ in a })
        for b in plan.interviews where oldI[b.caseID] != b {
            moves.append(Move(caseID: b.caseID, task: .interview, from: oldI[b.caseID].map { .interview($0) }, to: .interview(b)))
        }
        let oldH = Dictionary(stored.hearings.map { ($0.booking.caseID, $0.booking) }, uniquingKeysWith: { a, _ in a })
        for b in plan.hearings where oldH[b.caseID] != b {
            moves.append(Move(caseID: b.caseID, task: .hearing, from: oldH[b.caseID].map { .hearing($0) }, to: .hearing(b)))
        }
        return moves.sorted { ($0.caseID.rawValue, $0.task.rawValue) < ($1.caseID.rawValue, $1.task.rawValue) }
    }
}

/// The trade-off as inline SVG: bookings moved (across) against trials still late (up), one labelled point per budget,
/// so the numbers are read from the labels and the table, never from colour alone.
enum ReplanChart {
    static func svg(_ points: [TradeoffPoint], t: Localizer) -> Markup {
        let width = 560
        let height = 260
        let left = 60
        let bottom = 210
        let maxMoves = max(points.map(\.moves).max() ?? 1, 1)
        let maxLate = max(points.map(\.score.late).max() ?? 1, 1)
        func x(_ moves: Int) -> Int { left + moves * (width - left - 30) / maxMoves }
        func y(_ late: Int) -> Int { bottom - late * (bottom - 30) / maxLate }
        let sorted = points.sorted { $0.moves < $1.moves }
        let path = sorted.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(x(p.moves)) \(y(p.score.late))" }.joined(separator: " ")
        var parts: [Markup] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"replan-chart-title\" class=\"chart\">",
            "<title id=\"replan-chart-title\">\(t("replan.chartTitle"))</title>",
            "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - 20)\" y2=\"\(bottom)\" stroke=\"#333\"/><line x1=\"\(left)\" y1=\"20\" x2=\"\(left)\" y2=\"\(bottom)\" stroke=\"#333\"/>",
            "<path d=\"\(path)\" fill=\"none\" stroke=\"#1f3a5f\" stroke-width=\"2\"/>",
        ]
        for p in sorted {
            let label = p.maxMoves.map(String.init) ?? t("replan.noLimit")
            parts.append(
                "<circle cx=\"\(x(p.moves))\" cy=\"\(y(p.score.late))\" r=\"5\" fill=\"#1f3a5f\"><title>\(t("replan.pointTitle", ["budget": label, "moves": String(p.moves), "late": String(p.score.late)]))</title></circle>"
            )
            parts.append("<text x=\"\(x(p.moves) + 7)\" y=\"\(y(p.score.late) - 7)\" font-size=\"12\">\(p.score.late)</text>")
        }
        parts.append("<text x=\"\(left)\" y=\"\(bottom + 18)\" font-size=\"12\">0</text>")
        parts.append("<text x=\"\(width - 20)\" y=\"\(bottom + 18)\" font-size=\"12\" text-anchor=\"end\">\(maxMoves)</text>")
        parts.append("<text x=\"\((width + left) / 2)\" y=\"\(bottom + 40)\" font-size=\"12\" text-anchor=\"middle\">\(t("replan.axisMoves"))</text>")
        parts.append(
            "<text x=\"14\" y=\"\(bottom / 2)\" font-size=\"12\" transform=\"rotate(-90 14 \(bottom / 2))\" text-anchor=\"middle\">\(t("replan.axisLate"))</text></svg>"
        )
        return .join(parts)
    }
}
