import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// The line that confirms a change on the page a change redirects to: "Booked: Mon 11 Jan 2027, 08:30, CIC-SA-1 ·
/// Shah Alam CIC (CIC-SA), with IO-001" / "Ditempah: Isnin, 11 Jan 2027, 8:30 pg, …".
///
/// The redirect names only the case (`?confirm=K-1`). The page reads the newest audit entry of that case and shows it
/// only when the reader made it in the last ten minutes, worded by the Localizer from what the database holds now (the
/// booking, the prosecutor, the ticked item). Nothing of the URL but a case id the reader may see is ever used, and
/// never echoed as text: a forged or replayed link shows a true line about the reader's own change, or nothing.
extension PageArea {
    /// The query parameter naming the changed case.
    static var confirmParameter: String { "confirm" }

    /// How long after a change its page still confirms it.
    static var confirmationSeconds: TimeInterval { 600 }

    /// `path` with `confirm=<case>` added. After a booking or a cancellation the week view's `case=` (which offers the
    /// case's slots, "pick a new slot") is dropped, so the calendar leaves that mode.
    static func confirming(_ path: String, _ caseID: Case.ID) -> String {
        let (base, query) = path.firstIndex(of: "?").map { (String(path[..<$0]), String(path[path.index(after: $0)...])) } ?? (path, "")
        var pairs = query.split(separator: "&").filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1).first ?? ""
            return name != "case" && name != Substring(confirmParameter)
        }.map(String.init)
        pairs.append("\(confirmParameter)=\(caseID.rawValue.queryValue)")
        return base + "?" + pairs.joined(separator: "&")
    }

    /// The confirmation `<p>` for the case `?confirm=` names, or nothing (see the type's comment).
    func confirmation(_ context: AppRequestContext) -> Markup {
        guard let text = query(context, Self.confirmParameter), (1...64).contains(text.count), let user = context.user,
            let line = try? confirmationLine(Case.ID(text), user: user, t: localizer(context))
        else { return .empty }
        return "<p class=\"notice\" role=\"status\" id=\"message\">\(line)</p>\n"
    }

    /// The words of the reader's latest change to the case, from the database; nil when there is none to confirm.
    func confirmationLine(_ caseID: Case.ID, user: User, t: Localizer) throws -> String? {
        let snapshot = try snapshot()
        guard let record = try snapshot.recordsByID[caseID] ?? database.caseRecord(id: caseID), user.canSee(caseState: record.state),
            let entry = try database.auditLog(subject: "case:\(caseID.rawValue)", limit: 1).first, entry.actor == user.username,
            let at = UTCInstant(iso: entry.at),
            database.clock().timeIntervalSince1970 - Double(at.seconds) <= Self.confirmationSeconds
        else { return nil }
        let id = caseID.rawValue
        switch entry.action {
        case "book-interview", "move-interview":
            guard let b = snapshot.interviewsByCase[caseID]?.booking else { return nil }
            let people = [b.interviewer.rawValue, b.psychologist?.rawValue].compactMap { $0 }.map(snapshot.person)
            return t(
                entry.action == "book-interview" ? "confirm.booked" : "confirm.moved",
                ["when": t.dateTime(b.start), "room": Self.roomLabel(b.room, snapshot.instance), "people": t.both(people)])
        case "book-hearing", "move-hearing":
            guard let h = snapshot.hearingsByCase[caseID]?.booking else { return nil }
            return t(
                entry.action == "book-hearing" ? "confirm.hearingBooked" : "confirm.hearingMoved",
                ["dates": t.dates(h.dates), "court": h.court.rawValue])
        case "cancel-interview":
            return snapshot.interviewsByCase[caseID] == nil ? t("confirm.cancelled", ["case": id]) : nil
        case "cancel-hearing":
            return snapshot.hearingsByCase[caseID] == nil ? t("confirm.hearingCancelled", ["case": id]) : nil
        case "create-case":
            return t("confirm.created", ["case": id])
        case "set-prosecutor":
            return record.prosecutor.map { t("confirm.prosecutor", ["case": id, "prosecutor": snapshot.person($0)]) }
                ?? t("confirm.noProsecutor", ["case": id])
        case "tick-checklist", "untick-checklist":
            let rule = entry.after.flatMap { try? AuditJSON.object($0)["item"] }
            let item = rule.flatMap { r in try? checklistSet()?.byCase[caseID]?.items.first { $0.rule == r } }
            let key = entry.action == "tick-checklist" ? "confirm.ticked" : "confirm.unticked"
            return t(key, ["case": id, "item": item.map(t.title) ?? t("confirm.checklistItem")])
        default:
            return t("confirm.saved", ["case": id, "action": t.action(entry.action)])
        }
    }
}

extension Localizer {
    /// "IO-001", "IO-001 and PSY-2" / "IO-001 dan PSY-2".
    func both(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " \(self("list.and")) " + (items.last ?? "")
    }
}

/// Reads one flat JSON object of strings, as the audit log writes a change's `before` and `after`.
enum AuditJSON {
    static func object(_ text: String) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}
