import Foundation
import SediaCore

extension String {
    /// The string as one value of a URL's query (`a=b&c` → `a%3Db%26c`; dates and ids stay readable).
    var queryValue: String {
        addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~:"))) ?? ""
    }
}

/// Small builders for the markup every page repeats.
enum Tag {
    /// ` selected` when the option is the chosen one.
    static func selected(_ on: Bool) -> Markup { on ? " selected" : "" }

    /// ` checked` for a ticked checkbox.
    static func checked(_ on: Bool) -> Markup { on ? " checked" : "" }

    /// A `<select>` option.
    static func option(_ value: String, _ label: String, selected: Bool) -> Markup {
        "<option value=\"\(value)\"\(Tag.selected(selected))>\(label)</option>"
    }

    /// The hidden CSRF field every signed-in form carries.
    static func csrf(_ token: String?) -> Markup { "<input type=\"hidden\" name=\"csrf\" value=\"\(token ?? "")\">" }

    /// An error box, announced to screen readers.
    static func error(_ message: String?) -> Markup {
        guard let message else { return .empty }
        // A refusal citing several rules (or fields) has a line each: shown as a list, not run together.
        let lines = message.split(separator: "\n")
        guard lines.count > 1 else { return "<div class=\"error\" role=\"alert\">\(message)</div>" }
        return "<div class=\"error\" role=\"alert\"><ul>\(lines.map { "<li>\($0)</li>" as Markup })</ul></div>"
    }

}
