/// The working-day calendar the verifier checks with, straight from the spec's definitions (no shared code with the
/// solver's or the rule book's calendars, so a bug there cannot hide itself here).
extension PlanCheck {
    func isWorking(_ state: String, _ d: Day) -> Bool {
        guard let st = instance.states.first(where: { $0.code.rawValue == state }) else { return false }
        if st.weekend.contains(d.weekday) { return false }
        return !instance.holidays.contains { $0.date == d && ($0.states.contains("*") || $0.states.contains(state)) }
    }

    func workingDays(_ state: String, from a: Day, to b: Day, cache: inout [String: [Int: Bool]]) -> Int {
        var n = 0
        var d = a
        while d < b {
            if let w = cache[state]?[d.ordinal] {
                if w { n += 1 }
            } else {
                let w = isWorking(state, d)
                cache[state, default: [:]][d.ordinal] = w
                if w { n += 1 }
            }
            d = d.adding(days: 1)
        }
        return n
    }
}
