/// The fixed words of a printed checklist (`sedia checklist --format md|html`) in one language: a view of that
/// language's `Texts`, under `printout.*` with the pages' `owner.*`, `status.*`, `confidence.*` and `note.*`.
///
/// `format.checklist` chooses how a printout writes dates, owners, statuses, how sure a rule is and notes: `codes` as the
/// rule files and the JSON export write them (`2027-03-07`, `io`, `at risk`), the English printout's form since it began;
/// `words` in the language's words ("Ahad, 7 Mac 2027", "Pegawai Penyiasat").
public struct ChecklistWords: Sendable {
    public let texts: Texts

    public init(texts: Texts) { self.texts = texts }

    public var language: Language { texts.language }

    /// Every key a printout reads, for the test that both tables have them all.
    public static let keys: [String] =
        [
            "title", "titleDated", "statusOn", "case", "noItems", "head.item", "head.owner", "head.due", "head.status", "head.rule",
            "head.source", "head.ruleAndSource", "prosecutor", "court", "interview", "trial", "trialSpan", "counts", "countsAdvisory",
        ].map { "printout.\($0)" }
        + [
            "format.checklist", "format.date", "note.targetDoesNotMove", "note.noPublishedTarget", "note.moved", "note.projectedHoliday",
            "note.beyondHolidayData", "note.trialEndsAfterTarget", "note.dueOnOrAfterTrial", "excluded.restDay", "excluded.holiday",
            "excluded.inLieu",
        ] + Weekday.allCases.map { "weekday.\($0.rawValue)" } + (1...12).map { "month.\($0)" }
        + ChecklistStatus.allCases.map { "status.\($0.rawValue)" } + Confidence.allCases.map { "confidence.\($0.rawValue)" }
        + ["io", "dpp", "d11", "d11-interviewer", "jkm", "court-registry", "oscc", "legal-aid"].map { "owner.\($0)" }

    /// Whether this printout writes codes rather than words (`format.checklist`).
    var codes: Bool { texts.text("format.checklist") != "words" }

    /// The printout's text `printout.<key>` with `{name}` values filled in.
    func callAsFunction(_ key: String, _ values: KeyValuePairs<String, String> = [:]) -> String { texts("printout.\(key)", values) }

    /// `2027-03-07` as codes, "Ahad, 7 Mac 2027" in words.
    func date(_ day: Day) -> String { codes ? day.description : texts.date(day) }

    public func title(_ item: ReadinessItem) -> String { item.title(language: language) }
    func status(_ s: ChecklistStatus) -> String { codes ? s.rawValue : texts.text("status.\(s.rawValue)", or: s.rawValue) }
    /// Who does an item ("Pegawai Penyiasat" for `io`); a role the table does not name as the rule file writes it.
    public func owner(_ role: String) -> String { codes ? role : texts.text("owner.\(role)", or: role) }
    /// How sure a rule is ("law", "undang-undang").
    public func confidence(_ c: Confidence) -> String { codes ? c.rawValue : texts.text("confidence.\(c.rawValue)", or: c.rawValue) }

    /// The notes joined as the `note` field reads ("a; b"), nil when there are none.
    func notes(_ notes: [RuleNote]) -> String? {
        notes.isEmpty ? nil : notes.map { codes ? $0.english : note($0, date: date) }.joined(separator: "; ")
    }

    /// A note in this language's words with dates written by `date` (the web pages write them as people do in either
    /// language).
    public func note(_ note: RuleNote, date: (Day) -> String) -> String {
        switch note {
        case .targetDoesNotMove: return texts("note.targetDoesNotMove")
        case .noPublishedTarget(let court, let reason, let reasonMs):
            return (language == .ms ? reasonMs : nil) ?? reason ?? texts("note.noPublishedTarget", ["court": court])
        case .moved(let from, let reason, let state):
            let why: String
            switch reason {
            case .restDay(let w): why = texts("excluded.restDay", ["day": texts.weekday(w)])
            case .holiday(let name): why = texts("excluded.holiday", ["name": name])
            case .inLieu(let name): why = texts("excluded.inLieu", ["name": name])
            }
            return texts("note.moved", ["date": date(from), "reason": why, "state": state])
        case .projectedHoliday: return texts("note.projectedHoliday")
        case .beyondHolidayData(let from, let to): return texts("note.beyondHolidayData", ["from": date(from), "to": date(to)])
        case .trialEndsAfterTarget(let end): return texts("note.trialEndsAfterTarget", ["date": date(end)])
        case .dueOnOrAfterTrial(let start): return texts("note.dueOnOrAfterTrial", ["date": date(start)])
        }
    }
}
