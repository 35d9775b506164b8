public import SediaCore

/// The state's file form, through SediaCore's JSON reader and writer: entries sorted by task so the file is stable,
/// and an error that names the JSON path when a file was damaged. (Foundation's coders took most of an export's time
/// on the national instance.)
extension FeedState {
    /// The state as `sedia-feed-state/1` JSON.
    public func jsonBytes() -> [UInt8] {
        let members: [(String, JSONValue)] = entries.keys.sorted().compactMap { task in
            guard let e = entries[task] else { return nil }
            var fields: [(String, JSONValue)] = [
                ("uid", .string(e.uid)), ("sequence", .int(e.sequence)), ("lastModified", .string(e.lastModified.description)),
            ]
            if let c = e.cancelledAt { fields.append(("cancelledAt", .string(c.description))) }
            fields.append(("event", FeedState.json(e.event)))
            return (task, .object(fields))
        }
        let root: JSONValue = .object([("format", .string(format)), ("secret", .string(secret)), ("entries", .object(members))])
        // Compact: the national state holds tens of thousands of entries and is read and written on every export.
        return JSONWriter.render(root, pretty: false) + [0x0A]
    }

    /// Reads a state file; every problem names `file` and the JSON path.
    public init(jsonBytes bytes: [UInt8], file: String) throws(InputErrors) {
        let root: JSONValue
        do {
            root = try JSONReader.parse(bytes)
        } catch {
            throw InputErrors([InputError(file: file, path: "$", message: error.description)])
        }
        var reader = Fields(file: file)
        let format = reader.string(root, "format", at: "")
        if let format, format != FeedState.currentFormat {
            reader.fail("format", "expected \(FeedState.currentFormat), got \(format)")
        }
        let secret = reader.string(root, "secret", at: "")
        if let secret, FeedHash.bytes(hex: secret).map({ $0.count < 16 }) ?? true {
            reader.fail("secret", "must be at least 32 hex digits")
        }
        var entries: [String: Entry] = [:]
        if case .object(let members)? = root["entries"] {
            for (task, value) in members {
                let path = "entries[\"\(task)\"]"
                guard let uid = reader.string(value, "uid", at: path), let sequence = reader.int(value, "sequence", at: path),
                    let modified = reader.instant(value, "lastModified", at: path), let eventValue = value["event"],
                    let event = reader.event(eventValue, at: path + ".event")
                else {
                    if value["event"] == nil { reader.fail(path + ".event", "missing") }
                    continue
                }
                let cancelled = value["cancelledAt"].flatMap { _ in reader.instant(value, "cancelledAt", at: path) }
                entries[task] = Entry(uid: uid, sequence: sequence, lastModified: modified, event: event, cancelledAt: cancelled)
            }
        } else {
            reader.fail("entries", "missing or not an object")
        }
        guard reader.errors.isEmpty, let secret else { throw InputErrors(reader.errors) }
        self.init(secret: [])
        self.secret = secret
        self.entries = entries
    }

    static func json(_ e: FeedEvent) -> JSONValue {
        var f: [(String, JSONValue)] = [("task", .string(e.task)), ("kind", .string(e.kind.rawValue)), ("case", .string(e.caseID))]
        switch e.when {
        case .timed(let start, let end):
            f.append(("start", .string(start.description)))
            f.append(("end", .string(end.description)))
        case .allDay(let day):
            f.append(("day", .string(day.description)))
        }
        let optionals: [(String, String?)] = [
            ("centre", e.centre), ("room", e.room), ("interviewer", e.interviewer), ("psychologist", e.psychologist), ("court", e.court),
            ("prosecutor", e.prosecutor), ("label", e.label), ("source", e.source),
        ]
        for (key, value) in optionals { if let value { f.append((key, .string(value))) } }
        if let i = e.dayIndex { f.append(("dayIndex", .int(i))) }
        if let n = e.dayCount { f.append(("dayCount", .int(n))) }
        if let done = e.done { f.append(("done", .bool(done))) }
        return .object(f)
    }

    /// Field access that records what is wrong instead of stopping at the first problem.
    private struct Fields {
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
            return FeedEvent(
                task: task, kind: kind, caseID: caseID, when: when, centre: string(v, "centre", at: path, required: false),
                room: string(v, "room", at: path, required: false), interviewer: string(v, "interviewer", at: path, required: false),
                psychologist: string(v, "psychologist", at: path, required: false), court: string(v, "court", at: path, required: false),
                prosecutor: string(v, "prosecutor", at: path, required: false), dayIndex: int(v, "dayIndex", at: path, required: false),
                dayCount: int(v, "dayCount", at: path, required: false), label: string(v, "label", at: path, required: false),
                source: string(v, "source", at: path, required: false), done: done)
        }
    }
}
