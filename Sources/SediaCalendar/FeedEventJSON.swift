public import SediaCore

extension FeedEvent {
    /// The event as the server's database keeps it: the state file's event columns (`kind` to `done`) as one JSON array,
    /// strings written out instead of indexed. The file and the database share this one encoding of an event.
    public var storedJSON: String {
        var out: [UInt8] = [0x5B]
        FeedState.writeEventColumns(self, into: &out) { text, out in
            if let text { JSONWriter.writeString(text, into: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        out.append(0x5D)
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads `storedJSON`. Also reads the object form that databases written before `storedJSON` hold (`caseID` and a
    /// `when` object), so such a row is read once and written back in the current form. Nil when it cannot be read.
    public init?(storedJSON text: String, task: String) {
        guard let value = try? JSONReader.parse(Array(text.utf8)) else { return nil }
        switch value {
        case .array(let cells) where FeedState.readableColumns.contains(where: { cells.count == $0.count - 5 }):
            var reader = FeedState.Cells(row: [JSONValue](repeating: .null, count: 5) + cells) { cell in
                switch cell {
                case .null: .some(nil)
                case .string(let s): .some(s)
                default: nil
                }
            }
            guard let event = reader.event(task: task) else { return nil }
            self = event
        case .object(let pairs):
            // The earlier rows: `caseID` for `case`, and the times inside `when`; otherwise the `/1` file's event.
            var members: [(String, JSONValue)] = [("task", .string(task))]
            for (key, cell) in pairs {
                switch key {
                case "caseID": members.append(("case", cell))
                case "when": if case .object(let times) = cell { members += times }
                case "task": continue
                default: members.append((key, cell))
                }
            }
            var fields = FeedState.Fields(file: "")
            guard let event = fields.event(.object(members), at: "") else { return nil }
            self = event
        default:
            return nil
        }
    }

    /// Whether `text` is in the current stored form (else it is rewritten on the next save).
    public static func isCurrentStoredForm(_ text: String) -> Bool { text.first == "[" }
}

extension FeedState {
    /// `YYYYMMDD` as a number: readable in the file, cheaper to read than a string.
    static func number(_ day: Day) -> Int {
        let c = day.components
        return c.year * 10_000 + c.month * 100 + c.day
    }

    static func day(number n: Int) -> Day? { Day(year: n / 10_000, month: n / 100 % 100, day: n % 100) }
}
