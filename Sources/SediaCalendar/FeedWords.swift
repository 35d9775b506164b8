import Foundation
public import SediaCore

/// The fixed words of a feed (calendar names, event titles, description lines) in one language, from
/// `Strings/<language>.lproj/Feed.strings`, which a translator edits without touching code. Feeds are served in their
/// subscriber's language; `sedia export feeds` writes English unless told otherwise.
public struct FeedWords: Sendable, Hashable {
    public let language: Language
    let table: [String: String]

    /// The bundled words for `language`; an unreadable file is a packaging error, reported with its path.
    public static func load(_ language: Language) throws -> FeedWords {
        guard let url = Bundle.module.url(forResource: "Feed", withExtension: "strings", subdirectory: "Strings/\(language.rawValue).lproj")
        else { throw StringsFile.Error(message: "the \(language.rawValue) feed texts are missing from the installation") }
        return FeedWords(language: language, table: try StringsFile.parse(Data(contentsOf: url), file: url.lastPathComponent))
    }

    /// Both languages, read once.
    static let bundled: [Language: FeedWords] = {
        var out: [Language: FeedWords] = [:]
        for language in Language.allCases { out[language] = try? load(language) }
        return out
    }()

    /// The words for `language`.
    public static func forLanguage(_ language: Language) -> FeedWords { bundled[language] ?? english }

    /// English, the default of every export.
    public static var english: FeedWords { bundled[.en] ?? FeedWords(language: .en, table: [:]) }

    /// Every key, for the test that both languages have the same ones.
    public var keys: Set<String> { Set(table.keys) }

    /// The text for `key` with `{name}` values filled in; the key itself when missing, so a gap shows and never crashes.
    public func callAsFunction(_ key: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
        StringsFile.fill(table[key] ?? key, values)
    }
}

extension ChecklistWords {
    /// The printed checklist's words for `language`: English as written in `ChecklistWords`, Bahasa Malaysia from
    /// `Strings/ms.lproj/Checklist.strings`; an unreadable file is a packaging error, reported with its name.
    public static func load(_ language: Language) throws(StringsFile.Error) -> ChecklistWords {
        if language == .en { return .english }
        guard let url = Bundle.module.url(forResource: "Checklist", withExtension: "strings", subdirectory: "Strings/\(language.rawValue).lproj")
        else { throw StringsFile.Error(message: "the \(language.rawValue) checklist texts are missing from the installation") }
        guard let data = try? Data(contentsOf: url) else { throw StringsFile.Error(message: "\(url.lastPathComponent): cannot be read") }
        return ChecklistWords(language: language, table: try StringsFile.parse(data, file: url.lastPathComponent))
    }
}
