import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// An error a page handler throws on purpose: a status and what to tell the person, as a translatable text (a key of
/// `Localization/*.strings` and its values) or, for words that come from elsewhere (the store, the rules), as they are.
struct PageError: Error {
    var status: HTTPResponse.Status
    var key: String?
    var values: [(name: String, value: String)]
    var literal: String?

    /// A text from the translation tables. A value named `field` is a form field's name and is shown by its label.
    init(_ status: HTTPResponse.Status, key: String, _ values: KeyValuePairs<String, String> = [:]) {
        self.status = status
        self.key = key
        self.values = values.map { ($0.key, $0.value) }
    }

    /// Words given as they are (a store refusal, a rule's own words).
    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.values = []
        self.literal = message
    }

    static let notFound = PageError(.notFound, key: "error.notFound")

    /// The message in the reader's language.
    func message(_ t: Localizer) -> String {
        if let literal { return t.storeMessage(literal) }
        guard let key else { return "" }
        var text = t(key)
        for (name, value) in values {
            let shown = name == "field" ? t.field(value) : value
            text = text.replacingOccurrences(of: "{\(name)}", with: shown)
        }
        return text
    }

    /// The English message, for logs and tests that read it without a page.
    var englishDescription: String { literal ?? key ?? "" }
}

extension Localizer {
    /// A form field's label ("childRef" → "Child's reference"), or its name when it has no label.
    func field(_ name: String) -> String {
        let label = self("field.\(name)")
        return label == "field.\(name)" ? name : label
    }

    /// A refusal from the store or the rules, translated where its form is known: "FIELD: words." keeps its words
    /// and shows the field by its label.
    func storeMessage(_ message: String) -> String {
        guard let colon = message.firstIndex(of: ":") else { return message }
        let name = String(message[..<colon])
        guard !name.contains(" "), table["field.\(name)"] != nil || fallback["field.\(name)"] != nil else { return message }
        return field(name) + message[colon...]
    }
}
