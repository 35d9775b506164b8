public import SediaCore
import Yams

/// A rule or calendar file problem at a line (`file:line: message`): the one file-and-line error type of SediaCore.
public typealias RuleFileError = FileLineError
/// Every problem found; nothing is loaded when there is one.
public typealias RuleFileErrors = FileLineErrors

/// The content of one rule file, whichever of the four kinds it holds.
struct ParsedRuleFile {
    var targets: [(DisposalTarget, Int)] = []
    var rules: [(Rule, Int)] = []
    var readiness: [(ReadinessTemplate, Int)] = []
    var courts: [(CourtProfile, Int)] = []
}

/// Reads YAML rule files into SediaCore types, checking every field so a typo is an error with its line, not a skipped rule.
///
/// A file holds one top-level key: `targets` (disposal targets), `rules` (stage and police rules), `readiness`
/// (checklist templates) or `courts`. The file name does not matter, so a site can add `rules/local.yaml`.
public enum RuleFiles {
    /// Parses the given files (name and text) and checks them as a whole: references, duplicates, cycles.
    public static func ruleBook(files: [(name: String, text: String)]) throws(RuleFileErrors) -> RuleBook {
        var errors: [RuleFileError] = []
        var all = ParsedRuleFile()
        var where_: [String: (String, Int)] = [:]
        for (name, text) in files {
            let r = YAMLFields(file: name)
            let parsed = parseRuleFile(text, reader: r)
            errors += r.errors
            all.targets += parsed.targets
            all.rules += parsed.rules
            all.readiness += parsed.readiness
            all.courts += parsed.courts
            for (t, line) in parsed.targets { where_[t.id] = where_[t.id] ?? (name, line) }
            for (t, line) in parsed.rules { where_[t.id] = where_[t.id] ?? (name, line) }
            for (t, line) in parsed.readiness { where_[t.id] = where_[t.id] ?? (name, line) }
            for (t, line) in parsed.courts { where_[t.id.rawValue] = where_[t.id.rawValue] ?? (name, line) }
        }
        guard errors.isEmpty else { throw RuleFileErrors(errors) }
        if all.targets.isEmpty { errors.append(RuleFileError(file: "rules/", line: 0, message: "no disposal targets (a file with `targets:`)")) }
        if all.courts.isEmpty { errors.append(RuleFileError(file: "rules/", line: 0, message: "no courts (a file with `courts:`)")) }
        guard errors.isEmpty else { throw RuleFileErrors(errors) }
        do {
            return try RuleBook(
                disposalTargets: all.targets.map(\.0), rules: all.rules.map(\.0), readiness: all.readiness.map(\.0), courts: all.courts.map(\.0))
        } catch {
            throw RuleFileErrors(
                error.problems.map { p in
                    let (file, line) = where_[p.item] ?? ("rules/", 0)
                    return RuleFileError(file: file, line: line, message: p.message)
                })
        }
    }

    static func parseRuleFile(_ text: String, reader r: YAMLFields) -> ParsedRuleFile {
        var out = ParsedRuleFile()
        guard let root = r.root(text) else { return out }
        r.onlyKeys(root, ["targets", "rules", "readiness", "courts"])
        if let list = r.list(root, "targets") {
            for n in list { if let t = disposalTarget(n, r) { out.targets.append((t, r.line(n))) } }
        }
        if let list = r.list(root, "rules") {
            for n in list { if let t = rule(n, r) { out.rules.append((t, r.line(n))) } }
        }
        if let list = r.list(root, "readiness") {
            for n in list { if let t = template(n, r) { out.readiness.append((t, r.line(n))) } }
        }
        if let list = r.list(root, "courts") {
            for n in list { if let t = court(n, r) { out.courts.append((t, r.line(n))) } }
        }
        if root.mapping?.count == 0 { r.fail(root, "empty rule file: expected one of targets, rules, readiness, courts") }
        return out
    }

    static func disposalTarget(_ n: Node, _ r: YAMLFields) -> DisposalTarget? {
        r.onlyKeys(n, ["id", "title", "months", "source", "confidence", "atRiskDays"])
        let id = r.identifier(n, "id")
        let title = r.text(n, "title")
        let months = r.int(n, "months", in: 1...120)
        let source = r.text(n, "source")
        let confidence = r.confidence(n)
        let atRisk = r.optionalInt(n, "atRiskDays", in: 0...3650) ?? 60
        guard let id, let title, let months, let source, let confidence else { return nil }
        return DisposalTarget(id: id, title: title, months: months, source: source, confidence: confidence, atRiskDays: atRisk)
    }

    static let timingKeys = ["trigger", "offset", "nonWorkingDay", "statutory"]

    static func timing(_ n: Node, _ r: YAMLFields) -> Timing? {
        let trigger = r.trigger(n)
        let offset = r.offset(n)
        let policy: NonWorkingDayPolicy? = r.enumValue(n, "nonWorkingDay")
        let statutory = r.optionalBool(n, "statutory") ?? false
        guard let trigger, let offset, let policy else { return nil }
        if statutory && offset.unit != .days {
            r.fail(n["offset"] ?? n, "a statutory period (Interpretation Acts) counts in days: use `days`, not `\(offset.unit.rawValue)`")
            return nil
        }
        if statutory && offset.amount > 0 && policy != .forward {
            r.fail(n["nonWorkingDay"] ?? n, "a statutory period ending on an excluded day runs to the next working day: use `nonWorkingDay: forward`")
            return nil
        }
        return Timing(trigger: trigger, offset: offset, nonWorkingDay: policy, statutory: statutory)
    }

