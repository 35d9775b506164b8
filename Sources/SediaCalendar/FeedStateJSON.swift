public import SediaCore

/// The state's file form, through SediaCore's JSON reader and writer: entries sorted by task so the file is stable,
/// and an error that names the JSON path when a file was damaged. (Not Foundation's coders: on a national state they
/// would cost more than the rest of the export.)
extension FeedState {
    /// The columns of an entry row in `sedia-feed-state/2`, written into the file so that it explains itself.
    static let columns = [
        "task", "uid", "sequence", "lastModified", "cancelledAt", "kind", "case", "day", "startMinute", "endDay", "endMinute", "centre",
        "room", "interviewer", "psychologist", "court", "prosecutor", "label", "source", "dayIndex", "dayCount", "done", "advisory",
        "labelMs",
    ]

    /// The columns of `/2` files written before `labelMs` was added; they are still read (no label had a Malay text).
    static let columnsWithoutLabelMs = Array(columns.dropLast())
    /// The columns of `/2` files written before `advisory` was added; they are still read (no entry was advisory).
    static let columnsWithoutAdvisory = Array(columns.dropLast(2))
    /// Every column list a `/2` file may carry, newest first.
    static let readableColumns = [columns, columnsWithoutLabelMs, columnsWithoutAdvisory]

    /// The state as `sedia-feed-state/2` JSON: one array per entry (columns named in the file), entries sorted by task
    /// so the file is stable, every identifier, label and source written once in a string table, dates as
    /// `YYYYMMDD` numbers and instants as Unix seconds, which keeps a national state small and quick to read;
    /// `/1` files are still read (and written back as `/2`).
    public func jsonBytes() -> [UInt8] {
        // Written straight into the buffer, row by row: a `JSONValue` per row would cost more than the rest of the export.
        var table = StringTable()
        var out: [UInt8] = []
        out.reserveCapacity(entries.count * 110 + 4096)
        var rows: [UInt8] = []
        rows.reserveCapacity(entries.count * 100)
        func number(_ n: Int) { rows.append(contentsOf: String(n).utf8) }
        func null() { rows.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }
        func comma() { rows.append(0x2C) }
        func optional(_ n: Int?) {
            if let n { number(n) } else { null() }
        }
        for (i, task) in entries.keys.sorted().enumerated() {
            guard let e = entries[task] else { continue }
            let v = e.event
            rows.append(contentsOf: i == 0 ? [0x5B] : [0x2C, 0x0A, 0x5B])
            JSONWriter.writeString(task, into: &rows)
            comma()
            JSONWriter.writeString(e.uid, into: &rows)
            comma()
            number(e.sequence)
            comma()
            number(Int(e.lastModified.seconds))
            comma()
            optional(e.cancelledAt.map { Int($0.seconds) })
            comma()
            FeedState.writeEventColumns(v, into: &rows) { text, out in
                if let text { out.append(contentsOf: String(table.index(text)).utf8) } else { out.append(contentsOf: "null".utf8) }
            }
            rows.append(0x5D)
        }
        // Compact, one entry per line: tens of thousands of entries are read and written on every export, and a
        // line per entry keeps the file reviewable with ordinary tools.
        out.append(contentsOf: "{\n\"format\":".utf8)
        JSONWriter.writeString(FeedState.currentFormat, into: &out)
        out.append(contentsOf: ",\n\"secret\":".utf8)
        JSONWriter.writeString(secret, into: &out)
        out.append(contentsOf: ",\n\"columns\":".utf8)
        out.append(contentsOf: JSONWriter.render(.array(FeedState.columns.map { .string($0) })))
        out.append(contentsOf: ",\n\"strings\":".utf8)
        out.append(contentsOf: JSONWriter.render(.array(table.strings.map { .string($0) })))
        out.append(contentsOf: ",\n\"entries\":[\n".utf8)
        out.append(contentsOf: rows)
        out.append(contentsOf: (entries.isEmpty ? "]\n}\n" : "\n]\n}\n").utf8)
        return out
    }

