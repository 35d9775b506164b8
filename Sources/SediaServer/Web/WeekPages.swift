import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// Week and day views with a time axis: a centre's rooms, an officer's or a psychologist's bookings, a court's trial
/// days. Holidays and rest days of the state are marked; a coordinator books into an empty slot or moves and cancels
/// a booking from here, with links and forms only (the keyboard is enough).
extension BookingController {
    func addWeekRoutes(to router: Router<AppRequestContext>) {
        router.get("/week") { _, context in try await self.blocking { try self.weekIndex(context: context) } }
        router.get("/week/centre/:id") { request, context in try await self.blocking { try self.centreWeek(request, context: context) } }
        router.get("/week/officer/:id") { request, context in
            try await self.blocking { try self.personWeek(request, context: context, kind: .officer) }
        }
        router.get("/week/psychologist/:id") { request, context in
            try await self.blocking { try self.personWeek(request, context: context, kind: .psychologist) }
        }
        router.get("/week/court/:id") { request, context in try await self.blocking { try self.courtWeek(request, context: context) } }
        router.get("/cases/:id/book-at") { request, context in try await self.blocking { try self.bookAtPage(request, context: context) } }
        router.get("/cases/:id/cancel-confirm") { request, context in
            try await self.blocking { try self.cancelConfirmPage(request, context: context) }
        }
    }

    enum PersonKind: String { case officer, psychologist }

    /// Minutes per row of the time axis.
    static let slotMinutes = 30

    // MARK: Which week

    /// The week asked for (`?week=`, or `?from=` as before), else the first week with bookings from today on; and the
    /// day of a day view (`?day=`).
    func window(_ context: AppRequestContext, weekend: [Weekday], booked: [Day]) throws -> (week: CalendarWeek, day: Day?) {
        if let text = query(context, "day") {
            guard let day = Day(iso: text) else { throw PageError(.badRequest, key: "form.date", ["field": "day", "got": text]) }
            return (CalendarWeek(containing: day, weekend: weekend), day)
        }
        for name in ["week", "from"] {
            if let text = query(context, name) {
                guard let day = Day(iso: text) else { throw PageError(.badRequest, key: "form.date", ["field": name, "got": text]) }
                return (CalendarWeek(containing: day, weekend: weekend), nil)
            }
        }
        return (CalendarWeek.opening(today: today, booked: booked, weekend: weekend), nil)
    }

    /// Where a booking's links (`return=`) come back to: this page with only the parameters that choose what it shows
    /// (week, day, case), never the request's whole query, which would be copied into every cell.
    func returnPath(_ request: Request, _ context: AppRequestContext) -> String {
        let kept = ["week", "from", "day", "case"].compactMap { name in query(context, name).map { (name, $0) } }
        let known = kept.map { "\($0.0)=\($0.1.queryValue)" }.joined(separator: "&")
        return known.isEmpty ? request.uri.path : "\(request.uri.path)?\(known)"
    }

