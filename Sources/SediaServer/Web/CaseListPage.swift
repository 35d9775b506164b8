import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// The case list: search by case id or child reference, filters (state, centre, status, prosecutor, booked, late),
/// pages of `casesPerPage`, and assigning a prosecutor to the selected cases at once.
extension CaseController {
    /// The list's filters as the query gives them; anything else in the query is ignored.
    struct CaseFilter: Equatable {
        var text: String?
        var state: String?
        var centre: Centre.ID?
        /// `interview` (an interview still to hold) or `trial` (waiting for the trial only).
        var status: String?
        /// A prosecutor's id, or `none`.
        var prosecutor: String?
        /// `yes` (everything asked for is booked) or `no`.
        var booked: String?
        var late: Bool
        var page: Int

        var isEmpty: Bool { self == CaseFilter(late: false, page: 1) }

        /// The query of this filter on another page (only the list's own parameters).
        func query(page: Int) -> String {
            let pairs: [(String, String?)] = [
                ("q", text), ("state", state), ("centre", centre?.rawValue), ("status", status), ("prosecutor", prosecutor), ("booked", booked),
                ("late", late ? "yes" : nil), ("page", page > 1 ? String(page) : nil),
            ]
            var parts: [String] = []
            for (name, value) in pairs { if let value { parts.append("\(name)=\(value.queryValue)") } }
            return parts.joined(separator: "&")
        }
    }

    static let casesPerPage = 100

    func caseFilter(_ context: AppRequestContext, _ instance: Instance) throws -> CaseFilter {
        func choice(_ name: String, _ allowed: Set<String>) throws -> String? {
            guard let value = query(context, name), !value.isEmpty else { return nil }
            guard allowed.contains(value) else { throw PageError(.badRequest, key: "cases.badFilter", ["field": name]) }
            return value
        }
        let text = query(context, "q")?.trimmingCharacters(in: .whitespaces).lowercased()
        if let text, text.count > 64 { throw PageError(.badRequest, key: "form.tooLong", ["field": "q", "max": "64"]) }
        let prosecutor = query(context, "prosecutor").flatMap { $0.isEmpty ? nil : $0 }
        if let prosecutor, prosecutor.count > IdentifierRule.maxLength || IdentifierRule.problem(prosecutor) != nil {
            throw PageError(.badRequest, key: "cases.badFilter", ["field": "prosecutor"])
        }
        var page = 1
        if let text = query(context, "page"), !text.isEmpty {
            guard let n = Int(text), (1...10_000).contains(n) else { throw PageError(.badRequest, key: "cases.badFilter", ["field": "page"]) }
            page = n
        }
        return CaseFilter(
            text: text?.isEmpty == true ? nil : text, state: try choice("state", Set(instance.states.map(\.code.rawValue))),
            centre: try choice("centre", Set(instance.centres.map(\.id.rawValue))).map { Centre.ID($0) },
            status: try choice("status", ["interview", "trial"]), prosecutor: prosecutor, booked: try choice("booked", ["yes", "no"]),
            late: try choice("late", ["yes", "no"]) == "yes", page: page)
    }

    /// The cases of `scope` that pass `filter`, in intake order.
    func filteredCases(_ snapshot: Snapshot, scope: String?, filter: CaseFilter) -> [CaseRecord] {
        let today = self.today
        var rooms: Set<Room.ID>?
        if let id = filter.centre, let centre = snapshot.instance.centres.first(where: { $0.id == id }) { rooms = Set(centre.rooms.map(\.id)) }
        return snapshot.records(state: scope).filter { record in
            let c = record.item
            if let text = filter.text, !c.id.rawValue.lowercased().contains(text), !c.child.ref.lowercased().contains(text) { return false }
            if let state = filter.state, record.state != state { return false }
            if let rooms {
                guard let booked = snapshot.interviewsByCase[c.id], rooms.contains(booked.booking.room) else { return false }
            }
            if filter.status == "interview", c.interview == nil { return false }
            if filter.status == "trial", c.interview != nil || c.hearing == nil { return false }
            if let p = filter.prosecutor, (p == "none" ? record.prosecutor != nil : record.prosecutor != p) { return false }
            if let booked = filter.booked, CaseAttention.waiting(record, snapshot) == (booked == "yes") { return false }
            if filter.late, CaseAttention.of(record, snapshot, today: today)?.isLate != true { return false }
            return true
        }
    }

