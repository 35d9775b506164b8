/// The fixed words of a printed checklist (`sedia checklist --format md|html`) in one language.
///
/// English is the wording written here, the one the exports have always printed (dates as `YYYY-MM-DD`, roles and
/// statuses as the rule files name them); another language is a table of texts by key (SediaCalendar reads Bahasa
/// Malaysia's from `Strings/ms.lproj/Checklist.strings`, which a translator edits), and any key it lacks reads as in
/// English. Texts name their values in braces, `{case}`.
public struct ChecklistWords: Sendable {
    public let language: Language
    /// The translated texts by key (empty for English).
    public let table: [String: String]

    public init(language: Language, table: [String: String]) {
        self.language = language
        self.table = table
    }

    /// The English wording.
    public static let english = ChecklistWords(language: .en, table: [:])

    /// Every key of a full translation: the fixed sentences and headings, dates' parts, statuses, owner roles, how sure a
    /// rule is, and the notes on dates. A translation test checks that a table has them all.
    public static let keys: [String] =
        [
            "title", "titleDated", "statusOn", "case", "noItems", "head.item", "head.owner", "head.due", "head.status", "head.rule",
            "head.source", "head.ruleAndSource", "prosecutor", "court", "interview", "trial", "trialSpan", "counts", "countsAdvisory",
            "format.date", "note.targetDoesNotMove", "note.noPublishedTarget", "note.moved", "note.projectedHoliday", "note.beyondHolidayData",
            "note.trialEndsAfterTarget", "note.dueOnOrAfterTrial", "excluded.restDay", "excluded.holiday", "excluded.inLieu",
        ] + Weekday.allCases.map { "weekday.\($0.rawValue)" } + (1...12).map { "month.\($0)" }
        + ChecklistStatus.allCases.map { "status.\($0.rawValue)" } + Confidence.allCases.map { "confidence.\($0.rawValue)" }
        + ["io", "dpp", "d11", "d11-interviewer", "jkm", "court-registry", "oscc", "legal-aid"].map { "owner.\($0)" }

    /// The text for `key` in this language, else `english`, with `{name}` values filled in.
    func callAsFunction(_ key: String, _ english: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
        Placeholders.fill(table[key] ?? english, values)
    }

    /// `2027-03-07` in English, "Ahad, 7 Mac 2027" in Malay.
    func date(_ day: Day) -> String {
        guard table["format.date"] != nil else { return day.description }
        let c = day.components
        return self(
            "format.date", "",
            [
                "weekday": self("weekday.\(day.weekday.rawValue)", day.weekday.rawValue), "day": String(c.day),
                "month": self("month.\(c.month)", String(c.month)), "year": String(c.year),
            ])
    }

    public func title(_ item: ReadinessItem) -> String { item.title(language: language) }
    func status(_ s: ChecklistStatus) -> String { self("status.\(s.rawValue)", s.rawValue) }
    /// Who does an item ("Pegawai Penyiasat" for `io`); a role the table does not name as the rule file writes it.
    public func owner(_ role: String) -> String { self("owner.\(role)", role) }
    /// How sure a rule is ("law", "undang-undang").
    public func confidence(_ c: Confidence) -> String { self("confidence.\(c.rawValue)", c.rawValue) }

    /// The notes joined as the `note` field reads ("a; b"), nil when there are none.
    func notes(_ notes: [RuleNote]) -> String? { notes.isEmpty ? nil : notes.map(note).joined(separator: "; ") }

    func note(_ note: RuleNote) -> String { self.note(note, date: date) }

    /// A note in this language with dates written by `date` (the web pages write them as people do in either language);
    /// with no table, the English the exports have always printed.
    public func note(_ note: RuleNote, date: (Day) -> String) -> String {
        guard !table.isEmpty else { return note.english }
        switch note {
        case .targetDoesNotMove: return self("note.targetDoesNotMove", note.english)
        case .noPublishedTarget(let court, let reason, let reasonMs):
            return (language == .ms ? reasonMs : nil) ?? reason ?? self("note.noPublishedTarget", note.english, ["court": court])
        case .moved(let from, let reason, let state):
            let why: String
            switch reason {
            case .restDay(let w): why = self("excluded.restDay", reason.description, ["day": self("weekday.\(w.rawValue)", w.rawValue)])
            case .holiday(let name): why = self("excluded.holiday", reason.description, ["name": name])
            case .inLieu(let name): why = self("excluded.inLieu", reason.description, ["name": name])
            }
            return self("note.moved", note.english, ["date": date(from), "reason": why, "state": state])
        case .projectedHoliday: return self("note.projectedHoliday", note.english)
        case .beyondHolidayData(let from, let to): return self("note.beyondHolidayData", note.english, ["from": date(from), "to": date(to)])
        case .trialEndsAfterTarget(let end): return self("note.trialEndsAfterTarget", note.english, ["date": date(end)])
        case .dueOnOrAfterTrial(let start): return self("note.dueOnOrAfterTrial", note.english, ["date": date(start)])
        }
    }
}
