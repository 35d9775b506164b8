/// Reads and writes the planning format (`sedia-instance/1`, `sedia-plan/1`) exactly as
/// `shared/spec/planning-format.md` fixes it, with every input error named by file and JSON path.
public enum PlanningFormat {
    public static let instanceFormat = "sedia-instance/1"
    public static let planFormat = "sedia-plan/1"

    /// Decodes and validates an instance. Throws every problem found, never a partial instance.
    public static func decodeInstance(_ bytes: [UInt8], file: String) throws(InputErrors) -> Instance {
        let json: JSONValue
        do { json = try JSONReader.parse(bytes) } catch { throw InputErrors([InputError(file: file, path: "$", message: error.description)]) }
        var v = FieldReader(file: file)
        let instance = v.instance(json)
        guard v.errors.isEmpty, let instance else { throw InputErrors(v.errors) }
        return instance
    }

    /// Decodes a plan. Only its shape is checked here; references and rules are the verifier's business.
    public static func decodePlan(_ bytes: [UInt8], file: String) throws(InputErrors) -> Plan {
        let json: JSONValue
        do { json = try JSONReader.parse(bytes) } catch { throw InputErrors([InputError(file: file, path: "$", message: error.description)]) }
        var v = FieldReader(file: file)
        let plan = v.plan(json, prefix: "")
        guard v.errors.isEmpty, let plan else { throw InputErrors(v.errors) }
        return plan
    }

    public static func encode(_ instance: Instance) -> [UInt8] { JSONWriter.render(json(instance), pretty: true) }
    public static func encode(_ plan: Plan) -> [UInt8] { JSONWriter.render(json(plan), pretty: true) }
    /// The plan with its proven lower bound next to the score, as `sedia solve` writes it.
    public static func encode(_ plan: Plan, bounds: PlanBounds?) -> [UInt8] { JSONWriter.render(json(plan, bounds: bounds), pretty: true) }
}

/// Typed accessors that record an error and return nil when a value is unusable, so one pass
/// reports every problem.
struct FieldReader {
    let file: String
    var errors: [InputError] = []

