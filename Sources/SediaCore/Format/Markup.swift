/// HTML that is safe by construction: the literal parts of a `Markup` are the writer's own markup, and everything
/// interpolated into it is escaped unless it is itself `Markup`. Pages, printed checklists,
/// reports and mail are built only from these values, so text from the database or a form can never become markup.
public struct Markup: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var text: String

    public init(stringLiteral value: String) { text = value }

    public init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }

    /// Markup produced by code that escapes on its own (inline SVG charts). Never pass text from a person here.
    public static func trusted(_ text: String) -> Markup {
        var m = Markup(stringLiteral: "")
        m.text = text
        return m
    }

    public static let empty: Markup = ""

    public var description: String { text }

    public static func + (a: Markup, b: Markup) -> Markup { .trusted(a.text + b.text) }

    public static func += (a: inout Markup, b: Markup) { a.text += b.text }

    /// The items one after another.
    public static func join(_ items: some Sequence<Markup>, separator: Markup = "") -> Markup {
        .trusted(items.map(\.text).joined(separator: separator.text))
    }

    /// `content` when `condition` holds, nothing otherwise.
    public static func when(_ condition: Bool, _ content: @autoclosure () -> Markup) -> Markup { condition ? content() : .empty }

    public struct StringInterpolation: StringInterpolationProtocol {
        public private(set) var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity + interpolationCount * 16) }

        public mutating func appendLiteral(_ literal: String) { text += literal }

        /// Text: escaped for element content and quoted attribute values.
        public mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }

        public mutating func appendInterpolation(_ value: Substring) { text += HTML.escape(String(value)) }

        public mutating func appendInterpolation(_ value: Int) { text += String(value) }

        public mutating func appendInterpolation(_ value: Markup) { text += value.text }

        public mutating func appendInterpolation(_ items: [Markup]) { for item in items { text += item.text } }

        /// An optional value: nothing when nil.
        public mutating func appendInterpolation(_ value: String?) { if let value { text += HTML.escape(value) } }
    }
}
