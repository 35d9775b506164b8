import Foundation
import Hummingbird
import Logging
import NIOPosix
import SediaCore
import SediaStore

/// What every page controller shares: the server's dependencies, the texts, the snapshot of the cases and the
/// checklists (which the case pages, the board and the confirmation lines all read). A small value: each controller
/// keeps the caches of its own area.
struct PageKit: Sendable {
    let dependencies: ServerDependencies
    let translations: Translations
    let snapshots: SnapshotCache
    /// Checklists from the rule book, once per data version and day.
    let checklists = ChecklistCache()
}

/// A controller of the people-facing pages: it adds its own routes and reaches the pages' shared helpers (the layout,
/// who is signed in, the case in the URL, where the work runs) through its `kit`.
protocol PageArea: Sendable {
    var kit: PageKit { get }
}

/// The people-facing pages, by area: each controller has its own routes and the dependencies it uses.
enum Pages {
    static func addRoutes(to router: Router<AppRequestContext>, kit: PageKit) {
        // The proven bound of the data as it is, read by the board and by the replan and what-if pages.
        let bounds = BoundsCache()
        let staff = StaffController(kit: kit)
        let cases = CaseController(kit: kit)
        SessionController(kit: kit, staff: staff).addRoutes(to: router)
        cases.addRoutes(to: router)
        BookingController(kit: kit, cases: cases).addRoutes(to: router)
        ReportsController(kit: kit, bounds: bounds).addRoutes(to: router)
        PlanningController(kit: kit, bounds: bounds).addRoutes(to: router)
        staff.addRoutes(to: router)
    }
}

/// Signing in and out, the language, and accounts (a user's own password, the administrator's user list).
struct SessionController: PageArea {
    let kit: PageKit
    /// My page, where a password change answers.
    let staff: StaffController
    /// Sign-in failures by account and address, and the bounded bcrypt pool.
    let throttle = LoginThrottle()
    let passwords = PasswordChecker()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, context in
            let user = try self.signedIn(context)
            switch user.role {
            case .coordinator, .admin: return Response.seeOther("/today")
            case .prosecutor: return Response.seeOther("/my-cases")
            case .staff:
                // An officer or psychologist starts from their agenda; a staff account without one from My page.
                let person = user.person ?? ""
                let instance = try await self.blocking { try self.snapshot().instance }
                let hasAgenda =
                    instance.interviewers.contains { $0.id.rawValue == person } || instance.psychologists.contains { $0.id.rawValue == person }
                return Response.seeOther(hasAgenda ? "/agenda" : "/me")
            }
        }
        addSignInRoutes(to: router)
        addAccountRoutes(to: router)
    }
}

/// A person's own pages: My page (feeds, contact), the agenda of an officer or psychologist, the outbox.
struct StaffController: PageArea {
    let kit: PageKit

    func addRoutes(to router: Router<AppRequestContext>) {
        addMyPageRoutes(to: router)
        addOutboxRoutes(to: router)
        addAgendaRoutes(to: router)
    }
}

/// The overviews: Today, My cases, the deadline board and the Reports page.
struct ReportsController: PageArea {
    let kit: PageKit
    let bounds: BoundsCache
    /// The deadline board's ranked cases by scope, for one generation (data version and day): built once however many
    /// prosecutors reload it at the same time.
    let boards = SingleFlightCache<BoardGeneration, BoardFragment>()
    /// The Reports page's body by language, scope, period and grouping, for one data version: the record reads every
    /// case of the scope (27,500 at national size with five years of history), the same for every reader until a write;
    /// computed once when several readers ask together.
    let reports = SingleFlightCache<Int, Markup>()

    func addRoutes(to router: Router<AppRequestContext>) {
        addBoardRoutes(to: router)
        addReportRoutes(to: router)
        addMyCasesRoutes(to: router)
        addTodayRoutes(to: router)
    }
}

/// Cases: the list, intake, a case's page and its year (events, transfer, disposal), its checklist.
struct CaseController: PageArea {
    let kit: PageKit

    func addRoutes(to router: Router<AppRequestContext>) {
        addCaseRoutes(to: router)
        addChecklistRoutes(to: router)
        addCaseYearRoutes(to: router)
    }
}

/// Booking: a case's slots, booking and cancelling, and the week views of centres, people and courts.
struct BookingController: PageArea {
    let kit: PageKit
    /// The case page, shown again with the reason when a booking is refused.
    let cases: CaseController

