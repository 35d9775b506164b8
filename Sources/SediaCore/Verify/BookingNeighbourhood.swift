/// The part of a plan a change to some cases' bookings can break: their own bookings and every booking that shares a
/// day and a resource with one of them (a room, an interviewer, a psychologist in a room or in court, a court).
///
/// Every rule of the verifier that involves two cases compares bookings on one such (resource, day) key (double
/// booking, a day's maximum, one centre a day, a court's hearings a day, a psychologist in court and in a room), and
/// blames a case that is on that key. So the verifier run on the neighbourhood finds exactly the violations of the
/// changed cases that it finds on the whole plan, when the instance keeps everything but the other cases. A booking
/// then costs what its day costs, not what the country's plan costs.
public enum BookingNeighbourhood {
    /// A resource on a day, as the verifier groups bookings.
    public enum Key: Hashable, Sendable {
        case room(Room.ID, Day)
        case interviewer(Interviewer.ID, Day)
        case psychologist(Psychologist.ID, Day)
        case court(Court.ID, Day)
    }

    /// The keys a booking occupies.
    public static func keys(_ b: InterviewBooking) -> [Key] {
        let d = b.start.day
        return [.room(b.room, d), .interviewer(b.interviewer, d)] + (b.psychologist.map { [.psychologist($0, d)] } ?? [])
    }

    /// The keys a hearing occupies: its court and its psychologist on each of its days.
    public static func keys(_ b: HearingBooking) -> [Key] {
        b.dates.flatMap { d in [.court(b.court, d)] + (b.psychologist.map { [.psychologist($0, d)] } ?? []) }
    }

    /// `changed` and every case with a booking on a key that a booking of `changed` occupies.
    public static func cases(around changed: Set<Case.ID>, in plan: Plan) -> Set<Case.ID> {
        var keys = Set<Key>()
        for b in plan.interviews where changed.contains(b.caseID) { keys.formUnion(Self.keys(b)) }
        for b in plan.hearings where changed.contains(b.caseID) { keys.formUnion(Self.keys(b)) }
        var found = changed
        for b in plan.interviews where !found.contains(b.caseID) && Self.keys(b).contains(where: keys.contains) { found.insert(b.caseID) }
        for b in plan.hearings where !found.contains(b.caseID) && Self.keys(b).contains(where: keys.contains) { found.insert(b.caseID) }
        return found
    }

    /// The instance and plan cut down to `cases`: their cases, bookings and unassigned tasks, with every room, person,
    /// court, holiday and setting kept. The plan-wide checks are left out (a declared score, the moves budget against
    /// `previous`): they are no case's, and a booking is checked by the store without them.
    public static func restrict(_ instance: Instance, _ plan: Plan, to cases: Set<Case.ID>) -> (instance: Instance, plan: Plan) {
        var instance = instance
        instance.cases.removeAll { !cases.contains($0.id) }
        instance.previous = nil
        var plan = plan
        plan.score = nil
        plan.interviews.removeAll { !cases.contains($0.caseID) }
        plan.hearings.removeAll { !cases.contains($0.caseID) }
        plan.unassigned.removeAll { !cases.contains($0.caseID) }
        return (instance, plan)
    }
}
