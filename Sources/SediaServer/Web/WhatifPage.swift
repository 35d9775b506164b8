import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// Capacity questions from the web, as `sedia whatif` asks them: the coordinator lists changes in words (one more
/// interviewer at a centre, a room, a court sitting day, an officer leaving, more cases), then asks either "what would
/// these change?" or "which additions would help most?". The planner answers in the background (`WhatifJobs`); the
/// page follows its progress and shows the measures side by side when it is done. Nothing is booked.
extension PlanningController {
    func addWhatifRoutes(to router: Router<AppRequestContext>) {
        router.get("/whatif") { request, context in try await self.blocking { try self.whatifPage(request, context: context) } }
        postForm(router, "/whatif/start") { request, form, context in try self.whatifStart(form, context: context) }
        postForm(router, "/whatif/cancel") { request, form, context in try self.whatifCancel(form, context: context) }
    }

    var whatifJobs: WhatifJobs { dependencies.whatifJobs }

    /// At most this many changes in one question.
    static let maxWhatifChanges = 10

    func whatifPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        if let text = query(context, "job") {
            guard let status = whatifJobs.status(JobID(text)), Self.mayFollow(user, scope: status.scope) else { throw PageError.notFound }
            return whatifStatus(status, job: text, context: context)
        }
        let snapshot = try snapshot()
        let specs = query(context, "changes").map(Self.specList) ?? []
        // The list as checked, each change written back in its own words (`description`), which is also its spec.
        var listed: [CapacityChange] = []
        var error: String?
        var status: HTTPResponse.Status = .ok
        do {
            listed = try whatifChanges(specs, user: user, instance: snapshot.instance, t: t)
            if let removed = query(context, "remove") { listed.removeAll { $0.description == removed } }
            if let kind = query(context, "add") {
                let spec = try Self.spec(kind: kind, context: context, query: query)
                let all = try whatifChanges(listed.map(\.description) + [spec], user: user, instance: snapshot.instance, t: t)
                guard listed.count < Self.maxWhatifChanges else {
                    throw PageError(.unprocessableContent, key: "whatif.tooMany", ["max": String(Self.maxWhatifChanges)])
                }
                if let added = all.last, !listed.contains(added) { listed.append(added) }
            }
        } catch let problem as PageError {
            error = problem.message(t)
            status = problem.status
        }
        return whatifForm(user, listed: listed, snapshot: snapshot, error: error, status: status, context: context)
    }

    /// A national user follows every question; a state coordinator their state's.
    static func mayFollow(_ user: User, scope: String?) -> Bool { user.scope.covers(scope) }

    /// "a b c" (the list the page carries in one field) → specs.
    static func specList(_ text: String) -> [String] { text.split(separator: " ").map(String.init).filter { !$0.isEmpty } }

    /// The spec one of the page's "add" forms describes.
    static func spec(kind: String, context: AppRequestContext, query: (AppRequestContext, String) -> String?) throws -> String {
        func id(_ name: String) throws -> String {
            guard let v = query(context, name), !v.isEmpty else { throw PageError(.unprocessableContent, key: "form.required", ["field": name]) }
            guard IdentifierRule.problem(v) == nil else { throw PageError(.unprocessableContent, key: "form.identifier", ["field": name]) }
            return v
        }
        switch kind {
        case "interviewer":
            var spec = "+interviewer@" + (try id("centre"))
            if let languages = query(context, "languages")?.trimmingCharacters(in: .whitespaces), !languages.isEmpty {
                let list = languages.split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.lowercased() }
                guard !list.isEmpty, list.count <= 10, list.allSatisfy({ $0.count <= 12 && $0.allSatisfy { $0.isLetter || $0 == "-" } }) else {
                    throw PageError(.unprocessableContent, key: "whatif.badLanguages", ["field": "languages"])
                }
                spec += ":lang=" + list.joined(separator: ",")
            }
            switch query(context, "gender") {
            case "F"?: spec += ":gender=F"
            case "M"?: spec += ":gender=M"
            case nil, ""?: break
            default: throw PageError(.unprocessableContent, key: "form.choice", ["field": "gender"])
            }
            return spec
        case "psychologist": return "+psychologist@" + (try id("centre"))
        case "room": return "+room@" + (try id("centre")) + (query(context, "accessible") == "1" ? ":accessible" : "")
        case "sitting-day":
            guard let day = query(context, "weekday").flatMap(Weekday.init(rawValue:)) else {
                throw PageError(.unprocessableContent, key: "form.choice", ["field": "weekday"])
            }
            return "+sitting-day@" + (try id("court")) + ":" + day.rawValue
        case "leaves": return "-interviewer:" + (try id("officer"))
        case "cases":
            guard let text = query(context, "percent"), let n = Int(text), (1...500).contains(n) else {
                throw PageError(
                    .unprocessableContent, key: "form.wholeNumber",
                    ["field": "percent", "min": "1", "max": "500", "got": query(context, "percent") ?? ""])
            }
            return "+cases:\(n)%"
        default: throw PageError(.badRequest, key: "form.choice", ["field": "add"])
        }
    }

    /// The changes the specs name, each checked against the data and the user's state (a state coordinator asks about
    /// their own centres, courts and officers); refused in words naming what is wrong.
    func whatifChanges(_ specs: [String], user: User, instance: Instance, t: Localizer) throws -> [CapacityChange] {
        guard specs.count <= Self.maxWhatifChanges else {
            throw PageError(.unprocessableContent, key: "whatif.tooMany", ["max": String(Self.maxWhatifChanges)])
        }
        let scope = user.scope
        var changes: [CapacityChange] = []
        var trial = instance
        for spec in specs {
            let change: CapacityChange
            do { change = try CapacityChange.parse(spec) } catch { throw PageError(.unprocessableContent, key: "whatif.badChange") }
            func centre(_ id: Centre.ID) throws {
                guard let c = instance.centres.first(where: { $0.id == id }), scope.contains(c.state) else {
                    throw PageError(.unprocessableContent, key: "whatif.unknownPlace", ["field": "centre"])
                }
            }
            switch change {
            case .addInterviewer(let c, _, _), .addPsychologist(let c, _, _), .addRoom(let c, _): try centre(c)
            case .addSittingDay(let id, let day):
                guard let court = instance.courts.first(where: { $0.id == id }), scope.contains(court.state) else {
                    throw PageError(.unprocessableContent, key: "whatif.unknownPlace", ["field": "court"])
                }
                if court.sittingDays.contains(day) {
                    throw PageError(.unprocessableContent, key: "whatif.alreadySits", ["court": Self.label(court), "day": t.weekday(day)])
                }
                if instance.states.first(where: { $0.code == court.state })?.weekend.contains(day) == true {
                    throw PageError(.unprocessableContent, key: "whatif.restDay", ["court": Self.label(court), "day": t.weekday(day)])
                }
            case .removeInterviewer(let id):
                guard let officer = instance.interviewers.first(where: { $0.id == id }),
                    scope.isNational
                        || officer.centres.contains(where: { c in instance.centres.first { $0.id == c }.map { scope.contains($0.state) } ?? false })
                else { throw PageError(.unprocessableContent, key: "whatif.unknownOfficer", ["field": "officer"]) }
            case .addCases: break
            }
            // Checked on the data as the earlier changes leave it (a court given the same day twice, an officer removed
            // twice); more cases are generated only when the question runs.
            if case .addCases = change {
            } else {
                do { trial = try change.apply(to: trial) } catch { throw PageError(.unprocessableContent, error.message) }
            }
            changes.append(change)
        }
        return changes
    }

    /// A change in a coordinator's words.
    func describe(_ change: CapacityChange, t: Localizer, snapshot: Snapshot) -> String {
        let instance = snapshot.instance
        func centre(_ id: Centre.ID) -> String { instance.centres.first { $0.id == id }.map(Self.label) ?? id.rawValue }
        switch change {
        case .addInterviewer(let c, let languages, let gender):
            var text = t("whatif.change.interviewer", ["centre": centre(c)])
            if let languages { text += " · " + t("whatif.languages", ["languages": languages.joined(separator: ", ")]) }
            if gender == "F" { text += " · " + t("whatif.woman") } else if gender == "M" { text += " · " + t("whatif.man") }
            return text
        case .addPsychologist(let c, _, _): return t("whatif.change.psychologist", ["centre": centre(c)])
        case .addRoom(let c, let accessible):
            return t("whatif.change.room", ["centre": centre(c)]) + (accessible ? " · " + t("whatif.accessible") : "")
        case .addSittingDay(let id, let day):
            let court = instance.courts.first { $0.id == id }.map(Self.label) ?? id.rawValue
            return t("whatif.change.sittingDay", ["court": court, "day": t.weekday(day)])
        case .removeInterviewer(let id): return t("whatif.change.leaves", ["officer": snapshot.person(id.rawValue)])
        case .addCases(let percent): return t("whatif.change.cases", ["percent": String(percent)])
        }
    }

    func whatifForm(
        _ user: User, listed: [CapacityChange], snapshot: Snapshot, error: String?, status: HTTPResponse.Status, context: AppRequestContext
    ) -> Response {
        let t = localizer(context)
        let instance = snapshot.instance
        let scope = user.scope
        let centres = instance.centres.filter { scope.contains($0.state) }
        let courts = instance.courts.filter { scope.contains($0.state) }
        let stateCentres = Set(centres.map(\.id))
        let officers = instance.interviewers.filter { scope.isNational || $0.centres.contains(where: stateCentres.contains) }
        let joined = listed.map(\.description).joined(separator: " ")
        let keep: Markup = "<input type=\"hidden\" name=\"changes\" value=\"\(joined)\">"
        let rows = listed.map { change -> Markup in
            let words = describe(change, t: t, snapshot: snapshot)
            return """
                <li>\(words) <form method="get" action="/whatif" class="inline">\(keep)\
                <input type="hidden" name="remove" value="\(change.description)"><button type="submit">\(t("whatif.remove"))<span class="sr"> \
                \(words)</span></button></form></li>
                """
        }
        let list: Markup =
            listed.isEmpty ? "<p class=\"muted\">\(t("whatif.none"))</p>" : "<ol class=\"changes\">\(Markup.join(rows))</ol>"
        let centreOptions = Markup.join(centres.map { Tag.option($0.id.rawValue, Self.label($0), selected: false) })
        let courtOptions = Markup.join(courts.map { Tag.option($0.id.rawValue, Self.label($0), selected: false) })
        let officerOptions = Markup.join(officers.map { Tag.option($0.id.rawValue, snapshot.person($0.id.rawValue), selected: false) })
        let weekdayOptions = Markup.join(Weekday.allCases.map { Tag.option($0.rawValue, t.weekday($0), selected: false) })
        let objectives = Markup.join(
            CapacityObjective.allCases.map { Tag.option($0.rawValue, t("whatif.objective.\($0.rawValue)"), selected: $0 == .late) })
        let addForms: Markup = """
            <div class="cards">
            <form method="get" action="/whatif" class="stack"><fieldset><legend>\(t("whatif.add.interviewer"))</legend>\(keep)
            <input type="hidden" name="add" value="interviewer">
            <label for="iv-centre">\(t("field.centre"))</label><select id="iv-centre" name="centre">\(centreOptions)</select>
            <label for="iv-languages">\(t("field.languages"))</label><input type="text" id="iv-languages" name="languages" maxlength="60" \
            aria-describedby="iv-languages-help"><small id="iv-languages-help">\(t("whatif.languagesHelp"))</small>
            <label for="iv-gender">\(t("field.gender"))</label><select id="iv-gender" name="gender">\(Tag.option("", t("whatif.anyGender"), selected: true))\
            \(Tag.option("F", t("whatif.woman"), selected: false))\(Tag.option("M", t("whatif.man"), selected: false))</select>
            <button type="submit">\(t("whatif.addToList"))</button></fieldset></form>
            <form method="get" action="/whatif" class="stack"><fieldset><legend>\(t("whatif.add.psychologist"))</legend>\(keep)
            <input type="hidden" name="add" value="psychologist">
            <label for="psy-centre">\(t("field.centre"))</label><select id="psy-centre" name="centre">\(centreOptions)</select>
            <button type="submit">\(t("whatif.addToList"))</button></fieldset></form>
            <form method="get" action="/whatif" class="stack"><fieldset><legend>\(t("whatif.add.room"))</legend>\(keep)
            <input type="hidden" name="add" value="room">
            <label for="room-centre">\(t("field.centre"))</label><select id="room-centre" name="centre">\(centreOptions)</select>
            <label><input type="checkbox" name="accessible" value="1"> \(t("whatif.accessible"))</label>
            <button type="submit">\(t("whatif.addToList"))</button></fieldset></form>
            <form method="get" action="/whatif" class="stack"><fieldset><legend>\(t("whatif.add.sittingDay"))</legend>\(keep)
            <input type="hidden" name="add" value="sitting-day">
            <label for="sd-court">\(t("field.court"))</label><select id="sd-court" name="court">\(courtOptions)</select>
            <label for="sd-weekday">\(t("field.weekday"))</label><select id="sd-weekday" name="weekday">\(weekdayOptions)</select>
            <button type="submit">\(t("whatif.addToList"))</button></fieldset></form>
            <form method="get" action="/whatif" class="stack"><fieldset><legend>\(t("whatif.add.leaves"))</legend>\(keep)
            <input type="hidden" name="add" value="leaves">
            <label for="lv-officer">\(t("field.officer"))</label><select id="lv-officer" name="officer">\(officerOptions)</select>
            <button type="submit">\(t("whatif.addToList"))</button></fieldset></form>
            <form method="get" action="/whatif" class="stack"><fieldset><legend>\(t("whatif.add.cases"))</legend>\(keep)
            <input type="hidden" name="add" value="cases">
            <label for="cases-percent">\(t("field.percent"))</label><input type="number" id="cases-percent" name="percent" min="1" max="500" value="10">
            <button type="submit">\(t("whatif.addToList"))</button></fieldset></form>
            </div>
            """
        let scopeLine: Markup = scope.state.map { "<p>\(t("whatif.ownState", ["state": $0]))</p>" } ?? .empty
        let body: Markup = """
            <p>\(t("whatif.intro"))</p>
            \(scopeLine)
            \(Tag.error(error))
            <h2>\(t("whatif.listTitle"))</h2>
            \(list)
            <form method="post" action="/whatif/start" class="stack">\(Tag.csrf(context.csrf))\(keep)
            <fieldset><legend>\(t("whatif.ask"))</legend>
            <label><input type="radio" name="mode" value="compare" checked> \(t("whatif.mode.compare"))</label>
            <label><input type="radio" name="mode" value="recommend"> \(t("whatif.mode.recommend"))</label>
            <label for="budget">\(t("field.budget"))</label><input type="number" id="budget" name="budget" min="1" max="5" value="3">
            <label for="objective">\(t("field.objective"))</label><select id="objective" name="objective">\(objectives)</select>
            </fieldset>
            <p><button type="submit" class="primary" id="start-whatif">\(t("whatif.start"))</button></p>
            </form>
            <h2>\(t("whatif.addTitle"))</h2>
            \(addForms)
            """
        return page(t("whatif.title"), context, status: status, body: body)
    }

    func whatifStart(_ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        try form.requireCSRF(context)
        let instance = try snapshot().instance
        let specs = Self.specList(try form.optional("changes", max: 1000) ?? "")
        let changes = try whatifChanges(specs, user: user, instance: instance, t: localizer(context))
        let mode: WhatifQuestion.Mode
        switch form["mode"] ?? "compare" {
        case "compare":
            guard !changes.isEmpty else { throw PageError(.unprocessableContent, key: "whatif.nothingToCompare") }
            mode = .compare
        case "recommend":
            guard let objective = form["objective"].flatMap(CapacityObjective.init(rawValue:)) else {
                throw PageError(.unprocessableContent, key: "form.choice", ["field": "objective"])
            }
            mode = .recommend(budget: try form.int("budget", 1...5), objective: objective)
        default: throw PageError(.unprocessableContent, key: "form.choice", ["field": "mode"])
        }
        try requireJobStart(user)
        let generator = dependencies.rules.map { GeneratorRules(book: $0.book, calendars: $0.calendars) } ?? .builtIn
        let question = WhatifQuestion(
            instance: instance, scope: user.scope.state, changes: changes, mode: mode,
            iterations: dependencies.configuration.whatifIterations, generator: generator)
        let id = whatifJobs.start(question)
        return .seeOther("/whatif?job=\(id.rawValue)")
    }

    func whatifCancel(_ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        try form.requireCSRF(context)
        let job = JobID(try form.required("job", max: 64))
        guard let status = whatifJobs.status(job), Self.mayFollow(user, scope: status.scope) else { throw PageError.notFound }
        whatifJobs.cancel(job)
        return .seeOther("/whatif?job=\(job.rawValue)")
    }

    func whatifStatus(_ status: JobStatus<WhatifAnswer>, job: String, context: AppRequestContext) -> Response {
        let t = localizer(context)
        let again: Markup = "<p><a href=\"/whatif\">\(t("whatif.again"))</a></p>"
        switch status.state {
        case .running:
            let body = runningJob(
                t("whatif.running", ["percent": Self.percent(status.progress)]), progress: status.progress, label: t("whatif.progress"),
                note: t("whatif.refreshes"), cancel: "/whatif/cancel", job: job, button: t("whatif.cancel"), context: context)
            return page(t("whatif.title"), context, body: body, refresh: 2)
        case .failed(let why):
            return page(t("whatif.title"), context, body: "\(Tag.error(t("whatif.failed", ["why": t.jobFailure(why)])))\(again)")
        case .cancelled:
            return page(t("whatif.title"), context, body: "<p>\(t("whatif.cancelled"))</p>\(again)")
        case .done:
            guard let answer = status.output else { return page(t("whatif.title"), context, body: again) }
            return page(t("whatif.title"), context, body: whatifAnswer(answer, t: t) + again)
        }
    }

    func whatifAnswer(_ answer: WhatifAnswer, t: Localizer) -> Markup {
        let snapshot = try? self.snapshot()
        let changes = answer.changes.map { change -> Markup in
            "<li>\(snapshot.map { describe(change, t: t, snapshot: $0) } ?? change.description)</li>"
        }
        let afterHead: String
        var intro: Markup
        switch answer.mode {
        case .compare:
            afterHead = t("whatif.withChanges")
            intro = "<p>\(t("whatif.compared"))</p><ol>\(Markup.join(changes))</ol>"
        case .recommend:
            afterHead = t("whatif.withAdditions")
            intro = changes.isEmpty ? "" : "<p>\(t("whatif.scenario"))</p><ol>\(Markup.join(changes))</ol>"
            let steps = (answer.recommendations ?? []).map { step -> Markup in
                let text = snapshot.map { describe(step.change, t: t, snapshot: $0) } ?? step.change.description
                let effect = t(
                    "whatif.stepEffect",
                    [
                        "before": String(step.before.missedHearings), "after": String(step.after.missedHearings),
                        "ivBefore": String(step.before.missedInterviews), "ivAfter": String(step.after.missedInterviews),
                    ])
                return "<li>\(text): \(effect)\(Self.stepBound(step.after, t: t))</li>"
            }
            intro += steps.isEmpty ? "<p>\(t("whatif.noHelp"))</p>" : "<h2>\(t("whatif.recommended"))</h2><ol>\(Markup.join(steps))</ol>"
        }
        let instance = snapshot?.instance
        func proven(_ m: CapacityMetrics, _ state: String?) -> [(key: String, value: Double, isCount: Bool)] {
            instance.map { Self.boundRows(m, state: state, instance: $0) } ?? []
        }
        let table = Self.metricsTable(
            caption: t("whatif.caption"), before: Self.rows(answer.before) + proven(answer.before, nil),
            after: Self.rows(answer.after) + proven(answer.after, nil), afterHead: afterHead, t: t)
        var stateTable: Markup = .empty
        if let state = answer.scope {
            let before = Self.rows(answer.before.perState[state] ?? GroupMetrics()) + proven(answer.before, state)
            let after = Self.rows(answer.after.perState[state] ?? GroupMetrics()) + proven(answer.after, state)
            stateTable = Self.metricsTable(
                caption: t("whatif.stateCaption", ["state": state]), before: before, after: after, afterHead: afterHead, t: t)
        }
        return """
            \(intro)
            \(table)
            \(stateTable)
            \(instance.map { Self.whatifBound(answer, afterHead: afterHead, t: t, instance: $0) } ?? .empty)
            <p class="muted">\(t("whatif.solves", ["n": String(answer.solves), "iterations": String(answer.iterations)]))</p>
            """
    }

    /// The measures a coordinator reads, by their translation keys: counts (fewer is better) and waits in working days.
    static func rows(_ m: CapacityMetrics) -> [(key: String, value: Double, isCount: Bool)] {
        [
            ("whatif.m.trialsMissed", Double(m.missedHearings), true), ("whatif.m.trialsUnplaced", Double(m.unassignedHearings), true),
            ("whatif.m.interviewsMissed", Double(m.missedInterviews), true), ("whatif.m.unplaced", Double(m.unassigned), true),
            ("whatif.m.interviewWait", m.interviewWaitMean, false), ("whatif.m.interviewWait90", m.interviewWaitP90, false),
            ("whatif.m.trialWait", m.hearingWaitMean, false), ("whatif.m.trialWait90", m.hearingWaitP90, false),
        ]
    }

    static func rows(_ m: GroupMetrics) -> [(key: String, value: Double, isCount: Bool)] {
        [
            ("whatif.m.trialsLate", Double(m.lateHearings), true), ("whatif.m.interviewsLate", Double(m.lateInterviews), true),
            ("whatif.m.unplaced", Double(m.unassigned), true), ("whatif.m.interviewWait", m.interviewWaitMean, false),
            ("whatif.m.trialWait", m.hearingWaitMean, false),
        ]
    }

    static func metricsTable(
        caption: String, before: [(key: String, value: Double, isCount: Bool)], after: [(key: String, value: Double, isCount: Bool)],
        afterHead: String, t: Localizer
    ) -> Markup {
        func number(_ v: Double, _ isCount: Bool) -> String { isCount ? String(Int(v)) : String(format: "%.1f", v) }
        let rows = zip(before, after).map { b, a -> Markup in
            let change = a.value - b.value
            let sign = change > 0 ? "+" : ""
            let words = change == 0 ? t("whatif.same") : change < 0 ? t("whatif.better") : t("whatif.worse")
            return """
                <tr><th scope="row">\(t(b.key))</th><td>\(number(b.value, b.isCount))</td><td>\(number(a.value, a.isCount))</td>\
                <td>\(sign + number(change, b.isCount)) (\(words))</td></tr>
                """
        }
        return """
            <div class="scroll" role="region" aria-label="\(caption)" tabindex="0"><table><caption>\(caption)</caption>
            <thead><tr><th scope="col">\(t("whatif.measure"))</th><th scope="col">\(t("whatif.asItIs"))</th><th scope="col">\(afterHead)</th>\
            <th scope="col">\(t("whatif.difference"))</th></tr></thead>
            <tbody>\(Markup.join(rows))</tbody></table></div>
            """
    }
}
