import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// Booking from the week view: "Book here" chooses the officer and psychologist, and cancelling asks for a reason.
extension BookingController {
    /// "Book here": the slot chosen on the centre's week; the officer and psychologist are chosen here, then the same
    /// booking form as the case page sends it (checked by the same rules, refused with their words).
    func bookAtPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        let record = try scopedCase(context, user)
        let snapshot = try snapshot()
        let instance = snapshot.instance
        guard let roomText = query(context, "room"), let centre = instance.centres.first(where: { $0.rooms.contains { $0.id.rawValue == roomText } }),
            let startText = query(context, "start"), let start = LocalDateTime(iso: startText), let request_ = record.item.interview
        else { throw PageError(.badRequest, key: "week.badSlot") }
        // Another state's room is not there for a state's coordinator (the scope rule, as the booking form applies it):
        // 404, and none of that state's officers or psychologists is listed.
        if let state = user.scope.state, !instance.states(ofRoom: .init(roomText)).contains(.init(state)) {
            throw PageError.notFound
        }
        try requireInWindow([start.day], t: t)
        let back = query(context, "return").flatMap { $0.hasPrefix("/week/") ? $0 : nil } ?? "/week/centre/\(centre.id.rawValue)"
        let child = record.item.child
        let existing = snapshot.interviewsByCase[record.item.id]
        // Who is free at this start first, then the others with why they cannot take it (rules 3–7, typed).
        let fit = InterviewSlotFit(
            instance: instance, item: record.item,
            interviews: snapshot.bookings.interviews.filter { $0.booking.start.day == start.day }.map {
                .init(booking: $0.booking, minutes: $0.minutes)
            },
            hearings: snapshot.bookings.hearings.lazy.map(\.booking).filter {
                $0.caseID == record.item.id || ($0.psychologist != nil && $0.dates.contains(start.day))
            },
            days: [start.day], centres: [centre.id])
        let problems = fit.problems(room: .init(roomText), start: start)
        let officers = picker(
            fit.officers(at: centre, start: start), selected: existing?.booking.interviewer, languages: child.languages, t: t
        ) { id in
            let io = instance.interviewers.first { $0.id == id }
            return "\(snapshot.person(id.rawValue)) (\(io.map { t("gender.\($0.gender)") } ?? ""), \(io?.languages.joined(separator: ", ") ?? ""))"
        }
        let psychologists = picker(
            fit.psychologists(at: centre, start: start), selected: existing?.booking.psychologist, languages: child.languages, t: t
        ) { snapshot.person($0.rawValue) }
        let id = record.item.id.rawValue
        let body: Markup = """
            \(Markup.when(!problems.isEmpty, "<div class=\"error\" role=\"alert\" id=\"slot-problems\"><p>\(t("bookAt.slotProblems"))</p><ul>\(problems.map { "<li>\(t.slotProblem($0))</li>" as Markup })</ul></div>"))
            <p>\(t("bookAt.summary", ["case": id, "when": t.dateTime(start), "length": t.minutes(request_.durationMinutes), "room": Self.roomLabel(.init(roomText), instance)]))</p>
            \(Markup.when(existing != nil, "<p>\(t("bookAt.moving", ["when": existing.map { t.dateTime($0.booking.start) } ?? ""]))</p>"))
            <form method="post" action="/cases/\(id)/book" class="stack">\(Tag.csrf(context.csrf))
            <input type="hidden" name="revision" value="\(record.revision)"><input type="hidden" name="task" value="interview">
            <input type="hidden" name="room" value="\(roomText)"><input type="hidden" name="start" value="\(start.description)"><input type="hidden" name="return" value="\(back)">
            <label for="officer">\(t.field("interviewer"))</label><select id="officer" name="interviewer" required>\
            \(officers)</select>
            <label for="psychologist">\(t.field("psychologist"))</label><select id="psychologist" name="psychologist">\
            <option value="">\(t("case.noPsychologist"))</option>\(psychologists)</select>
            \(Markup.when(child.needsPsychologist, "<p class=\"small\">\(t("bookAt.needsPsychologist"))</p>"))
            <label for="reason">\(existing != nil ? t("slots.moveReason") : t("slots.reasonOptional"))</label>\
            <input type="text" id="reason" name="reason" maxlength="500"\(Markup.when(existing != nil, " required"))>
            <button type="submit" class="primary" id="book-here">\(existing != nil ? t("bookAt.move") : t("bookAt.book"))</button> <a href="\(back)">\(t("bookAt.back"))</a>
            </form>
            """
        return page(t("bookAt.title", ["case": id]), context, body: body)
    }

    /// A picker's options: the people free at the start, then, in a group of their own and not choosable, the others
    /// with every reason they cannot take it.
    func picker<ID>(
        _ candidates: [InterviewSlotFit.Candidate<ID>], selected: ID?, languages: [String], t: Localizer, label: (ID) -> String
    ) -> Markup where ID: RawRepresentable & Hashable & Sendable, ID.RawValue == String {
        let free = candidates.filter(\.isFree).map { Tag.option($0.id.rawValue, label($0.id), selected: selected == $0.id) }
        let busy = candidates.filter { !$0.isFree }.map { c -> Markup in
            let why = c.problems.map { t.personProblem($0, languages: languages) }.joined(separator: "; ")
            return "<option value=\"\(c.id.rawValue)\" disabled>\(label(c.id)) — \(why)</option>"
        }
        return """
            \(Markup.when(!free.isEmpty, "<optgroup label=\"\(t("bookAt.free"))\">\(Markup.join(free))</optgroup>"))\
            \(Markup.when(!busy.isEmpty, "<optgroup label=\"\(t("bookAt.notFree"))\">\(Markup.join(busy))</optgroup>"))
            """
    }

    /// Cancelling from the week view: the booking and a required reason.
    func cancelConfirmPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .admin])
        let t = localizer(context)
        let record = try scopedCase(context, user)
        let snapshot = try snapshot()
        guard let b = snapshot.interviewsByCase[record.item.id] else { throw PageError.notFound }
        let back = query(context, "return").flatMap { $0.hasPrefix("/week/") ? $0 : nil } ?? "/cases/\(record.item.id.rawValue)"
        let id = record.item.id.rawValue
        let body: Markup = """
            <p>\(t("cancel.summary", ["case": id, "when": t.dateTime(b.booking.start), "room": Self.roomLabel(b.booking.room, snapshot.instance)]))</p>
            <form method="post" action="/cases/\(id)/cancel" class="stack">\(Tag.csrf(context.csrf))
            <input type="hidden" name="revision" value="\(record.revision)"><input type="hidden" name="task" value="interview"><input type="hidden" name="return" value="\(back)">
            <label for="reason">\(t("case.cancelReason"))</label><input type="text" id="reason" name="reason" required maxlength="500">
            <button type="submit" class="primary" id="confirm-cancel">\(t("case.cancelInterview"))</button> <a href="\(back)">\(t("bookAt.back"))</a>
            </form>
            """
        return page(t("cancel.title", ["case": id]), context, body: body)
    }
}
