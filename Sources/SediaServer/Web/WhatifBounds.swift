import Foundation
import SediaCore

/// The what-if answer's proven bounds (issue 26): beside each scenario's measures, how many trials and interviews no
/// plan of that scenario can keep on target, and which courts and centres force it.
extension PlanningController {
    /// The bound's rows for a measures table, for `state` (every state when nil); none when the scenario has no bound.
    static func boundRows(_ m: CapacityMetrics, state: String?, instance: Instance) -> [(key: String, value: Double, isCount: Bool)] {
        guard let b = m.bounds else { return [] }
        return [
            ("whatif.m.trialsMissedBound", Double(missedHearings(b, state: state, instance: instance)), true),
            ("whatif.m.interviewsMissedBound", Double(missedInterviews(b, state: state, instance: instance)), true),
        ]
    }

    /// "; with it, no plan can have fewer than 3 trials missing the disposal target", after a recommended addition.
    static func stepBound(_ m: CapacityMetrics, t: Localizer) -> String {
        m.bounds.map { "; " + t("whatif.stepBound", ["n": String($0.missedHearings)]) } ?? ""
    }

    /// Each scenario's bound in a sentence, what the bound means, and where capacity binds in the answer's scenario
    /// (the asker's state only, for a state coordinator).
    static func whatifBound(_ answer: WhatifAnswer, afterHead: String, t: Localizer, instance: Instance) -> Markup {
        let scenarios = [(t("whatif.asItIs"), answer.before.bounds), (afterHead, answer.after.bounds)]
        let lines = scenarios.compactMap { name, bounds -> Markup? in
            guard let bounds else { return nil }
            let text = t(
                "whatif.boundScenario",
                ["scenario": name, "trials": String(bounds.missedHearings), "interviews": String(bounds.missedInterviews)])
            return "<li>\(text)</li>"
        }
        guard !lines.isEmpty else { return .empty }
        let binding = answer.after.bounds.map { Self.binding($0, state: answer.scope, instance: instance) } ?? []
        return """
            <ul id="whatif-bound">\(Markup.join(lines))</ul>
            <p class="muted">\(t("whatif.boundNote"))</p>
            \(bindingList(binding, heading: t("whatif.binding", ["scenario": afterHead]), t: t, instance: instance))
            """
    }
}
