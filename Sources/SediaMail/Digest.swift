public import Foundation
public import SediaCore
public import SediaStore

/// A prosecutor's digest: their cases with an item at risk or overdue, and readiness items due in the next 14 days,
/// with days left. Only the prosecutor's own cases, by reference (as in their own deadlines feed); never child data.
public enum Digest {
    /// How far ahead the digest looks.
    public static let horizonDays = 14

    /// The digest for `prosecutor` on `today` (Malaysian), in `language`; nil when they hold no case.
    public static func make(
        prosecutor: String, database: AppDatabase, book: RuleBook, calendars: WorkingCalendars, today: Day, language: Language
    ) throws -> DigestContent? {
        let records = try database.caseRecords(state: nil).filter { $0.prosecutor == prosecutor }
        guard !records.isEmpty else { return nil }
        let instance = try database.exportInstance()
        let plan = try database.bookings().plan
        var prosecutors: [Case.ID: String] = [:]
        for r in records { prosecutors[r.item.id] = prosecutor }
        let done = try database.checklistTicks().mapValues { Set($0.keys) }
        let lists = Checklist.evaluate(
            instance: instance, plan: plan, book: book, calendars: calendars, today: today, prosecutors: prosecutors,
            cases: Set(prosecutors.keys), done: done
        ).checklists
        return render(lists, today: today, text: MailText.forLanguage(language))
    }

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
        func list(_ lines: [String]) -> String {
            lines.isEmpty ? "<p>\(HTML.escape(text("digest.none")))</p>" : "<ul>" + lines.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        }
        let html = """
            <!DOCTYPE html><html lang="\(text.language.rawValue)"><head><meta charset="utf-8"><title>\(HTML.escape(subject))</title></head><body>
            <p>\(HTML.escape(text("digest.intro")))</p><h2>\(HTML.escape(text("digest.risk")))</h2>\(list(risk))
            <h2>\(HTML.escape(text("digest.due")))</h2>\(list(due))<p>\(HTML.escape(text("body.footer")))</p></body></html>
            """
        return DigestContent(subject: subject, text: plain.joined(separator: "\r\n"), html: html)
    }

    /// The digest's key for the week holding `today` (its Monday), so each week's digest is queued once.
    public static func key(prosecutor: String, today: Day) -> String {
        "digest/\(prosecutor)/\(today.adding(days: -today.weekday.index))"
    }

    /// Queues this week's digest for every prosecutor with an address who wants mail, unless queued already.
    /// Returns how many were queued.
    @discardableResult
    public static func queueWeekly(database: AppDatabase, book: RuleBook, calendars: WorkingCalendars, today: Day) throws -> Int {
        var queued = 0
        for p in try database.prosecutors() {
            guard let contact = try database.contact(person: p.id), contact.email != nil, contact.delivery != .feed else { continue }
            // Checked before the checklists are computed: the worker asks every minute of the digest's day.
            if try database.hasMail(key: key(prosecutor: p.id, today: today), recipient: p.id) { continue }
            let language = try database.language(person: p.id)
            guard let content = try make(prosecutor: p.id, database: database, book: book, calendars: calendars, today: today, language: language)
            else { continue }
            let payload = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
            if try database.queueDigest(prosecutor: p.id, key: key(prosecutor: p.id, today: today), payload: payload) { queued += 1 }
        }
        return queued
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