    static func rule(_ n: Node, _ r: YAMLFields) -> Rule? {
        r.onlyKeys(n, ["id", "title", "scope", "source", "confidence", "doneWhen", "atRiskDays"] + timingKeys)
        let id = r.identifier(n, "id")
        let title = r.text(n, "title")
        let timing = timing(n, r)
        let scope = scope(n, r)
        let source = r.text(n, "source")
        let confidence = r.confidence(n)
        let doneWhen: CaseEvent? = n["doneWhen"] == nil ? nil : r.enumValue(n, "doneWhen")
        let atRisk = r.optionalInt(n, "atRiskDays", in: 0...3650) ?? 14
        guard let id, let title, let timing, let scope, let source, let confidence else { return nil }
        if n["doneWhen"] != nil && doneWhen == nil { return nil }
        return Rule(
            id: id, title: title, timing: timing, scope: scope, source: source, confidence: confidence, doneWhen: doneWhen, atRiskDays: atRisk)
    }

    static func scope(_ n: Node, _ r: YAMLFields) -> Scope? {
        guard let s = n["scope"] else { return Scope() }
        if s.scalar?.string == "all" { return Scope() }
        guard s.mapping != nil else {
            r.fail(s, "scope must be `all` or a mapping with courts, region, offences")
            return nil
        }
        r.onlyKeys(s, ["courts", "region", "offences"])
        let courts = s["courts"].map { _ in r.stringList(s, "courts").map { $0.map { Court.ID($0) } } } ?? .some(nil)
        let region: Region?? = s["region"] == nil ? .some(nil) : r.enumValue(s, "region").map { .some($0) }
        let offences = s["offences"].map { _ in r.stringList(s, "offences").map { Optional($0) } } ?? .some(nil)
        guard let courts, let region, let offences else { return nil }
        return Scope(courts: courts, region: region, offences: offences)
    }

    static func template(_ n: Node, _ r: YAMLFields) -> ReadinessTemplate? {
        r.onlyKeys(n, ["id", "number", "title", "owner", "appliesWhen", "source", "confidence", "doneWhen", "atRiskDays"] + timingKeys)
        let id = r.identifier(n, "id")
        let number = r.int(n, "number", in: 1...999)
        let title = r.text(n, "title")
        let owner = r.identifier(n, "owner")
        let timing = timing(n, r)
        let applies: ReadinessCondition? = r.enumValue(n, "appliesWhen")
        let source = r.text(n, "source")
        let confidence = r.confidence(n)
        let atRisk = r.optionalInt(n, "atRiskDays", in: 0...3650) ?? 7
        let doneWhen: CaseEvent? = n["doneWhen"] == nil ? nil : r.enumValue(n, "doneWhen")
        guard let id, let number, let title, let owner, let timing, let applies, let source, let confidence else { return nil }
        if n["doneWhen"] != nil && doneWhen == nil { return nil }
        return ReadinessTemplate(
            id: id, number: number, title: title, owner: owner, timing: timing, appliesWhen: applies, source: source, confidence: confidence,
            doneWhen: doneWhen, atRiskDays: atRisk)
    }

    static func court(_ n: Node, _ r: YAMLFields) -> CourtProfile? {
        r.onlyKeys(
            n,
            [
                "id", "name", "state", "special", "videoLink", "childWaitingRoom", "sittingDays", "disposal", "noDisposalReason", "operatingSince",
                "defaultFor", "source", "confidence",
            ])
        let id = r.identifier(n, "id")
        let name = r.text(n, "name")
        let state = r.state(n, "state")
        let special = r.bool(n, "special")
        let video = r.bool(n, "videoLink")
        let waiting = r.bool(n, "childWaitingRoom")
        let sitting = r.weekdays(n, "sittingDays")
        let disposal = r.text(n, "disposal")
        let reason = n["noDisposalReason"] == nil ? nil : r.text(n, "noDisposalReason")
        let since = n["operatingSince"] == nil ? nil : r.day(n, "operatingSince")
        let defaults = n["defaultFor"] == nil ? [] : r.stringList(n, "defaultFor")
        let source = r.text(n, "source")
        let confidence = r.confidence(n)
        var defaultStates: [StateInfo.ID] = []
        for s in defaults ?? [] {
            if MalaysianStates.isValid(s) { defaultStates.append(StateInfo.ID(s)) } else { r.fail(n["defaultFor"] ?? n, "unknown state code \(s)") }
        }
        if disposal == "none" && reason == nil { r.fail(n["disposal"] ?? n, "`disposal: none` needs a `noDisposalReason` printed instead of a date") }
        guard let id, let name, let state, let special, let video, let waiting, let sitting, let disposal, let source, let confidence else {
            return nil
        }
        return CourtProfile(
            id: Court.ID(id), name: name, state: state, special: special, videoLink: video, childWaitingRoom: waiting, sittingDays: sitting,
            disposal: disposal == "none" ? nil : disposal, noDisposalReason: reason, operatingSince: since, defaultFor: defaultStates, source: source,
            confidence: confidence)
    }
}