    /// Refuses, in the reader's language, a booking on a day outside the planning window.
    func requireInWindow(_ days: [Day], t: Localizer) throws {
        let window = planningWindow
        guard days.allSatisfy(window.contains) else {
            throw PageError(.unprocessableContent, key: "book.outsideWindow", ["from": t.date(window.start), "to": t.date(window.end)])
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        addBookingRoutes(to: router)
        addWeekRoutes(to: router)
    }
}

/// Planning as a whole: replans, disruptions, what-if questions and the travel limit.
struct PlanningController: PageArea {
    let kit: PageKit
    /// The proven bound of the data as it is (shown beside a replan's and a what-if's answer).
    let bounds: BoundsCache
    /// Background jobs (replans, what-if questions) each user may start per minute.
    let jobStarts = JobStartLimit()

    /// Refuses (429) a background job start beyond the user's share per minute.
    func requireJobStart(_ user: User) throws {
        guard jobStarts.allow(user.username, now: database.clock()) else {
            throw PageError(.tooManyRequests, key: "jobs.tooMany", ["count": String(jobStarts.perMinute)])
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        addReplanRoutes(to: router)
        addDisruptionRoutes(to: router)
        addWhatifRoutes(to: router)
        addTravelLimitRoutes(to: router)
    }
}

extension PageArea {
    var dependencies: ServerDependencies { kit.dependencies }
    var translations: Translations { kit.translations }
    var checklists: ChecklistCache { kit.checklists }

    func snapshot() throws -> Snapshot { try kit.snapshots.snapshot(database, window: planningWindow) }

    /// Today and the `--horizon-days` after it: nothing outside is offered or booked.
    var planningWindow: PlanningWindow {
        PlanningWindow.rolling(days: dependencies.configuration.horizonDays, now: database.clock())
    }

    var database: AppDatabase { dependencies.database }
    var hooks: PlanningHooks { dependencies.hooks }
    /// Replans running in the background, one per scope; their proposals are applied only while the data they were
    /// made from is unchanged.
    var replanJobs: ReplanJobs { dependencies.replanJobs }

    /// The rule check of a change, within the planning window (the store's instance keeps the imported one).
    func check(_ instance: Instance, _ plan: Plan, _ cases: Set<Case.ID>) -> [Violation] {
        var planned = instance
        planningWindow.apply(to: &planned)
        return hooks.check(planned, plan, cases)
    }

    // MARK: Where the work runs

    /// Runs a page's synchronous work (SQLite through GRDB, building the page) on NIO's blocking-work thread pool,
    /// never on the cooperative pool's few threads, so a slow query or a large page cannot hold up other requests.
    func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }

    /// A form route: the body is read (size-limited) on the request's task, then the handler runs on the pool.
    func postForm(
        _ router: Router<AppRequestContext>, _ path: RouterPath,
        _ handler: @escaping @Sendable (Request, Form, AppRequestContext) throws -> Response
    ) {
        router.post(path) { request, context in
            let form = try await Form.read(request, context: context)
            return try await self.blocking { try handler(request, form, context) }
        }
    }

    // MARK: Shared by the pages

    /// The reader's texts.
    func localizer(_ context: AppRequestContext) -> Localizer { translations.localizer(context.language) }

    /// A whole page: the layout around `body`.
    func page(_ title: String, _ context: AppRequestContext, status: HTTPResponse.Status = .ok, body: Markup, refresh: Int? = nil) -> Response {
        let layout = Layout(t: localizer(context), user: context.user, csrf: context.csrf, path: context.path)
        // After a change, the page says what was done (`?confirm=`, see `confirmation`).
        let shown: Markup = status == .ok ? "\(confirmation(context))\(body)" : body
        return .html(status, layout.page(title: title, body: shown, refresh: refresh).description)
    }

    func signedIn(_ context: AppRequestContext) throws -> User {
        guard let user = context.user else { throw NotSignedIn() }
        return user
    }

    func require(_ context: AppRequestContext, _ roles: Set<Role>) throws -> User {
        let user = try signedIn(context)
        guard roles.contains(user.role) else { throw PageError(.forbidden, key: "error.role", ["role": user.role.rawValue]) }
        return user
    }

    /// Today in Malaysia, from the database's clock.
    var today: Day { MalaysianTime.day(unixSeconds: Int64(database.clock().timeIntervalSince1970.rounded(.down))) }

    /// The case named in the URL, if the user may see it. Another state's case answers 404, exactly like a missing one,
    /// so editing the URL tells nothing about what exists elsewhere.
    func scopedCase(_ context: AppRequestContext, _ user: User) throws -> CaseRecord {
        // A disposed or closed case is off the lists (and the snapshot) but keeps its page.
        guard let id = context.parameters.get("id"), id.count <= 64,
            let record = try snapshot().recordsByID[.init(id)] ?? database.caseRecord(id: .init(id)), user.canSee(caseState: record.state)
        else { throw PageError.notFound }
        return record
    }