    mutating func err(_ path: String, _ message: String) {
        errors.append(InputError(file: file, path: path, message: message))
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member `key` of `obj`: nil (and an error when required) if missing; `.null` passes through only when nullable.
    mutating func member(_ obj: JSONValue, _ key: String, _ path: String, required: Bool = true, nullable: Bool = false) -> JSONValue? {
        let p = FieldReader.join(path, key)
        guard case .object = obj else { return nil }
        guard let v = obj[key] else {
            if required { err(p, "missing required field") }
            return nil
        }
        if v == .null {
            if !nullable { err(p, "must not be null") }
            return nil
        }
        return v
    }

    mutating func string(_ obj: JSONValue, _ key: String, _ path: String, required: Bool = true, nullable: Bool = false) -> String? {
        guard let v = member(obj, key, path, required: required, nullable: nullable) else { return nil }
        return stringValue(v, FieldReader.join(path, key))
    }

    /// An id or a reference to one: a string that `IdentifierRule` accepts.
    mutating func identifier(_ obj: JSONValue, _ key: String, _ path: String, required: Bool = true, nullable: Bool = false) -> String? {
        guard let s = string(obj, key, path, required: required, nullable: nullable) else { return nil }
        if let problem = IdentifierRule.problem(s) {
            err(FieldReader.join(path, key), problem)
            return nil
        }
        return s
    }

    mutating func stringValue(_ v: JSONValue, _ p: String) -> String? {
        guard case .string(let s) = v, !s.isEmpty else {
            err(p, "must be a non-empty string, got \(v.snippet())")
            return nil
        }
        return s
    }

    mutating func int(
        _ obj: JSONValue, _ key: String, _ path: String, _ range: ClosedRange<Int>, required: Bool = true, nullable: Bool = false
    )
        -> Int?
    {
        guard let v = member(obj, key, path, required: required, nullable: nullable) else { return nil }
        let p = FieldReader.join(path, key)
        guard case .int(let i) = v else {
            err(p, "must be an integer, got \(v.snippet())")
            return nil
        }
        guard range.contains(i) else {
            err(
                p,
                range.upperBound == Int.max
                    ? "must be at least \(range.lowerBound), got \(i)" : "must be \(range.lowerBound)…\(range.upperBound), got \(i)")
            return nil
        }
        return i
    }

    mutating func number(_ obj: JSONValue, _ key: String, _ path: String, _ range: ClosedRange<Double>) -> Double? {
        guard let v = member(obj, key, path) else { return nil }
        let p = FieldReader.join(path, key)
        let d: Double
        switch v {
        case .int(let i): d = Double(i)
        case .double(let x): d = x
        default:
            err(p, "must be a number, got \(v.snippet())")
            return nil
        }
        guard range.contains(d) else {
            err(p, "must be \(range.lowerBound)…\(range.upperBound), got \(v.snippet())")
            return nil
        }
        return d
    }

    mutating func bool(_ obj: JSONValue, _ key: String, _ path: String, required: Bool = true) -> Bool? {
        guard let v = member(obj, key, path, required: required) else { return nil }
        guard case .bool(let b) = v else {
            err(FieldReader.join(path, key), "must be true or false, got \(v.snippet())")
            return nil
        }
        return b
    }

    mutating func date(_ obj: JSONValue, _ key: String, _ path: String, required: Bool = true, nullable: Bool = false) -> Day? {
        guard let v = member(obj, key, path, required: required, nullable: nullable) else { return nil }
        return dateValue(v, FieldReader.join(path, key))
    }

    mutating func dateValue(_ v: JSONValue, _ p: String) -> Day? {
        guard case .string(let s) = v, s.utf8.count == 10,
            s.utf8.enumerated().allSatisfy({ k, b in k == 4 || k == 7 ? b == 0x2D : (0x30...0x39).contains(b) })
        else {
            err(p, "must be a date YYYY-MM-DD, got \(v.snippet())")
            return nil
        }
        guard let d = Day(iso: s) else {
            err(p, "impossible date \(s)")
            return nil
        }
        return d
    }

    mutating func clock(_ obj: JSONValue, _ key: String, _ path: String) -> Int? {
        guard let v = member(obj, key, path) else { return nil }
        let p = FieldReader.join(path, key)
        if case .string(let s) = v, s.utf8.count == 5, Array(s.utf8)[2] == 0x3A,
            let h = Day.digits(Array(s.utf8)[0..<2]), let m = Day.digits(Array(s.utf8)[3..<5]), h <= 24, m <= 59, h < 24 || m == 0
        {
            return h * 60 + m
        }
        err(p, "must be a time HH:MM, got \(v.snippet())")
        return nil
    }

    mutating func localTime(_ obj: JSONValue, _ key: String, _ path: String) -> LocalDateTime? {
        guard let v = member(obj, key, path) else { return nil }
        let p = FieldReader.join(path, key)
        guard case .string(let s) = v, s.utf8.count == 16, let t = LocalDateTime(iso: s) else {
            if case .string(let s) = v, s.utf8.count == 16, Day(iso: s.prefix(10)) == nil, Day.digits(Array(s.utf8)[0..<4]) != nil {
                err(p, "impossible date \(s)")
            } else {
                err(p, "must be a local time YYYY-MM-DDTHH:MM, got \(v.snippet())")
            }
            return nil
        }
        return t
    }

    mutating func list(_ obj: JSONValue, _ key: String, _ path: String, required: Bool = true) -> [JSONValue] {
        guard let v = member(obj, key, path, required: required) else { return [] }
        guard case .array(let items) = v else {
            err(FieldReader.join(path, key), "must be a list")
            return []
        }
        return items
    }

    mutating func weekdays(_ obj: JSONValue, _ key: String, _ path: String) -> [Weekday]? {
        guard let v = member(obj, key, path) else { return nil }
        if case .array(let items) = v {
            let days = items.compactMap { item -> Weekday? in
                if case .string(let s) = item { return Weekday(rawValue: s) }
                return nil
            }
            if days.count == items.count { return days }
        }
        err(FieldReader.join(path, key), "must be a list of weekday names mon…sun, got \(v.snippet(60))")
        return nil
    }

    mutating func strings(_ obj: JSONValue, _ key: String, _ path: String, required: Bool = true) -> [String]? {
        guard let v = member(obj, key, path, required: required) else { return nil }
        if case .array(let items) = v {
            let strs = items.compactMap { item -> String? in
                if case .string(let s) = item, !s.isEmpty { return s }
                return nil
            }
            if strs.count == items.count { return strs }
        }
        err(FieldReader.join(path, key), "must be a list of non-empty strings")
        return nil
    }

    mutating func ranges(_ obj: JSONValue, _ key: String, _ path: String) -> [DayRange] {
        var out: [DayRange] = []
        for (j, r) in list(obj, key, path, required: false).enumerated() {
            let p = "\(path).\(key)[\(j)]"
            guard case .object = r else {
                err(p, "must be an object")
                continue
            }
            let a = date(r, "from", p)
            let b = date(r, "to", p)
            if let a, let b {
                if a > b { err(p, "from \(a) is after to \(b)") } else { out.append(DayRange(from: a, to: b)) }
            }
        }
        return out
    }

    mutating func objects(_ items: [JSONValue], _ path: String) -> [(Int, JSONValue)] {
        var out: [(Int, JSONValue)] = []
        for (j, x) in items.enumerated() {
            if case .object = x { out.append((j, x)) } else { err("\(path)[\(j)]", "must be an object") }
        }
        return out
    }

    mutating func unique(_ items: [JSONValue], _ path: String, _ key: String = "id") {
        var seen = Set<String>()
        for (j, x) in items.enumerated() {
            if case .string(let s)? = x[key] {
                if !seen.insert(s).inserted { err("\(path)[\(j)].\(key)", "duplicate \(key) '\(s)'") }
            }
        }
    }
}
