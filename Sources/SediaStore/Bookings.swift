import Foundation
import GRDB
public import SediaCore

/// A booking as stored, with whether it is pinned (told to the family, kept exactly by the planner).
public struct StoredInterview: Sendable, Equatable {
    public var booking: InterviewBooking
    public var minutes: Int
    public var pinned: Bool
    public var bookedBy: String
    public var bookedAt: String
    /// The row's id, the stored order's last key (after day and start): a partial reload then sorts as a full one.
    public var rowID: Int64 = 0
}

/// A hearing booking as stored (`rowID` as in `StoredInterview`, after the first day).
public struct StoredHearing: Sendable, Equatable {
    public var booking: HearingBooking
    public var pinned: Bool
    public var bookedBy: String
    public var bookedAt: String
    public var rowID: Int64 = 0
}

/// Every booking in the database.
public struct StoredBookings: Sendable, Equatable {
    public var interviews: [StoredInterview]
    public var hearings: [StoredHearing]

    /// The bookings as a plan (what the verifier checks).
    public var plan: Plan {
        Plan(instance: nil, interviews: interviews.map(\.booking), hearings: hearings.map(\.booking), unassigned: [], score: nil)
    }
}

// Stored JSON shapes for audit lines and the kept `previous` plan: the audit log's before/after must stay
// readable by people, and never carries a child's identity (only case references).
struct InterviewJSON: Codable {
    var caseID: String
    var room: String
    var interviewer: String
    var psychologist: String?
    var start: String

    init(_ b: InterviewBooking) {
        caseID = b.caseID.rawValue
        room = b.room.rawValue
        interviewer = b.interviewer.rawValue
        psychologist = b.psychologist?.rawValue
        start = b.start.description
    }

    func booking() throws -> InterviewBooking {
        guard let start = LocalDateTime(iso: start) else { throw StoreError(.database, "stored start \(start) is not YYYY-MM-DDTHH:MM") }
        return InterviewBooking(
            caseID: .init(caseID), room: .init(room), interviewer: .init(interviewer), psychologist: psychologist.map { .init($0) }, start: start)
    }
}

struct HearingJSON: Codable {
    var caseID: String
    var court: String
    var dates: [Day]
    var psychologist: String?

    init(_ b: HearingBooking) {
        caseID = b.caseID.rawValue
        court = b.court.rawValue
        dates = b.dates
        psychologist = b.psychologist?.rawValue
    }

    var booking: HearingBooking {
        HearingBooking(caseID: .init(caseID), court: .init(court), dates: dates, psychologist: psychologist.map { .init($0) })
    }
}

struct PlanJSON: Codable {
    var instance: String?
    var interviews: [InterviewJSON]
    var hearings: [HearingJSON]

    init(_ plan: Plan) {
        instance = plan.instance
        interviews = plan.interviews.map(InterviewJSON.init)
        hearings = plan.hearings.map(HearingJSON.init)
    }

    var plan: Plan {
        get throws {
            Plan(
                instance: instance, interviews: try interviews.map { try $0.booking() }, hearings: hearings.map(\.booking), unassigned: [], score: nil
            )
        }
    }
}

extension AppDatabase {
    /// Every booking, in a consistent snapshot.
    public func bookings() throws(StoreError) -> StoredBookings {
        try read { db in try loadBookings(db) }
    }

    /// Every booking, or only those of `cases`.
    func loadBookings(_ db: Database, cases: Set<Case.ID>? = nil) throws -> StoredBookings {
        let only = cases.map { "WHERE case_id IN " + Self.placeholders($0.count) } ?? ""
        let ids = StatementArguments((cases ?? []).map(\.rawValue).sorted())
        let interviews = try Row.fetchAll(db, sql: "SELECT * FROM interview_booking \(only) ORDER BY day, start_minute, id", arguments: ids)
            .map(storedInterview)
        let hearingRows = try Row.fetchAll(db, sql: "SELECT * FROM hearing_booking \(only) ORDER BY first_day, id", arguments: ids)
        var datesOf: [Int64: [Day]] = [:]
        let days = cases == nil ? "" : "WHERE booking IN (SELECT id FROM hearing_booking \(only))"
        for row in try Row.fetchAll(db, sql: "SELECT booking, day FROM hearing_day \(days) ORDER BY booking, day", arguments: ids) {
            datesOf[row["booking"], default: []].append(try day(row["day"]))
        }
        let hearings = hearingRows.map { row in storedHearing(row, dates: datesOf[row["id"]] ?? []) }
        return StoredBookings(interviews: interviews, hearings: hearings)
    }

