public import Foundation
public import SediaCore

/// A prosecutor's digest: their cases with an item at risk or overdue, and readiness items due in the next 14 days,
/// with days left. Only the prosecutor's own cases, by reference (as in their own deadlines feed); never child data.
/// The checklists come from the store: SediaCLI composes the two (`Digest.make`, `Digest.queueWeekly`) for `sedia mail
/// digest` and `sedia serve`.
public enum Digest {
    /// How far ahead the digest looks.
    public static let horizonDays = 14

    /// The digest's texts from the checklists.
    public static func render(_ lists: [CaseChecklist], today: Day, text: MailText) -> DigestContent {
        var risk: [String] = []
        var due: [String] = []
        func left(_ days: Int) -> String {
            days > 0 ? text("digest.left", ["days": "\(days)"]) : days == 0 ? text("digest.today") : text("digest.overdue", ["days": "\(-days)"])
        }
        for list in lists {
            for item in list.items {
                guard let day = item.due else { continue }
                let days = today.days(to: day)
                let line = "\(list.caseID): \(item.title(language: text.language)), \(text.date(day)) (\(left(days)))"
                if item.status == .overdue || item.status == .atRisk { risk.append(line) }
                if item.kind == .readiness, item.status != .done, (0...horizonDays).contains(days) { due.append(line) }
            }
        }
        let subject = text("digest.subject", ["week": text.date(today)])
        var plain = [text("digest.intro"), "", text("digest.risk")]
        plain += risk.isEmpty ? [text("digest.none")] : risk.map { "- " + $0 }
        plain += ["", text("digest.due")]
        plain += due.isEmpty ? [text("digest.none")] : due.map { "- " + $0 }
        plain += ["", text("body.footer")]
        func list(_ lines: [String]) -> Markup {
            lines.isEmpty ? "<p>\(text("digest.none"))</p>" : "<ul>\(lines.map { line -> Markup in "<li>\(line)</li>" })</ul>"
        }
        let html: Markup = """
            <!DOCTYPE html><html lang="\(text.language.rawValue)"><head><meta charset="utf-8"><title>\(subject)</title></head><body>
            <p>\(text("digest.intro"))</p><h2>\(text("digest.risk"))</h2>\(list(risk))
            <h2>\(text("digest.due"))</h2>\(list(due))<p>\(text("body.footer"))</p></body></html>
            """
        return DigestContent(subject: subject, text: plain.joined(separator: "\r\n"), html: html.text)
    }

    /// The digest's key for the week holding `today` (its Monday), so each week's digest is queued once.
    public static func key(prosecutor: String, today: Day) -> String {
        "digest/\(prosecutor)/\(today.adding(days: -today.weekday.index))"
    }
}

/// When the weekly digest goes out: a weekday and an hour, Malaysian time.
public struct DigestSchedule: Sendable, Equatable {
    public var weekday: Weekday
    public var hour: Int

    public init(weekday: Weekday = .mon, hour: Int = 7) {
        self.weekday = weekday
        self.hour = hour
    }

    /// Whether the digest is due at `date`: on the day, from the hour on (queued once a week by its key).
    public func isDue(at date: Date) -> Bool {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let day = MalaysianTime.day(unixSeconds: seconds)
        let hourNow = Int((seconds + Int64(MalaysianTime.utcOffsetSeconds)) % 86_400 / 3600)
        return day.weekday == weekday && hourNow >= hour
    }
}