    /// Writes an event's columns (`kind` to `done`, comma-separated, no brackets): the one encoding of an event, used
    /// by the state file (strings by index into its table) and the server's rows (strings written out). `ref` writes a
    /// string column or null.
    static func writeEventColumns(_ v: FeedEvent, into rows: inout [UInt8], ref: (String?, inout [UInt8]) -> Void) {
        func number(_ n: Int) { rows.append(contentsOf: String(n).utf8) }
        func null() { rows.append(contentsOf: "null".utf8) }
        func comma() { rows.append(0x2C) }
        JSONWriter.writeString(v.kind.rawValue, into: &rows)
        comma()
        ref(v.caseID, &rows)
        switch v.when {
        case .timed(let start, let end):
            for n in [FeedState.number(start.day), start.minute, FeedState.number(end.day), end.minute] {
                comma()
                number(n)
            }
        case .allDay(let day):
            comma()
            number(FeedState.number(day))
            for _ in 0..<3 {
                comma()
                null()
            }
        }
        for text in [v.centre, v.room, v.interviewer, v.psychologist, v.court, v.prosecutor, v.label, v.source] {
            comma()
            ref(text, &rows)
        }
        comma()
        if let n = v.dayIndex { number(n) } else { null() }
        comma()
        if let n = v.dayCount { number(n) } else { null() }
        comma()
        if let done = v.done { rows.append(contentsOf: (done ? "true" : "false").utf8) } else { null() }
        comma()
        ref(v.advisory, &rows)
        comma()
        ref(v.labelMs, &rows)
    }

    /// Reads the cells of one row of the state file (columns as `FeedState.columns`). `ref` resolves a string column:
    /// `.some(nil)` for null, nil when the cell is wrong. `bad` is the index of the first wrong cell.
    struct Cells {
        let row: [JSONValue]
        let ref: (JSONValue) -> String??
        var bad: Int?

        init(row: [JSONValue], ref: @escaping (JSONValue) -> String??) {
            self.row = row
            self.ref = ref
        }

        private mutating func wrong(_ c: Int) { bad = bad ?? c }

        mutating func text(_ c: Int) -> String? {
            if case .string(let s) = row[c] { return s }
            wrong(c)
            return nil
        }

        mutating func number(_ c: Int) -> Int? {
            if case .int(let n) = row[c], n >= 0 { return n }
            if case .null = row[c] { return nil }
            wrong(c)
            return nil
        }

        mutating func string(_ c: Int) -> String? {
            guard let value = ref(row[c]) else {
                wrong(c)
                return nil
            }
            return value
        }

        mutating func day(_ c: Int) -> Day? {
            guard let n = number(c) else { return nil }
            if let d = FeedState.day(number: n) { return d }
            wrong(c)
            return nil
        }

        /// The event in columns `kind` (5) to `done` (21), nil when a cell is wrong (then `bad` names it).
        mutating func event(task: String) -> FeedEvent? {
            let kind = text(5).flatMap { FeedEventKind(rawValue: $0) }
            let caseID = string(6)
            let first = day(7)
            let startMinute = number(8)
            let endDay = day(9)
            let endMinute = number(10)
            var done: Bool?
            switch row[21] {
            case .bool(let b): done = b
            case .null: done = nil
            default: wrong(21)
            }
            var when: FeedWhen?
            if let first {
                if let startMinute, let endDay, let endMinute, startMinute < 1440, endMinute <= 1440 {
                    when = .timed(start: LocalDateTime(day: first, minute: startMinute), end: LocalDateTime(day: endDay, minute: endMinute))
                } else if startMinute == nil, endDay == nil, endMinute == nil {
                    when = .allDay(first)
                }
            }
            let centre = string(11)
            let room = string(12)
            let interviewer = string(13)
            let psychologist = string(14)
            let court = string(15)
            let prosecutor = string(16)
            let label = string(17)
            let source = string(18)
            let dayIndex = number(19)
            let dayCount = number(20)
            // Rows written before the `advisory` column have one cell fewer (no entry was advisory then).
            let advisory = row.count > 22 ? string(22) : nil
            // and before the `labelMs` column, one cell fewer again.
            let labelMs = row.count > 23 ? string(23) : nil
            guard bad == nil, let kind, let caseID, let when else { return nil }
            return FeedEvent(
                task: task, kind: kind, caseID: caseID, when: when, centre: centre, room: room, interviewer: interviewer,
                psychologist: psychologist, court: court, prosecutor: prosecutor, dayIndex: dayIndex, dayCount: dayCount, label: label,
                source: source, done: done, advisory: advisory, labelMs: labelMs)
        }
    }

