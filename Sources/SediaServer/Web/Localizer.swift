import Foundation
import Hummingbird
import SediaCalendar
import SediaCore
import SediaStore
import SediaTexts

/// Every text a person reads on the pages, in Bahasa Malaysia and English: the program's one table per language
/// (SediaTexts' `Strings/ms.strings` and `Strings/en.strings`, Apple's `.strings` format), so a translator edits them
/// without touching code. A text may name values in braces, `{case}`, which the page fills in.
struct Translations: Sendable {
    let tables: [Language: [String: String]]

    /// Reads the bundled tables; a missing or malformed file stops the server at start-up, not on a page.
    static func load() throws -> Translations {
        do { return Translations(tables: try TextTables.tables.get()) } catch { throw PageError(.internalServerError, error.message) }
    }

    func localizer(_ language: Language) -> Localizer {
        Localizer(texts: Texts(language: language, table: tables[language] ?? [:], fallback: tables[.en] ?? [:]))
    }

    /// The language for a visitor who has not chosen one: the first of Bahasa Malaysia (`ms`, `ms-MY`, …) and English
    /// in the browser's `Accept-Language`, by its weights; English when it names neither.
    static func negotiate(acceptLanguage: String?) -> Language {
        guard let acceptLanguage else { return .en }
        var best: (language: Language, weight: Double)?
        for part in acceptLanguage.split(separator: ",").prefix(20) {
            let pieces = part.split(separator: ";")
            guard let tag = pieces.first?.trimmingCharacters(in: .whitespaces).lowercased() else { continue }
            var weight = 1.0
            for parameter in pieces.dropFirst() {
                let p = parameter.trimmingCharacters(in: .whitespaces)
                if p.hasPrefix("q="), let q = Double(p.dropFirst(2)), q.isFinite { weight = q }
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard weight > 0, let language = Language(rawValue: primary) else { continue }
            if weight > (best?.weight ?? 0) { best = (language, weight) }
        }
        return best?.language ?? .en
    }
}

/// The texts of one language, and dates, times and durations written as people write them:
/// "Isnin, 4 Jan 2027, 3:30 ptg" or "Mon 4 Jan 2027, 15:30"; "2 hari" or "2 days".
struct Localizer: Sendable {
    /// The core's texts of this language: one placeholder syntax, one fallback rule, one way to write a date.
    let texts: Texts

    var language: Language { texts.language }

    /// The text for `key` with its `{name}` placeholders filled in. A key missing from this language falls back to
    /// English, then to the key itself (the translation test keeps both tables complete).
    func callAsFunction(_ key: String, _ values: KeyValuePairs<String, String> = [:]) -> String { texts(key, values) }

    /// The same with whole numbers.
    func callAsFunction(_ key: String, count: Int, _ values: KeyValuePairs<String, String> = [:]) -> String {
        texts(key, count: count, values)
    }

    var htmlLang: String { language.rawValue }

    func weekday(_ w: Weekday) -> String { texts.weekday(w) }

    func weekdayShort(_ w: Weekday) -> String { texts.weekdayShort(w) }

    func month(_ m: Int) -> String { texts.month(m) }

    /// "Isnin, 4 Jan 2027" / "Mon 4 Jan 2027".
    func date(_ d: Day) -> String { texts.date(d) }

    /// "3:30 ptg" / "15:30".
    func time(_ minute: Int) -> String { texts.time(minute) }

    /// "Isnin, 4 Jan 2027, 3:30 ptg" / "Mon 4 Jan 2027, 15:30".
    func dateTime(_ t: LocalDateTime) -> String { texts.dateTime(t) }

    /// "3:30 ptg–5:00 ptg" style spans on one day.
    func timeSpan(_ start: Int, _ end: Int) -> String { "\(time(start))–\(time(end))" }

    /// "2 hari" / "2 days"; "1 day".
    func days(_ n: Int) -> String { self("duration.days", count: n) }

    /// "1 jam 30 minit" / "1 h 30 min"; "45 min".
    func minutes(_ n: Int) -> String {
        let h = n / 60
        let m = n % 60
        if h == 0 { return self("duration.minutes", count: m) }
        if m == 0 { return self("duration.hours", count: h) }
        return self("duration.hoursMinutes", ["h": String(h), "m": String(m)])
    }

    /// A time the store recorded (ISO 8601 in UTC, `2026-12-01T09:30:00Z`) as people write it, in Malaysian time:
    /// "Sel 1 Dis 2026, 5:30 ptg"; the text as it is when it is not such a time.
    func recorded(_ iso: String) -> String {
        guard let instant = UTCInstant(iso: iso) else { return iso }
        return dateTime(MalaysianTime.localTime(unixSeconds: instant.seconds))
    }

    /// A checklist item's title in this language: the rule file's `titleMs` for Bahasa Malaysia when it has one.
    func title(_ item: ReadinessItem) -> String { item.title(language: language) }

    /// Who does an item: "Pegawai Penyiasat" for the role `io`; an unknown role as it is written in the rule file.
    func owner(_ role: String) -> String { texts.text("owner.\(role)", or: role) }

    /// How sure a rule is: "law", "circular", …
    func confidence(_ c: Confidence) -> String { texts.text("confidence.\(c.rawValue)", or: c.rawValue) }

    /// Why a date is what it is, in this language, dates as people write them (the printed checklist's words).
    func note(_ note: RuleNote) -> String { ChecklistWords(texts: texts).note(note, date: date) }

    /// Dates of a hearing: "Isnin, 4 Jan 2027 to Rabu, 6 Jan 2027 (3 days)", or the one day.
    func dates(_ days: [Day]) -> String {
        guard let first = days.first, let last = days.last else { return "" }
        if days.count == 1 { return date(first) }
        return self("format.dateRange", ["from": date(first), "to": date(last), "days": self.days(days.count)])
    }
}
