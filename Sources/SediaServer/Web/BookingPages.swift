import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// Finding a slot, booking, moving and cancelling.
extension BookingController {
    func addBookingRoutes(to router: Router<AppRequestContext>) {
        router.get("/cases/:id/slots") { request, context in try await self.blocking { try self.slotsPage(request, context: context) } }
        postForm(router, "/cases/:id/book") { request, form, context in try self.book(request, form, context: context) }
        postForm(router, "/cases/:id/cancel") { request, form, context in try self.cancel(request, form, context: context) }
    }

    func slotsPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        let record = try scopedCase(context, user)
        guard let task = TaskKind(rawValue: query(context, "task") ?? "interview") else {
            throw PageError(.badRequest, key: "form.task", ["field": "task"])
        }
        let snapshot = try snapshot()
        var current = snapshot.instance
        current.previous = nil
        // Only what the user may book (their state's centres, officers and psychologists), nearest first: a state
        // coordinator's search asks for more, since other states' placements are left out.
        let scope = user.scope.state.map { StateInfo.ID($0) }
        let result = hooks.suggest(current, snapshot.bookings.plan, record.item.id, task, scope == nil ? 3 : 12)
        let placements = Self.bookable(result.placements, by: scope, in: current)
        let id = record.item.id.rawValue
        let moving = task == .interview ? snapshot.interviewsByCase[record.item.id] != nil : snapshot.hearingsByCase[record.item.id] != nil
        let options = placements.enumerated().map { index, p -> Markup in
            let rank = index + 1
            var what: Markup = ""
            var fields: Markup = ""
            if let b = p.interview {
                what =
                    "<p><strong>\(t.dateTime(b.start))</strong> · \(Self.roomLabel(b.room, current)) · \(t("slots.officer", ["officer": snapshot.person(b.interviewer.rawValue)]))\(Markup.when(b.psychologist != nil, " · \(t("slots.psychologist", ["psychologist": b.psychologist.map { snapshot.person($0.rawValue) } ?? ""]))"))</p>"
                fields =
                    "<input type=\"hidden\" name=\"start\" value=\"\(b.start.description)\"><input type=\"hidden\" name=\"room\" value=\"\(b.room.rawValue)\"><input type=\"hidden\" name=\"interviewer\" value=\"\(b.interviewer.rawValue)\"><input type=\"hidden\" name=\"psychologist\" value=\"\(b.psychologist?.rawValue ?? "")\">"
            }
            if let b = p.hearing {
                what =
                    "<p><strong>\(t.dates(b.dates))</strong>\(Markup.when(b.psychologist != nil, " · \(t("slots.psychologist", ["psychologist": b.psychologist.map { snapshot.person($0.rawValue) } ?? ""]))"))</p>"
                fields =
                    "<input type=\"hidden\" name=\"dates\" value=\"\(b.dates.map(\.description).joined(separator: ","))\"><input type=\"hidden\" name=\"psychologist\" value=\"\(b.psychologist?.rawValue ?? "")\">"
            }
            let score: Markup =
                p.delta.map { d in
                    "<details><summary>\(t("slots.scoreDetails"))</summary><p class=\"small\">\(t("slots.score", ["unassigned": String(d.unassigned), "late": String(d.late), "cost": String(d.cost)]))</p></details>"
                } ?? .empty
            return """
                <fieldset class="slot"><legend>\(t("slots.option", ["rank": String(rank)]))</legend>
                \(what)
                <p>\(t.explain(p.facts, task: task))</p>
                \(score)
                <form method="post" action="/cases/\(id)/book">\(Tag.csrf(context.csrf))<input type="hidden" name="revision" value="\(record.revision)">\
                <input type="hidden" name="task" value="\(task.rawValue)">\(fields)
                <label for="reason-\(rank)">\(moving ? t("slots.moveReason") : t("slots.reasonOptional"))</label> \
                <input type="text" id="reason-\(rank)" name="reason" maxlength="500"\(Markup.when(moving, " required"))>
                <button type="submit" class="primary book-option">\(t("slots.book", ["rank": String(rank)]))</button>
                </form></fieldset>
                """
        }
        let none: Markup =
            placements.isEmpty
            ? "<div class=\"error\" role=\"alert\"><p>\(t("slots.none"))</p><ul>\(result.reasons.map { "<li>\(t.reason($0))</li>" as Markup })\(Markup.when(!result.placements.isEmpty, "<li>\(t("slots.onlyOtherStates"))</li>"))</ul></div>"
            : .empty
        // Nothing on time: say so in a coordinator's words, with the first free slot and how late it is.
        var late: Markup = .empty
        if let target = record.item.interview?.targetBy, task == .interview,
            let first = placements.compactMap(\.interview).min(by: { $0.start < $1.start }), first.start.day > target,
            let centre = current.centres.first(where: { $0.rooms.contains { $0.id == first.room } })
        {
            late = """
                <p class="notice" role="status">\(t("slots.firstFree", ["centre": centre.id.rawValue, "when": t.dateTime(first.start), "days": String(first.start.day.ordinal - target.ordinal)]))</p>
                """
        }
        let body: Markup = """
            <p><a href="/cases/\(id)">\(t("slots.back"))</a></p>
            \(none)
            \(late)
            \(options)
            """
        return page(t(task == .interview ? "slots.titleInterview" : "slots.titleTrial", ["case": id]), context, body: body)
    }

    /// The placements whose room, people and court all belong to `scope` (every one when nil), nearest the child
    /// first, at most three.
    static func bookable(
        _ placements: [SlotSuggestions.Placement], by scope: StateInfo.ID?, in instance: Instance
    ) -> [SlotSuggestions.Placement] {
        let mine = placements.enumerated().filter { _, p in
            guard let scope else { return true }
            if let b = p.interview { return instance.outsideState(b, state: scope).isEmpty }
            if let b = p.hearing { return instance.outsideState(b, state: scope).isEmpty }
            return true
        }
        return mine.sorted { ($0.element.facts.km ?? 0, $0.offset) < ($1.element.facts.km ?? 0, $1.offset) }.prefix(3).map(\.element)
    }

    func book(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        try form.requireCSRF(context)
        let record = try scopedCase(context, user)
        let id = record.item.id
        let reason = try form.optional("reason", max: 500)
        let check: (Instance, Plan) -> [Violation] = { instance, plan in self.check(instance, plan, [id]) }
        let instance = try snapshot().instance
        let back = form["return"].flatMap { $0.hasPrefix("/week/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/cases/\(id.rawValue)"
        do {
            let revision = try Self.revision(form)
            guard let task = TaskKind(rawValue: form["task"] ?? TaskKind.interview.rawValue) else {
                throw PageError(.unprocessableContent, key: "form.task", ["field": "task"])
            }
            switch task {
            case .interview:
                let startText = try form.required("start", max: 16)
                guard let start = LocalDateTime(iso: startText) else {
                    throw PageError(.unprocessableContent, key: "form.start", ["field": "start", "got": startText])
                }
                let booking = InterviewBooking(
                    caseID: id, room: .init(try form.identifier("room")), interviewer: .init(try form.identifier("interviewer")),
                    psychologist: try form.optionalIdentifier("psychologist").map { .init($0) }, start: start)
                try requireOwnResources(
                    user, instance, room: booking.room, interviewer: booking.interviewer, psychologist: booking.psychologist, t: t)
                try requireInWindow([start.day], t: t)
                // A move's reason is required by the store, whoever makes it, so two people booking at once cannot turn
                // the second into a move without one.
                try database.bookInterview(booking, actor: user.username, reason: reason, expected: revision, check: check)
            case .hearing:
                let dates = try form.required("dates", max: 700).split(separator: ",").map { text -> Day in
                    guard let d = Day(iso: text.trimmingCharacters(in: .whitespaces)) else {
                        throw PageError(.unprocessableContent, key: "form.dates", ["field": "dates"])
                    }
                    return d
                }
                guard let court = record.item.hearing?.court else { throw PageError(.unprocessableContent, key: "form.noHearing", ["field": "task"]) }
                let booking = HearingBooking(
                    caseID: id, court: court, dates: dates, psychologist: try form.optionalIdentifier("psychologist").map { .init($0) })
                try requireOwnResources(user, instance, psychologist: booking.psychologist, court: booking.court, t: t)
                try requireInWindow(dates, t: t)
                try database.bookHearing(booking, actor: user.username, reason: reason, expected: revision, check: check)
            }
        } catch let error as StoreError where error.code != .database {
            return try cases.casePage(context: context, error: t.refusal(error.refusal), status: Self.status(error))
        } catch let error as PageError where error.status == .unprocessableContent || error.status == .forbidden {
            return try cases.casePage(context: context, error: error.message(t), status: error.status)
        }
        return .seeOther(Self.confirming(back, id))
    }

    /// A coordinator of one state books only their state's rooms, officers, psychologists and courts; another state's
    /// resources need that state's coordinator or a national one (no state) or an admin.
    /// The refusal names each resource in the reader's words ("bilik CIC-KL-1 bukan bilik MY-10").
    func requireOwnResources(
        _ user: User, _ instance: Instance, room: Room.ID? = nil, interviewer: Interviewer.ID? = nil,
        psychologist: Psychologist.ID?, court: Court.ID? = nil, t: Localizer
    ) throws {
        guard let state = user.scope.state else { return }
        let mine = instance.resources(of: .init(state))
        var problems: [String] = []
        if let room, !mine.rooms.contains(room) { problems.append(t("scope.room", ["1": room.rawValue, "2": state])) }
        if let interviewer, !mine.interviewers.contains(interviewer) {
            problems.append(t("scope.interviewer", ["1": interviewer.rawValue, "2": state]))
        }
        if let psychologist, !mine.psychologists.contains(psychologist) {
            problems.append(t("scope.psychologist", ["1": psychologist.rawValue, "2": state]))
        }
        if let court, !mine.courts.contains(court) { problems.append(t("scope.court", ["1": court.rawValue, "2": state])) }
        guard problems.isEmpty else {
            throw PageError(.forbidden, key: "booking.otherState", ["problems": problems.joined(separator: "; ")])
        }
    }

    func cancel(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        try form.requireCSRF(context)
        let record = try scopedCase(context, user)
        guard let task = TaskKind(rawValue: form["task"] ?? "") else { throw PageError(.unprocessableContent, key: "form.task", ["field": "task"]) }
        let back = form["return"].flatMap { $0.hasPrefix("/week/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/cases/\(record.item.id.rawValue)"
        do {
            let revision = try Self.revision(form)
            let reason = try form.required("reason", max: 500)
            try database.cancel(caseID: record.item.id, task: task, reason: reason, expected: revision, actor: user.username)
        } catch let error as PageError where error.status == .unprocessableContent {
            return try cases.casePage(context: context, error: error.message(t), status: .unprocessableContent)
        } catch let error as StoreError where error.code != .database {
            return try cases.casePage(context: context, error: t.refusal(error.refusal), status: Self.status(error))
        }
        return .seeOther(Self.confirming(back, record.item.id))
    }
}

extension Localizer {
    /// A placement in a coordinator's words: "Books the interview 3 days before its target, 20 km from the child."
    func explain(_ facts: PlacementFacts, task: TaskKind) -> String {
        var parts: [String] = []
        if let d = facts.daysBeforeTarget, let target = facts.target {
            parts.append(
                d >= 0
                    ? self("explain.beforeTarget", ["days": days(d), "target": date(target)])
                    : self("explain.afterTarget", ["days": days(-d), "target": date(target)]))
        }
        if let km = facts.km { parts.append(self("explain.distance", ["km": String(km)])) }
        if let d = facts.daysBeforeDeadline, let deadline = facts.deadline {
            parts.append(
                d >= 0
                    ? self("explain.beforeDeadline", ["days": days(d), "deadline": date(deadline)])
                    : self("explain.afterDeadline", ["days": days(-d), "deadline": date(deadline)]))
        }
        let lead = self(task == .interview ? "explain.interview" : "explain.trial")
        return parts.isEmpty ? lead + "." : lead + " " + parts.joined(separator: ", ") + "."
    }
}
