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
    var onlineOffences: [(OnlineOffences, Int)] = []
}

/// Reads YAML rule files into SediaCore types, checking every field so a typo is an error with its line, not a skipped rule.
///
/// A file holds top-level keys: `targets` (disposal targets), `rules` (stage and police rules), `readiness`
/// (checklist templates), `courts` or `onlineOffences` (the offence sections that make a case an online offence; once in
/// the whole book). The file name does not matter, so a site can add `rules/local.yaml`.
public enum RuleFiles {
    /// Parses the given files (name and text) and checks them as a whole: references, duplicates, cycles.
    public static func ruleBook(files: [(name: String, text: String)]) throws(RuleFileErrors) -> RuleBook {
        var errors: [RuleFileError] = []
        var all = ParsedRuleFile()
        var where_: [String: (String, Int)] = [:]
        var offenceLists: [(OnlineOffences, String, Int)] = []
        for (name, text) in files {
            let r = YAMLFields(file: name)
            let parsed = parseRuleFile(text, reader: r)
            errors += r.errors
            all.targets += parsed.targets
            all.rules += parsed.rules
            all.readiness += parsed.readiness
            all.courts += parsed.courts
            offenceLists += parsed.onlineOffences.map { ($0.0, name, $0.1) }
            for (t, line) in parsed.targets { where_[t.id] = where_[t.id] ?? (name, line) }
            for (t, line) in parsed.rules { where_[t.id] = where_[t.id] ?? (name, line) }
            for (t, line) in parsed.readiness { where_[t.id] = where_[t.id] ?? (name, line) }
            for (t, line) in parsed.courts { where_[t.id.rawValue] = where_[t.id.rawValue] ?? (name, line) }
        }
        guard errors.isEmpty else { throw RuleFileErrors(errors) }
        if all.targets.isEmpty { errors.append(RuleFileError(file: "rules/", line: 0, message: "no disposal targets (a file with `targets:`)")) }
        if all.courts.isEmpty { errors.append(RuleFileError(file: "rules/", line: 0, message: "no courts (a file with `courts:`)")) }
        for (_, name, line) in offenceLists.dropFirst() {
            errors.append(
                RuleFileError(file: name, line: line, message: "`onlineOffences` is given twice (first in \(offenceLists[0].1)); keep one list"))
        }
        guard errors.isEmpty else { throw RuleFileErrors(errors) }
        do {
            return try RuleBook(
                disposalTargets: all.targets.map(\.0), rules: all.rules.map(\.0), readiness: all.readiness.map(\.0), courts: all.courts.map(\.0),
                onlineOffences: offenceLists.first?.0 ?? .none)
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
        r.onlyKeys(root, ["targets", "rules", "readiness", "courts", "onlineOffences"])
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
        if let n = root["onlineOffences"], let list = onlineOffences(n, r) { out.onlineOffences.append((list, r.line(n))) }
        if root.mapping?.count == 0 { r.fail(root, "empty rule file: expected one of targets, rules, readiness, courts, onlineOffences") }
        return out
    }

    static func disposalTarget(_ n: Node, _ r: YAMLFields) -> DisposalTarget? {
        r.onlyKeys(n, ["id", "title", "titleMs", "months", "source", "confidence", "atRiskDays"])
        let id = r.identifier(n, "id")
        let title = r.text(n, "title")
        let months = r.int(n, "months", in: 1...120)
        let source = r.text(n, "source")
        let confidence = r.confidence(n)
        let atRisk = r.optionalInt(n, "atRiskDays", in: 0...3650) ?? 60
        guard let id, let title, let months, let source, let confidence else { return nil }
        var target = DisposalTarget(id: id, title: title, months: months, source: source, confidence: confidence, atRiskDays: atRisk)
        target.titleMs = malay(n, "titleMs", r)
        return target
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
        r.onlyKeys(n, ["id", "title", "titleMs", "scope", "source", "confidence", "doneWhen", "atRiskDays", "appliesWhen", "advisory"] + timingKeys)
        let id = r.identifier(n, "id")
        let title = r.text(n, "title")
        let timing = timing(n, r)
        let scope = scope(n, r)
        let source = r.text(n, "source")
        let confidence = r.confidence(n)
        let doneWhen: CaseEvent? = n["doneWhen"] == nil ? nil : r.enumValue(n, "doneWhen")
        let atRisk = r.optionalInt(n, "atRiskDays", in: 0...3650) ?? 14
        let applies: ReadinessCondition? = n["appliesWhen"] == nil ? .always : r.enumValue(n, "appliesWhen")
        let advisory: Advisory? = n["advisory"] == nil ? nil : r.enumValue(n, "advisory")
        guard let id, let title, let timing, let scope, let source, let confidence, let applies else { return nil }
        if n["doneWhen"] != nil && doneWhen == nil { return nil }
        if n["advisory"] != nil && advisory == nil { return nil }
        var rule = Rule(
            id: id, title: title, timing: timing, scope: scope, source: source, confidence: confidence, doneWhen: doneWhen, atRiskDays: atRisk,
            appliesWhen: applies, advisory: advisory)
        rule.titleMs = malay(n, "titleMs", r)
        return rule
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
        r.onlyKeys(
            n,
            ["id", "number", "title", "titleMs", "owner", "appliesWhen", "source", "confidence", "doneWhen", "atRiskDays", "advisory"] + timingKeys)
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
        let advisory: Advisory? = n["advisory"] == nil ? nil : r.enumValue(n, "advisory")
        guard let id, let number, let title, let owner, let timing, let applies, let source, let confidence else { return nil }
        if n["doneWhen"] != nil && doneWhen == nil { return nil }
        if n["advisory"] != nil && advisory == nil { return nil }
        var template = ReadinessTemplate(
            id: id, number: number, title: title, owner: owner, timing: timing, appliesWhen: applies, source: source, confidence: confidence,
            doneWhen: doneWhen, atRiskDays: atRisk, advisory: advisory)
        template.titleMs = malay(n, "titleMs", r)
        return template
    }

    static func court(_ n: Node, _ r: YAMLFields) -> CourtProfile? {
        r.onlyKeys(
            n,
            [
                "id", "name", "state", "special", "videoLink", "childWaitingRoom", "sittingDays", "disposal", "noDisposalReason",
                "noDisposalReasonMs",
                "operatingSince",
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
        let noTarget = disposal == "none" || disposal == "not-published"
        if noTarget && reason == nil {
            r.fail(n["disposal"] ?? n, "`disposal: \(disposal ?? "")` needs a `noDisposalReason` printed instead of a date")
        }
        guard let id, let name, let state, let special, let video, let waiting, let sitting, let disposal, let source, let confidence else {
            return nil
        }
        var profile = CourtProfile(
            id: Court.ID(id), name: name, state: state, special: special, videoLink: video, childWaitingRoom: waiting, sittingDays: sitting,
            disposal: noTarget ? nil : disposal, noDisposalReason: reason, operatingSince: since, defaultFor: defaultStates, source: source,
            confidence: confidence, timelineUnpublished: disposal == "not-published")
        profile.noDisposalReasonMs = malay(n, "noDisposalReasonMs", r)
        return profile
    }

    /// An optional Bahasa Malaysia text beside its English one (`titleMs`, `noDisposalReasonMs`).
    static func malay(_ n: Node, _ key: String, _ r: YAMLFields) -> String? { n[key] == nil ? nil : r.text(n, key) }

    static func onlineOffences(_ n: Node, _ r: YAMLFields) -> OnlineOffences? {
        r.onlyKeys(n, ["sections", "source", "confidence"])
        let sections = r.stringList(n, "sections")
        let source = r.text(n, "source")
        let confidence = r.confidence(n)
        guard let sections, let source, let confidence else { return nil }
        if sections.isEmpty {
            r.fail(n, "`sections` is empty: list at least one offence section, e.g. SOAC s.11")
            return nil
        }
        return OnlineOffences(sections: Set(sections), source: source, confidence: confidence)
    }
}
