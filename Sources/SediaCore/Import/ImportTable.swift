/// A file of rows to import (`sedia import staff|rooms|courts|cases`): CSV with a header line, or a JSON array of objects,
/// both with the planning format's field names (nested objects as dotted names: `child.ref`, `hearing.court`).
///
/// Pure: the caller reads the bytes. Every problem names the file, the row (`line N` of the CSV, `[i]` of the JSON
/// array) and the field, and never quotes a cell's value, so a child's name in a wrong column is not echoed.
public enum ImportTable {
    /// How a file's rows are read: CSV or JSON, by the file name's extension.
    public enum Format: String, Sendable {
        case csv, json

        public init?(file: String) {
            let lower = file.lowercased()
            if lower.hasSuffix(".csv") {
                self = .csv
            } else if lower.hasSuffix(".json") {
                self = .json
            } else {
                return nil
            }
        }
    }

    /// The rows of `bytes`, each as field name → cell. Refuses unknown and missing columns, repeated columns,
    /// text that is not UTF-8, an unclosed quote, and rows with more cells than the header.
    ///
    /// `quoteNames` false keeps unknown column and field names out of the messages: a case file exported without its
    /// header line would otherwise have its first row, perhaps a child's name, printed back as "unknown column".
    public static func read(
        _ bytes: [UInt8], file: String, required: [String], optional: [String], quoteNames: Bool = true
    ) throws(InputErrors) -> [ImportRecord] {
        func fail(_ path: String, _ message: String) -> InputErrors { InputErrors([InputError(file: file, path: path, message: message)]) }
        guard let format = Format(file: file) else { throw fail("$", "the file name must end in .csv or .json") }
        if let tooLarge = InputLimits.tooLarge(bytes.count, file: file) { throw InputErrors([tooLarge]) }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let text = String(validating: body, as: UTF8.self) else {
            throw fail("$", "not UTF-8 text (save the spreadsheet as \"CSV UTF-8\")")
        }
        if text.unicodeScalars.contains("\u{0}") { throw fail("$", "the file holds NUL characters: not a text file") }
        let known = Set(required + optional)
        switch format {
        case .csv: return try csv(text, file: file, required: required, known: known, quoteNames: quoteNames)
        case .json: return try json(body, file: file, required: required, known: known, quoteNames: quoteNames)
        }
    }

    static func csv(_ text: String, file: String, required: [String], known: Set<String>, quoteNames: Bool) throws(InputErrors) -> [ImportRecord] {
        let parsed = CSV.parse(text)
        var errors: [InputError] = []
        if let line = parsed.unclosedQuoteLine {
            errors.append(InputError(file: file, path: "line \(line)", message: "a quoted field opened here never closes"))
        }
        guard let header = parsed.records.first else {
            throw InputErrors([InputError(file: file, path: "line 1", message: "empty file: expected a header line")])
        }
        let names = header.fields.map { $0.trimmingCharacters() }
        for (i, n) in names.enumerated() where !known.contains(n) {
            errors.append(
                InputError(
                    file: file, path: "line \(header.line): column \(i + 1)",
                    message: "unknown column\(quoteNames ? " " + visible(n) : "") (expected \(known.sorted().joined(separator: ", ")))"))
        }
        for r in required where !names.contains(r) {
            errors.append(InputError(file: file, path: "line \(header.line): \(r)", message: "missing column"))
        }
        var seen = Set<String>()
        for n in names where !seen.insert(n).inserted {
            errors.append(InputError(file: file, path: "line \(header.line): \(n)", message: "column named twice"))
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        var out: [ImportRecord] = []
        for record in parsed.records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters().isEmpty }) { continue }
            let path = "line \(record.line)"
            if record.fields.count > names.count {
                errors.append(InputError(file: file, path: path, message: "\(record.fields.count) cells, the header has \(names.count)"))
                continue
            }
            var values: [String: ImportCell] = [:]
            for (i, cell) in record.fields.enumerated() {
                let trimmed = cell.trimmingCharacters()
                if !trimmed.isEmpty { values[names[i]] = .text(trimmed) }
            }
            out.append(ImportRecord(path: path, separator: ": ", values: values))
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return out
    }

    static func json(_ bytes: [UInt8], file: String, required: [String], known: Set<String>, quoteNames: Bool) throws(InputErrors) -> [ImportRecord] {
        let value: JSONValue
        do { value = try JSONReader.parse(bytes) } catch { throw InputErrors([InputError(file: file, path: "$", message: error.description)]) }
        guard case .array(let items) = value else { throw InputErrors([InputError(file: file, path: "$", message: "expected an array of objects")]) }
        var errors: [InputError] = []
        var out: [ImportRecord] = []
        for (i, item) in items.enumerated() {
            let path = "[\(i)]"
            guard case .object = item else {
                errors.append(InputError(file: file, path: path, message: "expected an object"))
                continue
            }
            var values: [String: ImportCell] = [:]
            flatten(item, prefix: "", into: &values, file: file, path: path, known: known, quoteNames: quoteNames, errors: &errors)
            for r in required where values[r] == nil { errors.append(InputError(file: file, path: path + "." + r, message: "missing")) }
            out.append(ImportRecord(path: path, separator: ".", values: values))
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return out
    }

    static func flatten(
        _ value: JSONValue, prefix: String, into values: inout [String: ImportCell], file: String, path: String, known: Set<String>,
        quoteNames: Bool, errors: inout [InputError]
    ) {
        guard case .object(let pairs) = value else { return }
        for (key, v) in pairs {
            let name = prefix + key
            if case .object = v {
                flatten(v, prefix: name + ".", into: &values, file: file, path: path, known: known, quoteNames: quoteNames, errors: &errors)
                continue
            }
            guard known.contains(name) else {
                errors.append(
                    InputError(
                        file: file, path: quoteNames ? path + "." + name : path,
                        message: "unknown field (expected \(known.sorted().joined(separator: ", ")))"))
                continue
            }
            switch v {
            case .null: break
            case .string(let s): values[name] = .text(s)
            case .bool(let b): values[name] = .text(b ? "true" : "false")
            case .int(let n): values[name] = .text(String(n))
            case .double(let d): values[name] = .text(String(d))
            case .array(let items):
                var list: [String] = []
                for item in items {
                    guard case .string(let s) = item else {
                        errors.append(InputError(file: file, path: path + "." + name, message: "expected a list of strings"))
                        break
                    }
                    list.append(s)
                }
                values[name] = .list(list)
            case .object: break
            }
        }
    }

    /// A header name as printed in an error: visible characters only, at most 40.
    static func visible(_ s: String) -> String {
        let cleaned = String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }).prefix(40))
        return cleaned.isEmpty ? "(empty)" : cleaned
    }
}

