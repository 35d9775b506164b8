import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// The case page's record of what happened after the booking (issue #21): the charge, the interview outcome, court
/// dates held or adjourned, the disposal or closure before trial, and an admin's reopen. Each form carries the case
/// revision; every refusal is the store's (403 role, 409 stale or closed, 422 a field), shown on the case page.
extension CaseController {
    func addCaseYearRoutes(to router: Router<AppRequestContext>) {
        for action in ["charge", "outcome", "supplementary", "court-date", "end", "reopen"] {
            postForm(router, RouterPath("/cases/:id/\(action)")) { request, form, context in
                try self.recordFact(action, form, context: context)
            }
        }
        router.get("/cases/:id/transfer") { _, context in try await self.blocking { try self.transferPage(context: context) } }
    }

    func recordFact(_ action: String, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        try form.requireCSRF(context)
        // Read from the database, not the pages' snapshot: after another user's change the snapshot reloads every case,
        // and a write needs only this one (the store checks its revision, role and state again in its transaction).
        let record = try storedCase(context, user)
        let id = record.item.id
        do {
            let revision = try Self.revision(form)
            switch action {
            case "charge":
                let charge = ChargeRecord(
                    court: Court.ID(try form.required("court", max: 64)), courtCaseNo: try form.required("courtCaseNo", max: 64),
                    registeredOn: try Self.day(form, "registeredOn"), chargedOn: try Self.day(form, "chargedOn"),
                    represented: try Self.choice(form, "represented"), plea: try Self.choice(form, "plea"),
                    childBornOn: form["childBornOn"] == nil ? nil : try Self.day(form, "childBornOn"))
                try database.recordCharge(caseID: id, charge, expected: revision, actor: user.username, by: user)
            case "outcome", "court-date":
                let step: CaseStep = action == "outcome" ? .interview : try Self.choice(form, "step")
                let outcome: StepOutcome = try Self.choice(form, "outcome")
                let reason = form["reason"].map { StepReason(code: $0, text: form["reasonText"]) }
                let record = StepRecord(
                    step: step, on: try Self.day(form, "on"), outcome: outcome, reason: outcome == .held ? nil : reason,
                    nextOn: form["nextOn"] == nil || outcome == .held ? nil : try Self.day(form, "nextOn"),
                    recordingUsable: step == .interview && outcome == .held ? form["usable"] == "yes" : nil)
                try database.recordStep(caseID: id, record, expected: revision, actor: user.username, by: user)
            case "supplementary":
                try database.requestSupplementaryInterview(
                    caseID: id, reason: try form.required("reason", max: 500), minutes: try form.int("durationMinutes", 15...480),
                    target: { self.hooks.interviewTarget($0, $1) }, expected: revision, actor: user.username, by: user)
            case "end":
                let pair = try form.required("ending", max: 64).split(separator: ":", maxSplits: 1).map(String.init)
                let (kind, word) = (pair.first ?? "", pair.count == 2 ? pair[1] : "")
                let ending: CaseEnding
                if kind == "disposal", let o = DisposalOutcome(rawValue: word) {
                    ending = .disposal(o)
                } else if kind == "closed", let r = ClosureReason(rawValue: word) {
                    ending = .closure(r)
                } else {
                    throw PageError(.unprocessableContent, key: "form.valueMalformed", ["field": "outcome"])
                }
                try database.endCase(
                    caseID: id, on: try Self.day(form, "on"), ending, note: try form.optional("reason", max: 500),
                    destination: try transferDestination(form, ending), expected: revision, actor: user.username, by: user)
            default:
                guard user.role == .admin else { throw PageError(.forbidden, key: "error.role", ["role": user.role.rawValue]) }
                try database.reopenCase(caseID: id, reason: try form.required("reason", max: 500), expected: revision, actor: user.username, by: user)
            }
        } catch let error as PageError where error.status == .unprocessableContent {
            return try casePage(context: context, error: error.message(t), status: .unprocessableContent)
        } catch let error as StoreError where error.code != .database {
            return try casePage(context: context, error: t.refusal(error.refusal), status: Self.status(error))
        }
        return .seeOther(Self.confirming("/cases/\(id.rawValue)", id))
    }

    static func day(_ form: Form, _ name: String) throws -> Day {
        let text = try form.required(name, max: 10)
        guard let d = Day(iso: text) else { throw PageError(.unprocessableContent, key: "form.date", ["field": name, "got": text]) }
        return d
    }

