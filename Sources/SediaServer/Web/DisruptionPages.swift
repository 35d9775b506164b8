import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// Leave and closures on the web: a coordinator enters, for their state, an officer or psychologist away, a room
/// closed or a court not sitting (days inclusive); the page lists the bookings that breaks and replans just those
/// (the replan job and page, limited to the broken bookings' cases). The planner, the booking check and find a slot
/// read the entries as they read imported leave (`AppDatabase.applyDisruptions`).
extension PlanningController {
    func addDisruptionRoutes(to router: Router<AppRequestContext>) {
        router.get("/disruptions") { _, context in try await self.blocking { try self.disruptionsPage(context: context) } }
        postForm(router, "/disruptions") { _, form, context in try self.addDisruption(form, context: context) }
        postForm(router, "/disruptions/remove") { _, form, context in try self.removeDisruption(form, context: context) }
        postForm(router, "/disruptions/replan") { _, form, context in try self.replanDisruption(form, context: context) }
    }

    /// What a coordinator may enter a disruption for: the officers, psychologists, rooms and courts inside `scope`, as
    /// form values `kind:id` with their labels, grouped.
    func disruptionSubjects(_ instance: Instance, scope: StateScope, snapshot: Snapshot) -> [(group: String, items: [(value: String, label: String)])]
    {
        func inState(_ s: StateInfo.ID) -> Bool { scope.contains(s) }
        let centreState = Dictionary(instance.centres.map { ($0.id, $0.state) }, uniquingKeysWith: { a, _ in a })
        let courtState = Dictionary(instance.courts.map { ($0.id, $0.state) }, uniquingKeysWith: { a, _ in a })
        let officers = instance.interviewers.filter { $0.centres.contains { centreState[$0].map(inState) ?? false } }
        let psychologists = instance.psychologists.filter {
            $0.centres.contains { centreState[$0].map(inState) ?? false } || $0.courts.contains { courtState[$0].map(inState) ?? false }
        }
        let rooms = instance.centres.filter { inState($0.state) }.flatMap { c in c.rooms.map { (c, $0) } }
        let courts = instance.courts.filter { inState($0.state) }
        return [
            ("disruption.officers", officers.map { ("person:\($0.id)", snapshot.person($0.id.rawValue)) }),
            ("disruption.psychologists", psychologists.map { ("person:\($0.id)", snapshot.person($0.id.rawValue)) }),
            ("disruption.rooms", rooms.map { ("room:\($0.1.id)", "\($0.1.id) · \(Self.label($0.0))") }),
            ("disruption.courts", courts.map { ("court:\($0.id)", Self.label($0)) }),
        ]
    }