/// One cell of an import row: text (a CSV cell, a JSON scalar) or a JSON list.
public enum ImportCell: Sendable, Equatable {
    case text(String)
    case list([String])
}

/// One row of an import file: where it is (`line 3`, `[2]`) and its non-empty cells by field name.
public struct ImportRecord: Sendable, Equatable {
    public var path: String
    /// Between the row and the field in error paths: `line 3: maxPerDay`, `[2].maxPerDay`.
    public var separator: String
    public var values: [String: ImportCell]

    /// The error path of a field of this row.
    public func path(_ field: String) -> String { path + separator + field }
}

/// A parsed row with where it came from, so the store can name the line of a row it refuses.
public struct Located<Value: Sendable>: Sendable {
    /// `file: line 3` or `file: [2]`, the prefix of every problem with this row.
    public var file: String
    public var record: ImportRecord
    public var value: Value

    public init(file: String, record: ImportRecord, value: Value) {
        self.file = file
        self.record = record
        self.value = value
    }

    /// `file: line 3: field: message`, the one-line form of a problem with a field of this row.
    public func problem(_ field: String, _ message: String) -> String {
        InputError(file: file, path: record.path(field), message: message).description
    }
}

extension Located: Equatable where Value: Equatable {}

/// Reads the typed fields of one import row, collecting every problem instead of stopping at the first.
struct ImportFields {
    let file: String
    let record: ImportRecord
    var errors: [InputError] = []

    init(file: String, record: ImportRecord) {
        self.file = file
        self.record = record
    }

    mutating func fail(_ field: String, _ message: String) { errors.append(InputError(file: file, path: record.path(field), message: message)) }

    func has(_ name: String) -> Bool { record.values[name] != nil }

    /// The cell as text; a JSON list is a problem here.
    mutating func text(_ name: String, required: Bool) -> String? {
        switch record.values[name] {
        case .text(let s): return s
        case .list:
            fail(name, "expected a single value, not a list")
            return nil
        case nil:
            if required { fail(name, "missing") }
            return nil
        }
    }

    /// An identifier, as `IdentifierRule` has it (it names files, URLs and feed events).
    mutating func id(_ name: String, required: Bool = true) -> String? {
        guard let s = text(name, required: required) else { return nil }
        if let problem = IdentifierRule.problem(s) {
            fail(name, problem)
            return nil
        }
        return s
    }

