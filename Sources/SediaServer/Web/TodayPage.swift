import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// A coordinator's start page: today's and tomorrow's interviews at their centres, the cases waiting to be booked
/// (longest waiting first), the late or at-risk cases each with the one thing to do next, and mail that could not be
/// sent. A state coordinator sees their state; a national coordinator and an administrator every state.
extension ReportsController {
    func addTodayRoutes(to router: Router<AppRequestContext>) {
        router.get("/today") { _, context in try await self.blocking { try self.todayPage(context: context) } }
    }

    /// Rows each list shows before pointing to the case list for the rest.
    static let todayListLength = 25

    func todayPage(context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        let snapshot = try snapshot()
        let today = self.today
        let tomorrow = today.adding(days: 1)
        let scope = user.scope.state
        let records = snapshot.records(state: scope)

        // Today's and tomorrow's interviews at the centres of the scope.
        let centreByRoom = Dictionary(
            snapshot.instance.centres.flatMap { centre in centre.rooms.map { ($0.id, centre) } }, uniquingKeysWith: { a, _ in a })
        var soon: [StoredInterview] = []
        for b in snapshot.bookings.interviews where b.booking.start.day == today || b.booking.start.day == tomorrow {
            guard let centre = centreByRoom[b.booking.room], user.scope.contains(centre.state) else { continue }
            soon.append(b)
        }
        soon.sort { a, b in a.booking.start != b.booking.start ? a.booking.start < b.booking.start : a.booking.room.rawValue < b.booking.room.rawValue
        }
        let interviewRows = soon.map { b -> Markup in
            let id = b.booking.caseID.rawValue
            let start = b.booking.start
            let psychologist = b.booking.psychologist.map { snapshot.person($0.rawValue) } ?? t("case.noPsychologist")
            return """
                <tr><td>\(start.day == today ? t("today.today") : t("today.tomorrow")) \(t.timeSpan(start.minute, start.minute + b.minutes))</td>\
                <td>\(Self.roomLabel(b.booking.room, snapshot.instance))</td><th scope="row"><a href="/cases/\(id)">\(id)</a></th>\
                <td>\(snapshot.person(b.booking.interviewer.rawValue))</td><td>\(psychologist)</td></tr>
                """
        }

        // Waiting to be booked, longest waiting first.
        // Intake order breaks ties.
        var waiting: [(since: Day, index: Int, record: CaseRecord)] = []
        for (index, record) in records.enumerated() where CaseAttention.waiting(record, snapshot) {
            if let since = CaseAttention.waitingSince(record, snapshot) { waiting.append((since, index, record)) }
        }
        waiting.sort { a, b in a.since != b.since ? a.since < b.since : a.index < b.index }
        let waitingRows = waiting.prefix(Self.todayListLength).map { entry -> Markup in
            let id = entry.record.item.id.rawValue
            let task = entry.record.item.interview != nil && snapshot.interviewsByCase[entry.record.item.id] == nil ? "interview" : "hearing"
            // A case handed over by another state says where it came from.
            let from: Markup =
                snapshot.transfers[entry.record.item.id].flatMap { moved in
                    let words = t("today.transferredFrom", ["from": snapshot.stateName(moved.from)])
                    return moved.to == entry.record.state ? " · <span class=\"small\">\(words)</span>" : nil
                } ?? .empty
            return """
                <tr><th scope="row"><a href="/cases/\(id)">\(id)</a></th><td>\(t("today.toBook.\(task)"))\(from)</td><td>\(t.date(entry.since))</td>\
                <td><a href="/cases/\(id)/slots?task=\(task)">\(t("case.findSlot"))<span class="sr"> \(id)</span></a></td></tr>
                """
        }

        // Late or at risk, the most overdue first, each with its next step.
        var attention: [(record: CaseRecord, problem: CaseAttention)] = []
        for record in records {
            if let problem = CaseAttention.of(record, snapshot, today: today) { attention.append((record, problem)) }
        }
        attention.sort { a, b in CaseAttention.precedes(a.problem, a.record, b.problem, b.record) }
        let attentionRows = attention.prefix(Self.todayListLength).map { record, problem -> Markup in
            let id = record.item.id.rawValue
            return """
                <tr\(Markup.when(problem.isLate, " class=\"risk\""))><th scope="row"><a href="/cases/\(id)">\(id)</a></th>\
                <td>\(t("attention.\(problem.kind.rawValue)", ["date": t.date(problem.date)]))</td>\
                <td><a href="/cases/\(id)/slots?task=\(problem.task)">\(t("attention.do.\(problem.kind.rawValue)"))<span class="sr"> \(id)</span></a></td></tr>
                """
        }
        let failed = try database.outboxCounts(state: scope).failed
        let lateCount = attention.filter { $0.problem.isLate }.count
        // The state's name as people say it ("Kelantan"), its code when the data has no name for it.
        let scopeName = scope.map { code in snapshot.instance.states.first { $0.code.rawValue == code }?.name ?? code } ?? t("layout.allStates")
        let body: Markup = """
            <p>\(t("today.summary", ["today": t.date(today), "scope": scopeName]))</p>
            \(Markup.when(failed > 0, "<p class=\"error\" id=\"mail-failed\"><a href=\"/outbox?status=failed\">\(t("today.mailFailed", count: failed))</a></p>"))
            <h2 id="soon">\(t("today.interviews"))</h2>
            <div class="scroll" role="region" aria-labelledby="soon" tabindex="0"><table aria-labelledby="soon"><thead><tr><th scope="col">\(t("today.when"))</th><th scope="col">\(t.field("room"))</th>\
            <th scope="col">\(t("cases.case"))</th><th scope="col">\(t.field("interviewer"))</th><th scope="col">\(t.field("psychologist"))</th></tr></thead>
            <tbody>\(interviewRows)\(Markup.when(interviewRows.isEmpty, "<tr><td colspan=\"5\" class=\"muted\">\(t("today.noInterviews"))</td></tr>"))</tbody></table></div>
            <h2 id="waiting">\(t("today.waiting", ["n": String(waiting.count)]))</h2>
            <div class="scroll" role="region" aria-labelledby="waiting" tabindex="0"><table aria-labelledby="waiting"><thead><tr><th scope="col">\(t("cases.case"))</th><th scope="col">\(t("today.toBook"))</th>\
            <th scope="col">\(t("today.since"))</th><th scope="col">\(t("today.next"))</th></tr></thead>
            <tbody>\(waitingRows)\(Markup.when(waitingRows.isEmpty, "<tr><td colspan=\"4\" class=\"muted\">\(t("today.noneWaiting"))</td></tr>"))</tbody></table></div>
            \(Markup.when(waiting.count > Self.todayListLength, "<p><a href=\"/cases?booked=no\">\(t("today.allWaiting"))</a></p>"))
            <h2 id="attention">\(t("today.attention", ["late": String(lateCount), "atRisk": String(attention.count - lateCount)]))</h2>
            <div class="scroll" role="region" aria-labelledby="attention" tabindex="0"><table aria-labelledby="attention"><thead><tr><th scope="col">\(t("cases.case"))</th><th scope="col">\(t("today.problem"))</th>\
            <th scope="col">\(t("today.next"))</th></tr></thead>
            <tbody>\(attentionRows)\(Markup.when(attentionRows.isEmpty, "<tr><td colspan=\"3\" class=\"muted\">\(t("today.noneLate"))</td></tr>"))</tbody></table></div>
            \(Markup.when(attention.count > Self.todayListLength, "<p><a href=\"/cases?late=yes\">\(t("today.allLate"))</a></p>"))
            """
        return page(t("today.title"), context, body: body)
    }
}
