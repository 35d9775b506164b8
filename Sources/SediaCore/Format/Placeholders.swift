/// Texts name the values they show in braces, `{case}`: one syntax for the pages, mail, feeds and printed checklists.
///
/// The text is read once, left to right, and each `{name}` is replaced by its value; a value is never read again, so a
/// value that itself contains `{…}` (a reason typed by a user, say) is shown as written and never filled in. A name with
/// no value, or a brace with no closing one, is left as written, so a gap shows and nothing crashes.
public enum Placeholders {
    /// `text` with its placeholders filled from `values` (the first value given for a name wins).
    public static func fill(_ text: String, _ values: KeyValuePairs<String, String>) -> String {
        fill(text) { name in values.first { $0.key == name }?.value }
    }

    /// `text` with each placeholder replaced by what `value` gives for its name (nil leaves it as written).
    public static func fill(_ text: String, value: (Substring) -> String?) -> String {
        guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 32)
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(where: { $0 == "}" || $0 == "{" }), rest[close] == "}" else {
                // A brace that opens no placeholder is text.
                out += rest[open..<afterOpen]
                rest = rest[afterOpen...]
                continue
            }
            if let filled = value(rest[afterOpen..<close]) { out += filled } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}
