/// A proven lower bound on the score of every plan of an instance: no valid plan is better, compared as scores are
/// (unassigned, then late, then cost). Written in the plan file under `bounds` and beside every what-if answer.
///
/// `late` counts tasks that end after their target in any plan that leaves only the `unassigned` tasks unplaced; a
/// plan that leaves more unplaced is worse whatever its lateness. See docs/planner.md, "How good is this plan?".
public struct PlanBounds: Sendable, Equatable, Codable {
    public var unassigned: Int
    public var late: Int
    /// Nil when no cost bound could be had.
    public var cost: Int?
    /// How the bound was proven, for the plan file.
    public var method: String
    /// The courts and centres whose capacity or dates force tasks out or late, most tasks first.
    public var binding: [BindingResource]

    public init(unassigned: Int, late: Int, cost: Int?, method: String, binding: [BindingResource]) {
        self.unassigned = unassigned
        self.late = late
        self.cost = cost
        self.method = method
        self.binding = binding
    }

    /// The bound as a score (a missing cost bound reads as 0, which every plan meets).
    public var score: Score { Score(unassigned: unassigned, late: late, cost: cost ?? 0) }

    /// True when `score` is no better than the bound: what validity promises for every plan.
    public func admits(_ score: Score) -> Bool { !(score < self.score) }

    /// Trials bounded to be late or unplaced because of their court, per court.
    public var hearingsNoPlanAvoids: Int { binding.filter { $0.kind == .court }.reduce(0) { $0 + $1.late } }

    /// Tasks that miss their target (late or not placed) in every plan: a plan's `unassigned + late` is never below it,
    /// since every task the bound counts is either unplaceable or, if placed, late.
    public var missed: Int { unassigned + late }

    /// Trials that miss their disposal target (late or not placed) in every plan: the courts' binding lines added up.
    public var missedHearings: Int { missed(of: binding.filter { $0.kind == .court }) }

    /// Interviews that miss their target in every plan (those with no centre to go to have no binding line).
    public var missedInterviews: Int { missed - missedHearings }

    /// Tasks of `resources` (some of `binding`, say one state's) that miss their target in every plan. Each line
    /// counts tasks of its own court or centre only, so any subset of lines adds up to a valid bound for those tasks.
    public func missed(of resources: [BindingResource]) -> Int { resources.reduce(0) { $0 + $1.unassigned + $1.late } }
}

/// A court or a centre that forces some of its tasks out of the plan or past their target, and why.
public struct BindingResource: Sendable, Equatable, Codable {
    /// Courts hold trials; centres hold interviews.
    public enum Kind: String, Sendable, Codable { case court, centre }

    public var kind: Kind
    public var id: String
    /// Tasks of this court or centre the bound looked at.
    public var tasks: Int
    /// Tasks that cannot be placed at all (no fitting room, officer, psychologist, video link or sitting day).
    public var unassigned: Int
    /// Tasks that end after their target even at their earliest possible day (or are held on a fixed day past it).
    public var tooLate: Int
    /// Further tasks that must end after their target because the days between their earliest day and their targets
    /// hold too few sitting days (interview slots) for all of them.
    public var crowded: Int
    /// The window in which capacity binds most, with the sitting days (interview slots) it offers and the days
    /// (interviews) that the tasks due in it need.
    public var from: Day?
    public var to: Day?
    public var capacity: Int
    public var demand: Int

    public init(
        kind: Kind, id: String, tasks: Int, unassigned: Int, tooLate: Int, crowded: Int, from: Day?, to: Day?, capacity: Int, demand: Int
    ) {
        self.kind = kind
        self.id = id
        self.tasks = tasks
        self.unassigned = unassigned
        self.tooLate = tooLate
        self.crowded = crowded
        self.from = from
        self.to = to
        self.capacity = capacity
        self.demand = demand
    }

    /// Tasks that no plan can finish by their target here.
    public var late: Int { tooLate + crowded }
}

extension PlanBounds {
    /// How far `score` is from the bound, a line per measure, in a coordinator's English ("late 38, no plan can have
    /// fewer than 31"). The server renders the same facts from its string tables.
    public func gap(_ score: Score) -> [String] {
        var lines = ["unassigned \(score.unassigned), no plan can have fewer than \(unassigned)"]
        if score.unassigned == unassigned {
            lines.append("late \(score.late), no plan can have fewer than \(late)")
        } else {
            lines.append("late \(score.late), no plan placing all it can can have fewer than \(late)")
        }
        if let cost, score.unassigned == unassigned, score.late == late {
            lines.append("cost \(score.cost), no plan can cost less than \(cost)")
        } else if let cost {
            lines.append("cost \(score.cost), no plan as good can cost less than \(cost)")
        }
        return lines
    }
}

extension BindingResource: CustomStringConvertible {
    /// What binds here, in English: "SES-SA: 14 trials cannot finish by their deadline even with every sitting day used …".
    public var description: String {
        let (one, many) = kind == .court ? ("trial", "trials") : ("interview", "interviews")
        let noun = { (n: Int) in n == 1 ? one : many }
        var parts: [String] = []
        if unassigned > 0 { parts.append("\(unassigned) \(noun(unassigned)) cannot be booked at all") }
        if tooLate > 0 {
            parts.append("\(tooLate) \(noun(tooLate)) cannot meet their target even on their earliest possible day")
        }
        if crowded > 0 {
            let used = kind == .court ? "every sitting day used" : "every officer's daily limit used"
            var text = "\(crowded) \(noun(crowded)) cannot meet their target even with \(used)"
            if let from, let to {
                let what =
                    kind == .court
                    ? "\(capacity) trial-days of sitting for \(demand) days of trial" : "\(capacity) interview places for \(demand) interviews"
                text += " (\(from) to \(to): \(what))"
            }
            parts.append(text)
        }
        return "\(id): " + parts.joined(separator: "; ")
    }
}
