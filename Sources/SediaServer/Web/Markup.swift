import Foundation
import SediaCore

/// HTML that is safe by construction: the literal parts of a `Markup` are the page's own markup, and everything
/// interpolated into it is escaped unless it is itself `Markup`. Pages are built only from these values, so text from
/// the database or a form can never become markup.
struct Markup: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    private(set) var text: String

    init(stringLiteral value: String) { text = value }

    init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }

    /// Markup produced by code that escapes on its own (inline SVG charts). Never pass text from a person here.
    static func trusted(_ text: String) -> Markup {
        var m = Markup(stringLiteral: "")
        m.text = text
        return m
    }

    static let empty: Markup = ""

    var description: String { text }

    static func + (a: Markup, b: Markup) -> Markup { .trusted(a.text + b.text) }

    static func += (a: inout Markup, b: Markup) { a.text += b.text }

    /// The items one after another.
    static func join(_ items: some Sequence<Markup>, separator: Markup = "") -> Markup {
        .trusted(items.map(\.text).joined(separator: separator.text))
    }

    /// `content` when `condition` holds, nothing otherwise.
    static func when(_ condition: Bool, _ content: @autoclosure () -> Markup) -> Markup { condition ? content() : .empty }

    struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity + interpolationCount * 16) }

        mutating func appendLiteral(_ literal: String) { text += literal }

        /// Text: escaped for element content and quoted attribute values.
        mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }

        mutating func appendInterpolation(_ value: Substring) { text += HTML.escape(String(value)) }

        mutating func appendInterpolation(_ value: Int) { text += String(value) }

        mutating func appendInterpolation(_ value: Markup) { text += value.text }

        mutating func appendInterpolation(_ items: [Markup]) { for item in items { text += item.text } }

        /// An optional value: nothing when nil.
        mutating func appendInterpolation(_ value: String?) { if let value { text += HTML.escape(value) } }
    }
}

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
