import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// Replan: the planner's proposal after leave, closures or cancellations, applied in one transaction.
extension PageController {
    func addReplanRoutes(to router: Router<AppRequestContext>) {
        router.get("/replan") { request, context in try await self.blocking { try self.replanPreview(request, context: context) } }
        postForm(router, "/replan") { request, form, context in try self.replanApply(request, form, context: context) }
    }

    func requireNational(_ context: AppRequestContext) throws -> User {
        let user = try require(context, [.coordinator, .admin])
        guard user.role == .admin || user.state == nil else { throw PageError(.forbidden, key: "replan.national") }
        return user
    }

    func replanPreview(_ request: Request, context: AppRequestContext) throws -> Response {
        _ = try requireNational(context)
        let t = localizer(context)
        let version = try database.dataVersion().version
        let instance = try database.exportInstance()
        guard let plan = hooks.replan(instance) else {
            return page(t("replan.title"), context, body: "<p>\(t("replan.noPlan"))</p>")
        }
        let moves = Self.moves(from: try database.bookings(), to: plan)
        let key = replans.store(plan, version: version)
        let body: Markup = """
            <p>\(t("replan.intro"))</p>
            \(moves.isEmpty ? "<p>\(t("replan.nothing"))</p>" : movesTable(moves, t: t, instance: instance))
            \(Markup.when(!moves.isEmpty, "<form method=\"post\" action=\"/replan\">\(Tag.csrf(context.csrf))<input type=\"hidden\" name=\"key\" value=\"\(key)\"><button class=\"primary\" type=\"submit\">\(t("replan.apply", count: moves.count))</button></form>"))
            """
        return page(t("replan.title"), context, body: body)
    }

    func movesTable(_ moves: [Move], t: Localizer, instance: Instance) -> Markup {
        let rows = moves.map { m -> Markup in
            "<tr><th scope=\"row\"><a href=\"/cases/\(m.caseID.rawValue)\">\(m.caseID.rawValue)</a></th><td>\(t("task.\(m.task.rawValue)"))</td><td>\(m.from.map { describe($0, t: t, instance: instance) } ?? t("replan.notBooked"))</td><td>\(describe(m.to, t: t, instance: instance))</td></tr>"
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

    func replanApply(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try requireNational(context)
        try form.requireCSRF(context)
        let key = try form.required("key", max: 64)
        guard let previewed = replans.take(key), previewed.version == (try database.dataVersion().version) else {
            throw PageError(.conflict, key: "replan.stale")
        }
        let all = Set(try database.exportInstance().cases.map(\.id))
        _ = try database.applyPlan(previewed.plan, actor: user.username) { instance, bookings in self.hooks.check(instance, bookings, all) }
        return .seeOther("/cases")
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
