import Foundation
import Hummingbird
import Logging
import SediaCore
import SediaStore
import Synchronization

/// The people-facing pages: sign-in, cases, booking, week views, deadline board, checklists, the user's feeds.
struct PageController: Sendable {
    let dependencies: ServerDependencies
    let views: Views
    /// Previewed replans, applied only while the data they were made from is unchanged.
    let replans = ReplanCache()
    let snapshots: SnapshotCache
    /// Checklists from the rule book, once per data version and day.
    let checklists = ChecklistCache()
    let boards = FragmentCache<BoardGeneration, BoardFragment>()
    let caseLists = FragmentCache<Int, CaseRows>()
    /// Sign-in failures by account and address, and the bounded bcrypt pool.
    let throttle = LoginThrottle()
    let passwords = PasswordChecker()

    func snapshot() throws -> Snapshot { try snapshots.snapshot(database) }

    var database: AppDatabase { dependencies.database }
    var hooks: PlanningHooks { dependencies.hooks }

    static let loginCookie = "sedia_login"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/login") { request, context in self.loginPage(request, context: context, error: nil) }
        router.post("/login") { request, context in try await self.login(request, context: context) }
        router.post("/logout") { request, context in try await self.logout(request, context: context) }
        router.get("/") { _, context in
            let user = try self.signedIn(context)
            switch user.role {
            case .coordinator, .admin: return Response.seeOther("/cases")
            case .prosecutor: return Response.seeOther("/board")
            case .staff: return Response.seeOther("/me")
            }
        }
        router.get("/cases") { request, context in try self.casesPage(request, context: context) }
        router.get("/cases/new") { _, context in try self.intakePage(context: context, form: nil, error: nil) }
        router.post("/cases") { request, context in try await self.createCase(request, context: context) }
        router.get("/cases/:id") { _, context in try self.casePage(context: context) }
        router.get("/cases/:id/slots") { request, context in try self.slotsPage(request, context: context) }
        router.post("/cases/:id/book") { request, context in try await self.book(request, context: context) }
        router.post("/cases/:id/cancel") { request, context in try await self.cancel(request, context: context) }
        router.post("/cases/:id/prosecutor") { request, context in try await self.setProsecutor(request, context: context) }
        router.get("/cases/:id/checklist") { _, context in try self.checklistPage(context: context) }
        router.post("/cases/:id/checklist") { request, context in try await self.tick(request, context: context) }
        router.get("/week/centre/:id") { request, context in try self.centreWeek(request, context: context) }
        router.get("/week/officer/:id") { request, context in try self.officerWeek(request, context: context) }
        router.get("/board") { _, context in try self.board(context: context) }
        router.get("/replan") { request, context in try self.replanPreview(request, context: context) }
        router.post("/replan") { request, context in try await self.replanApply(request, context: context) }
        router.get("/me") { request, context in try self.mePage(request, context: context, created: nil) }
        router.post("/me/feeds") { request, context in try await self.createFeed(request, context: context) }
        router.post("/me/feeds/:fid/revoke") { request, context in try await self.revokeFeed(request, context: context, rotate: false) }
        router.post("/me/feeds/:fid/rotate") { request, context in try await self.revokeFeed(request, context: context, rotate: true) }
        addAccountRoutes(to: router)
    }

    // MARK: Helpers

    func page(_ name: String, _ title: String, _ context: AppRequestContext, _ content: [String: Any], status: HTTPResponse.Status = .ok) -> Response
    {
        .html(status, views.render(name, PageModel(title: title, user: context.user, csrf: context.csrf, content: content)))
    }

    func signedIn(_ context: AppRequestContext) throws -> User {
        guard let user = context.user else { throw RedirectToLogin() }
        return user
    }

    func require(_ context: AppRequestContext, _ roles: Set<Role>) throws -> User {
        let user = try signedIn(context)
        guard roles.contains(user.role) else { throw PageError(.forbidden, "Your role (\(user.role.rawValue)) cannot open this page.") }
        return user
    }

    var today: Day { MalaysianTime.day(unixSeconds: Int64(database.clock().timeIntervalSince1970.rounded(.down))) }

    /// The case named in the URL, if the user may see it. Another state's case answers 404, exactly like a missing one,
    /// so editing the URL tells nothing about what exists elsewhere.
    func scopedCase(_ context: AppRequestContext, _ user: User) throws -> CaseRecord {
        guard let id = context.parameters.get("id"), id.count <= 64, let record = try snapshot().recordsByID[.init(id)],
            user.canSee(caseState: record.state)
        else { throw PageError.notFound }
        return record
    }

    func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init)
    }

    // MARK: Sign in

    func loginPage(_ request: Request, context: AppRequestContext, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        // Sign-in has no session yet, so its CSRF token is a double-submit cookie bound to this form.
        let token = Secrets.token()
        var response = page("login", "Sign in", context, ["loginToken": token, "error": error ?? "", "hasError": error != nil], status: status)
        response.setCookie(
            Cookie(
                name: Self.loginCookie, value: token, maxAge: 1800, path: "/login", secure: dependencies.configuration.secureCookies, httpOnly: true,
                sameSite: .strict))
        return response
    }

    func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request, context: context)
        guard let cookie = request.cookies[Self.loginCookie]?.value, let given = form.fields["login"],
            constantTimeEqual(Array(cookie.utf8), Array(given.utf8))
        else {
            return loginPage(request, context: context, error: "The sign-in form expired. Please try again.", status: .forbidden)
        }
        let username = form["username"] ?? ""
        let password = form.fields["password"] ?? ""
        let address = clientAddress(request, context: context)
        let now = database.clock()
        // Refused before any lookup or bcrypt: a throttled guess costs the server nothing.
        if let wait = throttle.wait(username: username, address: address, now: now) {
            context.logger.notice("sign-in throttled", metadata: ["username": .string(username), "address": .string(address)])
            let seconds = Int(wait.rounded(.up))
            var response = loginPage(
                request, context: context, error: "Too many failed sign-ins. Try again in \(seconds) second\(seconds == 1 ? "" : "s").",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        guard username.count <= 64, password.utf8.count <= 200 else {
            throttle.failed(username: username, address: address, now: now)
            return loginPage(request, context: context, error: "Wrong username or password.", status: .unauthorized)
        }
        let found = try database.credentials(username: username)
        // A missing user still costs one bcrypt check, so response time does not reveal which usernames exist.
        let hash = found?.passwordHash ?? Self.dummyHash
        guard let ok = await passwords.verify(password, hash: hash) else {
            var response = loginPage(
                request, context: context, error: "The server is busy. Please try again in a moment.", status: .serviceUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        }
        guard ok, let user = found?.user else {
            throttle.failed(username: username, address: address, now: now)
            context.logger.notice("failed sign-in", metadata: ["username": .string(username), "address": .string(address)])
            return loginPage(request, context: context, error: "Wrong username or password.", status: .unauthorized)
        }
        throttle.succeeded(username: username, address: address)
        let token = Secrets.token()
        try database.createSession(
            tokenHash: Secrets.hash(token), userID: user.id, csrf: Secrets.token(), lifetime: dependencies.configuration.sessionLifetime)
        var response = Response.seeOther("/")
        response.setCookie(
            Cookie(
                name: SessionMiddleware.cookieName, value: token, maxAge: Int(dependencies.configuration.sessionLifetime), path: "/",
                secure: dependencies.configuration.secureCookies, httpOnly: true, sameSite: .lax))
        response.setCookie(
            Cookie(
                name: Self.loginCookie, value: "", maxAge: 0, path: "/login", secure: dependencies.configuration.secureCookies, httpOnly: true,
                sameSite: .strict))
        return response
    }

    static let dummyHash = Passwords.hash("no such user, never matches", cost: Passwords.cost)

    /// Who is signing in, for the throttle: the connection's address, or behind a proxy that the operator named
    /// (`--trust-forwarded-for`), the address the proxy appended last to `X-Forwarded-For` (earlier entries are the
    /// client's to invent).
    func clientAddress(_ request: Request, context: AppRequestContext) -> String {
        if dependencies.configuration.trustForwardedFor, let name = HTTPFields.Element.Name("X-Forwarded-For"),
            let forwarded = request.headers[values: name].last,
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return context.clientAddress ?? "unknown"
    }

    func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try signedIn(context)
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        if let hash = context.sessionHash { try database.deleteSession(tokenHash: hash) }
        var response = Response.seeOther("/login")
        response.setCookie(
            Cookie(
                name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: dependencies.configuration.secureCookies, httpOnly: true,
                sameSite: .lax))
        return response
    }

    // MARK: Cases

    func casesPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let snapshot = try snapshot()
        let filter = query(request, "q")?.lowercased()
        let scope = user.role == .admin ? nil : user.state
        let list: CaseRows
        if let filter, !filter.isEmpty {
            list = Self.caseRows(snapshot, scope: scope, filter: filter)
        } else {
            // The unfiltered list is the same for everyone in the scope until the data changes.
            list = caseLists.value(generation: snapshot.version, scope: scope) { Self.caseRows(snapshot, scope: scope, filter: nil) }
        }
        let centres = snapshot.instance.centres.filter { user.role == .admin || user.state == nil || $0.state.rawValue == user.state }.map {
            ["id": $0.id.rawValue]
        }
        return page(
            "cases", "Cases", context,
            [
                "rows": list.rows, "count": list.count, "truncated": list.count > Self.casesPerPage, "shown": Self.casesPerPage,
                "centres": centres, "q": filter ?? "",
            ])
    }

    /// The case list's rows.
    struct CaseRows: Sendable {
        var rows: String
        var count: Int
    }

    /// The first rows of the case list for `scope` whose id contains `filter`, and how many match.
    static func caseRows(_ snapshot: Snapshot, scope: String?, filter: String?) -> CaseRows {
        let records = snapshot.records(state: scope).filter { record in
            guard let filter, !filter.isEmpty else { return true }
            return record.item.id.rawValue.lowercased().contains(filter)
        }
        // The rows are written here rather than through Mustache: at national size the template engine's
        // reflection costs more than the rest of the request together.
        var rows = ""
        for record in records.prefix(casesPerPage) {
            let c = record.item
            let interview =
                c.interview == nil
                ? (c.interviewDoneOn.map { "held \($0)" } ?? "none") : (snapshot.interviewsByCase[c.id].map { "\($0.booking.start)" } ?? "to book")
            let hearing =
                c.hearing == nil
                ? "none" : (snapshot.hearingsByCase[c.id].map { $0.booking.dates.map(\.description).joined(separator: ", ") } ?? "to book")
            let interviewOpen = c.interview != nil && snapshot.interviewsByCase[c.id] == nil
            let hearingOpen = c.hearing != nil && snapshot.hearingsByCase[c.id] == nil
            let id = HTML.escape(c.id.rawValue)
            rows += "<tr><td><a href=\"/cases/\(id)\">\(id)</a></td><td>\(HTML.escape(record.state))</td><td>\(HTML.escape(c.child.ref))</td>"
            rows += "<td\(interviewOpen ? " class=\"risk\"" : "")>\(HTML.escape(interview))</td>"
            rows += "<td\(hearingOpen ? " class=\"risk\"" : "")>\(HTML.escape(hearing))</td></tr>\n"
        }
        return CaseRows(rows: rows, count: records.count)
    }

    static let casesPerPage = 300

    func intakePage(context: AppRequestContext, form: Form?, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let instance = try snapshot().instance
        let states = instance.states.filter { user.role == .admin || user.state == nil || $0.code.rawValue == user.state }
        let courts = instance.courts.filter { c in states.contains { $0.code == c.state } }
        let values = form?.fields ?? [:]
        return page(
            "intake", "New case", context,
            [
                "states": states.map { ["code": $0.code.rawValue, "name": $0.name, "selected": values["state"] == $0.code.rawValue] },
                "courts": courts.map { ["id": $0.id.rawValue, "selected": values["court"] == $0.id.rawValue] },
                "prosecutors": try database.prosecutors().filter { p in states.contains { $0.code.rawValue == p.state } }.map {
                    ["id": $0.id, "state": $0.state ?? "", "selected": values["prosecutor"] == $0.id]
                },
                "v": values, "error": error ?? "", "hasError": error != nil, "today": today.description,
            ], status: status)
    }

    func createCase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        var id: Case.ID?
        do {
            let (item, state, name) = try parseIntake(form)
            id = item.id
            guard user.role == .admin || user.state == nil || user.state == state else {
                throw PageError(.forbidden, "state: you can open cases in \(user.state ?? "") only.")
            }
            let prosecutor = try form.optionalIdentifier("prosecutor")
            try database.createCase(item, state: state, childName: name, prosecutor: prosecutor, actor: user.username)
            return .seeOther("/cases/\(item.id.rawValue)")
        } catch let error as PageError where error.status == .unprocessableContent {
            return try intakePage(context: context, form: form, error: error.message, status: .unprocessableContent)
        } catch let error as StoreError where error.code == .invalid || error.code == .conflict {
            // An id taken by a case the user may not see is refused exactly as a malformed id is: "already exists"
            // would confirm that another state has that case.
            if error.code == .conflict, let id, let existing = try database.caseRecord(id: id), !user.canSee(caseState: existing.state) {
                return try intakePage(context: context, form: form, error: Self.refusedCaseID, status: .unprocessableContent)
            }
            return try intakePage(
                context: context, form: form, error: error.message, status: error.code == .conflict ? .conflict : .unprocessableContent)
        }
    }

    /// The one answer for an id that cannot be used, whatever the reason (malformed, or taken by another state's case), so
    /// that the answer never tells whether a case exists elsewhere.
    static let refusedCaseID =
        "id: this case id cannot be used; check it or choose another (1 to 64 letters, digits and marks such as '-' or '_'; "
        + "no spaces and none of / ? # % \\ , ;)."

    func parseIntake(_ form: Form) throws -> (Case, String, String?) {
        let id = try form.required("id", max: IdentifierRule.maxLength)
        guard IdentifierRule.problem(id) == nil else { throw PageError(.unprocessableContent, Self.refusedCaseID) }
        let state = try form.identifier("state")
        let ref = try form.required("childRef", max: 64)
        let age = try form.int("age", 0...17)
        let gender = form["gender"]
        guard gender == nil || gender == "F" || gender == "M" else { throw PageError(.unprocessableContent, "gender: F or M.") }
        let languages = try form.required("languages", max: 100).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        guard !languages.isEmpty, languages.allSatisfy({ $0.count <= 8 && $0.allSatisfy(\.isLetter) }) else {
            throw PageError(.unprocessableContent, "languages: language codes separated by commas, e.g. ms, en.")
        }
        let lat = try form.double("lat", -90...90)
        let lon = try form.double("lon", -180...180)
        let interviewerGender = form["interviewerGender"]
        guard interviewerGender == nil || interviewerGender == "F" || interviewerGender == "M" else {
            throw PageError(.unprocessableContent, "interviewerGender: F, M or empty.")
        }
        let child = Child(
            ref: ref, age: age, gender: gender, languages: languages, lat: lat, lon: lon, interviewerGender: interviewerGender,
            needsPsychologist: form["needsPsychologist"] != nil, needsAccessibleRoom: form["needsAccessibleRoom"] != nil)
        func date(_ name: String) throws -> Day {
            let text = try form.required(name, max: 10)
            guard let d = Day(iso: text) else { throw PageError(.unprocessableContent, "\(name): a date YYYY-MM-DD, got \(text).") }
            return d
        }
        // A target left empty is computed from rules/ for the case's state and court.
        func optionalDate(_ name: String) throws -> Day? {
            guard let text = form[name], !text.isEmpty else { return nil }
            return try date(name)
        }
        var interview: InterviewRequest?
        if form["needsInterview"] != nil {
            let earliest = try date("earliest")
            guard let targetBy = try optionalDate("targetBy") ?? hooks.interviewTarget(.init(state), earliest) else {
                throw PageError(.unprocessableContent, "targetBy: give the interview target (no rule gives one for \(state)).")
            }
            guard earliest <= targetBy else { throw PageError(.unprocessableContent, "targetBy: must not be before earliest.") }
            interview = InterviewRequest(durationMinutes: try form.int("durationMinutes", 15...480), earliest: earliest, targetBy: targetBy)
        }
        var hearing: HearingRequest?
        if let court = try form.optionalIdentifier("court") {
            let earliest = try date("hearingEarliest")
            let registeredOn = try optionalDate("registeredOn")
            guard let deadline = try optionalDate("deadline") ?? registeredOn.flatMap({ hooks.disposalTarget(.init(court), .init(state), $0) }) else {
                throw PageError(
                    .unprocessableContent,
                    "deadline: give the disposal target, or the registration date so that rules/ can give it (none is published for \(court)).")
            }
            guard earliest <= deadline else { throw PageError(.unprocessableContent, "deadline: must not be before the hearing's earliest date.") }
            hearing = HearingRequest(
                court: .init(court), registeredOn: registeredOn, deadline: deadline,
                days: try form.int("days", 1...60),
                earliest: earliest, needsVideoLink: form["needsVideoLink"] != nil, needsPsychologist: form["hearingNeedsPsychologist"] != nil)
        }
        var done: Day?
        if interview == nil, form["interviewDoneOn"] != nil { done = try date("interviewDoneOn") }
        guard interview != nil || hearing != nil else {
            throw PageError(.unprocessableContent, "needsInterview: a case needs an interview to plan, a hearing, or both.")
        }
        let name = form["childName"]
        if let name, name.count > 200 { throw PageError(.unprocessableContent, "childName: at most 200 characters.") }
        return (Case(id: .init(id), child: child, interview: interview, interviewDoneOn: done, hearing: hearing), state, name)
    }

    func casePage(context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let record = try scopedCase(context, user)
        let c = record.item
        let bookings = try snapshot().bookings
        let interview = bookings.interviews.first { $0.booking.caseID == c.id }
        let hearing = bookings.hearings.first { $0.booking.caseID == c.id }
        let instance = try snapshot().instance
        let centres = instance.centres.filter { $0.state.rawValue == record.state }
        let rooms = centres.flatMap { centre in
            centre.rooms.map { ["id": $0.id.rawValue, "centre": centre.id.rawValue, "selected": interview?.booking.room == $0.id] }
        }
        let centreIDs = Set(centres.map(\.id))
        let officers = instance.interviewers.filter { !centreIDs.isDisjoint(with: $0.centres) }.map {
            ["id": $0.id.rawValue, "selected": interview?.booking.interviewer == $0.id]
        }
        let psychologists = instance.psychologists.filter { !centreIDs.isDisjoint(with: $0.centres) || $0.courts.contains { $0 == c.hearing?.court } }
            .map {
                ["id": $0.id.rawValue, "selected": interview?.booking.psychologist == $0.id]
            }
        let log = try database.auditLog(subject: "case:\(c.id)", limit: 50).map {
            ["at": $0.at, "actor": $0.actor, "action": $0.action, "reason": $0.reason ?? ""]
        }
        var content: [String: Any] = [
            "id": c.id.rawValue, "state": record.state, "childRef": c.child.ref, "age": c.child.age,
            "languages": c.child.languages.joined(separator: ", "), "needsPsychologist": c.child.needsPsychologist,
            "rooms": rooms, "officers": officers, "psychologists": psychologists, "log": log, "error": error ?? "", "hasError": error != nil,
            // Every change form on the page sends this back; the store refuses the change if the case moved on meanwhile.
            "revision": record.revision,
        ]
        if let i = c.interview {
            content["interviewRequest"] = ["minutes": i.durationMinutes, "earliest": i.earliest.description, "targetBy": i.targetBy.description]
        }
        if let done = c.interviewDoneOn { content["interviewDoneOn"] = done.description }
        if let b = interview {
            content["interview"] = [
                "start": b.booking.start.description, "room": b.booking.room.rawValue, "interviewer": b.booking.interviewer.rawValue,
                "psychologist": b.booking.psychologist?.rawValue ?? "none", "pinned": b.pinned, "by": b.bookedBy,
            ]
        }
        if let h = c.hearing {
            content["hearingRequest"] = [
                "court": h.court.rawValue, "deadline": h.deadline.description, "days": h.days, "earliest": h.earliest.description,
                "daysLeft": today.days(to: h.deadline),
            ]
        }
        if let b = hearing {
            content["hearing"] = [
                "dates": b.booking.dates.map(\.description).joined(separator: ", "), "court": b.booking.court.rawValue,
                "psychologist": b.booking.psychologist?.rawValue ?? "none", "pinned": b.pinned,
            ]
        }
        content["canBook"] = user.role == .coordinator || user.role == .admin
        content["prosecutor"] = record.prosecutor ?? ""
        content["hasProsecutor"] = record.prosecutor != nil
        content["prosecutors"] = try database.prosecutors(state: record.state).map { ["id": $0.id, "selected": $0.id == record.prosecutor] }
        return page("case", "Case \(c.id)", context, content, status: status)
    }

    /// Sets or clears the case's prosecutor (who then sees the case, with its reference, in their feeds).
    func setProsecutor(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let record = try scopedCase(context, user)
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        do {
            let revision = try Self.revision(form)
            try database.setProsecutor(
                caseID: record.item.id, prosecutor: try form.optionalIdentifier("prosecutor"), expected: revision, actor: user.username)
        } catch let error as PageError where error.status == .unprocessableContent {
            return try casePage(context: context, error: error.message, status: .unprocessableContent)
        } catch let error as StoreError where error.code == .invalid || error.code == .stale {
            return try casePage(context: context, error: error.message, status: Self.status(error))
        }
        return .seeOther("/cases/\(record.item.id.rawValue)")
    }

    func slotsPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let record = try scopedCase(context, user)
        guard let task = TaskKind(rawValue: query(request, "task") ?? "interview") else {
            throw PageError(.badRequest, "task: interview or hearing.")
        }
        let instance = try snapshot().instance
        var current = instance
        current.previous = nil
        let result = hooks.suggest(current, try snapshot().bookings.plan, record.item.id, task, 3)
        let placements: [[String: Any]] = result.placements.enumerated().map { i, p in
            var d: [String: Any] = ["rank": i + 1, "scoreChange": p.scoreChange, "why": p.why.map { ["line": $0] }]
            // A missing psychologist is a missing key, not "", so the template's section tests read it as absent.
            if let b = p.interview {
                var i = ["start": b.start.description, "room": b.room.rawValue, "interviewer": b.interviewer.rawValue]
                i["psychologist"] = b.psychologist?.rawValue
                d["interview"] = i
            }
            if let b = p.hearing {
                var h = ["dates": b.dates.map(\.description).joined(separator: ",")]
                h["psychologist"] = b.psychologist?.rawValue
                d["hearing"] = h
            }
            return d
        }
        return page(
            "slots", "Find a slot for \(record.item.id)", context,
            [
                "id": record.item.id.rawValue, "task": task.rawValue, "placements": placements, "none": placements.isEmpty,
                "reasons": result.reasons.map { ["line": $0] }, "revision": record.revision,
            ])
    }

    /// The case revision a change form carries (the page's, as shown); see `AppDatabase.reviseCase`.
    static func revision(_ form: Form) throws -> Int { try form.int("revision", 0...Int.max) }

    /// The HTTP status of a store refusal shown on the case page.
    static func status(_ error: StoreError) -> HTTPResponse.Status {
        switch error.code {
        case .conflict, .stale: .conflict
        case .notFound: .notFound
        case .invalid, .database: .unprocessableContent
        }
    }

    func book(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        let record = try scopedCase(context, user)
        let id = record.item.id
        let taskText = form["task"] ?? TaskKind.interview.rawValue
        let reason = form["reason"]
        if let reason, reason.count > 500 { throw PageError(.unprocessableContent, "reason: at most 500 characters.") }
        let check: (Instance, Plan) -> [String] = { instance, plan in self.hooks.check(instance, plan, [id]) }
        let instance = try snapshot().instance
        do {
            let revision = try Self.revision(form)
            guard let task = TaskKind(rawValue: taskText) else { throw PageError(.unprocessableContent, "task: interview or hearing.") }
            switch task {
            case .interview:
                let startText = try form.required("start", max: 16)
                guard let start = LocalDateTime(iso: startText) else {
                    throw PageError(.unprocessableContent, "start: a local time YYYY-MM-DDTHH:MM, got \(startText).")
                }
                let booking = InterviewBooking(
                    caseID: id, room: .init(try form.required("room", max: 64)), interviewer: .init(try form.required("interviewer", max: 64)),
                    psychologist: form["psychologist"].map { .init($0) }, start: start)
                try requireOwnResources(user, instance.outsideState(booking, state: .init(user.state ?? "")))
                // A move's reason is required by the store, whoever makes it, so two people booking at once cannot turn
                // the second into a move without one.
                try database.bookInterview(booking, actor: user.username, reason: reason, expected: revision, check: check)
            case .hearing:
                let dates = try form.required("dates", max: 700).split(separator: ",").map { text -> Day in
                    guard let d = Day(iso: text.trimmingCharacters(in: .whitespaces)) else {
                        throw PageError(.unprocessableContent, "dates: dates YYYY-MM-DD separated by commas.")
                    }
                    return d
                }
                guard let court = record.item.hearing?.court else { throw PageError(.unprocessableContent, "task: this case has no hearing.") }
                let booking = HearingBooking(caseID: id, court: court, dates: dates, psychologist: form["psychologist"].map { .init($0) })
                try requireOwnResources(user, instance.outsideState(booking, state: .init(user.state ?? "")))
                try database.bookHearing(booking, actor: user.username, reason: reason, expected: revision, check: check)
            }
        } catch let error as StoreError where error.code != .database {
            return try casePage(context: context, error: error.message, status: Self.status(error))
        } catch let error as PageError where error.status == .unprocessableContent || error.status == .forbidden {
            return try casePage(context: context, error: error.message, status: error.status)
        }
        return .seeOther("/cases/\(id.rawValue)")
    }

    /// A coordinator of one state books only their state's rooms, officers, psychologists and courts; another state's
    /// resources need that state's coordinator or a national one (no state) or an admin.
    func requireOwnResources(_ user: User, _ problems: @autoclosure () -> [String]) throws {
        guard user.role != .admin, user.state != nil else { return }
        let problems = problems()
        guard problems.isEmpty else {
            throw PageError(
                .forbidden, problems.joined(separator: "; ") + ". Booking another state's resources needs that state's coordinator or a national one."
            )
        }
    }

    func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        let record = try scopedCase(context, user)
        guard let task = TaskKind(rawValue: form["task"] ?? "") else { throw PageError(.unprocessableContent, "task: interview or hearing.") }
        do {
            let revision = try Self.revision(form)
            let reason = try form.required("reason", max: 500)
            try database.cancel(caseID: record.item.id, task: task, reason: reason, expected: revision, actor: user.username)
        } catch let error as PageError where error.status == .unprocessableContent {
            return try casePage(context: context, error: error.message, status: .unprocessableContent)
        } catch let error as StoreError where error.code != .database {
            return try casePage(context: context, error: error.message, status: Self.status(error))
        }
        return .seeOther("/cases/\(record.item.id.rawValue)")
    }

    // MARK: Checklists

    /// Every case's checklist from the server's rule book for today, or nil when the server runs without rules.
    func checklistSet() throws -> ChecklistSet? {
        guard let rules = dependencies.rules else { return nil }
        return checklists.checklists(try snapshot(), rules: rules, today: today)
    }

    func checklistPage(context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let record = try scopedCase(context, user)
        let id = record.item.id
        let set = try checklistSet()
        let ticks = try database.checklistTicks(caseID: id)
        let list = set?.byCase[id]?.marking(done: Set(ticks.keys))
        // The rows are written here rather than through Mustache (as the case list and board are): the template
        // engine's reflection would be most of this page's time.
        let csrf = HTML.escape(context.csrf ?? "")
        let caseID = HTML.escape(id.rawValue)
        var rows = ""
        for item in list?.items ?? [] {
            let tick = ticks[item.rule]
            let rule = HTML.escape(item.rule)
            let risk = item.status == .overdue || item.status == .atRisk
            rows += "<tr\(risk ? " class=\"risk\"" : "")><td>\(tick != nil ? "✔" : "☐")</td>\n"
            rows +=
                "<td>\(HTML.escape(item.item))<br><span class=\"small\">\(rule) · \(HTML.escape(item.source)) [\(HTML.escape(item.confidence.rawValue))]</span></td>\n"
            rows += "<td>\(HTML.escape(item.owner))</td><td class=\"due\">\(HTML.escape(item.due?.description ?? "–"))</td>"
            rows += "<td>\(item.daysLeft.map(String.init) ?? "")</td>\n"
            rows += "<td class=\"status-\(HTML.escape(item.status.rawValue.replacing(" ", with: "-")))\">\(HTML.escape(item.status.rawValue))"
            if let note = item.note { rows += "<br><span class=\"small\">\(HTML.escape(note))</span>" }
            rows += "</td>\n<td>\(HTML.escape(tick?.doneBy ?? "")) \(HTML.escape(tick?.doneAt ?? ""))</td>\n"
            rows +=
                "<td class=\"noprint\"><form method=\"post\" action=\"/cases/\(caseID)/checklist\"><input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">"
            rows += "<input type=\"hidden\" name=\"item\" value=\"\(rule)\">\n"
            rows +=
                tick != nil
                ? "<input type=\"hidden\" name=\"done\" value=\"0\"><button type=\"submit\">Untick</button>"
                : "<input type=\"hidden\" name=\"done\" value=\"1\"><button type=\"submit\" class=\"tick\" data-item=\"\(rule)\">Tick</button>"
            rows += "</form></td></tr>\n"
        }
        let count = list?.items.count ?? 0
        var content: [String: Any] = [
            "id": id.rawValue, "state": record.state, "rows": rows, "empty": count == 0, "done": list?.done ?? 0, "total": count,
            "overdue": list?.overdue ?? 0, "atRisk": list?.atRisk ?? 0, "advisory": list?.advisory ?? 0, "printedOn": today.description,
        ]
        if set == nil {
            content["problem"] = "This server was started without rules/, so it has no checklists."
        } else if let problem = set?.errors[id] {
            content["problem"] = "The rules cannot give this case's deadlines: \(problem)"
        }
        if let trial = list?.trialStart { content["trial"] = list?.trialEnd.map { $0 == trial ? "\(trial)" : "\(trial) to \($0)" } ?? "\(trial)" }
        if let court = list?.court { content["court"] = court.rawValue }
        return page("checklist", "Checklist \(id)", context, content)
    }

    func tick(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        let record = try scopedCase(context, user)
        let rule = try form.required("item", max: 64)
        // Only an item the case's checklist shows can be ticked: the store keeps whatever it is given.
        guard let list = try checklistSet()?.byCase[record.item.id], list.items.contains(where: { $0.rule == rule }) else {
            throw PageError.notFound
        }
        try database.setChecklistTick(caseID: record.item.id, rule: rule, done: form["done"] == "1", actor: user.username)
        return .seeOther("/cases/\(record.item.id.rawValue)/checklist")
    }

    // MARK: Week views

    func weekStart(_ request: Request) throws -> Day {
        if let text = query(request, "from") {
            guard let d = Day(iso: text) else { throw PageError(.badRequest, "from: a date YYYY-MM-DD.") }
            return d
        }
        return today
    }

    func centreWeek(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let instance = try snapshot().instance
        guard let id = context.parameters.get("id"), let centre = instance.centres.first(where: { $0.id.rawValue == id }),
            user.canSee(caseState: centre.state.rawValue)
        else { throw PageError.notFound }
        let from = try weekStart(request)
        let days = (0..<7).map { from.adding(days: $0) }
        let snapshot = try snapshot()
        let bookings = snapshot.bookings
        let rows: [[String: Any]] = centre.rooms.map { room in
            let cells: [[String: Any]] = days.map { day in
                let items = bookings.interviews.filter { $0.booking.room == room.id && $0.booking.start.day == day }.map { b -> [String: Any] in
                    let time = clockText(b.booking.start.minute) + "–" + clockText(min(b.booking.start.minute + b.minutes, 1439))
                    // Another state's case shows as a busy slot: the time is taken, the case and officer are not theirs to see.
                    guard Self.maySee(user, b.booking.caseID, snapshot) else { return ["time": time, "mine": false] }
                    return ["time": time, "case": b.booking.caseID.rawValue, "officer": b.booking.interviewer.rawValue, "mine": true]
                }
                return ["items": items]
            }
            return ["room": room.id.rawValue, "cells": cells]
        }
        return page(
            "week_centre", "Week at \(centre.id)", context,
            [
                "centre": centre.id.rawValue, "days": days.map { ["day": $0.description, "weekday": $0.weekday.rawValue] }, "rows": rows,
                "prev": from.adding(days: -7).description, "next": from.adding(days: 7).description,
            ])
    }

    func officerWeek(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try signedIn(context)
        let instance = try snapshot().instance
        guard let id = context.parameters.get("id") else { throw PageError.notFound }
        if user.role == .staff {
            guard user.person == id else { throw PageError.notFound }
        } else {
            let officer = instance.interviewers.first { $0.id.rawValue == id }
            let states = Set((officer?.centres ?? []).compactMap { c in instance.centres.first { $0.id == c }?.state.rawValue })
            guard officer != nil, states.contains(where: { user.canSee(caseState: $0) }) else { throw PageError.notFound }
        }
        let from = try weekStart(request)
        let snapshot = try snapshot()
        let bookings = snapshot.bookings
        let days: [[String: Any]] = (0..<7).map { offset in
            let day = from.adding(days: offset)
            let items = bookings.interviews.filter {
                ($0.booking.interviewer.rawValue == id || $0.booking.psychologist?.rawValue == id) && $0.booking.start.day == day
            }
            .map { b -> [String: Any] in
                // Staff see their own bookings; others see another state's case as busy time only.
                guard user.role == .staff || Self.maySee(user, b.booking.caseID, snapshot) else {
                    return ["time": clockText(b.booking.start.minute), "mine": false]
                }
                return ["time": clockText(b.booking.start.minute), "case": b.booking.caseID.rawValue, "room": b.booking.room.rawValue, "mine": true]
            }
            return ["day": day.description, "weekday": day.weekday.rawValue, "items": items, "free": items.isEmpty]
        }
        return page(
            "week_officer", "Week of \(id)", context,
            ["officer": id, "days": days, "prev": from.adding(days: -7).description, "next": from.adding(days: 7).description])
    }

    /// Whether the user may see which case a booking is for: the case's state is theirs (or they are national).
    static func maySee(_ user: User, _ caseID: Case.ID, _ snapshot: Snapshot) -> Bool {
        guard let record = snapshot.recordsByID[caseID] else { return false }
        return user.canSee(caseState: record.state)
    }

    // MARK: Deadline board

    func board(context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let today = self.today
        let scope = user.role == .admin ? nil : user.state
        let generation = BoardGeneration(stamp: try database.changeStamp(), day: today)
        let board = try boards.value(generation: generation, scope: scope) { try makeBoard(scope: scope, today: today) }
        return page(
            "board", "Deadline board", context,
            ["rows": board.rows, "chart": board.chart, "count": board.count, "atRisk": board.atRisk, "today": today.description])
    }

    /// The board's rows (at-risk first) and chart for the cases of `scope` (a state, or all when nil).
    func makeBoard(scope: String?, today: Day) throws -> BoardFragment {
        let snapshot = try snapshot()
        let records = snapshot.records(state: scope)
        let set = try checklistSet()
        let ticks = set == nil ? [:] : try database.checklistTicks()
        var entries: [BoardEntry] = []
        for record in records {
            guard let h = record.item.hearing else { continue }
            let trial = snapshot.hearingsByCase[record.item.id]?.booking
            let daysLeft = today.days(to: h.deadline)
            let lastDay = trial?.dates.last
            let late = lastDay.map { $0 > h.deadline } ?? false
            let list = set?.byCase[record.item.id].map { $0.marking(done: Set((ticks[record.item.id] ?? [:]).keys)) }
            var risk = 0
            if daysLeft < 0 { risk += 4 }
            if late { risk += 3 }
            if trial == nil { risk += daysLeft < 90 ? 2 : 1 }
            // Rule-book items: an overdue one puts the case at risk, one close to its date adds a little.
            if let list { risk += list.overdue > 0 ? 2 : (list.atRisk > 0 ? 1 : 0) }
            var checklist = "–"
            if let list, !list.items.isEmpty {
                checklist = "\(list.done)/\(list.items.count)"
                if list.overdue > 0 { checklist += " · \(list.overdue) overdue" } else if list.atRisk > 0 { checklist += " · \(list.atRisk) at risk" }
                // Advisory items never put a case at risk; they are counted so the prosecutor knows they are there.
                if list.advisory > 0 { checklist += " · \(list.advisory) advisory" }
            }
            // The next stage or readiness date still to meet, from the rules.
            let next = list?.items.filter {
                $0.status != .done && $0.status != .noTarget && $0.status != .timelineNotPublished && $0.kind != .disposal && $0.due != nil
            }
            .min { ($0.due ?? today, $0.rule) < ($1.due ?? today, $1.rule) }
            entries.append(
                BoardEntry(
                    id: record.item.id.rawValue, court: h.court.rawValue, deadline: h.deadline.description, daysLeft: daysLeft,
                    interview: snapshot.interviewsByCase[record.item.id]?.booking.start.description ?? record.item.interviewDoneOn.map {
                        "held \($0)"
                    } ?? "to book",
                    trial: trial.map { "\($0.dates.first?.description ?? "") (\($0.dates.count) d)" } ?? "to book",
                    next: next.map { "\($0.item) · \($0.due?.description ?? "")" } ?? "–", nextLate: next?.status == .overdue,
                    checklist: checklist, risk: risk, atRisk: risk >= 2))
        }
        entries.sort { ($0.risk, -$0.daysLeft, $0.id) > ($1.risk, -$1.daysLeft, $1.id) }
        let chart = BoardChart.svg(daysLeft: entries.map(\.daysLeft))
        return BoardFragment(rows: entries.map(\.html).joined(), chart: chart, count: entries.count, atRisk: entries.filter(\.atRisk).count)
    }

    // MARK: Replan

    func replanPreview(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        guard user.role == .admin || user.state == nil else {
            throw PageError(.forbidden, "Replanning moves bookings in every state; ask a national coordinator or an admin.")
        }
        let version = try database.dataVersion().version
        let instance = try database.exportInstance()
        guard let plan = hooks.replan(instance) else {
            return page("replan", "Replan", context, ["moves": [], "none": true, "message": "The planner found no plan."])
        }
        let moves = Self.moves(from: try database.bookings(), to: plan)
        let key = replans.store(plan, version: version)
        return page(
            "replan", "Replan", context,
            [
                "moves": moves.map(\.dictionary), "none": moves.isEmpty, "message": moves.isEmpty ? "Nothing needs to move." : "",
                "count": moves.count,
                "key": key,
            ])
    }

    func replanApply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        guard user.role == .admin || user.state == nil else { throw PageError(.forbidden, "Replanning needs a national coordinator or an admin.") }
        let key = try form.required("key", max: 64)
        guard let previewed = replans.take(key), previewed.version == (try database.dataVersion().version) else {
            throw PageError(.conflict, "Bookings changed since this preview, or it expired; nothing was changed. Open Replan again.")
        }
        let plan = previewed.plan
        let all = Set(try database.exportInstance().cases.map(\.id))
        _ = try database.applyPlan(plan, actor: user.username) { instance, bookings in self.hooks.check(instance, bookings, all) }
        return .seeOther("/cases")
    }

    struct Move {
        var caseID: String
        var task: String
        var from: String
        var to: String
        var dictionary: [String: Any] { ["case": caseID, "task": task, "from": from, "to": to] }
    }

    static func moves(from stored: StoredBookings, to plan: Plan) -> [Move] {
        var moves: [Move] = []
        let oldI = Dictionary(stored.interviews.map { ($0.booking.caseID, $0.booking) }, uniquingKeysWith: { a, _ in a })
        for b in plan.interviews where oldI[b.caseID] != b {
            let old = oldI[b.caseID]
            moves.append(
                Move(
                    caseID: b.caseID.rawValue, task: "interview", from: old.map { "\($0.start) \($0.room) \($0.interviewer)" } ?? "not booked",
                    to: "\(b.start) \(b.room) \(b.interviewer)"))
        }
        let oldH = Dictionary(stored.hearings.map { ($0.booking.caseID, $0.booking) }, uniquingKeysWith: { a, _ in a })
        for b in plan.hearings where oldH[b.caseID] != b {
            moves.append(
                Move(
                    caseID: b.caseID.rawValue, task: "hearing",
                    from: oldH[b.caseID].map { $0.dates.map(\.description).joined(separator: ", ") } ?? "not booked",
                    to: b.dates.map(\.description).joined(separator: ", ")))
        }
        return moves.sorted { ($0.caseID, $0.task) < ($1.caseID, $1.task) }
    }

    // MARK: The user's own page and feeds

    func mePage(
        _ request: Request, context: AppRequestContext, created: (token: String, scope: FeedScope)?, message: String? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let user = try signedIn(context)
        let tokens = try database.feedTokens(userID: user.id).map { t -> [String: Any] in
            ["id": t.id, "feed": t.scope.description, "created": t.createdAt, "revoked": t.revokedAt ?? "", "live": t.revokedAt == nil]
        }
        var content: [String: Any] = ["tokens": tokens, "person": user.person ?? ""]
        if let person = user.person {
            let bookings = try snapshot().bookings
            content["bookings"] = bookings.interviews.filter {
                $0.booking.interviewer.rawValue == person || $0.booking.psychologist?.rawValue == person
            }.map {
                ["start": $0.booking.start.description, "case": $0.booking.caseID.rawValue, "room": $0.booking.room.rawValue]
            }
            let hearings = bookings.hearings.filter { $0.booking.psychologist?.rawValue == person }.map {
                [
                    "dates": $0.booking.dates.map(\.description).joined(separator: ", "), "case": $0.booking.caseID.rawValue,
                    "court": $0.booking.court.rawValue,
                ]
            }
            content["hearings"] = hearings
            content["hasHearings"] = !hearings.isEmpty
        }
        var feeds: [[String: String]] = []
        if let person = user.person, user.role == .prosecutor {
            for kind in ["prosecutor", "deadlines", "tasks"] { feeds.append(["value": "\(kind):\(person)"]) }
        } else if let person = user.person {
            let kind = try snapshot().instance.psychologists.contains { $0.id.rawValue == person } ? "psychologist" : "officer"
            feeds.append(["value": "\(kind):\(person)"])
            feeds.append(["value": "\(FeedScope.busyPrefix)\(kind):\(person)"])
        }
        if user.role != .staff, let instance = try? snapshot().instance {
            for state in instance.states where user.canSee(caseState: state.code.rawValue) { feeds.append(["value": "state:\(state.code)"]) }
            for centre in instance.centres where user.canSee(caseState: centre.state.rawValue) { feeds.append(["value": "centre:\(centre.id)"]) }
            for court in instance.courts where user.canSee(caseState: court.state.rawValue) { feeds.append(["value": "court:\(court.id)"]) }
        }
        content["feeds"] = feeds
        if let created {
            let base = baseURL(request)
            let https = "\(base)/feeds/\(created.token).ics"
            let webcal = https.replacingOccurrences(of: "https://", with: "webcal://").replacingOccurrences(of: "http://", with: "webcal://")
            let google =
                "https://calendar.google.com/calendar/r?cid=" + (webcal.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? webcal)
            content["created"] = ["feed": created.scope.description, "https": https, "webcal": webcal, "google": google]
        }
        if let message {
            content["message"] = message
            content["hasMessage"] = true
            content["messageIsError"] = status != .ok
        }
        return page("me", "My page", context, content, status: status)
    }

    func baseURL(_ request: Request) -> String {
        if let base = dependencies.configuration.publicBaseURL { return base }
        let host = request.head.authority ?? "\(dependencies.configuration.host):\(dependencies.configuration.port)"
        return (dependencies.configuration.secureCookies ? "https://" : "http://") + host
    }

    func createFeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(context)
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        guard let scope = FeedScope(try form.required("feed", max: 80)) else {
            throw PageError(.unprocessableContent, "feed: KIND:ID, e.g. officer:IO-014.")
        }
        let token = Secrets.token()
        do {
            try database.createFeedToken(tokenHash: Secrets.hash(token), username: user.username, scope: scope, actor: user.username)
        } catch {
            // Typed throws: `error` is a StoreError here.
            guard error.code == .invalid || error.code == .notFound else { throw error }
            throw PageError(.forbidden, error.message)
        }
        return try mePage(request, context: context, created: (token, scope))
    }

    func revokeFeed(_ request: Request, context: AppRequestContext, rotate: Bool) async throws -> Response {
        let user = try signedIn(context)
        let form = try await Form.read(request, context: context)
        try form.requireCSRF(context)
        guard let text = context.parameters.get("fid"), let id = Int64(text) else { throw PageError.notFound }
        guard let existing = try database.feedTokens(userID: user.id).first(where: { $0.id == id && $0.revokedAt == nil }) else {
            throw PageError.notFound
        }
        try database.revokeFeedToken(id: id, userID: user.id, actor: user.username)
        if rotate {
            let token = Secrets.token()
            try database.createFeedToken(tokenHash: Secrets.hash(token), username: user.username, scope: existing.scope, actor: user.username)
            return try mePage(request, context: context, created: (token, existing.scope))
        }
        return .seeOther("/me")
    }
}

