/// A typed identifier: a case id cannot be passed where a room id is expected.
public struct Identifier<Owner>: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static func < (a: Identifier, b: Identifier) -> Bool { a.rawValue < b.rawValue }
}

extension Identifier: CustomStringConvertible {
    public var description: String { rawValue }
}

extension Identifier: Codable {
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// The one rule for an id that enters Sedia from outside: planning files, table imports, the intake form and
/// command-line arguments all ask it.
///
/// An id names URLs (`/cases/ID`), feed file names, CSV cells and lists, and SQLite keys, so it is 1 to 64 printable
/// characters with nothing that means something in one of those places: no control or format character (NUL would
/// end the key inside SQLite, so two ids differing after it would be one row; bidirectional controls make an id read
/// differently from what it is), no space or separator, and none of `/ ? # % \` (URL syntax) or `, ;` (list
/// separators in CSV cells).
public enum IdentifierRule {
    /// The longest id, in characters.
    public static let maxLength = 64

    /// The characters refused although printable, for the message.
    public static let reserved: Set<Unicode.Scalar> = ["/", "?", "#", "%", "\\", ",", ";"]

    /// Why `text` cannot be an id (to follow "field: "), or nil when it can. The value itself is never quoted: a
    /// child's name typed into the wrong column must not be echoed.
    public static func problem(_ text: String) -> String? {
        if text.isEmpty { return "must not be empty" }
        if text.count > maxLength { return "an id has at most \(maxLength) characters, this one has \(text.count)" }
        for scalar in text.unicodeScalars {
            if reserved.contains(scalar) { return "an id may not contain '\(scalar)' (nor any of / ? # % \\ , ;)" }
            if !isPrintable(scalar) { return "an id may hold printable characters only, not \(codePoint(scalar))" }
        }
        return nil
    }

    /// Letters, marks, numbers, punctuation and symbols; not controls, format characters (bidirectional controls,
    /// zero-width joiners, byte-order marks), spaces, line or paragraph separators, surrogates, private-use or
    /// unassigned code points.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator, .paragraphSeparator: false
        default: true
        }
    }

    /// `U+202E`: a refused character named without quoting the text around it.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let code = String(scalar.value, radix: 16, uppercase: true)
        return "U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code)"
    }
}

/// The one rule for a name that enters Sedia from outside (a staff member's, a child's, a centre's or a court's):
/// at most 200 characters, printable as `IdentifierRule` has it (its `isPrintable`: no ESC, CR/LF, bidirectional
/// override such as U+202E or other control or format character) but with spaces allowed. Names are shown on pages
/// and in mail; a control character could forge a line, an override could make a name read as another.
public enum NameRule {
    /// The longest name, in characters.
    public static let maxLength = 200

    /// Why `text` cannot be a name (to follow "field: "), or nil when it can. The name itself is never quoted (it may
    /// be a child's).
    public static func problem(_ text: String) -> String? {
        if text.count > maxLength { return "at most \(maxLength) characters" }
        for scalar in text.unicodeScalars where scalar.properties.generalCategory != .spaceSeparator && !IdentifierRule.isPrintable(scalar) {
            return "a name may hold printable characters and spaces only, not \(IdentifierRule.codePoint(scalar))"
        }
        return nil
    }
}