    /// Strings written once each, referred to by index.
    struct StringTable {
        var strings: [String] = []
        var index: [String: Int] = [:]

        mutating func index(_ text: String) -> Int {
            if let i = index[text] { return i }
            index[text] = strings.count
            strings.append(text)
            return strings.count - 1
        }
    }

    /// Reads a state file (`sedia-feed-state/2`, or `/1` from earlier versions); every problem names `file` and the JSON path.
    public init(jsonBytes bytes: [UInt8], file: String) throws(InputErrors) {
        let root: JSONValue
        do {
            root = try JSONReader.parse(bytes)
        } catch {
            throw InputErrors([InputError(file: file, path: "$", message: error.description)])
        }
        var reader = Fields(file: file)
        let format = reader.string(root, "format", at: "")
        let secret = reader.string(root, "secret", at: "")
        if let secret, Hex.decode(secret).map({ $0.count < 16 }) ?? true {
            reader.fail("secret", "must be at least 32 hex digits")
        }
        var entries: [String: Entry] = [:]
        switch format {
        case FeedState.currentFormat?: entries = reader.entries(root)
        case FeedState.formatVersion1?: entries = reader.entriesVersion1(root)
        case let other?: reader.fail("format", "expected \(FeedState.currentFormat), got \(other)")
        case nil: break
        }
        guard reader.errors.isEmpty, let secret else { throw InputErrors(reader.errors) }
        self.init(secret: [])
        self.secret = secret
        self.entries = entries
    }

    /// Field access that records what is wrong instead of stopping at the first problem.
    struct Fields {
        let file: String
        var errors: [InputError] = []

        init(file: String) { self.file = file }

        mutating func fail(_ path: String, _ message: String) { errors.append(InputError(file: file, path: path, message: message)) }

        static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

        mutating func string(_ object: JSONValue, _ key: String, at path: String, required: Bool = true) -> String? {
            switch object[key] {
            case .string(let s)?: return s
            case nil where !required: return nil
            case nil: fail(Fields.join(path, key), "missing")
            default: fail(Fields.join(path, key), "must be a string")
            }
            return nil
        }

        mutating func int(_ object: JSONValue, _ key: String, at path: String, required: Bool = true) -> Int? {
            switch object[key] {
            case .int(let n)? where n >= 0: return n
            case nil where !required: return nil
            case nil: fail(Fields.join(path, key), "missing")
            default: fail(Fields.join(path, key), "must be a whole number ≥ 0")
            }
            return nil
        }

        mutating func instant(_ object: JSONValue, _ key: String, at path: String) -> UTCInstant? {
            guard let text = string(object, key, at: path) else { return nil }
            guard let t = UTCInstant(iso: text) else {
                fail(Fields.join(path, key), "not a UTC time YYYY-MM-DDTHH:MM:SSZ: \(text)")
                return nil
            }
            return t
        }

