public import Foundation
public import SediaCore

/// Sedia's one table of texts per language, `Strings/en.strings` and `Strings/ms.strings`: every word of the pages, the
/// e-mails, the calendar feeds and the printed checklists, which a translator edits without touching code. Read once,
/// and handed out as the core's `Texts`, so every adapter has one placeholder syntax (`{name}`) and one fallback rule
/// (a key Malay lacks reads as in English, then as the key itself).
public enum TextTables {
    /// Both tables, read once: a missing or malformed file is a packaging error, reported with its name.
    public static let tables: Result<[Language: [String: String]], StringsFile.Error> = Result { () throws(StringsFile.Error) in
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases { tables[language] = try read(language) }
        return tables
    }

    /// The texts of `language`, English's as its fallback.
    public static func load(_ language: Language) throws(StringsFile.Error) -> Texts {
        let tables = try tables.get()
        return Texts(language: language, table: tables[language] ?? [:], fallback: tables[.en] ?? [:])
    }

    /// The texts of `language`; empty tables, so each key shows as itself, if the installation lacks them (the server
    /// and the commands that print words `load` them first and stop with the problem).
    public static func texts(_ language: Language) -> Texts {
        (try? load(language)) ?? Texts(language: language, table: [:], fallback: [:])
    }

    static func read(_ language: Language) throws(StringsFile.Error) -> [String: String] {
        let name = "\(language.rawValue).strings"
        guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "strings", subdirectory: "Strings") else {
            throw StringsFile.Error(message: "Strings/\(name) is missing from the installation")
        }
        guard let data = try? Data(contentsOf: url) else { throw StringsFile.Error(message: "Strings/\(name): cannot be read") }
        return try StringsFile.parse(data, file: name)
    }
}

extension ChecklistWords {
    /// The printed checklist's words in `language`, from the one table.
    public static func load(_ language: Language) throws(StringsFile.Error) -> ChecklistWords {
        ChecklistWords(texts: try TextTables.load(language))
    }
}