    func casesPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let snapshot = try snapshot()
        let instance = snapshot.instance
        let filter = try caseFilter(context, instance)
        let scope = user.scope.state
        let assigns = user.role == .coordinator || user.role == .admin
        let records = filteredCases(snapshot, scope: scope, filter: filter)
        let pages = max(1, (records.count + Self.casesPerPage - 1) / Self.casesPerPage)
        let page = min(filter.page, pages)
        let shown = records.dropFirst((page - 1) * Self.casesPerPage).prefix(Self.casesPerPage)
        let rows = shown.map { caseRow($0, snapshot, assigns: assigns, t: t) }
        let states = instance.states.filter { user.canSee(caseState: $0.code.rawValue) }
        let centres = instance.centres.filter { user.canSee(caseState: $0.state.rawValue) }
        let prosecutors = try database.prosecutors(state: scope)
        func select(_ name: String, _ label: String, _ options: [(String, String)], _ value: String?) -> Markup {
            """
            <span><label for="f-\(name)">\(label)</label> <select id="f-\(name)" name="\(name)"><option value="">\(t("cases.any"))</option>\
            \(options.map { Tag.option($0.0, $0.1, selected: $0.0 == value) } as [Markup])</select></span>
            """
        }
        let stateChoices: [(String, String)] = states.map { ($0.code.rawValue, $0.name) }
        let centreChoices: [(String, String)] = centres.map { ($0.id.rawValue, Self.label($0)) }
        let statusChoices: [(String, String)] = [("interview", t("cases.status.interview")), ("trial", t("cases.status.trial"))]
        var prosecutorChoices: [(String, String)] = [("none", t("case.noProsecutor"))]
        for p in prosecutors { prosecutorChoices.append((p.id, p.id)) }
        let bookedChoices: [(String, String)] = [("yes", t("cases.booked.yes")), ("no", t("cases.booked.no"))]
        let stateSelect = states.count > 1 ? select("state", t("cases.state"), stateChoices, filter.state) : .empty
        let centreSelect = select("centre", t("cases.centre"), centreChoices, filter.centre?.rawValue)
        let statusSelect = select("status", t("cases.status"), statusChoices, filter.status)
        let prosecutorSelect = select("prosecutor", t.field("prosecutor"), prosecutorChoices, filter.prosecutor)
        let bookedSelect = select("booked", t("cases.booked"), bookedChoices, filter.booked)
        let lateSelect = select("late", t("cases.late"), [("yes", t("cases.late.yes"))], filter.late ? "yes" : nil)
        let prosecutorOptions: [Markup] = prosecutors.map { Tag.option($0.id, $0.id, selected: false) }
        let weekLinks: [Markup] = centres.map { "<a href=\"/week/centre/\($0.id.rawValue)\">\(Self.label($0))</a>" }
        let filters: Markup = """
            <form method="get" action="/cases" class="toolbar noprint" id="case-filters"><span><label for="q">\(t("cases.filter"))</label> \
            <input type="text" id="q" name="q" value="\(filter.text ?? "")" maxlength="64"></span>
            \(stateSelect)
            \(centreSelect)
            \(statusSelect)
            \(prosecutorSelect)
            \(bookedSelect)
            \(lateSelect)
            <button type="submit">\(t("cases.filterButton"))</button>\(Markup.when(!filter.isEmpty, " <a href=\"/cases\">\(t("cases.clear"))</a>"))</form>
            """
        var pager: [Markup] = []
        if page > 1 { pager.append("<a href=\"/cases?\(filter.query(page: page - 1))\" rel=\"prev\">← \(t("cases.previousPage"))</a>") }
        if pages > 1 { pager.append("<span>\(t("cases.pageOf", ["page": String(page), "pages": String(pages)]))</span>") }
        if page < pages { pager.append("<a href=\"/cases?\(filter.query(page: page + 1))\" rel=\"next\">\(t("cases.nextPage")) →</a>") }
        let pagerBar: Markup =
            pager.isEmpty ? .empty : "<nav class=\"toolbar noprint\" aria-label=\"\(t("cases.pages"))\">\(Markup.join(pager, separator: " "))</nav>"
        let assigned = query(context, "assigned").flatMap(Int.init)
        let table: Markup = """
            <div class="scroll"><table>
            <caption class="muted">\(t("cases.caption"))</caption>
            <thead><tr>\(Markup.when(assigns, "<th scope=\"col\"><span class=\"sr\">\(t("cases.select"))</span></th>"))\
            <th scope="col">\(t("cases.case"))</th><th scope="col">\(t("cases.state"))</th><th scope="col">\(t("cases.childRef"))</th>\
            <th scope="col">\(t.field("prosecutor"))</th><th scope="col">\(t("cases.interview"))</th><th scope="col">\(t("cases.trial"))</th></tr></thead>
            <tbody>
            \(Markup.join(rows, separator: "\n"))
            </tbody></table></div>
            """
        let bulk: Markup =
            assigns && !rows.isEmpty
            ? """
            <form method="post" action="/cases/prosecutor" id="bulk-prosecutor">\(Tag.csrf(context.csrf))
            <div class="toolbar noprint"><span><label for="bulk-to">\(t("cases.assignTo"))</label> <select id="bulk-to" name="prosecutor">\
            <option value="">\(t("case.noProsecutor"))</option>\(prosecutorOptions)</select></span>
            <button type="submit" id="bulk-assign">\(t("cases.assign"))</button></div>
            \(table)</form>
            """ : table
        let body: Markup = """
            \(Markup.when(assigned != nil, "<p class=\"notice\" role=\"status\" id=\"message\">\(t("cases.assigned", count: assigned ?? 0))</p>"))
            \(filters)
            <p class="noprint"><a href="/cases/new">\(t("cases.new"))</a> · \(t("cases.weekViews")) \
            \(Markup.join(weekLinks, separator: " · "))</p>
            <p id="case-count">\(t("cases.count", count: records.count))</p>
            \(pagerBar)
            \(bulk)
            \(pagerBar)
            """
        return self.page(t("cases.title"), context, body: body)
    }

    private func caseRow(_ record: CaseRecord, _ snapshot: Snapshot, assigns: Bool, t: Localizer) -> Markup {
        let c = record.item
        let interview: String
        if c.interview == nil {
            interview = c.interviewDoneOn.map { t("case.heldOn", ["date": t.date($0)]) } ?? t("cases.none")
        } else {
            interview = snapshot.interviewsByCase[c.id].map { t.dateTime($0.booking.start) } ?? t("cases.toBook")
        }
        let hearing = c.hearing == nil ? t("cases.none") : (snapshot.hearingsByCase[c.id].map { t.dates($0.booking.dates) } ?? t("cases.toBook"))
        let interviewOpen = c.interview != nil && snapshot.interviewsByCase[c.id] == nil
        let hearingOpen = c.hearing != nil && snapshot.hearingsByCase[c.id] == nil
        let id = c.id.rawValue
        let pick: Markup =
            assigns
            ? "<td><input type=\"checkbox\" name=\"case.\(id)\" value=\"\(record.revision)\" id=\"pick-\(id)\" aria-label=\"\(t("cases.selectCase", ["case": id]))\"></td>"
            : .empty
        return """
            <tr>\(pick)<th scope="row"><a href="/cases/\(id)">\(id)</a></th><td>\(record.state)</td><td>\(c.child.ref)</td><td>\(record.prosecutor ?? "–")</td>\
            <td\(Markup.when(interviewOpen, " class=\"risk\""))>\(interview)</td><td\(Markup.when(hearingOpen, " class=\"risk\""))>\(hearing)</td></tr>
            """
    }

    /// Assigns (or clears) the prosecutor of the selected cases: every case in the user's scope and unchanged since the
    /// list was shown, or nothing.
    func assignProsecutor(_ request: Request, _ form: Form, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        try form.requireCSRF(context)
        let snapshot = try snapshot()
        var picked: [(id: Case.ID, expected: Int)] = []
        for (name, value) in form.fields where name.hasPrefix("case.") {
            let id = Case.ID(String(name.dropFirst("case.".count)))
            // Another state's case answers like a missing one.
            guard let record = snapshot.recordsByID[id], user.canSee(caseState: record.state) else { throw PageError.notFound }
            guard let revision = Int(value), revision >= 0 else {
                throw PageError(.unprocessableContent, key: "form.wholeNumber", ["field": name, "min": "0", "max": String(Int.max), "got": value])
            }
            picked.append((id, revision))
        }
        guard !picked.isEmpty else { throw PageError(.unprocessableContent, key: "cases.noneSelected") }
        let prosecutor = try form.optionalIdentifier("prosecutor")
        try database.setProsecutor(
            cases: picked.sorted { $0.id.rawValue < $1.id.rawValue }, prosecutor: prosecutor, state: user.scope.state,
            actor: user.username)
        return .seeOther("/cases?prosecutor=\((prosecutor ?? "none").queryValue)&assigned=\(picked.count)")
    }
}
