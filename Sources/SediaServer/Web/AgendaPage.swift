import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// An officer's or psychologist's week as an agenda, one day after another, made for a phone: each interview's start
/// and end, the centre and where it is, the room, the child's languages and needs, and who else is in the room. The
/// case is named but not linked: staff cannot open case pages.
extension StaffController {
    func addAgendaRoutes(to router: Router<AppRequestContext>) {
        router.get("/agenda") { _, context in try await self.blocking { try self.agendaPage(context: context) } }
    }

    /// Days the agenda shows at once.
    static let agendaDays = 7

    func agendaPage(context: AppRequestContext) throws -> Response {
        let user = try signedIn(context)
        let t = localizer(context)
        guard let person = user.person else { throw PageError.notFound }
        let snapshot = try snapshot()
        let instance = snapshot.instance
        let isPsychologist = instance.psychologists.contains { $0.id.rawValue == person }
        guard isPsychologist || instance.interviewers.contains(where: { $0.id.rawValue == person }) else { throw PageError.notFound }
        var from = today
        if let text = query(context, "from") {
            guard let day = Day(iso: text) else { throw PageError(.badRequest, key: "form.date", ["field": "from", "got": text]) }
            from = day
        }
        let days = (0..<Self.agendaDays).map { from.adding(days: $0) }
        let last = days[days.count - 1]
        var byDay: [Day: [(minute: Int, entry: Markup)]] = [:]
        for b in snapshot.bookings.interviews
        where (b.booking.interviewer.rawValue == person || b.booking.psychologist?.rawValue == person)
            && b.booking.start.day >= from && b.booking.start.day <= last
        {
            byDay[b.booking.start.day, default: []].append((b.booking.start.minute, interviewEntry(b, person: person, snapshot: snapshot, t: t)))
        }
        for h in snapshot.bookings.hearings where h.booking.psychologist?.rawValue == person {
            let court = instance.courts.first { $0.id == h.booking.court }.map(Self.label) ?? h.booking.court.rawValue
            for day in h.booking.dates where day >= from && day <= last {
                byDay[day, default: []].append(
                    (
                        -1,
                        "<li class=\"entry\"><strong>\(t("agenda.courtDay"))</strong> · \(court) · \(t("agenda.case", ["case": h.booking.caseID.rawValue]))</li>"
                            as Markup
                    ))
            }
        }
        let sections = days.map { day -> Markup in
            let entries = (byDay[day] ?? []).sorted { $0.minute < $1.minute }.map(\.entry)
            return """
                <section aria-labelledby="day-\(day.description)"><h2 id="day-\(day.description)">\(t.date(day))\(Markup.when(day == today, " · \(t("agenda.today"))"))</h2>
                \(entries.isEmpty ? ("<p class=\"muted\">\(t("agenda.nothing"))</p>" as Markup) : ("<ul class=\"plain agenda\">\(entries)</ul>" as Markup))</section>
                """
        }
        let body: Markup = """
            <p>\(t("agenda.person", ["person": snapshot.person(person)]))</p>
            <div class="toolbar noprint"><a href="/agenda?from=\(from.adding(days: -Self.agendaDays).description)" rel="prev">← \(t("agenda.previous"))</a> \
            <a href="/agenda?from=\(from.adding(days: Self.agendaDays).description)" rel="next">\(t("agenda.next")) →</a>\
            \(Markup.when(from != today, " · <a href=\"/agenda\">\(t("agenda.backToToday"))</a>"))</div>
            \(sections)
            """
        return page(t("agenda.title"), context, body: body)
    }

    /// One interview: start–end, centre (with a map link from its position), room, the child's languages and needs,
    /// and the other person in the room.
    private func interviewEntry(_ b: StoredInterview, person: String, snapshot: Snapshot, t: Localizer) -> Markup {
        let instance = snapshot.instance
        let centre = instance.centres.first { $0.rooms.contains { $0.id == b.booking.room } }
        let place: Markup =
            centre.map { c -> Markup in
                let state = instance.states.first { $0.code == c.state }?.name ?? c.state.rawValue
                let map = "https://www.openstreetmap.org/?mlat=\(c.lat)&mlon=\(c.lon)#map=17/\(c.lat)/\(c.lon)"
                return
                    "\(Self.label(c)), \(state) · <a href=\"\(map)\" rel=\"noreferrer\">\(t("agenda.map"))<span class=\"sr\"> \(c.id.rawValue)</span></a>"
            } ?? .empty
        let child = snapshot.recordsByID[b.booking.caseID]?.item.child
        var needs: [String] = []
        if let child {
            let names = child.languages.map { code in
                let name = t("language.\(code)")
                return name == "language.\(code)" ? code : name
            }
            needs.append(t("agenda.languages", ["languages": names.joined(separator: ", ")]))
            needs.append(t("case.age", count: child.age))
            if child.needsPsychologist { needs.append(t("case.needsPsychologist")) }
            if child.needsAccessibleRoom { needs.append(t("agenda.accessible")) }
        }
        let other: String
        if b.booking.interviewer.rawValue == person {
            other = t("agenda.psychologist", ["person": b.booking.psychologist.map { snapshot.person($0.rawValue) } ?? t("case.noPsychologist")])
        } else {
            other = t("agenda.officer", ["person": snapshot.person(b.booking.interviewer.rawValue)])
        }
        let start = b.booking.start.minute
        return """
            <li class="entry"><strong>\(t.timeSpan(start, start + b.minutes))</strong> · \(t("agenda.interview")) \(t("agenda.case", ["case": b.booking.caseID.rawValue]))<br>
            \(place)<br>\(t.field("room")): \(b.booking.room.rawValue)<br>\(needs.joined(separator: " · "))<br>\(other)</li>
            """
    }
}