    static func choice<T: RawRepresentable>(_ form: Form, _ name: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: try form.required(name, max: 64)) else {
            throw PageError(.unprocessableContent, key: "form.valueMalformed", ["field": name])
        }
        return value
    }

    /// The record section of the case page: what was recorded, and the forms the reader's role may use.
    func caseYearSection(_ record: CaseRecord, user: User, t: Localizer, hidden: Markup) throws -> Markup {
        let id = record.item.id.rawValue
        let history = try database.caseHistory(caseID: record.item.id)
        var out: [Markup] = ["<h2>\(t("year.heading"))</h2>"]
        if let charge = history.charge {
            out.append(
                """
                <p id="case-charge">\(t("year.charge", ["court": charge.court.rawValue, "number": charge.courtCaseNo, "registered": t.date(charge.registeredOn), "charged": t.date(charge.chargedOn)])) \
                · \(t("year.represented.\(charge.represented.rawValue)")) · \(t("year.plea.\(charge.plea.rawValue)"))</p>
                """)
        }
        var dated = history.steps.map { s -> (Day, Markup) in
            let reason = s.reason.map { r in (s.step == .interview ? t("missed.\(r.code)") : t("reason.\(r.code)")) + (r.text.map { ": " + $0 } ?? "")
            }
            return (
                s.on,
                "<li>\(t.date(s.on)) · \(t("step.\(s.step.rawValue)")) · \(t("outcome.\(s.outcome.rawValue)"))\(reason.map { " · " + $0 })\(s.nextOn.map { " → " + t.date($0) })</li>"
            )
        }
        // A supplementary request comes after the interview held the same day: a stable sort by day keeps that order.
        dated += history.supplementary.map { r in
            (
                r.requestedOn,
                "<li>\(t.date(r.requestedOn)) · \(t("year.supplementaryRequested", ["by": r.recordedBy, "date": t.date(r.targetBy)])) · \(r.reason)</li>"
            )
        }
        // Hand-overs between states, in the timeline of the state that took the case; states by name.
        let states = try snapshot()
        dated += try database.transfers(caseID: record.item.id).map { moved in
            (
                moved.on,
                "<li class=\"transfer\">\(t.date(moved.on)) · \(t("year.transferred", ["from": states.stateName(moved.from), "to": states.stateName(moved.to)]))\(moved.note.map { " · " + $0 })</li>"
            )
        }
        let steps = dated.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        if !steps.isEmpty { out.append("<ol id=\"case-timeline\">\(steps)</ol>") }
        if let closure = history.closure {
            out.append(
                "<p id=\"case-closed\" class=\"late\">\(t("year.closed", ["date": t.date(closure.on), "outcome": t("ending.\(closure.ending.word)")]))\(closure.transferredTo.map { " → " + $0 })</p>"
            )
            if user.role == .admin {
                out.append(
                    """
                    <form method="post" action="/cases/\(id)/reopen" class="stack noprint">\(hidden)
                    <label for="reopen-reason">\(t.field("reason"))</label><input type="text" id="reopen-reason" name="reason" required maxlength="500">
                    <button type="submit">\(t("year.reopen"))</button></form>
                    """)
            }
            return .join(out, separator: "\n")
        }
        let coordinator = user.role == .admin || (user.role == .coordinator && user.canSee(caseState: record.state))
        let prosecutor = user.role == .admin || (user.role == .prosecutor && user.person != nil && user.person == record.prosecutor)
        func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ prefix: String) -> Markup where T.RawValue == String {
            .join(T.allCases.map { Tag.option($0.rawValue, t("\(prefix).\($0.rawValue)"), selected: false) })
        }
        if coordinator, record.item.interview != nil {
            out.append(
                """
                <details class="noprint"><summary>\(t("year.recordInterview"))</summary>
                <form method="post" action="/cases/\(id)/outcome" class="stack">\(hidden)
                <label for="iv-on">\(t.field("on"))</label><input type="date" id="iv-on" name="on" required>
                <label for="iv-outcome">\(t.field("outcome"))</label><select id="iv-outcome" name="outcome">\
                <option value="held">\(t("outcome.held"))</option><option value="not-held">\(t("outcome.not-held"))</option></select>
                <label for="iv-usable">\(t.field("usable"))</label><select id="iv-usable" name="usable"><option value="yes">\(t("year.yes"))</option><option value="no">\(t("year.no"))</option></select>
                <label for="iv-reason">\(t.field("reason"))</label><select id="iv-reason" name="reason"><option value=""></option>\(options(InterviewMissedReason.self, "missed"))</select>
                <label for="iv-text">\(t.field("reasonText"))</label><input type="text" id="iv-text" name="reasonText" maxlength="500">
                <button type="submit">\(t("year.save"))</button></form></details>
                """)
        }
        if coordinator, record.item.interview == nil, record.item.interviewDoneOn != nil {
            out.append(
                """
                <details class="noprint"><summary>\(t("year.supplementary"))</summary>
                <form method="post" action="/cases/\(id)/supplementary" class="stack">\(hidden)
                <label for="sup-reason">\(t.field("reason"))</label><input type="text" id="sup-reason" name="reason" required maxlength="500">
                <label for="sup-minutes">\(t.field("durationMinutes"))</label><input type="number" id="sup-minutes" name="durationMinutes" min="15" max="480" value="60">
                <button type="submit">\(t("year.supplementaryButton"))</button></form></details>
                """)
        }
        if coordinator || prosecutor {
            out.append(
                """
                <details class="noprint"><summary>\(t("year.recordCharge"))</summary>
                <form method="post" action="/cases/\(id)/charge" class="stack">\(hidden)
                <label for="ch-court">\(t.field("court"))</label><input type="text" id="ch-court" name="court" required maxlength="64" value="\(history.charge?.court.rawValue ?? record.item.hearing?.court.rawValue ?? "")">
                <label for="ch-number">\(t.field("courtCaseNo"))</label><input type="text" id="ch-number" name="courtCaseNo" required maxlength="64">
                <label for="ch-registered">\(t.field("registeredOn"))</label><input type="date" id="ch-registered" name="registeredOn" required>
                <label for="ch-charged">\(t.field("chargedOn"))</label><input type="date" id="ch-charged" name="chargedOn" required>
                <label for="ch-represented">\(t.field("represented"))</label><select id="ch-represented" name="represented">\(options(Representation.self, "year.represented"))</select>
                <label for="ch-plea">\(t.field("plea"))</label><select id="ch-plea" name="plea">\(options(Plea.self, "year.plea"))</select>
                <label for="ch-born">\(t.field("childBornOn"))</label><input type="date" id="ch-born" name="childBornOn">
                <button type="submit">\(t("year.save"))</button></form></details>
                """)
        }
        if prosecutor {
            out.append(
                """
                <details class="noprint"><summary>\(t("year.recordCourtDate"))</summary>
                <form method="post" action="/cases/\(id)/court-date" class="stack">\(hidden)
                <label for="cd-step">\(t.field("step"))</label><select id="cd-step" name="step">\
                \(Markup.join(CaseStep.courtDates.map { Tag.option($0.rawValue, t("step.\($0.rawValue)"), selected: false) }))</select>
                <label for="cd-on">\(t.field("on"))</label><input type="date" id="cd-on" name="on" required>
                <label for="cd-outcome">\(t.field("outcome"))</label><select id="cd-outcome" name="outcome">\
                <option value="held">\(t("outcome.held"))</option><option value="adjourned">\(t("outcome.adjourned"))</option></select>
                <label for="cd-reason">\(t.field("reason"))</label><select id="cd-reason" name="reason"><option value=""></option>\(options(AdjournmentReason.self, "reason"))</select>
                <label for="cd-text">\(t.field("reasonText"))</label><input type="text" id="cd-text" name="reasonText" maxlength="500">
                <label for="cd-next">\(t.field("nextOn"))</label><input type="date" id="cd-next" name="nextOn">
                <button type="submit">\(t("year.save"))</button></form></details>
                """)
        }
        if coordinator || prosecutor {
            let endings = Markup.join(
                DisposalOutcome.allCases.map { Tag.option("disposal:\($0.rawValue)", t("ending.\($0.rawValue)"), selected: false) }
                    + ClosureReason.allCases.map {
                        Tag.option("closed:\($0.rawValue)", t("year.closeBefore", ["why": t("ending.\($0.rawValue)")]), selected: false)
                    })
            out.append(
                """
                <details class="noprint"><summary>\(t("year.end"))</summary>
                <form method="post" action="/cases/\(id)/end" class="stack">\(hidden)
                <label for="end-outcome">\(t.field("outcome"))</label><select id="end-outcome" name="ending">\(endings)</select>
                <label for="end-on">\(t.field("on"))</label><input type="date" id="end-on" name="on" required>
                <label for="end-reason">\(t.field("reason"))</label><input type="text" id="end-reason" name="reason" maxlength="500">
                <label for="end-state">\(t.field("toState"))</label><input type="text" id="end-state" name="toState" maxlength="16" placeholder="MY-10">
                <button type="submit">\(t("year.endButton"))</button></form>
                <p><a href="/cases/\(id)/transfer" id="transfer-link">\(t("transfer.link"))</a></p></details>
                """)
        }
        return .join(out, separator: "\n")
    }
}
