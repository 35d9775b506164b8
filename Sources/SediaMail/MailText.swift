public import Foundation
import SediaCalendar
public import SediaCore
public import SediaStore

/// The e-mail texts in one language, from `Strings/<language>.lproj/Mail.strings` (Apple's .strings format, which a
/// translator edits without touching code), and dates written as people of that language write them.
public struct MailText: Sendable {
    public let language: Language
    public let table: [String: String]
    /// English's table: a key this language lacks reads as in English (the pages' rule too).
    let fallback: [String: String]

    init(language: Language, table: [String: String], fallback: [String: String] = [:]) {
        self.language = language
        self.table = table
        self.fallback = fallback
    }

    /// The bundled table for `language`; an unreadable file is a packaging error, reported with its path.
    public static func load(_ language: Language) throws -> MailText {
        guard let url = Bundle.module.url(forResource: "Mail", withExtension: "strings", subdirectory: "Strings/\(language.rawValue).lproj") else {
            throw MailError("the \(language.rawValue) mail texts are missing from the bundle")
        }
        return MailText(language: language, table: try parse(Data(contentsOf: url), file: url.path))
    }

    /// Both languages, loaded once.
    public static let bundled: [Language: MailText] = {
        var out: [Language: MailText] = [:]
        for language in Language.allCases { out[language] = try? load(language) }
        return out
    }()

    /// The bundled text for `language`; a key it lacks reads as in English, then as the key itself.
    public static func forLanguage(_ language: Language) -> MailText {
        MailText(language: language, table: bundled[language]?.table ?? [:], fallback: bundled[.en]?.table ?? [:])
    }

    /// A .strings file as a dictionary.
    public static func parse(_ data: Data, file: String) throws -> [String: String] {
        do { return try StringsFile.parse(data, file: file) } catch { throw MailError(error.message) }
    }

    /// The core's texts of this language: the pages' placeholder syntax, fallback and dates.
    var texts: Texts { Texts(language: language, table: table, fallback: fallback) }

    /// The text for `key` with its `{name}` placeholders filled in (`Placeholders`, as on the pages); a key missing
    /// from this language reads as in English, then as the key itself, so a gap shows and never crashes.
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