    /// Previous/next links, the date picker and the day/week switch.
    func toolbar(path: String, week: CalendarWeek, day: Day?, extra: [(String, String)], t: Localizer) -> Markup {
        func link(_ params: [(String, String)]) -> String {
            let all = params + extra
            let query = all.map { "\($0.0)=\($0.1.queryValue)" }.joined(separator: "&")
            return query.isEmpty ? path : "\(path)?\(query)"
        }
        let previous: Markup
        let next: Markup
        if let day {
            previous = "<a href=\"\(link([("day", day.adding(days: -1).description)]))\" rel=\"prev\">← \(t("week.previousDay"))</a>"
            next = "<a href=\"\(link([("day", day.adding(days: 1).description)]))\" rel=\"next\">\(t("week.nextDay")) →</a>"
        } else {
            previous = "<a href=\"\(link([("week", week.previous().start.description)]))\" rel=\"prev\">← \(t("week.previousWeek"))</a>"
            next = "<a href=\"\(link([("week", week.next().start.description)]))\" rel=\"next\">\(t("week.nextWeek")) →</a>"
        }
        let hidden = extra.map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">" as Markup }
        let switchView: Markup =
            day == nil
            ? "<a href=\"\(link([("day", (week.days.first { $0 >= today && $0 <= week.end } ?? week.start).description)]))\">\(t("week.dayView"))</a>"
            : "<a href=\"\(link([("week", (day ?? week.start).description)]))\">\(t("week.weekView"))</a>"
        return """
            <div class="toolbar noprint">\(previous) \(next) · \(switchView)
            <form method="get" action="\(path)"><label for="week-date">\(t("week.goTo"))</label>\
            <input type="date" id="week-date" name="\(day == nil ? "week" : "day")" value="\((day ?? week.start).description)">\(hidden)\
            <button type="submit">\(t("week.show"))</button></form></div>
            """
    }

    // MARK: Index

    func weekIndex(context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let snapshot = try snapshot()
        let instance = snapshot.instance
        let stateOf: (Centre.ID) -> String? = { id in instance.centres.first { $0.id == id }?.state.rawValue }
        let centres = instance.centres.filter { user.canSee(caseState: $0.state.rawValue) }
        let officers = instance.interviewers.filter { $0.centres.contains { stateOf($0).map(user.canSee(caseState:)) ?? false } }
        let psychologists = instance.psychologists.filter { $0.centres.contains { stateOf($0).map(user.canSee(caseState:)) ?? false } }
        let courts = instance.courts.filter { user.canSee(caseState: $0.state.rawValue) }
        func list(_ title: String, _ items: [(href: String, label: String)]) -> Markup {
            "<h2>\(title)</h2><ul>\(items.map { "<li><a href=\"\($0.href)\">\($0.label)</a></li>" as Markup })</ul>"
        }
        let body: Markup = """
            \(list(t("week.centres"), centres.map { ("/week/centre/\($0.id.rawValue)", Self.label($0)) }))
            \(list(t("week.officers"), officers.map { ("/week/officer/\($0.id.rawValue)", snapshot.person($0.id.rawValue)) }))
            \(list(t("week.psychologists"), psychologists.map { ("/week/psychologist/\($0.id.rawValue)", snapshot.person($0.id.rawValue)) }))
            \(list(t("week.courts"), courts.map { ("/week/court/\($0.id.rawValue)", Self.label($0)) }))
            """
        return page(t("week.indexTitle"), context, body: body)
    }

    // MARK: Centre

    func centreWeek(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let snapshot = try snapshot()
        let instance = snapshot.instance
        guard let id = context.parameters.get("id"), let centre = instance.centres.first(where: { $0.id.rawValue == id }),
            user.canSee(caseState: centre.state.rawValue)
        else { throw PageError.notFound }
        let rooms = Set(centre.rooms.map(\.id))
        let bookings = snapshot.bookings.interviews.filter { rooms.contains($0.booking.room) }
        let weekend = instance.states.first { $0.code == centre.state }?.weekend ?? [.sat, .sun]
        let (week, day) = try window(context, weekend: weekend, booked: bookings.map(\.booking.start.day))
        // Booking mode: a case chosen on its page ("week of this centre") or to move.
        let canBook = user.role == .coordinator || user.role == .admin
        var chosen: CaseRecord?
        if canBook, let caseText = query(context, "case") {
            guard caseText.count <= 64, let record = snapshot.recordsByID[.init(caseText)], user.canSee(caseState: record.state),
                record.item.interview != nil
            else { throw PageError.notFound }
            chosen = record
        }
        let path = "/week/centre/\(centre.id.rawValue)"
        let here = returnPath(request, context)
        var grid = TimeGrid(
            days: day.map { [$0] } ?? week.days, lanes: centre.rooms.map { ($0.id.rawValue, $0.id.rawValue) }, open: centre.open,
            close: centre.close, state: centre.state, instance: instance, t: t)
        let closures = Dictionary(centre.rooms.map { ($0.id.rawValue, $0.closed) }, uniquingKeysWith: { a, _ in a })
        grid.laneClosed = { day, room in closures[room]?.contains { $0.contains(day) } == true ? t("week.roomClosed") : nil }
        grid.breaks = centre.breaks
        // Only the days shown: a centre has a year of bookings, and drawing every one's cell was most of the page's time.
        let shown = Set(grid.days)
        let items = bookings.filter { shown.contains($0.booking.start.day) }.map { b -> TimeGrid.Item in
            let mine = Self.maySee(user, b.booking.caseID, snapshot)
            return TimeGrid.Item(
                lane: b.booking.room.rawValue, start: b.booking.start, minutes: b.minutes,
                content: mine
                    ? bookingCell(b, showRoom: false, canChange: canBook, back: here, t: t, snapshot: snapshot)
                    : "<span>\(t.timeSpan(b.booking.start.minute, b.booking.start.minute + b.minutes)) · \(t("week.busy"))</span>",
                mine: mine)
        }
        var empty: ((Day, String, Int) -> Markup)?
        // A centre beyond the case's travel limit (rule 2) offers no slot for it.
        let tooFar: (km: Int, limit: Int)? = chosen.flatMap { record in
            let km = Verifier.travelKm(record.item.child.lat, record.item.child.lon, centre.lat, centre.lon)
            return instance.travelLimit(record.item.id).flatMap { km > $0 ? (km, $0) : nil }
        }
        if let chosen, tooFar == nil {
            let moving = snapshot.interviewsByCase[chosen.item.id] != nil
            let caseID = chosen.item.id.rawValue
            // Only the starts where the whole interview fits: room, hours, breaks, window, and someone free to hold it.
            let fit = InterviewSlotFit(
                instance: instance, item: chosen.item,
                interviews: snapshot.bookings.interviews.filter { shown.contains($0.booking.start.day) }.map {
                    .init(booking: $0.booking, minutes: $0.minutes)
                },
                hearings: snapshot.bookings.hearings.lazy.map(\.booking).filter {
                    $0.caseID == chosen.item.id || ($0.psychologist != nil && $0.dates.contains(where: shown.contains))
                },
                days: grid.days, centres: [centre.id])
            empty = { day, lane, minute in
                guard fit.fits(room: .init(lane), start: LocalDateTime(day: day, minute: minute)) else { return .empty }
                let start = LocalDateTime(day: day, minute: minute).description
                let href =
                    "/cases/\(caseID)/book-at?room=\(lane)&start=\(start)&return=\(here.queryValue)"
                return
                    "<a class=\"book\" href=\"\(href)\">\(moving ? t("week.moveHere") : t("week.bookHere"))<span class=\"sr\"> \(t.date(day)), \(t.time(minute)), \(lane)</span></a>"
            }
        }
        let banner: Markup =
            chosen.map { record in
                "<p class=\"notice\" role=\"status\">\(t(snapshot.interviewsByCase[record.item.id] != nil ? "week.movingCase" : "week.bookingCase", ["case": record.item.id.rawValue, "length": t.minutes(record.item.interview?.durationMinutes ?? 0)])) <a href=\"\(path)?week=\(week.start.description)\">\(t("week.stopBooking"))</a></p>"
            } ?? .empty
        let far: Markup =
            tooFar.map {
                "<p class=\"error\" role=\"alert\">\(t("week.tooFar", ["centre": centre.id.rawValue, "km": String($0.km), "limit": String($0.limit)]))</p>"
            }
            ?? .empty
        let body: Markup = """
            \(banner)
            \(far)
            \(toolbar(path: path, week: week, day: day, extra: chosen.map { [("case", $0.item.id.rawValue)] } ?? [], t: t))
            <h2>\(day.map { t.date($0) } ?? t("week.range", ["from": t.date(week.start), "to": t.date(week.end)]))</h2>
            \(grid.render(items: items, empty: empty))
            """
        return page(t("week.centreTitle", ["centre": Self.label(centre)]), context, body: body)
    }

    /// A booking in the grid: time, case, officer or room, and (for coordinators) move and cancel.
    func bookingCell(
        _ b: StoredInterview, showRoom: Bool, canChange: Bool, back: String, t: Localizer, snapshot: Snapshot, linksCase: Bool = true
    ) -> Markup {
        let caseID = b.booking.caseID.rawValue
        let centre = showRoom ? b.booking.room.rawValue : snapshot.person(b.booking.interviewer.rawValue)
        let encodedBack = back.queryValue
        let actions: Markup =
            canChange
            ? " <a href=\"/cases/\(caseID)/cancel-confirm?task=interview&return=\(encodedBack)\">\(t("week.cancel"))<span class=\"sr\"> \(caseID)</span></a>"
            : .empty
        // Moving opens the booking's own week in booking mode.
        let move: Markup =
            canChange && !showRoom
            ? " <a href=\"?case=\(caseID)&amp;week=\(b.booking.start.day.description)\">\(t("week.move"))<span class=\"sr\"> \(caseID)</span></a>"
            : .empty
        return """
            <span>\(t.timeSpan(b.booking.start.minute, b.booking.start.minute + b.minutes))</span><br>\
            \(linksCase ? "<a href=\"/cases/\(caseID)\">\(caseID)</a>" as Markup : "\(caseID)") · \(centre)\(b.booking.psychologist.map { " · \(snapshot.person($0.rawValue))" } ?? "")\(move)\(actions)
            """
    }

    // MARK: A person

    func personWeek(_ request: Request, context: AppRequestContext, kind: PersonKind) throws -> Response {
        let user = try signedIn(context)
        let t = localizer(context)
        let snapshot = try snapshot()
        let instance = snapshot.instance
        guard let id = context.parameters.get("id"), id.count <= 64 else { throw PageError.notFound }
        let centreIDs: [Centre.ID]
        let away: [DayRange]
        switch kind {
        case .officer:
            guard let p = instance.interviewers.first(where: { $0.id.rawValue == id }) else { throw PageError.notFound }
            (centreIDs, away) = (p.centres, p.unavailable)
        case .psychologist:
            guard let p = instance.psychologists.first(where: { $0.id.rawValue == id }) else { throw PageError.notFound }
            (centreIDs, away) = (p.centres, p.unavailable)
        }
        let centres = centreIDs.compactMap { c in instance.centres.first { $0.id == c } }
        if user.role == .staff {
            guard user.person == id else { throw PageError.notFound }
        } else {
            guard centres.contains(where: { user.canSee(caseState: $0.state.rawValue) }) else { throw PageError.notFound }
        }
        let state = centres.first?.state ?? instance.states.first?.code ?? "MY-01"
        let weekend = instance.states.first { $0.code == state }?.weekend ?? [.sat, .sun]
        let bookings = snapshot.bookings.interviews.filter { $0.booking.interviewer.rawValue == id || $0.booking.psychologist?.rawValue == id }
        let hearings = snapshot.bookings.hearings.filter { $0.booking.psychologist?.rawValue == id }
        let (week, day) = try window(context, weekend: weekend, booked: bookings.map(\.booking.start.day) + hearings.flatMap(\.booking.dates))
        let canBook = user.role == .coordinator || user.role == .admin
        var grid = TimeGrid(
            days: day.map { [$0] } ?? week.days, lanes: [(id, id)], open: centres.map(\.open).min() ?? 480, close: centres.map(\.close).max() ?? 1020,
            state: state, instance: instance, t: t)
        // Leave, imported or entered on the web, reads the same.
        grid.laneClosed = { day, _ in away.contains { $0.contains(day) } ? t("week.away") : nil }
        let shown = Set(grid.days)
        let here = returnPath(request, context)
        var items = bookings.filter { shown.contains($0.booking.start.day) }.map { b -> TimeGrid.Item in
            // Staff see their own bookings; others see another state's case as busy time only.
            let mine = user.role == .staff || Self.maySee(user, b.booking.caseID, snapshot)
            return TimeGrid.Item(
                lane: id, start: b.booking.start, minutes: b.minutes,
                content: mine
                    ? bookingCell(b, showRoom: true, canChange: canBook, back: here, t: t, snapshot: snapshot, linksCase: user.role != .staff)
                    : "<span>\(t.timeSpan(b.booking.start.minute, b.booking.start.minute + b.minutes)) · \(t("week.busy"))</span>", mine: mine)
        }
        for h in hearings {
            for d in h.booking.dates where shown.contains(d) {
                let mine = user.role == .staff || Self.maySee(user, h.booking.caseID, snapshot)
                // Staff cannot open case pages: their own court days name the case without a link (it was a 403).
                let caseText: Markup =
                    user.role == .staff
                    ? "\(h.booking.caseID.rawValue)" : "<a href=\"/cases/\(h.booking.caseID.rawValue)\">\(h.booking.caseID.rawValue)</a>"
                items.append(
                    TimeGrid.Item(
                        lane: id, start: LocalDateTime(day: d, minute: grid.open), minutes: grid.close - grid.open,
                        content: mine
                            ? "<span>\(t("week.courtDay"))</span><br>\(caseText) · \(h.booking.court.rawValue)"
                            : "<span>\(t("week.busy"))</span>",
                        mine: mine))
            }
        }
        let path = "/week/\(kind.rawValue)/\(id)"
        let body: Markup = """
            \(toolbar(path: path, week: week, day: day, extra: [], t: t))
            <h2>\(day.map { t.date($0) } ?? t("week.range", ["from": t.date(week.start), "to": t.date(week.end)]))</h2>
            \(grid.render(items: items, empty: nil))
            """
        return page(t(kind == .officer ? "week.officerTitle" : "week.psychologistTitle", ["person": snapshot.person(id)]), context, body: body)
    }

    // MARK: A court

    func courtWeek(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let snapshot = try snapshot()
        let instance = snapshot.instance
        guard let id = context.parameters.get("id"), let court = instance.courts.first(where: { $0.id.rawValue == id }),
            user.canSee(caseState: court.state.rawValue)
        else { throw PageError.notFound }
        let hearings = snapshot.bookings.hearings.filter { $0.booking.court == court.id }
        let weekend = instance.states.first { $0.code == court.state }?.weekend ?? [.sat, .sun]
        let (week, day) = try window(context, weekend: weekend, booked: hearings.flatMap(\.booking.dates))
        let days = day.map { [$0] } ?? week.days
        let cells = days.map { d -> Markup in
            let holiday = instance.holiday(on: d, state: court.state)
            let closed = court.closed.contains { $0.contains(d) }
            let sitting = court.sittingDays.contains(d.weekday)
            var lines: [Markup] = []
            if let holiday { lines.append("<p class=\"closed\">\(t("week.holiday", ["name": holiday.name ?? ""]))</p>") }
            if instance.isRestDay(d, state: court.state) {
                lines.append("<p class=\"closed\">\(t("week.restDay"))</p>")
            } else if closed {
                lines.append("<p class=\"closed\">\(t("week.courtClosed"))</p>")
            } else if !sitting {
                lines.append("<p class=\"muted\">\(t("week.notSitting"))</p>")
            }
            let today = hearings.filter { $0.booking.dates.contains(d) }
            for h in today {
                let mine = Self.maySee(user, h.booking.caseID, snapshot)
                lines.append(
                    mine
                        ? "<p class=\"cell\"><a href=\"/cases/\(h.booking.caseID.rawValue)\">\(h.booking.caseID.rawValue)</a>\(h.booking.psychologist.map { " · \(snapshot.person($0.rawValue))" } ?? "")</p>"
                        : "<p class=\"cell\">\(t("week.busy"))</p>")
            }
            if sitting, holiday == nil, !closed, !instance.isRestDay(d, state: court.state) {
                lines.append("<p class=\"small\">\(t("week.hearingsCount", ["n": String(today.count), "max": String(court.hearingsPerDay)]))</p>")
            }
            return "<tr><th scope=\"row\"><a href=\"/week/court/\(id)?day=\(d.description)\">\(t.date(d))</a></th><td>\(lines)</td></tr>"
        }
        let body: Markup = """
            \(toolbar(path: "/week/court/\(id)", week: week, day: day, extra: [], t: t))
            <div class="scroll"><table><caption>\(Self.label(court))</caption>
            <thead><tr><th scope="col">\(t("week.day"))</th><th scope="col">\(t("week.trials"))</th></tr></thead><tbody>
            \(cells)
            </tbody></table></div>
            """
        return page(t("week.courtTitle", ["court": Self.label(court)]), context, body: body)
    }
}