/// Thrown by pages that need a signed-in user; answered with a redirect to the sign-in page.
struct RedirectToLogin: Error {}

struct BoardEntry {
    var id: String
    var court: String
    var deadline: String
    var daysLeft: Int
    var interview: String
    var trial: String
    /// The next rule-book date still to meet (title and due), or "–".
    var next: String
    var nextLate: Bool
    var checklist: String
    var risk: Int
    var atRisk: Bool

    var html: String {
        let id = HTML.escape(self.id)
        return "<tr\(atRisk ? " class=\"risk\"" : "")><td><a href=\"/cases/\(id)\">\(id)</a></td><td>\(HTML.escape(court))</td>"
            + "<td>\(HTML.escape(deadline))</td><td\(daysLeft < 0 ? " class=\"late\"" : "")>\(daysLeft)</td><td>\(HTML.escape(interview))</td>"
            + "<td>\(HTML.escape(trial))</td><td\(nextLate ? " class=\"late\"" : "")>\(HTML.escape(next))</td>"
            + "<td><a href=\"/cases/\(id)/checklist\">\(HTML.escape(checklist))</a></td></tr>\n"
    }
}

/// The board's chart: cases by whole months left to the disposal target, as inline SVG (no script).
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

    static func svg(daysLeft: [Int]) -> String {
        var counts = [Int](repeating: 0, count: buckets.count)
        for d in daysLeft { counts[bucket(d)] += 1 }
        let maxCount = max(counts.max() ?? 0, 1)
        let width = 560
        let height = 220
        let barWidth = 60
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"chart-title\" class=\"chart\">",
            "<title id=\"chart-title\">Cases by months left to the disposal target</title>",
        ]
        for (i, count) in counts.enumerated() {
            let h = count * 150 / maxCount
            let x = 20 + i * (barWidth + 18)
            let colour = i == 0 ? "#b3261e" : (i <= 2 ? "#c77700" : "#2e6b3a")
            parts.append(
                "<rect x=\"\(x)\" y=\(quote(180 - h)) width=\"\(barWidth)\" height=\"\(h)\" fill=\"\(colour)\"><title>\(buckets[i]) months: \(count)</title></rect>"
            )
            parts.append("<text x=\"\(x + barWidth / 2)\" y=\(quote(175 - h)) text-anchor=\"middle\" font-size=\"13\">\(count)</text>")
            parts.append("<text x=\"\(x + barWidth / 2)\" y=\"200\" text-anchor=\"middle\" font-size=\"12\">\(buckets[i])</text>")
        }
        parts.append("<text x=\"\(width / 2)\" y=\"216\" text-anchor=\"middle\" font-size=\"11\">months left</text></svg>")
        return parts.joined()
    }

    static func quote(_ n: Int) -> String { "\"\(n)\"" }
}

/// Replan previews waiting to be applied, by a random key; the oldest are dropped beyond a few.
final class ReplanCache: Sendable {
    private let entries = Mutex<[(key: String, version: Int, plan: Plan)]>([])

    func store(_ plan: Plan, version: Int) -> String {
        let key = Secrets.token()
        entries.withLock { list in
            list.append((key, version, plan))
            if list.count > 8 { list.removeFirst(list.count - 8) }
        }
        return key
    }

    func take(_ key: String) -> (version: Int, plan: Plan)? {
        entries.withLock { list in
            guard let i = list.firstIndex(where: { constantTimeEqual(Array($0.key.utf8), Array(key.utf8)) }) else { return nil }
            let entry = list.remove(at: i)
            return (entry.version, entry.plan)
        }
    }
}
