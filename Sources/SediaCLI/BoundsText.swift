import Foundation
import SediaCore

extension CLIIO {
    /// The proven bound beside a plan's score, and the courts and centres that bind, as `solve` and `verify` print them.
    static func printBounds(_ bounds: PlanBounds, score: Score, seconds: Double) {
        let cost = bounds.cost.map(String.init) ?? "none"
        print(
            "bound      unassigned ≥ \(bounds.unassigned), late ≥ \(bounds.late), cost ≥ \(cost)"
                + String(format: " (proven in %.3f s)", seconds))
        for line in bounds.gap(score) { print("gap        \(line)") }
        for r in bounds.binding { print("binding    \(r)") }
    }
}