    func disruptionsPage(
        context: AppRequestContext, values: [String: String] = [:], errors: [(field: String, message: String)] = [],
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        let scope = user.scope
        let snapshot = try snapshot()
        let entries = try database.disruptions(state: scope.state)
        let subjects = disruptionSubjects(snapshot.instance, scope: scope, snapshot: snapshot)
        let labels = Dictionary(subjects.flatMap(\.items).map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
        var notice: Markup = .empty
        switch query(context, "done") {
        case "saved": notice = "<p class=\"notice\" role=\"status\" id=\"message\">\(t("disruption.saved"))</p>"
        case "removed": notice = "<p class=\"notice\" role=\"status\" id=\"message\">\(t("disruption.removed"))</p>"
        default: break
        }
        let errorBox: Markup =
            errors.isEmpty
            ? .empty
            : """
            <div class="error" role="alert" id="form-errors"><p>\(t("disruption.fixErrors", count: errors.count))</p><ul>\
            \(errors.map { "<li>\(t.field($0.field)): \($0.message)</li>" as Markup })</ul></div>
            """
        func invalid(_ field: String) -> Markup { errors.contains { $0.field == field } ? " aria-invalid=\"true\"" : "" }
        let chosen = values["subject"]
        let options = subjects.filter { !$0.items.isEmpty }.map { group -> Markup in
            "<optgroup label=\"\(t(group.group))\">\(group.items.map { Tag.option($0.value, $0.label, selected: $0.value == chosen) })</optgroup>"
        }
        let reasons = Disruption.Reason.allCases.map { r in
            Tag.option(r.rawValue, t("disruption.reason.\(r.rawValue)"), selected: values["reason"] == r.rawValue)
        }
        let form: Markup = """
            <h2>\(t("disruption.enter"))</h2>
            \(errorBox)
            <form method="post" action="/disruptions" class="stack" novalidate>\(Tag.csrf(context.csrf))
            <label for="subject">\(t("field.subject"))</label>\
            <select id="subject" name="subject" style="max-width:100%" required\(invalid("subject"))><option value="">\(t("disruption.choose"))</option>\(options)</select>
            <label for="from">\(t("field.from"))</label><input type="date" id="from" name="from" required value="\(values["from"] ?? "")"\(invalid("from"))>
            <label for="to">\(t("field.to"))</label><input type="date" id="to" name="to" required value="\(values["to"] ?? "")"\(invalid("to"))>
            <label for="reason">\(t("field.reason"))</label>\
            <select id="reason" name="reason" aria-describedby="reason-help"\(invalid("reason"))><option value="">–</option>\(reasons)</select>
            <small id="reason-help">\(t("disruption.reasonHelp"))</small>
            <p><button type="submit" class="primary" id="save-disruption">\(t("disruption.save"))</button></p>
            </form>
            """
        let plan = snapshot.bookings.plan
        let rows = entries.map { d -> Markup in
            let key = "\(d.kind.rawValue):\(d.subject)"
            let broken = d.affected(plan).count
            return """
                <tr><th scope="row">\(labels[key] ?? d.subject)</th><td>\(t.date(d.range.from))</td><td>\(t.date(d.range.to))</td>\
                <td>\(d.reason.map { t("disruption.reason.\($0.rawValue)") } ?? t("disruption.kind.\(d.kind.rawValue)"))</td><td>\(d.createdBy)</td>\
                <td><a href="/disruptions?show=\(String(d.id))#affected">\(t("disruption.broken", count: broken))</a></td>\
                <td><form method="post" action="/disruptions/remove">\(Tag.csrf(context.csrf))<input type="hidden" name="id" value="\(String(d.id))">\
                <button type="submit">\(t("disruption.remove"))<span class="sr"> \(labels[key] ?? d.subject)</span></button></form></td></tr>
                """
        }
        let list: Markup =
            entries.isEmpty
            ? "<p>\(t("disruption.none"))</p>"
            : """
            <div class="scroll"><table><caption>\(t("disruption.listCaption"))</caption><thead><tr><th scope="col">\(t("field.subject"))</th>\
            <th scope="col">\(t("field.from"))</th><th scope="col">\(t("field.to"))</th><th scope="col">\(t("field.reason"))</th>\
            <th scope="col">\(t("disruption.enteredBy"))</th><th scope="col">\(t("disruption.affected"))</th><th scope="col">\(t("disruption.remove"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        var affected: Markup = .empty
        if let text = query(context, "show"), let id = Int64(text), let shown = entries.first(where: { $0.id == id }) {
            affected = affectedSection(
                shown, label: labels["\(shown.kind.rawValue):\(shown.subject)"] ?? shown.subject, user: user, snapshot: snapshot, context: context)
        }
        let body: Markup = """
            \(notice)
            <p>\(t("disruption.intro"))</p>
            \(affected)
            \(form)
            <h2>\(t("disruption.entered"))</h2>
            \(list)
            """
        return page(t("disruption.title"), context, status: status, body: body)
    }

    /// The bookings `d` breaks, and the form that replans just those within a move budget.
    func affectedSection(_ d: Disruption, label: String, user: User, snapshot: Snapshot, context: AppRequestContext) -> Markup {
        let t = localizer(context)
        let broken = d.affected(snapshot.bookings.plan)
        let heading: Markup =
            "<h2 id=\"affected\">\(t("disruption.affectedTitle", ["subject": label, "from": t.date(d.range.from), "to": t.date(d.range.to)]))</h2>"
        guard !broken.isEmpty else { return heading + "<p>\(t("disruption.nothingBroken"))</p>" }
        let rows = broken.map { b -> Markup in
            let mine = Self.maySee(user, b.caseID, snapshot)
            let what: Markup =
                mine ? "<a href=\"/cases/\(b.caseID.rawValue)\">\(b.caseID.rawValue)</a>" : "\(t("disruption.otherState"))"
            return "<tr><th scope=\"row\">\(what)</th><td>\(t("task.\(b.task.rawValue)"))</td><td>\(t.date(b.day))</td></tr>"
        }
        let movable = Set(broken.filter { Self.maySee(user, $0.caseID, snapshot) }.map(\.caseID)).count
        let budgets = Array(Set([0, max(1, movable / 2), movable])).sorted().map(String.init).joined(separator: ", ") + ", none"
        let replan: Markup =
            movable == 0
            ? .empty
            : """
            <form method="post" action="/disruptions/replan" class="stack">\(Tag.csrf(context.csrf))<input type="hidden" name="id" value="\(String(d.id))">
            <label for="budgets">\(t("replan.budgets"))</label><input type="text" id="budgets" name="budgets" maxlength="100" value="\(budgets)" aria-describedby="budgets-help">
            <small id="budgets-help">\(t("disruption.budgetsHelp"))</small>
            <p><button type="submit" class="primary" id="replan-affected">\(t("disruption.replan", count: movable))</button></p>
            </form>
            """
        return """
            \(heading)
            <div class="scroll"><table><caption>\(t("disruption.broken", count: broken.count))</caption><thead><tr>\
            <th scope="col">\(t("cases.case"))</th><th scope="col">\(t("replan.task"))</th><th scope="col">\(t("week.day"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            \(replan)
            """
    }

    func addDisruption(_ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        try form.requireCSRF(context)
        let t = localizer(context)
        var errors: [(field: String, message: String)] = []
        // Every field is checked before any refusal, so the form shows all its problems at once.
        var kind: Disruption.Kind?
        var subject = ""
        if let text = form["subject"], text.count <= 120, let colon = text.firstIndex(of: ":"),
            let k = Disruption.Kind(rawValue: String(text[..<colon])), IdentifierRule.problem(String(text[text.index(after: colon)...])) == nil
        {
            kind = k
            subject = String(text[text.index(after: colon)...])
        } else {
            errors.append(("subject", t("disruption.error.subject")))
        }
        let (from, fromError) = Self.formDay(form["from"], t: t)
        let (to, toError) = Self.formDay(form["to"], t: t)
        if let fromError { errors.append(("from", fromError)) }
        if let toError { errors.append(("to", toError)) }
        if let from, let to {
            if to < from {
                errors.append(("to", t("disruption.error.order", ["from": t.date(from)])))
            } else if from.days(to: to) >= AppDatabase.maxDisruptionDays {
                errors.append(("to", t("disruption.error.tooLong", ["days": String(AppDatabase.maxDisruptionDays)])))
            }
        }
        var reason: Disruption.Reason?
        if let text = form["reason"] {
            reason = Disruption.Reason(rawValue: text)
            if reason == nil { errors.append(("reason", t("disruption.error.reason"))) }
        } else if kind == .person {
            errors.append(("reason", t("disruption.error.reasonRequired")))
        }
        if kind != nil, kind != .person { reason = nil }
        let values = ["subject": form["subject"] ?? "", "from": form["from"] ?? "", "to": form["to"] ?? "", "reason": form["reason"] ?? ""]
        guard errors.isEmpty, let kind, let from, let to else {
            return try disruptionsPage(context: context, values: values, errors: errors, status: .unprocessableContent)
        }
        let saved: Disruption
        do {
            saved = try database.addDisruption(
                kind: kind, subject: subject, range: DayRange(from: from, to: to), reason: reason, scope: user.scope.state,
                actor: user.username)
        } catch {
            switch error.code {
            case .notFound, .invalid:
                return try disruptionsPage(
                    context: context, values: values, errors: [("subject", t("disruption.error.unknown"))], status: .unprocessableContent)
            case .forbidden: throw PageError(.forbidden, key: "disruption.error.otherState", ["subject": subject])
            case .conflict, .stale:
                return try disruptionsPage(context: context, values: values, errors: [("subject", t("disruption.error.twice"))], status: .conflict)
            case .database: throw error
            }
        }
        return .seeOther("/disruptions?done=saved&show=\(saved.id)#affected")
    }

    func removeDisruption(_ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        try form.requireCSRF(context)
        guard let text = form["id"], text.count <= 20, let id = Int64(text) else { throw PageError.notFound }
        do {
            _ = try database.removeDisruption(id: id, scope: user.scope.state, actor: user.username)
        } catch {
            switch error.code {
            case .stale: throw PageError(.conflict, key: "disruption.error.removedMeanwhile")
            case .notFound: throw PageError.notFound
            default: throw error
            }
        }
        return .seeOther("/disruptions?done=removed")
    }

    /// A date field: the day, or what is wrong with it.
    static func formDay(_ text: String?, t: Localizer) -> (Day?, String?) {
        guard let text else { return (nil, t("disruption.error.required")) }
        guard text.count <= 10, let d = Day(iso: text) else { return (nil, t("disruption.error.date", ["got": String(text.prefix(20))])) }
        return (d, nil)
    }

    /// Starts the replan of just the bookings disruption `id` breaks (their cases' tasks may move, nothing else) and
    /// shows it on the replan page, where its curve is read and one budget applied as any replan.
    func replanDisruption(_ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        try form.requireCSRF(context)
        guard let text = form["id"], text.count <= 20, let id = Int64(text), let d = try database.disruption(id: id),
            user.scope.contains(d.state)
        else { throw PageError.notFound }
        let budgets = try Self.budgets(form["budgets"] ?? Self.defaultBudgets)
        let snapshot = try snapshot()
        let cases = Set(d.affected(snapshot.bookings.plan).filter { Self.maySee(user, $0.caseID, snapshot) }.map(\.caseID))
        guard !cases.isEmpty else { return .seeOther("/disruptions?show=\(id)#affected") }
        try requireJobStart(user)
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let rounds = Double((budgets.count + cores - 1) / cores)
        let input = try ReplanInput.load(
            from: database, scope: d.state, budgets: budgets, timeLimit: dependencies.configuration.replanSeconds / rounds,
            iterations: dependencies.configuration.replanIterations, window: planningWindow, only: cases)
        let job = replanJobs.start(input)
        return .seeOther("/replan?job=\(job.rawValue)")
    }
}
