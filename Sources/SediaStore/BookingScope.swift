import GRDB
import SediaCore

// What a booking's rule check reads. Reading and verifying the whole national plan inside the write transaction cost
// every booking the country's size; the check needs only the booked case's neighbourhood (`BookingNeighbourhood`),
// found here with indexed lookups on the booking tables.

extension AppDatabase {
    /// `around` and the cases booked on a room, interviewer, psychologist or court on a day that a booking of `around`
    /// uses: `BookingNeighbourhood.cases(around:in:)` over the stored bookings, without reading them all.
    func neighbourhood(_ db: Database, around: Set<Case.ID>) throws -> Set<Case.ID> {
        let own = try loadBookings(db, cases: around)
        var keys = Set<BookingNeighbourhood.Key>()
        for b in own.interviews { keys.formUnion(BookingNeighbourhood.keys(b.booking)) }
        for b in own.hearings { keys.formUnion(BookingNeighbourhood.keys(b.booking)) }
        var found = around
        for key in keys {
            let queries: [(String, StatementArguments)]
            switch key {
            case .room(let room, let d):
                queries = [("SELECT case_id FROM interview_booking WHERE room = ? AND day = ?", [room.rawValue, d.description])]
            case .interviewer(let person, let d):
                queries = [("SELECT case_id FROM interview_booking WHERE interviewer = ? AND day = ?", [person.rawValue, d.description])]
            case .psychologist(let person, let d):
                queries = [
                    ("SELECT case_id FROM interview_booking WHERE day = ? AND psychologist = ?", [d.description, person.rawValue]),
                    // A hearing's psychologist claims the whole day in `slot` (cell -1).
                    (
                        """
                        SELECT h.case_id FROM slot s JOIN hearing_booking h ON h.id = s.hearing
                        WHERE s.resource = ? AND s.day = ? AND s.cell = -1 AND h.psychologist = ?
                        """, ["person:" + person.rawValue, d.description, person.rawValue]
                    ),
                ]
            case .court(let court, let d):
                queries = [
                    (
                        "SELECT h.case_id FROM hearing_day hd JOIN hearing_booking h ON h.id = hd.booking WHERE hd.court = ? AND hd.day = ?",
                        [court.rawValue, d.description]
                    )
                ]
            }
            for (sql, arguments) in queries {
                for id in try String.fetchAll(db, sql: sql, arguments: arguments) { found.insert(Case.ID(id)) }
            }
        }
        return found
    }

    /// Runs a booking's rule check inside its transaction: on the neighbourhood of `around` (the instance restricted
    /// to those cases and their bookings), or on the whole instance and every booking when `around` is nil. The
    /// instance is read without `previous` either way, so only rules about cases can refuse.
    func runCheck(_ db: Database, _ check: (Instance, Plan) -> [Violation], around: Set<Case.ID>?) throws {
        let cases = try around.map { try neighbourhood(db, around: $0) }
        var instance = try loadInstance(db, only: cases)
        instance.previous = nil
        // The bookings are checked as a plan; pinned assignments stay pins, which the plan must then contain.
        let problems = check(instance, try loadBookings(db, cases: cases).plan)
        if !problems.isEmpty {
            throw StoreError(.invalid, .rules(problems))
        }
    }

    /// `(?, ?, …)` with `count` placeholders, for `IN` lists.
    static func placeholders(_ count: Int) -> String {
        "(" + Array(repeating: "?", count: count).joined(separator: ", ") + ")"
    }
}
