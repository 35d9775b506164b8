import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// Intake of a new case: the form, its checks and the new case (the child's details stay in the database).
extension CaseController {
    func intakePage(context: AppRequestContext, form: Form?, errors: [String], status: HTTPResponse.Status = .ok) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        let instance = try snapshot().instance
        let states = instance.states.filter { user.scope.contains($0.code) }
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
            \(Tag.errors(errors))
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
            \(languageBoxes(instance, states: Set(states.map(\.code)), checked: v, t))
            \(text("otherLanguages", "other-languages", required: false, max: 100, placeholder: "iban", help: t("intake.otherLanguagesHelp")))
            \(homePicker(states: states, selected: v["home"], t))
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
            guard user.scope.contains(state) else {
                throw PageError(.forbidden, key: "intake.otherState", ["state": user.scope.state ?? ""])
            }
            let prosecutor = try form.optionalIdentifier("prosecutor")
            try database.createCase(item, state: state, childName: name, prosecutor: prosecutor, actor: user.username)
            return .seeOther(Self.confirming("/cases/\(item.id.rawValue)", item.id))
        } catch let problems as IntakeProblems {
            return try intakePage(context: context, form: form, errors: problems.errors.map { $0.message(t) }, status: .unprocessableContent)
        } catch let error as PageError where error.status == .unprocessableContent {
            return try intakePage(context: context, form: form, errors: [error.message(t)], status: .unprocessableContent)
        } catch let error as StoreError where error.code == .invalid || error.code == .conflict {
            // An id taken by a case the user may not see is refused exactly as a malformed id is: "already exists"
            // would confirm that another state has that case.
            if error.code == .conflict, let id, let existing = try database.caseRecord(id: id), !user.canSee(caseState: existing.state) {
                return try intakePage(context: context, form: form, errors: [t("intake.refusedID")], status: .unprocessableContent)
            }
            return try intakePage(
                context: context, form: form, errors: [t.refusal(error.refusal)],
                status: error.code == .conflict ? .conflict : .unprocessableContent)
        }
    }

    /// Every field checked, and every problem reported at once (`IntakeProblems`), so a coordinator corrects the form in
    /// one pass.
    func parseIntake(_ form: Form) throws -> (Case, String, String?) {
        var problems: [PageError] = []
        /// The field's value, or nil with its problem noted; errors other than a field's problem go on up.
        func check<T>(_ body: () throws -> T) throws -> T? {
            do { return try body() } catch let error as PageError where error.status == .unprocessableContent {
                problems.append(error)
                return nil
            }
        }
        let id = try check { () throws -> String in
            let id = try form.required("id", max: IdentifierRule.maxLength)
            // One answer for an id that cannot be used, whatever the reason, so it never tells whether a case exists elsewhere.
            guard IdentifierRule.problem(id) == nil else { throw PageError(.unprocessableContent, key: "intake.refusedID") }
            return id
        }
        let state = try check { try form.identifier("state") }
        let ref = try check { try form.required("childRef", max: 64) }
        let age = try check { try form.int("age", 0...17) }
        let gender = form["gender"]
        if gender != nil && gender != "F" && gender != "M" {
            problems.append(PageError(.unprocessableContent, key: "form.gender", ["field": "gender"]))
        }
        let languages = try check { try Self.spokenLanguages(form) }
        let home = try check { try homePlace(form) }
        let interviewerGender = form["interviewerGender"]
        if interviewerGender != nil && interviewerGender != "F" && interviewerGender != "M" {
            problems.append(PageError(.unprocessableContent, key: "form.gender", ["field": "interviewerGender"]))
        }
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
            let earliest = try check { try date("earliest") }
            let targetBy = try check { try optionalDate("targetBy") }
            let duration = try check { try form.int("durationMinutes", 15...480) }
            if let earliest, let targetBy, let state, let duration {
                if let target = targetBy ?? hooks.interviewTarget(.init(state), earliest) {
                    if earliest <= target {
                        interview = InterviewRequest(durationMinutes: duration, earliest: earliest, targetBy: target)
                    } else {
                        problems.append(PageError(.unprocessableContent, key: "intake.targetBeforeEarliest", ["field": "targetBy"]))
                    }
                } else {
                    problems.append(PageError(.unprocessableContent, key: "intake.noTargetRule", ["field": "targetBy", "state": state]))
                }
            }
        }
        var hearing: HearingRequest?
        let court: String? = try check { try form.optionalIdentifier("court") } ?? nil
        if let court {
            let earliest = try check { try date("hearingEarliest") }
            let registeredOn = try check { try optionalDate("registeredOn") }
            let deadline = try check { try optionalDate("deadline") }
            let days = try check { try form.int("days", 1...60) }
            if let earliest, let registeredOn, let deadline, let days, let state {
                if let due = deadline ?? registeredOn.flatMap({ hooks.disposalTarget(.init(court), .init(state), $0) }) {
                    if earliest <= due {
                        hearing = HearingRequest(
                            court: .init(court), registeredOn: registeredOn, deadline: due, days: days, earliest: earliest,
                            needsVideoLink: form["needsVideoLink"] != nil, needsPsychologist: form["hearingNeedsPsychologist"] != nil)
                    } else {
                        problems.append(PageError(.unprocessableContent, key: "intake.deadlineBeforeEarliest", ["field": "deadline"]))
                    }
                } else {
                    problems.append(PageError(.unprocessableContent, key: "intake.noDeadlineRule", ["field": "deadline", "court": court]))
                }
            }
        }
        var done: Day?
        if form["needsInterview"] == nil, form["interviewDoneOn"] != nil { done = try check { try date("interviewDoneOn") } }
        if form["needsInterview"] == nil && court == nil {
            problems.append(PageError(.unprocessableContent, key: "intake.nothingToPlan", ["field": "needsInterview"]))
        }
        let name = form["childName"]
        if let name, name.count > NameRule.maxLength {
            problems.append(PageError(.unprocessableContent, key: "form.tooLong", ["field": "childName", "max": String(NameRule.maxLength)]))
        } else if let name, NameRule.problem(name) != nil {
            problems.append(PageError(.unprocessableContent, key: "form.name", ["field": "childName"]))
        }
        guard problems.isEmpty, let id, let state, let ref, let age, let languages, let home else { throw IntakeProblems(errors: problems) }
        let child = Child(
            ref: ref, age: age, gender: gender, languages: languages, lat: home.lat, lon: home.lon, interviewerGender: interviewerGender,
            needsPsychologist: form["needsPsychologist"] != nil, needsAccessibleRoom: form["needsAccessibleRoom"] != nil)
        return (Case(id: .init(id), child: child, interview: interview, interviewDoneOn: done, hearing: hearing), state, name)
    }
}

/// Every problem of a submitted intake form, shown together above it.
struct IntakeProblems: Error {
    var errors: [PageError]
}
