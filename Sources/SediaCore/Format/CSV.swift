/// The one CSV reader and writer of the project (RFC 4180 as spreadsheets write it): quoted fields may hold commas, quotes (doubled)
/// and line breaks; records end with LF, CRLF or CR; a UTF-8 byte-order mark before the header is dropped.
public enum CSV {
    /// One record with the 1-based line it starts on.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// The records of `text`, and the line of a quoted field that never closes (the rest of the file is then that field).
    public static func parse(_ text: String) -> (records: [Record], unclosedQuoteLine: Int?) {
        var out: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var quoteLine = 0
        var line = 1
        var recordLine = 1
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || (c == "\r" && !(i + 1 < chars.count && chars[i + 1] == "\n")) { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
                quoteLine = line
            } else if c == "," {
                fields.append(field)
                field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r" && i + 1 < chars.count && chars[i + 1] == "\n" { i += 1 }
                fields.append(field)
                out.append(Record(line: recordLine, fields: fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            } else {
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty || inQuotes {
            fields.append(field)
            out.append(Record(line: recordLine, fields: fields))
        }
        return (out, inQuotes ? quoteLine : nil)
    }

    /// The records of `text` (an unclosed quote runs to the end of the file).
    public static func records(_ text: String) -> [Record] { parse(text).records }

    /// One line of CSV output (with its newline): every CSV Sedia writes goes through here.
    public static func line(_ cells: [String]) -> String { cells.map(cell).joined(separator: ",") + "\n" }

    /// A cell as written: quoted when it holds a comma, quote or line break, and neutralised when a spreadsheet would
    /// take it for a formula (OWASP's CSV injection advice): text starting with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return gets a leading `'`, which spreadsheets show as text. A number (`-3`, `+1.5`) is left as it is: it is no
    /// formula, and a days-left column must stay numeric.
    public static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, formulaStarts.contains(first), !isNumber(value) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        var quoted = "\""
        for character in value {
            if character == "\"" { quoted.append("\"") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A plain decimal number: an optional sign, digits, and an optional fraction.
    static func isNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let sign = scalars.first, sign == "-" || sign == "+" { scalars = scalars.dropFirst() }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ ("0"..."9").contains($0) }) else { return false }
        if parts.count == 2 { return !parts[1].isEmpty && parts[1].allSatisfy { ("0"..."9").contains($0) } }
        return true
    }
}
