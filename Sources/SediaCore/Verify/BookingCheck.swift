/// The rule check every booking passes before it is committed: the verifier run on the instance and everything
/// booked, with the tasks not booked yet marked unassigned (so coverage is not held against a partial week). A single
/// booking hands it only the booked case's neighbourhood (`BookingNeighbourhood`), where it finds the same problems
/// of that case as on the whole instance.
public enum BookingCheck {
    /// The broken rules that concern `cases` (every case when nil); `StoreError.Refusal.line` writes one as
    /// `rule 3: case K-1: ...`.
    public static func problems(_ instance: Instance, _ bookings: Plan, cases: Set<Case.ID>?) -> [Violation] {
        var plan = bookings
        plan.score = nil
        let interviews = Set(plan.interviews.map(\.caseID))
        let hearings = Set(plan.hearings.map(\.caseID))
        for item in instance.cases {
            if item.interview != nil && !interviews.contains(item.id) {
                plan.unassigned.append(Unassigned(caseID: item.id, task: .interview, reasons: ["not booked yet"]))
            }
            if item.hearing != nil && !hearings.contains(item.id) {
                plan.unassigned.append(Unassigned(caseID: item.id, task: .hearing, reasons: ["not booked yet"]))
            }
        }
        let report = Verifier.verify(instance, plan)
        return report.violations.filter { v in cases.map { c in v.caseID.map(c.contains) ?? true } ?? true }
    }
}
