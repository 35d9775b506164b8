import Foundation
import SediaCore
import Yams

/// Reads typed fields out of a Yams node tree and records each problem with its line, so one pass reports them all.
final class YAMLFields {
    let file: String
    var errors: [RuleFileError] = []

    init(file: String) { self.file = file }

    func line(_ n: Node) -> Int { n.mark?.line ?? 0 }

    func fail(_ n: Node, _ message: String) { errors.append(RuleFileError(file: file, line: line(n), message: message)) }

    func root(_ text: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                errors.append(RuleFileError(file: file, line: 0, message: "empty file"))
                return nil
            }
            guard node.mapping != nil else {
                fail(node, "expected a mapping at the top of the file")
                return nil
            }
            return node
        } catch let e as YamlError {
            errors.append(RuleFileError(file: file, line: Self.line(of: e), message: "not valid YAML: \(Self.problem(of: e))"))
        } catch {
            errors.append(RuleFileError(file: file, line: 0, message: "not valid YAML: \(error)"))
        }
        return nil
    }

    static func line(of e: YamlError) -> Int {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 0
        }
    }

    static func problem(of e: YamlError) -> String {
        switch e {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            (context.map { "\($0.text) " } ?? "") + problem
        case .duplicatedKeysInMapping(let duplicates, _): "duplicate keys: " + duplicates.joined(separator: ", ")
        default: "\(e)"
        }
    }

    /// Reports keys outside `allowed`: a misspelt key would otherwise be ignored and its default used.
    func onlyKeys(_ n: Node, _ allowed: [String]) {
        guard let m = n.mapping else { return }
        for (k, _) in m {
            let key = k.scalar?.string ?? "?"
            if !allowed.contains(key) { fail(k, "unknown key `\(key)` (expected one of: \(allowed.joined(separator: ", ")))") }
        }
    }

    func required(_ n: Node, _ key: String) -> Node? {
        guard n.mapping != nil else {
            fail(n, "expected a mapping with `\(key)`")
            return nil
        }
        guard let v = n[key] else {
            fail(n, "missing `\(key)`")
            return nil
        }
        return v
    }

    func text(_ n: Node, _ key: String) -> String? {
        guard let v = required(n, key) else { return nil }
        guard let s = v.scalar?.string, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            fail(v, "`\(key)` must be non-empty text")
            return nil
        }
        return s
    }

    func identifier(_ n: Node, _ key: String) -> String? {
        guard let s = text(n, key) else { return nil }
        let ok = s.utf8.allSatisfy {
            (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F
        }
        if !ok, let v = n[key] { fail(v, "`\(key)` \(s) may hold only letters, digits, `-` and `_`") }
        return ok ? s : nil
    }

    func int(_ n: Node, _ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let v = required(n, key) else { return nil }
        return intValue(v, key, range)
    }

    func optionalInt(_ n: Node, _ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let v = n[key] else { return nil }
        return intValue(v, key, range)
    }

    private func intValue(_ v: Node, _ key: String, _ range: ClosedRange<Int>) -> Int? {
        guard let s = v.scalar?.string, let i = Int(s), range.contains(i) else {
            fail(v, "`\(key)` must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return i
    }

    func bool(_ n: Node, _ key: String) -> Bool? {
        guard let v = required(n, key) else { return nil }
        return boolValue(v, key)
    }

    func optionalBool(_ n: Node, _ key: String) -> Bool? {
        guard let v = n[key] else { return nil }
        return boolValue(v, key)
    }

    private func boolValue(_ v: Node, _ key: String) -> Bool? {
        switch v.scalar?.string {
        case "true": return true
        case "false": return false
        default:
            fail(v, "`\(key)` must be true or false")
            return nil
        }
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ n: Node, _ key: String) -> E? where E.RawValue == String {
        guard let v = required(n, key) else { return nil }
        guard let s = v.scalar?.string, let e = E(rawValue: s) else {
            fail(v, "`\(key)` must be one of: " + E.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        return e
    }

    func confidence(_ n: Node) -> Confidence? { enumValue(n, "confidence") }

    func list(_ n: Node, _ key: String) -> [Node]? {
        guard let v = n[key] else { return nil }
        guard let s = v.sequence else {
            fail(v, "`\(key)` must be a list")
            return nil
        }
        return Array(s)
    }

    func stringList(_ n: Node, _ key: String) -> [String]? {
        guard let v = required(n, key) else { return nil }
        guard let s = v.sequence else {
            fail(v, "`\(key)` must be a list, e.g. [a, b]")
            return nil
        }
        var out: [String] = []
        for item in s {
            guard let text = item.scalar?.string, !text.isEmpty else {
                fail(item, "`\(key)` items must be text")
                return nil
            }
            out.append(text)
        }
        return out
    }

    func weekdays(_ n: Node, _ key: String) -> [Weekday]? {
        guard let names = stringList(n, key) else { return nil }
        var out: [Weekday] = []
        for name in names {
            guard let w = Weekday(rawValue: name) else {
                fail(n[key] ?? n, "`\(key)`: \(name) is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
                return nil
            }
            out.append(w)
        }
        return out
    }

    func day(_ n: Node, _ key: String) -> Day? {
        guard let v = required(n, key) else { return nil }
        return dayValue(v, key)
    }

    func dayValue(_ v: Node, _ key: String) -> Day? {
        guard let s = v.scalar?.string, let d = Day(iso: s) else {
            fail(v, "`\(key)` must be a date YYYY-MM-DD")
            return nil
        }
        return d
    }

    func state(_ n: Node, _ key: String) -> StateInfo.ID? {
        guard let s = text(n, key) else { return nil }
        guard MalaysianStates.isValid(s) else {
            fail(n[key] ?? n, "unknown state code \(s) (expected MY-01 … MY-16)")
            return nil
        }
        return StateInfo.ID(s)
    }

    func trigger(_ n: Node) -> Trigger? {
        guard let v = required(n, "trigger"), let s = text(n, "trigger") else { return nil }
        if let e = CaseEvent(rawValue: s) { return .event(e) }
        if s.hasPrefix("rule:") {
            let id = String(s.dropFirst(5)).trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { return .rule(id) }
        }
        fail(v, "unknown trigger `\(s)` (expected one of: \(CaseEvent.allCases.map(\.rawValue).joined(separator: ", ")), or rule:<id>)")
        return nil
    }

    func offset(_ n: Node) -> Offset? {
        guard let v = required(n, "offset"), let s = text(n, "offset") else { return nil }
        guard let o = Offset(text: s) else {
            fail(v, "bad offset `\(s)`: write `N days|working days|months before|after`, e.g. `30 days after`, or `on`")
            return nil
        }
        return o
    }
}