    func storedInterview(_ row: Row) throws -> StoredInterview {
        let dayText: String = row["day"]
        let booking = InterviewBooking(
            caseID: .init(row["case_id"] as String), room: .init(row["room"] as String), interviewer: .init(row["interviewer"] as String),
            psychologist: (row["psychologist"] as String?).map { .init($0) },
            start: LocalDateTime(day: try day(dayText), minute: row["start_minute"]))
        return StoredInterview(
            booking: booking, minutes: row["minutes"], pinned: row["pinned"], bookedBy: row["booked_by"], bookedAt: row["booked_at"],
            rowID: row["id"])
    }

    func storedHearing(_ row: Row, dates: [Day]) -> StoredHearing {
        let booking = HearingBooking(
            caseID: .init(row["case_id"] as String), court: .init(row["court"] as String), dates: dates,
            psychologist: (row["psychologist"] as String?).map { .init($0) })
        return StoredHearing(booking: booking, pinned: row["pinned"], bookedBy: row["booked_by"], bookedAt: row["booked_at"], rowID: row["id"])
    }

    func gridMinutes(_ db: Database) throws -> Int {
        Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'gridMinutes'") ?? "") ?? 30
    }

    /// Inserts an interview and claims its grid cells; the unique index on `slot` refuses any overlap.
    func insertInterview(_ db: Database, _ b: InterviewBooking, minutes: Int, grid: Int, pinned: Bool, actor: String) throws {
        guard grid > 0, b.start.minute % grid == 0 else {
            throw StoreError(.invalid, .offGrid(caseID: b.caseID, start: b.start, grid: grid))
        }
        try db.execute(
            sql: """
                INSERT INTO interview_booking (case_id, room, interviewer, psychologist, day, start_minute, minutes, pinned, booked_by, booked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                b.caseID.rawValue, b.room.rawValue, b.interviewer.rawValue, b.psychologist?.rawValue, b.start.day.description, b.start.minute,
                minutes, pinned, actor, timestamp(),
            ])
        let id = db.lastInsertedRowID
        let first = b.start.minute / grid
        let last = (b.start.minute + minutes + grid - 1) / grid
        var claims: [(String, StoreError.Resource)] = [
            ("room:" + b.room.rawValue, .room(b.room)), ("person:" + b.interviewer.rawValue, .interviewer(b.interviewer)),
        ]
        if let p = b.psychologist { claims.append(("person:" + p.rawValue, .psychologist(p))) }
        for (resource, label) in claims {
            for cell in first..<last {
                do {
                    try db.execute(
                        sql: "INSERT INTO slot (interview, resource, day, cell) VALUES (?, ?, ?, ?)",
                        arguments: [id, resource, b.start.day.description, cell])
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw StoreError(.conflict, .alreadyBooked(caseID: b.caseID, resource: label, day: b.start.day, minute: cell * grid))
                }
            }
        }
    }

    /// Inserts a hearing, taking the lowest free seat of the court on each day and the psychologist's whole days.
    func insertHearing(_ db: Database, _ b: HearingBooking, pinned: Bool, actor: String) throws {
        guard let first = b.dates.first else { throw StoreError(.invalid, "case \(b.caseID): a hearing needs at least one date") }
        guard zip(b.dates, b.dates.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw StoreError(.invalid, "case \(b.caseID): hearing dates must be increasing")
        }
        try db.execute(
            sql: "INSERT INTO hearing_booking (case_id, court, psychologist, first_day, pinned, booked_by, booked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [b.caseID.rawValue, b.court.rawValue, b.psychologist?.rawValue, first.description, pinned, actor, timestamp()])
        let id = db.lastInsertedRowID
        for date in b.dates {
            let taken = try Int.fetchAll(
                db, sql: "SELECT seat FROM hearing_day WHERE court = ? AND day = ? ORDER BY seat", arguments: [b.court.rawValue, date.description])
            var seat = 0
            for t in taken where t == seat { seat += 1 }
            do {
                try db.execute(
                    sql: "INSERT INTO hearing_day (booking, court, day, seat) VALUES (?, ?, ?, ?)",
                    arguments: [id, b.court.rawValue, date.description, seat])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError(.conflict, .courtFull(caseID: b.caseID, court: b.court, day: date))
            }
            if let p = b.psychologist {
                do {
                    try db.execute(
                        sql: "INSERT INTO slot (hearing, resource, day, cell) VALUES (?, ?, ?, -1)",
                        arguments: [id, "person:" + p.rawValue, date.description])
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw StoreError(.conflict, .alreadyBooked(caseID: b.caseID, resource: .psychologist(p), day: date, minute: nil))
                }
            }
        }
    }

    func interviewMinutes(_ db: Database, _ caseID: Case.ID) throws -> Int {
        guard let row = try Row.fetchOne(db, sql: "SELECT interview_minutes FROM case_file WHERE id = ?", arguments: [caseID.rawValue]) else {
            throw StoreError(.notFound, "case \(caseID) does not exist")
        }
        guard let minutes: Int = row["interview_minutes"] else {
            throw StoreError(.invalid, "case \(caseID) has no interview to plan")
        }
        return minutes
    }

    func requireHearing(_ db: Database, _ b: HearingBooking) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT hearing_court, hearing_days FROM case_file WHERE id = ?", arguments: [b.caseID.rawValue])
        else {
            throw StoreError(.notFound, "case \(b.caseID) does not exist")
        }
        guard let court: String = row["hearing_court"], let days: Int = row["hearing_days"] else {
            throw StoreError(.invalid, "case \(b.caseID) has no hearing to plan")
        }
        guard court == b.court.rawValue else { throw StoreError(.invalid, "case \(b.caseID): the hearing belongs at \(court), not \(b.court)") }
        guard days == b.dates.count else { throw StoreError(.invalid, "case \(b.caseID): the hearing needs \(days) days, got \(b.dates.count)") }
    }

    func storedInterview(_ db: Database, _ caseID: Case.ID) throws -> StoredInterview? {
        try Row.fetchOne(db, sql: "SELECT * FROM interview_booking WHERE case_id = ?", arguments: [caseID.rawValue]).map(storedInterview)
    }

    func storedHearing(_ db: Database, _ caseID: Case.ID) throws -> StoredHearing? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM hearing_booking WHERE case_id = ?", arguments: [caseID.rawValue]) else { return nil }
        let dates = try String.fetchAll(db, sql: "SELECT day FROM hearing_day WHERE booking = ? ORDER BY day", arguments: [row["id"] as Int64]).map(
            day)
        return storedHearing(row, dates: dates)
    }

    /// Books (or, with an existing booking, moves) a case's interview. `check` sees the case's neighbourhood as it would
    /// be after the change (`BookingNeighbourhood`: the case and every case booked on a room, person or court and day
    /// the case now uses, with all reference data), inside the same transaction, and returns the problems that refuse
    /// it; the problems of the booked case are then the ones the whole instance would show.
    /// `expected` is the case revision the change form was shown (nil: operator tools act on what is current); a move
    /// needs a reason, whoever makes it.
    @discardableResult public func bookInterview(
        _ booking: InterviewBooking, actor: String, reason: String? = nil, expected: Int? = nil,
        check: (Instance, Plan) -> [Violation] = { _, _ in [] }
    ) throws(StoreError) -> StoredInterview? {
        let reason = Self.trimmed(reason)
        return try write { db in
            let minutes = try interviewMinutes(db, booking.caseID)
            try reviseCase(db, booking.caseID, expected: expected, actor: actor)
            let before = try storedInterview(db, booking.caseID)
            if before?.pinned == true {
                throw StoreError(.conflict, .pinned(caseID: booking.caseID, task: .interview, byPlan: false))
            }
            if before != nil, reason == nil { throw StoreError(.invalid, .moveNeedsReason) }
            let mailBefore = try interviewEvents(db, booking.caseID)
            if before != nil {
                try db.execute(sql: "DELETE FROM interview_booking WHERE case_id = ?", arguments: [booking.caseID.rawValue])
            }
            try insertInterview(db, booking, minutes: minutes, grid: try gridMinutes(db), pinned: false, actor: actor)
            try runCheck(db, check, around: [booking.caseID])
            try queueInvitations(db, before: mailBefore, after: try interviewEvents(db, booking.caseID))
            try audit(
                db, actor: actor, action: before == nil ? "book-interview" : "move-interview", subject: "case:\(booking.caseID)",
                before: before.map { InterviewJSON($0.booking) }, after: InterviewJSON(booking), reason: reason)
            try bumpDataVersion(db, cases: [booking.caseID])
            return before
        }
    }

    /// Books (or moves) a case's hearing; see `bookInterview` for `expected`, the reason and `check`.
    @discardableResult
    public func bookHearing(
        _ booking: HearingBooking, actor: String, reason: String? = nil, expected: Int? = nil, check: (Instance, Plan) -> [Violation] = { _, _ in [] }
    ) throws(StoreError) -> StoredHearing? {
        let reason = Self.trimmed(reason)
        return try write { db in
            try requireHearing(db, booking)
            try reviseCase(db, booking.caseID, expected: expected, actor: actor)
            let before = try storedHearing(db, booking.caseID)
            if before?.pinned == true {
                throw StoreError(.conflict, .pinned(caseID: booking.caseID, task: .hearing, byPlan: false))
            }
            if before != nil, reason == nil { throw StoreError(.invalid, .moveNeedsReason) }
            let mailBefore = try hearingEvents(db, booking.caseID)
            if before != nil {
                try db.execute(sql: "DELETE FROM hearing_booking WHERE case_id = ?", arguments: [booking.caseID.rawValue])
            }
            try insertHearing(db, booking, pinned: false, actor: actor)
            try runCheck(db, check, around: [booking.caseID])
            try queueInvitations(db, before: mailBefore, after: try hearingEvents(db, booking.caseID))
            try audit(
                db, actor: actor, action: before == nil ? "book-hearing" : "move-hearing", subject: "case:\(booking.caseID)",
                before: before.map { HearingJSON($0.booking) }, after: HearingJSON(booking), reason: reason)
            try bumpDataVersion(db, cases: [booking.caseID])
            return before
        }
    }

    /// Cancels a case's interview or hearing; a reason is required and kept in the audit log. See `bookInterview` for
    /// `expected`.
    public func cancel(caseID: Case.ID, task: TaskKind, reason: String, expected: Int? = nil, actor: String) throws(StoreError) {
        guard let reason = Self.trimmed(reason) else { throw StoreError(.invalid, .cancelNeedsReason) }
        try write { db in
            try reviseCase(db, caseID, expected: expected, actor: actor)
            switch task {
            case .interview:
                guard let before = try storedInterview(db, caseID) else {
                    throw StoreError(.notFound, .notBooked(caseID: caseID, task: .interview))
                }
                try queueInvitations(db, before: try interviewEvents(db, caseID), after: [])
                try db.execute(sql: "DELETE FROM interview_booking WHERE case_id = ?", arguments: [caseID.rawValue])
                try audit(
                    db, actor: actor, action: "cancel-interview", subject: "case:\(caseID)", before: InterviewJSON(before.booking), reason: reason)
            case .hearing:
                guard let before = try storedHearing(db, caseID) else { throw StoreError(.notFound, .notBooked(caseID: caseID, task: .hearing)) }
                try queueInvitations(db, before: try hearingEvents(db, caseID), after: [])
                try db.execute(sql: "DELETE FROM hearing_booking WHERE case_id = ?", arguments: [caseID.rawValue])
                try audit(db, actor: actor, action: "cancel-hearing", subject: "case:\(caseID)", before: HearingJSON(before.booking), reason: reason)
            }
            try bumpDataVersion(db, cases: [caseID])
        }
    }

    /// Books every assignment of `plan` on top of what is booked, in one transaction. A booking for a case already
    /// booked replaces it (a move); pinned bookings cannot be replaced. `check` sees the result before commit.
    ///
    /// The plan is taken as a whole: every booking it changes is removed first and the new ones inserted after, so it
    /// is checked against what stays (pins, bookings of cases it leaves alone) and not against the bookings it replaces.
    /// A plan that swaps two cases' rooms is valid even though neither booking fits while the other is still in place.
    /// With `around`, `check` sees only the neighbourhood of the plan's cases (see `bookInterview`), which is enough
    /// when it judges only those cases; without, the whole instance.
    public func applyPlan(
        _ plan: Plan, actor: String, around: Bool = false, check: (Instance, Plan) -> [Violation] = { _, _ in [] }
    ) throws(StoreError) -> (
        booked: Int, moved: Int
    ) {
        try write { db in
            let grid = try gridMinutes(db)
            var booked = 0
            var moved = 0
            var interviews: [(booking: InterviewBooking, minutes: Int)] = []
            var hearings: [HearingBooking] = []
            // What each changed booking looked like, for the invitations: one message per person and booking, whatever
            // the size of the plan.
            var mailBefore: [FeedEvent] = []
            for b in plan.interviews {
                let minutes = try interviewMinutes(db, b.caseID)
                if let before = try storedInterview(db, b.caseID) {
                    if before.booking == b { continue }
                    mailBefore += try interviewEvents(db, b.caseID)
                    if before.pinned { throw StoreError(.conflict, .pinned(caseID: b.caseID, task: .interview, byPlan: true)) }
                    try db.execute(sql: "DELETE FROM interview_booking WHERE case_id = ?", arguments: [b.caseID.rawValue])
                    moved += 1
                } else {
                    booked += 1
                }
                interviews.append((b, minutes))
            }
            for b in plan.hearings {
                try requireHearing(db, b)
                if let before = try storedHearing(db, b.caseID) {
                    if before.booking == b { continue }
                    if before.pinned { throw StoreError(.conflict, .pinned(caseID: b.caseID, task: .hearing, byPlan: true)) }
                    mailBefore += try hearingEvents(db, b.caseID)
                    try db.execute(sql: "DELETE FROM hearing_booking WHERE case_id = ?", arguments: [b.caseID.rawValue])
                    moved += 1
                } else {
                    booked += 1
                }
                hearings.append(b)
            }
            for (b, minutes) in interviews { try insertInterview(db, b, minutes: minutes, grid: grid, pinned: false, actor: actor) }
            for b in hearings { try insertHearing(db, b, pinned: false, actor: actor) }
            for id in Set(interviews.map(\.booking.caseID) + hearings.map(\.caseID)) { try reviseCase(db, id, expected: nil, actor: actor) }
            try runCheck(db, check, around: around ? Set(plan.interviews.map(\.caseID) + plan.hearings.map(\.caseID)) : nil)
            var mailAfter: [FeedEvent] = []
            for (b, _) in interviews { mailAfter += try interviewEvents(db, b.caseID) }
            for b in hearings { mailAfter += try hearingEvents(db, b.caseID) }
            try queueInvitations(db, before: mailBefore, after: mailAfter)
            try audit(
                db, actor: actor, action: "apply-plan", subject: "plan:\(plan.instance ?? "")",
                after: ["interviews": plan.interviews.count, "hearings": plan.hearings.count, "booked": booked, "moved": moved])
            try bumpDataVersion(db)
            return (booked, moved)
        }
    }

    /// The text without surrounding white space, or nil when nothing is left.
    static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}