        /// The entries of a `/2` file: rows checked against the column list, strings resolved through the table.
        mutating func entries(_ root: JSONValue) -> [String: Entry] {
            guard case .array(let names)? = root["columns"],
                FeedState.readableColumns.contains(where: { names == $0.map { JSONValue.string($0) } })
            else {
                fail("columns", "expected \(FeedState.columns.joined(separator: ","))")
                return [:]
            }
            let width = names.count
            guard case .array(let tableValues)? = root["strings"] else {
                fail("strings", "missing or not an array")
                return [:]
            }
            var table: [String] = []
            table.reserveCapacity(tableValues.count)
            for (i, value) in tableValues.enumerated() {
                guard case .string(let text) = value else {
                    fail("strings[\(i)]", "must be a string")
                    return [:]
                }
                table.append(text)
            }
            guard case .array(let rows)? = root["entries"] else {
                fail("entries", "missing or not an array")
                return [:]
            }
            var out: [String: Entry] = [:]
            out.reserveCapacity(rows.count)
            for (i, value) in rows.enumerated() {
                let path = "entries[\(i)]"
                guard case .array(let row) = value, row.count == width else {
                    fail(path, "must be an array of \(width) values")
                    continue
                }
                var cells = FeedState.Cells(row: row) { value in
                    if case .null = value { return .some(nil) }
                    guard case .int(let n) = value, table.indices.contains(n) else { return nil }
                    return table[n]
                }
                let task = cells.text(0)
                let uid = cells.text(1)
                let sequence = cells.number(2)
                let modified = cells.number(3)
                let cancelled = cells.number(4)
                let event = task.flatMap { cells.event(task: $0) }
                let bad = cells.bad.map { path + "." + FeedState.columns[$0] }
                guard bad == nil, let task, let uid, let sequence, let modified, let event else {
                    fail(bad ?? path, bad == nil ? "incomplete entry" : "wrong type or out of range")
                    continue
                }
                if out[task] != nil {
                    fail(path + "." + FeedState.columns[0], "task \(task) appears twice")
                    continue
                }
                out[task] = Entry(
                    uid: uid, sequence: sequence, lastModified: UTCInstant(seconds: Int64(modified)), event: event,
                    cancelledAt: cancelled.map { UTCInstant(seconds: Int64($0)) })
            }
            return out
        }

        /// The entries of a `sedia-feed-state/1` file (an object per task, each with its whole event).
        mutating func entriesVersion1(_ root: JSONValue) -> [String: Entry] {
            guard case .object(let members)? = root["entries"] else {
                fail("entries", "missing or not an object")
                return [:]
            }
            var entries: [String: Entry] = [:]
            for (task, value) in members {
                let path = "entries[\"\(task)\"]"
                guard let uid = string(value, "uid", at: path), let sequence = int(value, "sequence", at: path),
                    let modified = instant(value, "lastModified", at: path), let eventValue = value["event"],
                    let event = event(eventValue, at: path + ".event")
                else {
                    if value["event"] == nil { fail(path + ".event", "missing") }
                    continue
                }
                let cancelled = value["cancelledAt"].flatMap { _ in instant(value, "cancelledAt", at: path) }
                entries[task] = Entry(uid: uid, sequence: sequence, lastModified: modified, event: event, cancelledAt: cancelled)
            }
            return entries
        }

        mutating func event(_ v: JSONValue, at path: String) -> FeedEvent? {
            guard let task = string(v, "task", at: path), let kindText = string(v, "kind", at: path), let caseID = string(v, "case", at: path)
            else { return nil }
            guard let kind = FeedEventKind(rawValue: kindText) else {
                fail(Fields.join(path, "kind"), "unknown kind \(kindText)")
                return nil
            }
            let when: FeedWhen
            if let dayText = string(v, "day", at: path, required: false) {
                guard let day = Day(iso: dayText) else {
                    fail(Fields.join(path, "day"), "not a date YYYY-MM-DD: \(dayText)")
                    return nil
                }
                when = .allDay(day)
            } else {
                guard let s = string(v, "start", at: path), let e = string(v, "end", at: path) else { return nil }
                guard let start = LocalDateTime(iso: s), let end = LocalDateTime(iso: e) else {
                    fail(Fields.join(path, "start"), "not a local time YYYY-MM-DDTHH:MM")
                    return nil
                }
                when = .timed(start: start, end: end)
            }
            var done: Bool?
            if case .bool(let b)? = v["done"] { done = b }
            let advisory = string(v, "advisory", at: path, required: false)
            return FeedEvent(
                task: task, kind: kind, caseID: caseID, when: when, centre: string(v, "centre", at: path, required: false),
                room: string(v, "room", at: path, required: false), interviewer: string(v, "interviewer", at: path, required: false),
                psychologist: string(v, "psychologist", at: path, required: false), court: string(v, "court", at: path, required: false),
                prosecutor: string(v, "prosecutor", at: path, required: false), dayIndex: int(v, "dayIndex", at: path, required: false),
                dayCount: int(v, "dayCount", at: path, required: false), label: string(v, "label", at: path, required: false),
                source: string(v, "source", at: path, required: false), done: done, advisory: advisory,
                labelMs: string(v, "labelMs", at: path, required: false))
        }
    }
}
