/// A problem with the rules as a whole (a dangling reference, a cycle), naming the rule so the loader can add file and line.
public struct RuleBookProblem: Error, Sendable, Equatable {
    /// The id of the rule, template, target or court the problem is in.
    public var item: String
    public var message: String

    public init(item: String, message: String) {
        self.item = item
        self.message = message
    }
}

/// Every problem found while checking a rule book, so one run of `sedia rules check` lists them all.
public struct RuleBookProblems: Error, Sendable, Equatable {
    public var problems: [RuleBookProblem]
}

/// The rules, disposal targets, courts and readiness templates, checked as a whole and ready to evaluate.
///
/// Built from `rules/*.yaml` by the `SediaRules` adapter; construction fails on duplicate ids, references to unknown
/// rules, targets or states, and trigger cycles, so evaluation never meets any of them.
public struct RuleBook: Sendable {
    public let disposalTargets: [DisposalTarget]
    public let rules: [Rule]
    public let readiness: [ReadinessTemplate]
    public let courts: [CourtProfile]
    /// The offence sections that make a case an online offence (rule files `onlineOffences:`).
    public let onlineOffences: OnlineOffences
    /// Rules and templates in an order where every trigger comes before what it triggers.
    let order: [OrderedItem]

    /// A rule or template with its position in file order (rules first, then templates), where its deadline is listed.
    enum OrderedItem: Sendable {
        case rule(Rule, Int)
        case template(ReadinessTemplate, Int)
    }

    public init(
        disposalTargets: [DisposalTarget], rules: [Rule], readiness: [ReadinessTemplate], courts: [CourtProfile],
        onlineOffences: OnlineOffences = .none
    ) throws(RuleBookProblems) {
        self.disposalTargets = disposalTargets
        self.rules = rules
        self.readiness = readiness
        self.courts = courts
        self.onlineOffences = onlineOffences
        var problems: [RuleBookProblem] = []
        // An item that depends on the online-offence list would silently never apply without one.
        if onlineOffences.sections.isEmpty {
            for (id, condition) in rules.map({ ($0.id, $0.appliesWhen) }) + readiness.map({ ($0.id, $0.appliesWhen) })
            where condition == .onlineOffence {
                problems.append(
                    RuleBookProblem(item: id, message: "\(id) applies to online offences, but no rule file lists them (`onlineOffences:`)"))
            }
        }
        var seen = Set<String>(["disposal"])
        for id in rules.map(\.id) + readiness.map(\.id) {
            if !seen.insert(id).inserted {
                problems.append(
                    RuleBookProblem(item: id, message: "duplicate id \(id) (rule and template ids share one namespace; `disposal` is reserved)"))
            }
        }
        var targetIDs = Set<String>()
        for t in disposalTargets where !targetIDs.insert(t.id).inserted {
            problems.append(RuleBookProblem(item: t.id, message: "duplicate disposal target id \(t.id)"))
        }
        var courtIDs = Set<String>()
        var defaults: [String: String] = [:]
        for c in courts {
            if !courtIDs.insert(c.id.rawValue).inserted {
                problems.append(RuleBookProblem(item: c.id.rawValue, message: "duplicate court id \(c.id)"))
            }
            if let d = c.disposal, !targetIDs.contains(d) {
                problems.append(
                    RuleBookProblem(item: c.id.rawValue, message: "court \(c.id) names disposal target \(d), which disposal.yaml does not define"))
            }
            if c.disposal != nil && c.timelineUnpublished {
                problems.append(
                    RuleBookProblem(item: c.id.rawValue, message: "court \(c.id) has a disposal target and also says its timeline is not published"))
            }
            if c.disposal == nil && c.noDisposalReason == nil {
                problems.append(
                    RuleBookProblem(
                        item: c.id.rawValue, message: "court \(c.id) has no disposal target: give `disposal: none` with a `noDisposalReason`"))
            }
            for s in c.defaultFor {
                if let other = defaults[s.rawValue] {
                    problems.append(RuleBookProblem(item: c.id.rawValue, message: "both \(other) and \(c.id) are the default court for \(s)"))
                }
                defaults[s.rawValue] = c.id.rawValue
            }
        }
        for r in rules {
            for c in r.scope.courts ?? [] where !courtIDs.contains(c.rawValue) {
                problems.append(RuleBookProblem(item: r.id, message: "rule \(r.id) is scoped to court \(c), which courts.yaml does not define"))
            }
        }
        // Trigger graph: an edge from each item to the rule it counts from.
        var edges: [String: String] = [:]
        for (id, timing) in rules.map({ ($0.id, $0.timing) }) + readiness.map({ ($0.id, $0.timing) }) {
            guard case .rule(let target) = timing.trigger else { continue }
            if !seen.contains(target) {
                problems.append(RuleBookProblem(item: id, message: "\(id) counts from rule \(target), which no rule file defines"))
            } else {
                edges[id] = target
            }
        }
        var order: [String] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        for id in rules.map(\.id) + readiness.map(\.id) {
            var path: [String] = []
            var current: String? = id
            while let c = current, state[c] != 2 {
                if state[c] == 1 {
                    let cycle = path.drop(while: { $0 != c }) + [c]
                    problems.append(RuleBookProblem(item: c, message: "trigger cycle: " + cycle.joined(separator: " → ")))
                    break
                }
                state[c] = 1
                path.append(c)
                current = edges[c]
            }
            for p in path.reversed() where state[p] == 1 {
                state[p] = 2
                order.append(p)
            }
        }
        guard problems.isEmpty else { throw RuleBookProblems(problems: problems) }
        let rulesByID = Dictionary(rules.enumerated().map { ($1.id, ($1, $0)) }, uniquingKeysWith: { a, _ in a })
        let templatesByID = Dictionary(readiness.enumerated().map { ($1.id, ($1, rules.count + $0)) }, uniquingKeysWith: { a, _ in a })
        self.order = order.compactMap { id in
            if let (r, i) = rulesByID[id] { return .rule(r, i) }
            return templatesByID[id].map { .template($0.0, $0.1) }
        }
    }

    /// The court a case is heard in: the named one, or the ordinary court that courts.yaml sets as default for the state.
    public func court(id: Court.ID?, state: StateInfo.ID) -> CourtProfile? {
        if let id { return courts.first { $0.id == id } }
        return courts.first { $0.defaultFor.contains(state) }
    }

    /// The disposal target date of a case registered on `registeredOn` in `court`: registration + N months, clamped to the
    /// month's last day, never moved off a non-working day. Nil where the court has no published target.
    public func disposalTarget(court: CourtProfile, registeredOn: Day) -> (target: DisposalTarget, due: Day)? {
        guard let id = court.disposal, let t = disposalTargets.first(where: { $0.id == id }) else { return nil }
        return (t, registeredOn.adding(months: t.months))
    }
}
