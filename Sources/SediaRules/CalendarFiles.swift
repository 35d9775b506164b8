public import SediaCore
import Yams

/// Reads the YAML calendar files: state working weeks (`calendars/states.yaml`) and holiday overrides (`calendars/overrides.yaml`).
public enum CalendarFiles {
    /// Parses `states.yaml`: every state MY-01 … MY-16 exactly once, each with rest-day periods that do not overlap.
    public static func workWeeks(yaml text: String, file: String) throws(RuleFileErrors) -> [StateWorkWeek] {
        let r = YAMLFields(file: file)
        var out: [StateWorkWeek] = []
        if let root = r.root(text) {
            r.onlyKeys(root, ["states"])
            if let list = r.list(root, "states") {
                for n in list { if let s = workWeek(n, r) { out.append(s) } }
            } else if root["states"] == nil {
                r.fail(root, "missing `states`")
            }
            let seen = out.map(\.code.rawValue)
            for (code, name) in MalaysianStates.all where !seen.contains(code.rawValue) {
                r.fail(root, "no working week for \(code) \(name)")
            }
            var counted = Set<String>()
            for s in out where !counted.insert(s.code.rawValue).inserted { r.fail(root, "\(s.code) is listed twice") }
        }
        guard r.errors.isEmpty else { throw RuleFileErrors(r.errors) }
        return out
    }

    static func workWeek(_ n: Node, _ r: YAMLFields) -> StateWorkWeek? {
        r.onlyKeys(n, ["code", "name", "weeks", "source", "confidence"])
        let code = r.state(n, "code")
        let name = r.text(n, "name")
        let source = r.text(n, "source")
        let confidence = r.confidence(n)
        var periods: [WorkWeekPeriod] = []
        var ok = true
        if let list = r.list(n, "weeks"), !list.isEmpty {
            for p in list {
                r.onlyKeys(p, ["from", "to", "restDays", "inLieuFor"])
                let from = p["from"] == nil ? .some(nil) : r.day(p, "from").map { Optional($0) }
                let to = p["to"] == nil ? .some(nil) : r.day(p, "to").map { Optional($0) }
                let rest = r.weekdays(p, "restDays")
                let inLieu = r.weekdays(p, "inLieuFor")
                guard let from, let to, let rest, let inLieu else {
                    ok = false
                    continue
                }
                if rest.isEmpty || Set(rest).count >= 7 {
                    r.fail(p, "`restDays` must name one to six weekdays")
                    ok = false
                }
                if let bad = inLieu.first(where: { !rest.contains($0) }) {
                    r.fail(p, "`inLieuFor` names \(bad.rawValue), which is not a rest day of this period")
                    ok = false
                }
                if let from, let to, to < from {
                    r.fail(p, "`to` \(to) is before `from` \(from)")
                    ok = false
                }
                if let last = periods.last {
                    guard let lastTo = last.to, let from, from > lastTo else {
                        r.fail(p, "periods must follow each other in time: give the previous period a `to` before this `from`")
                        ok = false
                        continue
                    }
                }
                periods.append(WorkWeekPeriod(from: from, to: to, restDays: Set(rest), inLieuFor: Set(inLieu)))
            }
        } else {
            r.fail(n, "`weeks` must list at least one period with `restDays` and `inLieuFor`")
            ok = false
        }
        guard ok, let code, let name, let source, let confidence else { return nil }
        return StateWorkWeek(code: code, name: name, periods: periods, source: source, confidence: confidence)
    }

    /// Parses `overrides.yaml`: one-off holidays added or withdrawn, applied over the ICS files without a rebuild.
    public static func overrides(yaml text: String, file: String) throws(RuleFileErrors) -> [HolidayOverride] {
        let r = YAMLFields(file: file)
        var out: [HolidayOverride] = []
        if let root = r.root(text) {
            r.onlyKeys(root, ["add", "remove"])
            for action in [HolidayOverride.Action.add, .remove] {
                guard let list = r.list(root, action.rawValue) else { continue }
                for n in list {
                    r.onlyKeys(n, ["date", "states", "name", "source"])
                    let date = r.day(n, "date")
                    let states = r.stringList(n, "states")
                    let name = r.text(n, "name")
                    let source = r.text(n, "source")
                    var codes: [StateInfo.ID] = []
                    for s in states ?? [] {
                        if s == "*" {
                            codes += MalaysianStates.all.map(\.code)
                        } else if MalaysianStates.isValid(s) {
                            codes.append(StateInfo.ID(s))
                        } else {
                            r.fail(n["states"] ?? n, "unknown state code \(s) (expected MY-01 … MY-16 or *)")
                        }
                    }
                    guard let date, states != nil, let name, let source else { continue }
                    out.append(HolidayOverride(action: action, date: date, states: codes, name: name, source: source))
                }
            }
        }
        guard r.errors.isEmpty else { throw RuleFileErrors(r.errors) }
        return out
    }
}
