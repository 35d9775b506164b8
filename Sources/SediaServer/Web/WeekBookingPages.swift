import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// Booking from the week view: "Book here" chooses the officer and psychologist, and cancelling asks for a reason.
extension PageController {
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
        if user.role != .admin, let state = user.state, !instance.states(ofRoom: .init(roomText)).contains(.init(state)) {
            throw PageError.notFound
        }
        try requireInWindow([start.day], t: t)
        let back = query(context, "return").flatMap { $0.hasPrefix("/week/") ? $0 : nil } ?? "/week/centre/\(centre.id.rawValue)"
        let child = record.item.child
        let existing = snapshot.interviewsByCase[record.item.id]
        let officers = instance.interviewers.filter {
            $0.centres.contains(centre.id) && !Set($0.languages).isDisjoint(with: child.languages)
                && (child.interviewerGender == nil || child.interviewerGender == $0.gender)
        }
        let psychologists = instance.psychologists.filter { $0.centres.contains(centre.id) && !Set($0.languages).isDisjoint(with: child.languages) }
        let id = record.item.id.rawValue
        let body: Markup = """
            <p>\(t("bookAt.summary", ["case": id, "when": t.dateTime(start), "length": t.minutes(request_.durationMinutes), "room": Self.roomLabel(.init(roomText), instance)]))</p>
            \(Markup.when(existing != nil, "<p>\(t("bookAt.moving", ["when": existing.map { t.dateTime($0.booking.start) } ?? ""]))</p>"))
            <form method="post" action="/cases/\(id)/book" class="stack">\(Tag.csrf(context.csrf))
            <input type="hidden" name="revision" value="\(record.revision)"><input type="hidden" name="task" value="interview">
            <input type="hidden" name="room" value="\(roomText)"><input type="hidden" name="start" value="\(start.description)"><input type="hidden" name="return" value="\(back)">
            <label for="officer">\(t.field("interviewer"))</label><select id="officer" name="interviewer" required>\
            \(officers.map { Tag.option($0.id.rawValue, "\(snapshot.person($0.id.rawValue)) (\(t("gender.\($0.gender)")), \($0.languages.joined(separator: ", ")))", selected: existing?.booking.interviewer == $0.id) })</select>
            <label for="psychologist">\(t.field("psychologist"))</label><select id="psychologist" name="psychologist">\
            <option value="">\(t("case.noPsychologist"))</option>\(psychologists.map { Tag.option($0.id.rawValue, snapshot.person($0.id.rawValue), selected: existing?.booking.psychologist == $0.id) })</select>
            \(Markup.when(child.needsPsychologist, "<p class=\"small\">\(t("bookAt.needsPsychologist"))</p>"))
            <label for="reason">\(existing != nil ? t("slots.moveReason") : t("slots.reasonOptional"))</label>\
            <input type="text" id="reason" name="reason" maxlength="500"\(Markup.when(existing != nil, " required"))>
            <button type="submit" class="primary" id="book-here">\(existing != nil ? t("bookAt.move") : t("bookAt.book"))</button> <a href="\(back)">\(t("bookAt.back"))</a>
            </form>
            """
        return page(t("bookAt.title", ["case": id]), context, body: body)
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
