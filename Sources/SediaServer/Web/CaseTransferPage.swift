import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// Handing a case to another state: the form (the child's new home from the shipped list, the court that takes the
/// trial), and what the sending state still sees of the case afterwards (closed for them, the transfer and why).
extension CaseController {
    /// The transfer form of a case; it posts to `/cases/:id/end` as a closure "transferred".
    func transferPage(context: AppRequestContext) throws -> Response {
        let user = try require(context, [.coordinator, .prosecutor, .admin])
        let t = localizer(context)
        let record = try scopedCase(context, user)
        let instance = try snapshot().instance
        let id = record.item.id.rawValue
        let others = instance.states.filter { $0.code.rawValue != record.state }
        let homes = others.map { state -> Markup in
            let options = dependencies.places.places(in: [state.code]).map { Tag.option(String($0.id), $0.name, selected: false) }
            return "<optgroup label=\"\(state.name) (\(state.code.rawValue))\">\(Markup.join(options))</optgroup>"
        }
        let courts = instance.courts.filter { $0.state.rawValue != record.state }.map {
            Tag.option($0.id.rawValue, "\(Self.label($0)) · \($0.state.rawValue)", selected: false)
        }
        let body: Markup = """
            <p>\(t("transfer.explain", ["case": id]))</p>
            <form method="post" action="/cases/\(id)/end" class="stack">\(Tag.csrf(context.csrf))
            <input type="hidden" name="revision" value="\(record.revision)"><input type="hidden" name="ending" value="closed:transferred">
            <label for="transfer-home">\(t.field("toHome"))</label><select id="transfer-home" name="toHome" required>\(homes)</select>
            \(Markup.when(record.item.hearing != nil, "<label for=\"transfer-court\">\(t.field("toCourt"))</label><select id=\"transfer-court\" name=\"toCourt\"><option value=\"\">\(t("transfer.onlyCourt"))</option>\(Markup.join(courts))</select>"))
            <label for="transfer-on">\(t.field("on"))</label><input type="date" id="transfer-on" name="on" required value="\(today.description)">
            <label for="transfer-reason">\(t.field("reason"))</label><input type="text" id="transfer-reason" name="reason" required maxlength="500">
            <button type="submit" class="primary" id="transfer">\(t("transfer.button"))</button> <a href="/cases/\(id)">\(t("slots.back"))</a>
            </form>
            """
        return page(t("transfer.title", ["case": id]), context, body: body)
    }

    /// Where a transfer sends the case, from the end form: the new home's place (which names the state, unless `toState`
    /// does) and the court; nil for an ending that is no transfer.
    func transferDestination(_ form: Form, _ ending: CaseEnding) throws -> TransferDestination? {
        guard ending == .closure(.transferred) else { return form["toState"].map { TransferDestination(state: $0) } }
        let place = try form.optionalIdentifier("toHome").map { text -> Place in
            guard let id = Int(text), let place = dependencies.places.place(id: id) else {
                throw PageError(.unprocessableContent, key: "form.valueMalformed", ["field": "toHome"])
            }
            return place
        }
        guard let state = form["toState"] ?? place?.state.rawValue else {
            throw PageError(.unprocessableContent, key: "transfer.noState", ["field": "toHome"])
        }
        if let place, place.state.rawValue != state {
            throw PageError(.unprocessableContent, key: "transfer.otherState", ["field": "toHome", "state": state])
        }
        return TransferDestination(
            state: state, home: place.map { ($0.lat, $0.lon) }, court: try form.optionalIdentifier("toCourt").map { Court.ID($0) })
    }

    /// What the state that handed a case over still sees of it: the transfer, read-only, nothing of the case since.
    func transferredAwayPage(context: AppRequestContext, user: User, t: Localizer) throws -> Response {
        guard let id = context.parameters.get("id"), id.count <= 64,
            let away = try database.transfers(caseID: .init(id)).last(where: { user.canSee(caseState: $0.from) })
        else { throw PageError.notFound }
        let states = try snapshot()
        let body: Markup = """
            <p id="case-transferred-away" class="late">\(t("transfer.away", ["to": states.stateName(away.to), "date": t.date(away.on), "from": states.stateName(away.from)]))</p>
            <p>\(t.field("reason")): \(away.note ?? "") · \(away.recordedBy)</p>
            """
        return page(t("case.title", ["case": id]), context, body: body)
    }
}