    mutating func int(_ name: String, _ range: ClosedRange<Int>, required: Bool) -> Int? {
        guard let s = text(name, required: required) else { return nil }
        guard let n = Int(s), range.contains(n) else {
            fail(name, "must be a whole number \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return n
    }

    mutating func double(_ name: String, _ range: ClosedRange<Double>) -> Double? {
        guard let s = text(name, required: true) else { return nil }
        guard let d = Double(s), d.isFinite, range.contains(d) else {
            fail(name, "must be a number \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return d
    }

    /// `true`/`false` (also `yes`/`no`, `1`/`0`); absent is `defaultValue`.
    mutating func bool(_ name: String, default defaultValue: Bool) -> Bool {
        guard let s = text(name, required: false) else { return defaultValue }
        switch s.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default:
            fail(name, "must be true or false")
            return defaultValue
        }
    }

    mutating func date(_ name: String, required: Bool) -> Day? {
        guard let s = text(name, required: required) else { return nil }
        guard let d = Day(iso: s) else {
            fail(name, "must be a date YYYY-MM-DD")
            return nil
        }
        return d
    }

    /// A time of day `HH:MM` (24 h, `24:00` allowed for a closing time), as minutes after midnight.
    mutating func clock(_ name: String) -> Int? {
        guard let s = text(name, required: true) else { return nil }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...59).contains(m),
            (0...24).contains(h), h * 60 + m <= 1440
        else {
            fail(name, "must be a time HH:MM")
            return nil
        }
        return h * 60 + m
    }

    mutating func gender(_ name: String, required: Bool) -> String? {
        guard let s = text(name, required: required) else { return nil }
        guard s == "F" || s == "M" else {
            fail(name, "must be F or M")
            return nil
        }
        return s
    }

    /// A list: a JSON array of strings, or a CSV cell with `;` between the items.
    mutating func list(_ name: String) -> [String] {
        switch record.values[name] {
        case .list(let items): return items.map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        case .text(let s): return s.split(separator: ";").map { String($0).trimmingCharacters() }.filter { !$0.isEmpty }
        case nil: return []
        }
    }

    /// A list of ids (each checked like `id`).
    mutating func ids(_ name: String) -> [String] {
        let items = list(name)
        for item in items {
            if let problem = IdentifierRule.problem(item) {
                fail(name, "every item must be an id: \(problem)")
                return []
            }
        }
        if Set(items).count != items.count { fail(name, "an item is listed twice") }
        return items
    }

    /// An e-mail address (`EmailRule`); empty or absent is nil.
    mutating func email(_ name: String) -> String? {
        guard let s = text(name, required: false)?.trimmingCharacters(), !s.isEmpty else { return nil }
        if let problem = EmailRule.problem(s) {
            fail(name, problem)
            return nil
        }
        return s
    }

    /// feed, invitations or both; empty or absent is nil.
    mutating func delivery(_ name: String) -> Delivery? {
        guard let s = text(name, required: false)?.trimmingCharacters(), !s.isEmpty else { return nil }
        guard let delivery = Delivery(rawValue: s.lowercased()) else {
            fail(name, "must be feed, invitations or both")
            return nil
        }
        return delivery
    }

    mutating func languages(_ name: String, required: Bool) -> [String] {
        let items = list(name).map { $0.lowercased() }
        if items.isEmpty && required { fail(name, "missing: language codes separated by ';', e.g. ms;en") }
        guard items.allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isLetter } }) else {
            fail(name, "language codes of letters only, separated by ';', e.g. ms;en")
            return []
        }
        return items
    }

    mutating func weekdays(_ name: String, required: Bool) -> [Weekday] {
        let items = list(name).map { $0.lowercased() }
        if items.isEmpty && required { fail(name, "missing: weekdays separated by ';', e.g. sun;mon;tue;wed") }
        var out: [Weekday] = []
        for item in items {
            guard let d = Weekday(rawValue: item) else {
                fail(name, "weekdays are mon, tue, wed, thu, fri, sat, sun")
                return []
            }
            if !out.contains(d) { out.append(d) }
        }
        return out
    }
}

extension ImportTable {
    /// Reads the rows and turns each into a value, refusing an id listed twice; every problem of the file is reported together.
    static func rows<Value: Sendable>(
        _ bytes: [UInt8], file: String, required: [String], optional: [String], idField: String = "id", quoteNames: Bool = true,
        _ make: (inout ImportFields) -> Value?
    ) throws(InputErrors) -> [Located<Value>] {
        let records = try read(bytes, file: file, required: required, optional: optional, quoteNames: quoteNames)
        var errors: [InputError] = []
        var out: [Located<Value>] = []
        var firstSeen: [String: String] = [:]
        for record in records {
            var fields = ImportFields(file: file, record: record)
            let value = make(&fields)
            if case .text(let id) = record.values[idField] {
                if let first = firstSeen[id] {
                    fields.fail(idField, "\(ImportTable.visible(id)) is listed twice (first at \(first))")
                } else {
                    firstSeen[id] = record.path
                }
            }
            errors += fields.errors
            if fields.errors.isEmpty, let value { out.append(Located(file: file, record: record, value: value)) }
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return out
    }
}