    /// The case named in the path as the database holds it now, when the user may see it (else 404, as for a missing
    /// one); what the write paths read, so that a write never waits for the snapshot of every case to reload.
    func storedCase(_ context: AppRequestContext, _ user: User) throws -> CaseRecord {
        guard let id = context.parameters.get("id"), id.count <= 64, let record = try database.caseRecord(id: .init(id)),
            user.canSee(caseState: record.state)
        else { throw PageError.notFound }
        return record
    }

    /// A query parameter as a browser's GET form sends it (`application/x-www-form-urlencoded`: `+` is a space, `%2B` a
    /// plus), the first if given twice; nil when absent. The query was parsed once, by `SessionMiddleware`
    /// (`QueryLimit.parse`). (Hummingbird's `queryParameters` leaves `+` as it is.)
    func query(_ context: AppRequestContext, _ name: String) -> String? { context.queryValues[name] }

    /// Whether the user may see which case a booking is for: the case's state is theirs (or they are national).
    static func maySee(_ user: User, _ caseID: Case.ID, _ snapshot: Snapshot) -> Bool {
        guard let record = snapshot.recordsByID[caseID] else { return false }
        return user.canSee(caseState: record.state)
    }

    /// The case revision a change form carries (the page's, as shown); see `AppDatabase.reviseCase`.
    static func revision(_ form: Form) throws -> Int { try form.int("revision", 0...Int.max) }

    /// The HTTP status of a store refusal shown on a page.
    static func status(_ error: StoreError) -> HTTPResponse.Status {
        switch error.code {
        case .conflict, .stale: .conflict
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .invalid, .database: .unprocessableContent
        }
    }

    /// A background job's page while it runs (the page reloads itself): what it is doing, a progress bar, when the
    /// answer comes, and a button that stops it.
    func runningJob(
        _ line: String, progress: JobProgress, label: String, note: String, cancel action: String, job: String, button: String,
        context: AppRequestContext
    ) -> Markup {
        """
        <p role="status">\(line)</p>
        <progress max="100" value="\(Self.percent(progress))" aria-label="\(label)"></progress>
        <p class="muted">\(note)</p>
        <form method="post" action="\(action)">\(Tag.csrf(context.csrf))<input type="hidden" name="job" value="\(job)">\
        <button type="submit">\(button)</button></form>
        """
    }

    /// A job's progress as a whole percentage.
    static func percent(_ progress: JobProgress) -> String { String(Int((progress.fraction * 100).rounded())) }

    /// A centre by its name and id ("Kota Bharu CIC (CIC-KB)").
    static func label(_ centre: Centre) -> String { centre.name.map { "\($0) (\(centre.id))" } ?? centre.id.rawValue }

    /// A court by its name and id.
    static func label(_ court: Court) -> String { court.name.map { "\($0) (\(court.id))" } ?? court.id.rawValue }
}

/// Helpers of several areas.
extension PageArea {
    /// Every case's checklist from the server's rule book for today, or nil when the server runs without rules.
    func checklistSet() throws -> ChecklistSet? {
        guard let rules = dependencies.rules else { return nil }
        return checklists.checklists(try snapshot(), rules: rules, today: today, changed: kit.snapshots.casesChanged(since:))
    }

    /// "CIC-KB-1 · Kota Bharu CIC (CIC-KB)".
    static func roomLabel(_ room: Room.ID, _ instance: Instance) -> String {
        guard let centre = instance.centres.first(where: { $0.rooms.contains { $0.id == room } }) else { return room.rawValue }
        return "\(room) · \(label(centre))"
    }

    /// The notice on a case page: messages about the case that could not be delivered.
    func mailFailures(_ caseID: Case.ID, t: Localizer, snapshot: Snapshot) throws -> Markup {
        let failed = try database.failedMail(caseID: caseID)
        guard !failed.isEmpty else { return .empty }
        let items = failed.map { e -> Markup in
            let method = t("outbox.method.\(e.method?.rawValue.lowercased() ?? e.kind.rawValue)")
            return "<li>\(snapshot.person(e.recipient)): \(method) · \(e.lastError ?? "")</li>"
        }
        return """
            <div class="error" role="alert" id="mail-failed"><p>\(t("case.mailFailed"))</p><ul>\(items)</ul>\
            <p><a href="/outbox?status=failed">\(t("nav.outbox"))</a></p></div>
            """
    }
}

/// What a page that needs a signed-in user found: no session, or an expired one. It says what happened, not what to
/// answer: the error middleware, the one place errors become HTTP answers, sends the reader to the sign-in page.
struct NotSignedIn: Error {}
