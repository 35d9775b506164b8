import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// The case list and the case page (intake of a new case: IntakePages.swift).
extension CaseController {
    func addCaseRoutes(to router: Router<AppRequestContext>) {
        router.get("/cases") { request, context in try await self.blocking { try self.casesPage(request, context: context) } }
        router.get("/cases/new") { _, context in try await self.blocking { try self.intakePage(context: context, form: nil, errors: []) } }
        postForm(router, "/cases") { request, form, context in try self.createCase(request, form, context: context) }
        router.get("/cases/:id") { _, context in try await self.blocking { try self.casePage(context: context) } }
        postForm(router, "/cases/prosecutor") { request, form, context in try self.assignProsecutor(request, form, context: context) }
        postForm(router, "/cases/:id/prosecutor") { request, form, context in try self.setProsecutor(request, form, context: context) }
    }

    // MARK: The case page

    func casePage(context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let record: CaseRecord
        do {
            record = try scopedCase(context, user)
        } catch let error as PageError where error.status == .notFound {
            // A case this state handed to another is closed here: its transfer, read-only.
            return try transferredAwayPage(context: context, user: user, t: t)
        }
        let c = record.item
        let snapshot = try snapshot()
        let instance = snapshot.instance
        let interview = snapshot.interviewsByCase[c.id]
        let hearing = snapshot.hearingsByCase[c.id]
        // A disposed or closed case is read-only: no booking, moving or cancelling is offered (the store refuses them too).
        let ended = try database.isEnded(c.id)
        let canBook = (user.role == .coordinator || user.role == .admin) && !ended
        let id = c.id.rawValue
        let hidden: Markup = "\(Tag.csrf(context.csrf))<input type=\"hidden\" name=\"revision\" value=\"\(record.revision)\">"
        let centres = instance.centres.filter { $0.state.rawValue == record.state }
        let centreIDs = Set(centres.map(\.id))

        var facts = [
            t("case.state", ["state": record.state]), t("case.child", ["ref": c.child.ref]), t("case.age", count: c.child.age),
            t("case.languages", ["languages": c.child.languages.map { Self.spokenName($0, t) }.joined(separator: ", ")]),
        ]
        // The town the intake chose (or the nearest one to coordinates that came in through an import).
        if let near = dependencies.places.nearest(lat: c.child.lat, lon: c.child.lon), near.km < 50 {
            facts.append(t("case.home", ["place": near.place.name]))
        }
        if let moved = snapshot.transfers[c.id], moved.to == record.state {
            facts.append(t("case.transferredFrom", ["from": snapshot.stateName(moved.from), "date": t.date(moved.on)]))
        }
        if c.child.needsPsychologist { facts.append(t("case.needsPsychologist")) }
        if let g = c.child.interviewerGender { facts.append(t("case.interviewerGender", ["gender": t("gender.\(g)")])) }

        var interviewPart: [Markup] = []
        if let done = c.interviewDoneOn { interviewPart.append("<p>\(t("case.heldOn", ["date": t.date(done)]))</p>") }
        if let i = c.interview {
            interviewPart.append(
                "<p>\(t("case.interviewRequest", ["length": t.minutes(i.durationMinutes), "earliest": t.date(i.earliest), "target": t.date(i.targetBy)]))</p>"
            )
        }
        if let b = interview {
            let room = Self.roomLabel(b.booking.room, instance)
            let psychologist = b.booking.psychologist.map { snapshot.person($0.rawValue) } ?? t("case.noPsychologist")
            interviewPart.append(
                """
                <p id="interview-booking" class="ok">\(t("case.interviewBooked", ["when": t.dateTime(b.booking.start), "room": room, "officer": snapshot.person(b.booking.interviewer.rawValue), "psychologist": psychologist, "by": b.bookedBy]))\
                \(Markup.when(b.pinned, " \(t("case.pinned"))"))</p>
                """)
            if canBook {
                interviewPart.append(
                    """
                    <form method="post" action="/cases/\(id)/cancel" class="stack noprint">\(hidden)<input type="hidden" name="task" value="interview">
                    <label for="cancel-interview-reason">\(t("case.cancelReason"))</label><input type="text" id="cancel-interview-reason" name="reason" required maxlength="500">
                    <button type="submit">\(t("case.cancelInterview"))</button></form>
                    """)
            }
        }
        if canBook, let request = c.interview {
            // The centres' weeks open at the first week the interview may be held in.
            let opening = max(today, request.earliest)
            let rooms = centres.flatMap { centre in
                centre.rooms.map { Tag.option($0.id.rawValue, "\($0.id) · \(Self.label(centre))", selected: interview?.booking.room == $0.id) }
            }
            let officers = instance.interviewers.filter { !centreIDs.isDisjoint(with: $0.centres) }.map {
                Tag.option($0.id.rawValue, snapshot.person($0.id.rawValue), selected: interview?.booking.interviewer == $0.id)
            }
            let psychologists = instance.psychologists.filter {
                !centreIDs.isDisjoint(with: $0.centres) || $0.courts.contains { $0 == c.hearing?.court }
            }.map { Tag.option($0.id.rawValue, snapshot.person($0.id.rawValue), selected: interview?.booking.psychologist == $0.id) }
            interviewPart.append(
                """
                <p class="noprint"><a href="/cases/\(id)/slots?task=interview" id="find-slot">\(t("case.findSlot"))</a> · \
                \(Markup.join(centres.map { "<a href=\"/week/centre/\($0.id.rawValue)?case=\(id)&amp;week=\(opening.description)\">\(t("case.weekOf", ["centre": Self.label($0)]))</a>" }, separator: " · "))</p>
                <details class="noprint"><summary>\(t("case.byHand"))</summary>
                <form method="post" action="/cases/\(id)/book" class="stack">\(hidden)<input type="hidden" name="task" value="interview">
                <label for="book-start">\(t.field("start"))</label><input type="text" id="book-start" name="start" required maxlength="16" placeholder="2027-01-06T09:00" aria-describedby="book-start-help">\
                <small id="book-start-help">\(t("case.startHelp"))</small>
                <label for="book-room">\(t.field("room"))</label><select id="book-room" name="room">\(rooms)</select>
                <label for="book-officer">\(t.field("interviewer"))</label><select id="book-officer" name="interviewer">\(officers)</select>
                <label for="book-psychologist">\(t.field("psychologist"))</label><select id="book-psychologist" name="psychologist">\
                <option value="">\(t("case.noPsychologist"))</option>\(psychologists)</select>
                <label for="book-reason">\(t("case.moveReason"))</label><input type="text" id="book-reason" name="reason" maxlength="500">
                <button type="submit" class="primary">\(t("case.book"))</button></form></details>
                """)
        }

        var trialPart: [Markup] = []
        if let h = c.hearing {
            let court = instance.courts.first { $0.id == h.court }.map(Self.label) ?? h.court.rawValue
            let left = today.days(to: h.deadline)
            trialPart.append(
                """
                <p>\(t("case.trialRequest", ["court": court, "days": t.days(h.days), "earliest": t.date(h.earliest), "deadline": t.date(h.deadline)])) \
                <span\(Markup.when(left < 0, " class=\"late\""))>\(left >= 0 ? t("case.daysLeft", ["days": t.days(left)]) : t("case.daysOver", ["days": t.days(-left)]))</span></p>
                """)
        } else {
            trialPart.append("<p class=\"muted\">\(t("case.noTrial"))</p>")
        }
        if let b = hearing {
            let court = instance.courts.first { $0.id == b.booking.court }.map(Self.label) ?? b.booking.court.rawValue
            trialPart.append(
                """
                <p class="ok" id="hearing-booking">\(t("case.trialBooked", ["dates": t.dates(b.booking.dates), "court": court, "psychologist": b.booking.psychologist.map { snapshot.person($0.rawValue) } ?? t("case.noPsychologist")]))\
                \(Markup.when(b.pinned, " \(t("case.pinned"))"))</p>
                """)
            if canBook {
                trialPart.append(
                    """
                    <form method="post" action="/cases/\(id)/cancel" class="stack noprint">\(hidden)<input type="hidden" name="task" value="hearing">
                    <label for="cancel-hearing-reason">\(t("case.cancelReason"))</label><input type="text" id="cancel-hearing-reason" name="reason" required maxlength="500">
                    <button type="submit">\(t("case.cancelTrial"))</button></form>
                    """)
            }
        }
        if canBook, c.hearing != nil {
            trialPart.append("<p class=\"noprint\"><a href=\"/cases/\(id)/slots?task=hearing\">\(t("case.findTrialDates"))</a></p>")
        }

        let prosecutors = try database.prosecutors(state: record.state)
        let prosecutorForm: Markup =
            canBook
            ? """
            <form method="post" action="/cases/\(id)/prosecutor" class="toolbar noprint">\(hidden)
            <label for="prosecutor">\(t.field("prosecutor"))</label><select id="prosecutor" name="prosecutor"><option value="">\(t("case.noProsecutor"))</option>\
            \(prosecutors.map { Tag.option($0.id, $0.id, selected: $0.id == record.prosecutor) })</select>
            <button type="submit">\(t("case.setProsecutor"))</button></form>
            """ : .empty
        let log = try database.auditLog(subject: "case:\(c.id)", limit: 50).map { entry -> Markup in
            "<tr><td>\(t.recorded(entry.at))</td><td>\(entry.actor)</td><td>\(t.action(entry.action))</td><td>\(entry.reason ?? "")</td></tr>"
        }
        let failures = try mailFailures(c.id, t: t, snapshot: snapshot)
        let body: Markup = """
            \(Tag.error(error))
            <p>\(facts.joined(separator: " · "))</p>
            <p id="case-prosecutor">\(t("case.prosecutor", ["prosecutor": record.prosecutor ?? t("case.noProsecutor")]))</p>
            \(prosecutorForm)
            <p><a href="/cases/\(id)/checklist">\(t("case.checklist"))</a></p>
            \(failures)
            <h2>\(t("case.interviewHeading"))</h2>
            \(interviewPart)
            <h2>\(t("case.trialHeading"))</h2>
            \(trialPart)
            \(try caseYearSection(record, user: user, t: t, hidden: hidden))
            <h2>\(t("case.history"))</h2>
            <div class="scroll"><table><thead><tr><th scope="col">\(t("case.when"))</th><th scope="col">\(t("case.who"))</th>\
            <th scope="col">\(t("case.what"))</th><th scope="col">\(t("case.reason"))</th></tr></thead><tbody>
            \(log)
            </tbody></table></div>
            """
        return page(t("case.title", ["case": id]), context, status: status, body: body)
    }

    /// Sets or clears the case's prosecutor (who then sees the case, with its reference, in their feeds).
    func setProsecutor(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        let record = try scopedCase(context, user)
        try form.requireCSRF(context)
        do {
            let revision = try Self.revision(form)
            try database.setProsecutor(
                caseID: record.item.id, prosecutor: try form.optionalIdentifier("prosecutor"), expected: revision, actor: user.username)
        } catch let error as PageError where error.status == .unprocessableContent {
            return try casePage(context: context, error: error.message(t), status: .unprocessableContent)
        } catch let error as StoreError where error.code == .invalid || error.code == .stale {
            return try casePage(context: context, error: t.refusal(error.refusal), status: Self.status(error))
        }
        return .seeOther(Self.confirming("/cases/\(record.item.id.rawValue)", record.item.id))
    }
}

extension Localizer {
    /// An audit action ("book-interview") in words; unknown actions as they are.
    func action(_ action: String) -> String {
        let text = self("action.\(action)")
        return text == "action.\(action)" ? action : text
    }
}
