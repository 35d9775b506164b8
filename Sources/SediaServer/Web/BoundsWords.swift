import Foundation
import SediaCore
import SediaStore
import Synchronization

/// The proven lower bound (issue 26) in a coordinator's words: how many trials and interviews no plan can keep on
/// target, and which courts and centres force it. The replan, what-if and board pages show it beside their numbers.
extension PageArea {
    /// The bound's courts and centres in `state` (every one when nil), most tasks first as the bound lists them.
    static func binding(_ bounds: PlanBounds, state: String?, instance: Instance) -> [BindingResource] {
        guard let state else { return bounds.binding }
        let courts = Set(instance.courts.filter { $0.state.rawValue == state }.map(\.id.rawValue))
        let centres = Set(instance.centres.filter { $0.state.rawValue == state }.map(\.id.rawValue))
        return bounds.binding.filter { $0.kind == .court ? courts.contains($0.id) : centres.contains($0.id) }
    }

    /// Trials of `state` (every state when nil) that miss their disposal target, late or unbooked, in every plan.
    static func missedHearings(_ bounds: PlanBounds, state: String?, instance: Instance) -> Int {
        guard state != nil else { return bounds.missedHearings }
        return bounds.missed(of: binding(bounds, state: state, instance: instance).filter { $0.kind == .court })
    }

    /// Interviews of `state` (every state when nil) that miss their target in every plan.
    static func missedInterviews(_ bounds: PlanBounds, state: String?, instance: Instance) -> Int {
        guard state != nil else { return bounds.missedInterviews }
        return bounds.missed(of: binding(bounds, state: state, instance: instance).filter { $0.kind == .centre })
    }

    /// One court or centre: "SC-KB (Kota Bharu): 2 trials cannot meet their disposal target …; from … to … it sits for …".
    static func bindingWords(_ r: BindingResource, t: Localizer, instance: Instance) -> String {
        let kind = r.kind.rawValue
        let name: String
        switch r.kind {
        case .court: name = instance.courts.first { $0.id.rawValue == r.id }.map(Self.label) ?? r.id
        case .centre: name = instance.centres.first { $0.id.rawValue == r.id }.map(Self.label) ?? r.id
        }
        var parts: [String] = []
        if r.unassigned > 0 { parts.append(t("bound.unbookable.\(kind)", ["n": String(r.unassigned)])) }
        if r.tooLate > 0 { parts.append(t("bound.tooLate.\(kind)", ["n": String(r.tooLate)])) }
        if r.crowded > 0 {
            parts.append(t("bound.crowded.\(kind)", ["n": String(r.crowded)]))
            if let from = r.from, let to = r.to {
                parts.append(
                    t(
                        "bound.window.\(kind)",
                        ["from": t.date(from), "to": t.date(to), "capacity": String(r.capacity), "demand": String(r.demand)]))
            }
        }
        return name + ": " + parts.joined(separator: "; ")
    }

    /// The courts and centres that bind, as a list under a heading; nothing when none does.
    static func bindingList(_ resources: [BindingResource], heading: String, t: Localizer, instance: Instance) -> Markup {
        guard !resources.isEmpty else { return .empty }
        let items = resources.map { r -> Markup in "<li>\(bindingWords(r, t: t, instance: instance))</li>" }
        return "<h3>\(heading)</h3><ul class=\"binding\">\(Markup.join(items))</ul>"
    }
}

/// The bound of the data as it is, computed once per data version and planning window: the board reads it on every
/// cold build, and at national size it takes a fraction of a second (docs/benchmarks.md).
final class BoundsCache: Sendable {
    private let current = Mutex<(version: Int, window: PlanningWindow, bounds: PlanBounds)?>(nil)

    func bounds(_ snapshot: Snapshot) -> PlanBounds {
        if let cached = current.withLock({ $0 }), cached.version == snapshot.version, cached.window == snapshot.window {
            return cached.bounds
        }
        let bounds = LowerBound.compute(snapshot.instance)
        current.withLock { $0 = (snapshot.version, snapshot.window, bounds) }
        return bounds
    }
}
