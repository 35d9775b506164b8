public import SediaCore
import SediaTexts

/// The e-mail texts in one language: a view of that language's `Texts`, the program's one table (SediaTexts), so mail
/// writes a date, a time and a placeholder as the pages do.
public struct MailText: Sendable {
    public let texts: Texts

    public init(texts: Texts) { self.texts = texts }

    init(language: Language, table: [String: String], fallback: [String: String] = [:]) {
        texts = Texts(language: language, table: table, fallback: fallback)
    }

    public var language: Language { texts.language }

    /// The texts of this language's table.
    public var table: [String: String] { texts.table }

    /// The bundled texts for `language`; an unreadable table is a packaging error, reported with its name.
    public static func load(_ language: Language) throws -> MailText {
        do { return MailText(texts: try TextTables.load(language)) } catch { throw MailError(error.message) }
    }

    /// The bundled texts for `language`; a key it lacks reads as in English, then as the key itself.
    public static func forLanguage(_ language: Language) -> MailText { MailText(texts: TextTables.texts(language)) }

    /// The text for `key` with its `{name}` placeholders filled in.
    public func callAsFunction(_ key: String, _ values: KeyValuePairs<String, String> = [:]) -> String { texts(key, values) }

    /// "Mon 4 Jan 2027" / "Isnin, 4 Jan 2027", as the pages write it.
    public func date(_ day: Day) -> String { texts.date(day) }

    /// "15:30" on a 24-hour clock (en), "3:30 ptg" on a 12-hour one with the Malay part of the day (ms).
    public func time(minute: Int) -> String { texts.time(minute) }

    /// "Mon 4 Jan 2027, 15:30" / "Isnin, 4 Jan 2027, 3:30 ptg".
    public func dateTime(_ at: LocalDateTime) -> String { texts.dateTime(at) }
}

/// Why mail could not be composed or configured, in words an operator can act on.
public struct MailError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
