/// The texts of one language, by key, and dates and times written as people of that language write them:
/// "Isnin, 4 Jan 2027, 3:30 ptg" or "Mon 4 Jan 2027, 15:30". The pages (`Localizer`), the mail (`MailText`), the feeds
/// (`FeedWords`) and the printed checklists (`ChecklistWords`) are views of it, so a date, a time and a placeholder read
/// the same way wherever a person meets them.
///
/// One rule for every text: a key this language lacks reads as in English (`fallback`), then as the key itself, so a
/// gap shows and never crashes; values are named in braces and filled by `Placeholders`. The tables are given: SediaTexts
/// reads the program's one `.strings` file per language, the core reads no file.
///
/// Keys for dates and times: `weekday.<mon…sun>`, `weekday.short.<mon…sun>`, `month.<1…12>`, `format.date`
/// (`{weekday} {day} {month} {year}`), `format.date.weekday` (`long` or `short`), `format.dateTime` (`{date}, {time}`),
/// `format.clock` (`12` or `24`) and `time.<midnight|morning|noon|afternoon|night>` for a 12-hour clock's parts.
public struct Texts: Sendable {
    public let language: Language
    public let table: [String: String]
    /// English's table.
    public let fallback: [String: String]

    public init(language: Language, table: [String: String], fallback: [String: String]) {
        self.language = language
        self.table = table
        self.fallback = fallback
    }

    /// The text for `key` with its `{name}` placeholders filled in.
    public func callAsFunction(_ key: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
        Placeholders.fill(text(key), values)
    }

    /// The text for a count: `key.one` for 1, `key.other` otherwise, with `{n}` the count.
    public func callAsFunction(_ key: String, count: Int, _ values: KeyValuePairs<String, String> = [:]) -> String {
        Placeholders.fill(text(count == 1 ? "\(key).one" : "\(key).other")) { name in
            name == "n" ? String(count) : values.first { $0.key == name }?.value
        }
    }

    /// The raw text for `key`: this language's, else English's, else the key.
    public func text(_ key: String) -> String { text(key, or: key) }

    /// The raw text for `key`: this language's, else English's, else `other` (a role a rule file names that no table
    /// has, say).
    public func text(_ key: String, or other: String) -> String { table[key] ?? fallback[key] ?? other }

    public func weekday(_ w: Weekday) -> String { text("weekday.\(w.rawValue)") }

    public func weekdayShort(_ w: Weekday) -> String { text("weekday.short.\(w.rawValue)") }

    public func month(_ m: Int) -> String { text("month.\(m)") }

    /// "Isnin, 4 Jan 2027" / "Mon 4 Jan 2027".
    public func date(_ d: Day) -> String {
        let c = d.components
        let weekday = text("format.date.weekday") == "long" ? weekday(d.weekday) : weekdayShort(d.weekday)
        return self("format.date", ["weekday": weekday, "day": String(c.day), "month": month(c.month), "year": String(c.year)])
    }

    /// "3:30 ptg" on a 12-hour clock with the part of the day; "15:30" on a 24-hour one. Minutes past midnight wrap.
    public func time(_ minute: Int) -> String {
        let minute = (minute % 1440 + 1440) % 1440
        guard text("format.clock") == "12" else { return clockText(minute) }
        let hour = minute / 60
        let m = minute % 60
        let part = text("time.\(DayPart(hour: hour).rawValue)")
        return "\(DayPart.twelveHour(hour)):\(m < 10 ? "0" : "")\(m)" + (part.isEmpty ? "" : " " + part)
    }

    /// "Isnin, 4 Jan 2027, 3:30 ptg" / "Mon 4 Jan 2027, 15:30".
    public func dateTime(_ t: LocalDateTime) -> String { self("format.dateTime", ["date": date(t.day), "time": time(t.minute)]) }
}
