/// The one CSV reader of the project (RFC 4180 as spreadsheets write it): quoted fields may hold commas, quotes (doubled)
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
}
