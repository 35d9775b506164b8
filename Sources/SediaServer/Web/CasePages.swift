import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// The case list, intake of a new case, and the case page.
extension PageController {
    func addCaseRoutes(to router: Router<AppRequestContext>) {
        router.get("/cases") { request, context in try await self.blocking { try self.casesPage(request, context: context) } }
        router.get("/cases/new") { _, context in try await self.blocking { try self.intakePage(context: context, form: nil, error: nil) } }
        postForm(router, "/cases") { request, form, context in try self.createCase(request, form, context: context) }
        router.get("/cases/:id") { _, context in try await self.blocking { try self.casePage(context: context) } }
        postForm(router, "/cases/:id/prosecutor") { request, form, context in try self.setProsecutor(request, form, context: context) }
    }

    // MARK: The list

    func casesPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let snapshot = try snapshot()
        let filter = query(context, "q")?.lowercased()
        let scope = user.role == .admin ? nil : user.state
        let list: CaseRows
        if let filter, !filter.isEmpty {
            list = Self.caseRows(snapshot, scope: scope, filter: filter, t: t)
        } else {
            // The unfiltered list is the same for everyone in the scope and language until the data changes.
            list = caseLists.value(generation: snapshot.version, scope: "\(t.language.rawValue):\(scope ?? "")") {
                Self.caseRows(snapshot, scope: scope, filter: nil, t: t)
            }
        }
        let centres = snapshot.instance.centres.filter { user.role == .admin || user.state == nil || $0.state.rawValue == user.state }
        let body: Markup = """
            <form method="get" action="/cases" class="toolbar noprint"><label for="q">\(t("cases.filter"))</label>\
            <input type="text" id="q" name="q" value="\(filter ?? "")" maxlength="64"> <button type="submit">\(t("cases.filterButton"))</button>
            <a href="/cases/new">\(t("cases.new"))</a></form>
            <p class="noprint">\(t("cases.weekViews")) \(Markup.join(centres.map { "<a href=\"/week/centre/\($0.id.rawValue)\">\(Self.label($0))</a>" }, separator: " · "))</p>
            <p>\(t("cases.count", count: list.count))</p>
            \(Markup.when(list.count > Self.casesPerPage, "<p class=\"muted\">\(t("cases.truncated", ["shown": String(Self.casesPerPage)]))</p>"))
            <div class="scroll"><table>
            <caption class="muted">\(t("cases.caption"))</caption>
            <thead><tr><th scope="col">\(t("cases.case"))</th><th scope="col">\(t("cases.state"))</th><th scope="col">\(t("cases.childRef"))</th>\
            <th scope="col">\(t("cases.interview"))</th><th scope="col">\(t("cases.trial"))</th></tr></thead>
            <tbody>
            \(list.rows)
            </tbody></table></div>
            """
        return page(t("cases.title"), context, body: body)
    }

    /// The case list's rows.
    struct CaseRows: Sendable {
        var rows: Markup
        var count: Int
    }

    /// The first rows of the case list for `scope` whose id contains `filter`, and how many match.
    static func caseRows(_ snapshot: Snapshot, scope: String?, filter: String?, t: Localizer) -> CaseRows {
        let records = snapshot.records(state: scope).filter { record in
            guard let filter, !filter.isEmpty else { return true }
            return record.item.id.rawValue.lowercased().contains(filter)
        }
        var rows: [Markup] = []
        for record in records.prefix(casesPerPage) {
            let c = record.item
            let interview: String
            if c.interview == nil {
                interview = c.interviewDoneOn.map { t("case.heldOn", ["date": t.date($0)]) } ?? t("cases.none")
            } else {
                interview = snapshot.interviewsByCase[c.id].map { t.dateTime($0.booking.start) } ?? t("cases.toBook")
            }
            let hearing =
                c.hearing == nil ? t("cases.none") : (snapshot.hearingsByCase[c.id].map { t.dates($0.booking.dates) } ?? t("cases.toBook"))
            let interviewOpen = c.interview != nil && snapshot.interviewsByCase[c.id] == nil
            let hearingOpen = c.hearing != nil && snapshot.hearingsByCase[c.id] == nil
            let id = c.id.rawValue
            rows.append(
                """
                <tr><th scope="row"><a href="/cases/\(id)">\(id)</a></th><td>\(record.state)</td><td>\(c.child.ref)</td>\
                <td\(Markup.when(interviewOpen, " class=\"risk\""))>\(interview)</td><td\(Markup.when(hearingOpen, " class=\"risk\""))>\(hearing)</td></tr>
                """)
        }
        return CaseRows(rows: .join(rows, separator: "\n"), count: records.count)
    }

    static let casesPerPage = 300

    // MARK: Intake

    func intakePage(context: AppRequestContext, form: Form?, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        let instance = try snapshot().instance
        let states = instance.states.filter { user.role == .admin || user.state == nil || $0.code.rawValue == user.state }
        let courts = instance.courts.filter { c in states.contains { $0.code == c.state } }
        let prosecutors = try database.prosecutors().filter { p in states.contains { $0.code.rawValue == p.state } }
        let v = form?.fields ?? [:]
        func text(_ name: String, _ id: String, required: Bool = true, max: Int, placeholder: String = "", help: String? = nil) -> Markup {
            """
            <label for="\(id)">\(t.field(name))</label><input type="text" name="\(name)" id="\(id)" autocomplete="off"\(Markup.when(required, " required")) \
            maxlength="\(max)" value="\(v[name] ?? "")" placeholder="\(placeholder)"\(Markup.when(help != nil, " aria-describedby=\"\(id)-help\""))>\
            \(Markup.when(help != nil, "<small id=\"\(id)-help\">\(help ?? "")</small>"))
            """
        }
        func date(_ name: String, _ id: String, help: String? = nil) -> Markup {
            """
            <label for="\(id)">\(t.field(name))</label><input type="date" name="\(name)" id="\(id)" value="\(v[name] ?? "")"\
            \(Markup.when(help != nil, " aria-describedby=\"\(id)-help\""))>\(Markup.when(help != nil, "<small id=\"\(id)-help\">\(help ?? "")</small>"))
            """
        }
        func box(_ name: String, _ id: String, checked: Bool) -> Markup {
            "<label><input type=\"checkbox\" name=\"\(name)\" id=\"\(id)\" value=\"1\"\(Tag.checked(checked))> \(t.field(name))</label>"
        }
        let posted = form != nil
        let body: Markup = """
            <p class="muted">\(t("intake.privacy"))</p>
            \(Tag.error(error))
            <form class="stack" method="post" action="/cases" autocomplete="off">
            \(Tag.csrf(context.csrf))
            <fieldset><legend>\(t("intake.case"))</legend>
            \(text("id", "case-id", max: 64, placeholder: "K-2027-0101"))
            <label for="state">\(t.field("state"))</label><select name="state" id="state">\
            \(states.map { Tag.option($0.code.rawValue, "\($0.code) \($0.name)", selected: v["state"] == $0.code.rawValue) })</select>
            <label for="prosecutor">\(t.field("prosecutor"))</label><select name="prosecutor" id="prosecutor">\
            <option value="">\(t("case.noProsecutor"))</option>\
            \(prosecutors.map { Tag.option($0.id, "\($0.id) (\($0.state ?? ""))", selected: v["prosecutor"] == $0.id) })</select>
            </fieldset>
            <fieldset><legend>\(t("intake.child"))</legend>
            \(text("childRef", "child-ref", max: 64, placeholder: "C-0101"))
            \(text("childName", "child-name", required: false, max: 200, help: t("intake.nameHelp")))
            <label for="age">\(t.field("age"))</label><input type="number" name="age" id="age" min="0" max="17" required value="\(v["age"] ?? "")">
            <label for="gender">\(t.field("gender"))</label><select name="gender" id="gender">\
            \(Tag.option("", t("intake.notRecorded"), selected: v["gender"] == nil))\(Tag.option("F", t("gender.F"), selected: v["gender"] == "F"))\
            \(Tag.option("M", t("gender.M"), selected: v["gender"] == "M"))</select>
            \(text("languages", "languages", max: 100, placeholder: "ms, en", help: t("intake.languagesHelp")))
            \(text("lat", "lat", max: 20, placeholder: "6.05"))
            \(text("lon", "lon", max: 20, placeholder: "102.10"))
            <label for="interviewer-gender">\(t.field("interviewerGender"))</label><select name="interviewerGender" id="interviewer-gender">\
            \(Tag.option("", t("intake.any"), selected: v["interviewerGender"] == nil))\
            \(Tag.option("F", t("gender.F"), selected: v["interviewerGender"] == "F"))\(Tag.option("M", t("gender.M"), selected: v["interviewerGender"] == "M"))</select>
            \(box("needsPsychologist", "needs-psychologist", checked: v["needsPsychologist"] != nil))
            \(box("needsAccessibleRoom", "needs-accessible", checked: v["needsAccessibleRoom"] != nil))
            </fieldset>
            <fieldset><legend>\(t("intake.interview"))</legend>
            \(box("needsInterview", "needs-interview", checked: !posted || v["needsInterview"] != nil))
            <label for="duration">\(t.field("durationMinutes"))</label><input type="number" name="durationMinutes" id="duration" min="15" max="480" value="\(v["durationMinutes"] ?? "90")">
            \(date("earliest", "earliest"))
            \(date("targetBy", "target-by", help: t("intake.targetHelp")))
            \(date("interviewDoneOn", "interview-done-on"))
            </fieldset>
            <fieldset><legend>\(t("intake.trial"))</legend>
            <label for="court">\(t.field("court"))</label><select name="court" id="court"><option value="">\(t("intake.noCourt"))</option>\
            \(courts.map { Tag.option($0.id.rawValue, Self.label($0), selected: v["court"] == $0.id.rawValue) })</select>
            \(date("registeredOn", "registered-on"))
            \(date("deadline", "deadline", help: t("intake.deadlineHelp")))
            \(date("hearingEarliest", "hearing-earliest"))
            <label for="days">\(t.field("days"))</label><input type="number" name="days" id="days" min="1" max="60" value="\(v["days"] ?? "1")">
            \(box("needsVideoLink", "needs-video", checked: v["needsVideoLink"] != nil))
            \(box("hearingNeedsPsychologist", "hearing-psychologist", checked: v["hearingNeedsPsychologist"] != nil))
            </fieldset>
            <button class="primary" type="submit" id="create-case">\(t("intake.submit"))</button>
            </form>
            """
        return page(t("intake.title"), context, status: status, body: body)
    }

    func createCase(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        try form.requireCSRF(context)
        var id: Case.ID?
        do {
            let (item, state, name) = try parseIntake(form)
            id = item.id
            guard user.role == .admin || user.state == nil || user.state == state else {
                throw PageError(.forbidden, key: "intake.otherState", ["state": user.state ?? ""])
            }
            let prosecutor = try form.optionalIdentifier("prosecutor")
            try database.createCase(item, state: state, childName: name, prosecutor: prosecutor, actor: user.username)
            return .seeOther("/cases/\(item.id.rawValue)")
        } catch let error as PageError where error.status == .unprocessableContent {
            return try intakePage(context: context, form: form, error: error.message(t), status: .unprocessableContent)
        } catch let error as StoreError where error.code == .invalid || error.code == .conflict {
            // An id taken by a case the user may not see is refused exactly as a malformed id is: "already exists"
            // would confirm that another state has that case.
            if error.code == .conflict, let id, let existing = try database.caseRecord(id: id), !user.canSee(caseState: existing.state) {
                return try intakePage(context: context, form: form, error: t("intake.refusedID"), status: .unprocessableContent)
            }
            return try intakePage(
                context: context, form: form, error: t.storeMessage(error.message),
                status: error.code == .conflict ? .conflict : .unprocessableContent)
        }
    }

    func parseIntake(_ form: Form) throws -> (Case, String, String?) {
        let id = try form.required("id", max: IdentifierRule.maxLength)
        // One answer for an id that cannot be used, whatever the reason, so it never tells whether a case exists elsewhere.
        guard IdentifierRule.problem(id) == nil else { throw PageError(.unprocessableContent, key: "intake.refusedID") }
        let state = try form.identifier("state")
        let ref = try form.required("childRef", max: 64)
        let age = try form.int("age", 0...17)
        let gender = form["gender"]
        guard gender == nil || gender == "F" || gender == "M" else { throw PageError(.unprocessableContent, key: "form.gender", ["field": "gender"]) }
        let languages = try form.required("languages", max: 100).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        guard !languages.isEmpty, languages.allSatisfy({ $0.count <= 8 && $0.allSatisfy(\.isLetter) }) else {
            throw PageError(.unprocessableContent, key: "form.languages", ["field": "languages"])
        }
        let lat = try form.double("lat", -90...90)
        let lon = try form.double("lon", -180...180)
        let interviewerGender = form["interviewerGender"]
        guard interviewerGender == nil || interviewerGender == "F" || interviewerGender == "M" else {
            throw PageError(.unprocessableContent, key: "form.gender", ["field": "interviewerGender"])
        }
        let child = Child(
            ref: ref, age: age, gender: gender, languages: languages, lat: lat, lon: lon, interviewerGender: interviewerGender,
            needsPsychologist: form["needsPsychologist"] != nil, needsAccessibleRoom: form["needsAccessibleRoom"] != nil)
        func date(_ name: String) throws -> Day {
            let text = try form.required(name, max: 10)
            guard let d = Day(iso: text) else { throw PageError(.unprocessableContent, key: "form.date", ["field": name, "got": text]) }
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
                throw PageError(.unprocessableContent, key: "intake.noTargetRule", ["field": "targetBy", "state": state])
            }
            guard earliest <= targetBy else { throw PageError(.unprocessableContent, key: "intake.targetBeforeEarliest", ["field": "targetBy"]) }
            interview = InterviewRequest(durationMinutes: try form.int("durationMinutes", 15...480), earliest: earliest, targetBy: targetBy)
        }
        var hearing: HearingRequest?
        if let court = try form.optionalIdentifier("court") {
            let earliest = try date("hearingEarliest")
            let registeredOn = try optionalDate("registeredOn")
            guard let deadline = try optionalDate("deadline") ?? registeredOn.flatMap({ hooks.disposalTarget(.init(court), .init(state), $0) }) else {
                throw PageError(.unprocessableContent, key: "intake.noDeadlineRule", ["field": "deadline", "court": court])
            }
            guard earliest <= deadline else { throw PageError(.unprocessableContent, key: "intake.deadlineBeforeEarliest", ["field": "deadline"]) }
            hearing = HearingRequest(
                court: .init(court), registeredOn: registeredOn, deadline: deadline, days: try form.int("days", 1...60), earliest: earliest,
                needsVideoLink: form["needsVideoLink"] != nil, needsPsychologist: form["hearingNeedsPsychologist"] != nil)
        }
        var done: Day?
        if interview == nil, form["interviewDoneOn"] != nil { done = try date("interviewDoneOn") }
        guard interview != nil || hearing != nil else {
            throw PageError(.unprocessableContent, key: "intake.nothingToPlan", ["field": "needsInterview"])
        }
        let name = form["childName"]
        if let name, name.count > NameRule.maxLength {
            throw PageError(.unprocessableContent, key: "form.tooLong", ["field": "childName", "max": String(NameRule.maxLength)])
        }
        if let name, NameRule.problem(name) != nil { throw PageError(.unprocessableContent, key: "form.name", ["field": "childName"]) }
        return (Case(id: .init(id), child: child, interview: interview, interviewDoneOn: done, hearing: hearing), state, name)
    }

    // MARK: The case page

    func casePage(context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let record = try scopedCase(context, user)
        let c = record.item
        let snapshot = try snapshot()
        let instance = snapshot.instance
        let interview = snapshot.interviewsByCase[c.id]
        let hearing = snapshot.hearingsByCase[c.id]
        let canBook = user.role == .coordinator || user.role == .admin
        let id = c.id.rawValue
        let hidden: Markup = "\(Tag.csrf(context.csrf))<input type=\"hidden\" name=\"revision\" value=\"\(record.revision)\">"
        let centres = instance.centres.filter { $0.state.rawValue == record.state }
        let centreIDs = Set(centres.map(\.id))

        var facts = [
            t("case.state", ["state": record.state]), t("case.child", ["ref": c.child.ref]), t("case.age", count: c.child.age),
            t("case.languages", ["languages": c.child.languages.joined(separator: ", ")]),
        ]
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

    /// "CIC-KB-1 · Kota Bharu CIC (CIC-KB)".
    static func roomLabel(_ room: Room.ID, _ instance: Instance) -> String {
        guard let centre = instance.centres.first(where: { $0.rooms.contains { $0.id == room } }) else { return room.rawValue }
        return "\(room) · \(label(centre))"
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
            return try casePage(context: context, error: t.storeMessage(error.message), status: Self.status(error))
        }
        return .seeOther("/cases/\(record.item.id.rawValue)")
    }
}

extension Localizer {
    /// An audit action ("book-interview") in words; unknown actions as they are.
    func action(_ action: String) -> String {
        let text = self("action.\(action)")
        return text == "action.\(action)" ? action : text
    }
}
