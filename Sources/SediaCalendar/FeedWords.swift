public import SediaCore
import SediaTexts

/// The fixed words of a feed (calendar names, event titles, description lines) in one language: a view of that
/// language's `Texts`, the program's one table (SediaTexts), which a translator edits without touching code. Feeds are
/// served in their subscriber's language; `sedia export feeds` writes English unless told otherwise.
public struct FeedWords: Sendable {
    public let texts: Texts

    public init(texts: Texts) { self.texts = texts }

    public var language: Language { texts.language }

    /// The words for `language`.
    public static func forLanguage(_ language: Language) -> FeedWords { FeedWords(texts: TextTables.texts(language)) }

    /// English, the default of every export.
    public static var english: FeedWords { forLanguage(.en) }

    /// Every key a feed reads, for the test that both languages have them.
    public static let keys: [String] =
        ["calendar.prefix", "calendar.busyOnly"] + FeedKind.allCases.map { "calendar.\($0.rawValue)" }
        + ["busy", "interview", "hearing", "court", "dayOf", "due", "dueItems"].map { "summary.\($0)" }
        + ["room.inCentre", "room.alone", "room.unknown"]
        + ["interviewer", "psychologist", "room", "court", "status", "source", "footer"].map { "description.\($0)" }
        + ["done", "open", "always", "afterDue"].map { "status.\($0)" }

    /// The text for `key` with `{name}` values filled in; a key Malay lacks reads as in English, then as the key itself.
    public func callAsFunction(_ key: String, _ values: KeyValuePairs<String, String> = [:]) -> String { texts(key, values) }
}
