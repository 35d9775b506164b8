import Foundation
import GRDB
public import SediaCore

// Moving between the database and the planning format (`sedia-instance/1`).
//
// Import merges: reference data and cases are inserted or updated by id, so importing next week's instance
// over this week's keeps bookings, users, checklists and the audit log. Pinned assignments become pinned bookings;
// `previous` and `maxMoves` are kept as given so an export reproduces them while nothing is booked here yet.

struct BreakJSON: Codable {
    var days: [Weekday]
    var start: Int
    var end: Int
}

/// What an import did, for the operator.
public struct ImportSummary: Sendable, Equatable, CustomStringConvertible {
    public var states = 0
    public var centres = 0
    public var rooms = 0
    public var interviewers = 0
    public var psychologists = 0
    public var courts = 0
    public var cases = 0
    public var pinnedBookings = 0

    public var description: String {
        "imported \(states) states, \(centres) centres, \(rooms) rooms, \(interviewers) interviewers, \(psychologists) psychologists, "
            + "\(courts) courts, \(cases) cases (\(pinnedBookings) pinned bookings)"
    }
}

extension AppDatabase {
    /// Loads a planning instance (centres, rooms, people, courts, cases) in one transaction: all of it or nothing.
    public func importInstance(_ instance: Instance, actor: String) throws(StoreError) -> ImportSummary {
        try write { db in
            var summary = ImportSummary()
            try setMeta(db, "name", instance.name)
            try setMeta(db, "timezone", instance.timezone)
            try setMeta(db, "planStart", instance.planStart.description)
            try setMeta(db, "horizonDays", String(instance.horizonDays))
            try setMeta(db, "gridMinutes", String(instance.gridMinutes))
            try setMeta(db, "minPrepDays", String(instance.minPrepDays))
            try setMeta(db, "maxMoves", instance.maxMoves.map(String.init) ?? "null")
            // An instance that sets a travel limit sets the country's; one without leaves the setting as it is.
            if let km = instance.maxTravelKm { try setMeta(db, Self.travelKey, String(km)) }
            try setMeta(db, "previous", try instance.previous.map { try JSONText.encode(PlanJSON($0)) } ?? "null")

            for state in instance.states {
                try db.execute(
                    sql: """
                        INSERT INTO state (code, name, weekend) VALUES (?, ?, ?)
                        ON CONFLICT(code) DO UPDATE SET name = excluded.name, weekend = excluded.weekend
                        """,
                    arguments: [state.code.rawValue, state.name, try JSONText.encode(state.weekend)])
                summary.states += 1
            }
            try db.execute(sql: "DELETE FROM holiday")
            for holiday in instance.holidays {
                try db.execute(
                    sql: "INSERT INTO holiday (date, states, name) VALUES (?, ?, ?)",
                    arguments: [holiday.date.description, try JSONText.encode(holiday.states), holiday.name])
            }
            for (i, centre) in instance.centres.enumerated() {
                let breaks = centre.breaks.map { BreakJSON(days: $0.days, start: $0.start, end: $0.end) }
                try db.execute(
                    sql: """
                        INSERT INTO centre (id, name, state, lat, lon, open, close, breaks, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET name = excluded.name, state = excluded.state, lat = excluded.lat, lon = excluded.lon,
                            open = excluded.open, close = excluded.close, breaks = excluded.breaks, position = excluded.position
                        """,
                    arguments: [
                        centre.id.rawValue, centre.name, centre.state.rawValue, centre.lat, centre.lon, centre.open, centre.close,
                        try JSONText.encode(breaks), i,
                    ])
                summary.centres += 1
                for (j, room) in centre.rooms.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO room (id, centre, features, position) VALUES (?, ?, ?, ?)
                            ON CONFLICT(id) DO UPDATE SET centre = excluded.centre, features = excluded.features, position = excluded.position
                            """,
                        arguments: [room.id.rawValue, centre.id.rawValue, try JSONText.encode(room.features), i * 1000 + j])
                    summary.rooms += 1
                }
            }
            for (i, court) in instance.courts.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO court (id, name, state, video_link, sitting_days, hearings_per_day, closed, position)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET name = excluded.name, state = excluded.state, video_link = excluded.video_link,
                            sitting_days = excluded.sitting_days, hearings_per_day = excluded.hearings_per_day, closed = excluded.closed,
                            position = excluded.position
                        """,
                    arguments: [
                        court.id.rawValue, court.name, court.state.rawValue, court.videoLink, try JSONText.encode(court.sittingDays),
                        court.hearingsPerDay, try JSONText.encode(court.closed), i,
                    ])
                summary.courts += 1
            }
            for (i, person) in instance.interviewers.enumerated() {
                try upsertPerson(
                    db, id: person.id.rawValue, kind: "interviewer", gender: person.gender, languages: person.languages,
                    trainedUntil: person.trainedUntil, maxPerDay: person.maxPerDay, unavailable: person.unavailable, position: i,
                    centres: person.centres.map(\.rawValue), courts: [])
                summary.interviewers += 1
            }
            for (i, person) in instance.psychologists.enumerated() {
                try upsertPerson(
                    db, id: person.id.rawValue, kind: "psychologist", gender: nil, languages: person.languages, trainedUntil: nil,
                    maxPerDay: person.maxPerDay, unavailable: person.unavailable, position: 100_000 + i,
                    centres: person.centres.map(\.rawValue), courts: person.courts.map(\.rawValue))
                summary.psychologists += 1
            }
            let grid = instance.gridMinutes
            for (i, item) in instance.cases.enumerated() {
                let state = try caseState(db, item, centres: instance.centres)
                try upsertCase(db, item, state: state, position: i, createdAt: timestamp(), actor: actor)
                summary.cases += 1
                if let pin = item.interview?.pinned, let request = item.interview {
                    try db.execute(sql: "DELETE FROM interview_booking WHERE case_id = ?", arguments: [item.id.rawValue])
                    try insertInterview(
                        db,
                        InterviewBooking(
                            caseID: item.id, room: pin.room, interviewer: pin.interviewer, psychologist: pin.psychologist, start: pin.start),
                        minutes: request.durationMinutes, grid: grid, pinned: true, actor: actor)
                    summary.pinnedBookings += 1
                }
                if let pin = item.hearing?.pinned, let request = item.hearing {
                    try db.execute(sql: "DELETE FROM hearing_booking WHERE case_id = ?", arguments: [item.id.rawValue])
                    try insertHearing(
                        db, HearingBooking(caseID: item.id, court: request.court, dates: pin.dates, psychologist: pin.psychologist),
                        pinned: true, actor: actor)
                    summary.pinnedBookings += 1
                }
            }
            try audit(db, actor: actor, action: "import-instance", subject: "instance:\(instance.name)", after: summary.auditRecord)
            try bumpDataVersion(db)
            return summary
        }
    }

    /// The database as a planning instance. Booked interviews and hearings are written as `pinned` when they were
    /// pinned, and the others as the `previous` plan, so a solver run on the export moves as little as possible.
    /// With a `window`, the instance plans within it instead of the window it was imported with; closed cases are left
    /// out unless `includeClosed`.
    public func exportInstance(window: PlanningWindow? = nil, includeClosed: Bool = false) throws(StoreError) -> Instance {
        var instance = try read { db in try loadInstance(db, includeClosed: includeClosed) }
        window?.apply(to: &instance)
        return instance
    }

    /// With `only`, those open cases alone, no booking but theirs and no `previous` (a booking's rule check). `loaded`:
    /// every booking and the open cases, when the caller (the pages' snapshot) has read them in this transaction.
    func loadInstance(
        _ db: Database, includeClosed: Bool = false, only: Set<Case.ID>? = nil, loaded: (bookings: StoredBookings, cases: [Case])? = nil
    ) throws -> Instance {
        func meta(_ key: String) throws -> String? { try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
        guard let name = try meta("name"), let startText = try meta("planStart"), let planStart = Day(iso: startText) else {
            throw StoreError(.notFound, "the database holds no planning instance yet: run `sedia import instance FILE.json --db PATH` first")
        }
        let horizon = Int(try meta("horizonDays") ?? "") ?? 365
        let grid = Int(try meta("gridMinutes") ?? "") ?? 30
        let prep = Int(try meta("minPrepDays") ?? "") ?? 28
        let timezone = try meta("timezone") ?? "Asia/Kuala_Lumpur"
        let maxMoves = Int(try meta("maxMoves") ?? "")

        let states = try Row.fetchAll(db, sql: "SELECT * FROM state ORDER BY rowid").map { row in
            StateInfo(code: .init(row["code"] as String), name: row["name"], weekend: try JSONText.decode([Weekday].self, row["weekend"]))
        }
        let holidays = try Row.fetchAll(db, sql: "SELECT * FROM holiday ORDER BY id").map { row in
            Holiday(date: try day(row["date"]), states: try JSONText.decode([String].self, row["states"]), name: row["name"])
        }
        var roomsByCentre: [String: [Room]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM room ORDER BY position, id") {
            let room = Room(id: .init(row["id"] as String), features: try JSONText.decode([String].self, row["features"]))
            roomsByCentre[row["centre"], default: []].append(room)
        }
        let centres = try Row.fetchAll(db, sql: "SELECT * FROM centre ORDER BY position, id").map { row in
            let id: String = row["id"]
            let breaks = try JSONText.decode([BreakJSON].self, row["breaks"]).map { Break(days: $0.days, start: $0.start, end: $0.end) }
            return Centre(
                id: .init(id), name: row["name"], state: .init(row["state"] as String), lat: row["lat"], lon: row["lon"], open: row["open"],
                close: row["close"], breaks: breaks, rooms: roomsByCentre[id] ?? [])
        }
        var centresOf: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT person, centre FROM person_centre ORDER BY person, position") {
            centresOf[row["person"], default: []].append(row["centre"])
        }
        var courtsOf: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT person, court FROM person_court ORDER BY person, position") {
            courtsOf[row["person"], default: []].append(row["court"])
        }
        var interviewers: [Interviewer] = []
        var psychologists: [Psychologist] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM person WHERE kind IN ('interviewer', 'psychologist') ORDER BY position, id") {
            let id: String = row["id"]
            let languages = try JSONText.decode([String].self, row["languages"])
            let unavailable = try JSONText.decode([DayRange].self, row["unavailable"])
            if (row["kind"] as String) == "interviewer" {
                let trained: String? = row["trained_until"]
                interviewers.append(
                    Interviewer(
                        id: .init(id), gender: row["gender"] ?? "", languages: languages, centres: (centresOf[id] ?? []).map { .init($0) },
                        trainedUntil: try trained.map(day), maxPerDay: row["max_per_day"], unavailable: unavailable))
            } else {
                psychologists.append(
                    Psychologist(
                        id: .init(id), languages: languages, centres: (centresOf[id] ?? []).map { .init($0) },
                        courts: (courtsOf[id] ?? []).map { .init($0) }, maxPerDay: row["max_per_day"], unavailable: unavailable))
            }
        }
        let courts = try Row.fetchAll(db, sql: "SELECT * FROM court ORDER BY position, id").map { row in
            Court(
                id: .init(row["id"] as String), name: row["name"], state: .init(row["state"] as String), videoLink: row["video_link"],
                sittingDays: try JSONText.decode([Weekday].self, row["sitting_days"]), hearingsPerDay: row["hearings_per_day"],
                closed: try JSONText.decode([DayRange].self, row["closed"]))
        }
        let bookings = try loaded?.bookings ?? loadBookings(db, cases: only)
        let cases: [Case]
        if let loaded {
            cases = loaded.cases
        } else {
            let pinnedInterviews = Dictionary(
                bookings.interviews.filter(\.pinned).map { ($0.booking.caseID, $0.booking) }, uniquingKeysWith: { a, _ in a })
            let pinnedHearings = Dictionary(
                bookings.hearings.filter(\.pinned).map { ($0.booking.caseID, $0.booking) }, uniquingKeysWith: { a, _ in a })
            // A disposed or closed case is never planned again.
            let open =
                (includeClosed ? "1" : "id NOT IN (SELECT case_id FROM case_closure)")
                + (only.map { " AND id IN " + Self.placeholders($0.count) } ?? "")
            let ids = StatementArguments((only ?? []).map(\.rawValue).sorted())
            cases = try Row.fetchAll(db, sql: "SELECT * FROM case_file WHERE \(open) ORDER BY position, id", arguments: ids)
                .map { row in try caseFrom(row, pinnedInterview: pinnedInterviews, pinnedHearing: pinnedHearings) }
        }
        var previous: Plan?
        let unpinnedInterviews = bookings.interviews.filter { !$0.pinned }.map(\.booking)
        let unpinnedHearings = bookings.hearings.filter { !$0.pinned }.map(\.booking)
        if only != nil {
            previous = nil
        } else if !unpinnedInterviews.isEmpty || !unpinnedHearings.isEmpty {
            previous = Plan(instance: name, interviews: unpinnedInterviews, hearings: unpinnedHearings, unassigned: [], score: nil)
        } else {
            previous = try storedPrevious(db)
        }
        var instance = Instance(
            name: name, timezone: timezone, planStart: planStart, horizonDays: horizon, gridMinutes: grid, minPrepDays: prep, states: states,
            holidays: holidays, centres: centres, interviewers: interviewers, psychologists: psychologists, courts: courts, cases: cases,
            previous: previous, maxMoves: maxMoves)
        try applyTravelLimits(db, to: &instance, only: only)
        try applyDisruptions(db, to: &instance)
        return instance
    }

    /// The plan kept as the previous one when no booking stands as it (`sedia import instance` with `previous`).
    func storedPrevious(_ db: Database) throws -> Plan? {
        guard let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'previous'"), stored != "null" else { return nil }
        return try JSONText.decode(PlanJSON.self, stored).plan
    }

    func caseFrom(_ row: Row, pinnedInterview: [Case.ID: InterviewBooking], pinnedHearing: [Case.ID: HearingBooking]) throws -> Case {
        let id = Case.ID(row["id"] as String)
        let child = Child(
            ref: row["child_ref"], age: row["child_age"], gender: row["child_gender"],
            languages: try JSONText.decode([String].self, row["child_languages"]), lat: row["child_lat"], lon: row["child_lon"],
            interviewerGender: row["interviewer_gender"], needsPsychologist: row["needs_psychologist"],
            needsAccessibleRoom: row["needs_accessible_room"])
        var interview: InterviewRequest?
        if let minutes: Int = row["interview_minutes"] {
            let pin = pinnedInterview[id].map {
                PinnedInterview(room: $0.room, interviewer: $0.interviewer, psychologist: $0.psychologist, start: $0.start)
            }
            interview = InterviewRequest(
                durationMinutes: minutes, earliest: try day(row["interview_earliest"]), targetBy: try day(row["interview_target_by"]),
                pinned: pin)
        }
        var hearing: HearingRequest?
        if let court: String = row["hearing_court"] {
            let registered: String? = row["hearing_registered_on"]
            hearing = HearingRequest(
                court: .init(court), registeredOn: try registered.map(day), deadline: try day(row["hearing_deadline"]),
                days: row["hearing_days"], earliest: try day(row["hearing_earliest"]), needsVideoLink: row["hearing_needs_video_link"],
                needsPsychologist: row["hearing_needs_psychologist"],
                pinned: pinnedHearing[id].map { PinnedHearing(dates: $0.dates, psychologist: $0.psychologist) })
        }
        let done: String? = row["interview_done_on"]
        return Case(id: id, child: child, interview: interview, interviewDoneOn: try done.map(day), hearing: hearing)
    }

    func setMeta(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value])
    }

    func upsertPerson(
        _ db: Database, id: String, kind: String, gender: String?, languages: [String], trainedUntil: Day?, maxPerDay: Int,
        unavailable: [DayRange], position: Int, centres: [String], courts: [String]
    ) throws {
        if let existing = try String.fetchOne(db, sql: "SELECT kind FROM person WHERE id = ?", arguments: [id]), existing != kind {
            throw StoreError(.invalid, "\(id) is already a \(existing); one id cannot also be a \(kind)")
        }
        try db.execute(
            sql: """
                INSERT INTO person (id, kind, gender, languages, trained_until, max_per_day, unavailable, position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET gender = excluded.gender, languages = excluded.languages,
                    trained_until = excluded.trained_until, max_per_day = excluded.max_per_day, unavailable = excluded.unavailable,
                    position = excluded.position
                """,
            arguments: [
                id, kind, gender, try JSONText.encode(languages), trainedUntil?.description, maxPerDay, try JSONText.encode(unavailable), position,
            ])
        try db.execute(sql: "DELETE FROM person_centre WHERE person = ?", arguments: [id])
        for (i, centre) in centres.enumerated() {
            try db.execute(sql: "INSERT INTO person_centre (person, centre, position) VALUES (?, ?, ?)", arguments: [id, centre, i])
        }
        try db.execute(sql: "DELETE FROM person_court WHERE person = ?", arguments: [id])
        for (i, court) in courts.enumerated() {
            try db.execute(sql: "INSERT INTO person_court (person, court, position) VALUES (?, ?, ?)", arguments: [id, court, i])
        }
    }

    func upsertCase(_ db: Database, _ item: Case, state: String, position: Int, createdAt: String, actor: String) throws {
        let c = item.child
        let i = item.interview
        let h = item.hearing
        try db.execute(
            sql: """
                INSERT INTO case_file (id, state, child_ref, child_age, child_gender, child_languages, child_lat, child_lon,
                    interviewer_gender, needs_psychologist, needs_accessible_room, interview_minutes, interview_earliest,
                    interview_target_by, interview_done_on, hearing_court, hearing_registered_on, hearing_deadline, hearing_days,
                    hearing_earliest, hearing_needs_video_link, hearing_needs_psychologist, position, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, child_ref = excluded.child_ref, child_age = excluded.child_age,
                    child_gender = excluded.child_gender, child_languages = excluded.child_languages, child_lat = excluded.child_lat,
                    child_lon = excluded.child_lon, interviewer_gender = excluded.interviewer_gender,
                    needs_psychologist = excluded.needs_psychologist, needs_accessible_room = excluded.needs_accessible_room,
                    interview_minutes = excluded.interview_minutes, interview_earliest = excluded.interview_earliest,
                    interview_target_by = excluded.interview_target_by, interview_done_on = excluded.interview_done_on,
                    hearing_court = excluded.hearing_court, hearing_registered_on = excluded.hearing_registered_on,
                    hearing_deadline = excluded.hearing_deadline, hearing_days = excluded.hearing_days,
                    hearing_earliest = excluded.hearing_earliest, hearing_needs_video_link = excluded.hearing_needs_video_link,
                    hearing_needs_psychologist = excluded.hearing_needs_psychologist, position = excluded.position
                """,
            arguments: [
                item.id.rawValue, state, c.ref, c.age, c.gender, try JSONText.encode(c.languages), c.lat, c.lon, c.interviewerGender,
                c.needsPsychologist, c.needsAccessibleRoom, i?.durationMinutes, i?.earliest.description, i?.targetBy.description,
                item.interviewDoneOn?.description, h?.court.rawValue, h?.registeredOn?.description, h?.deadline.description, h?.days,
                h?.earliest.description, h?.needsVideoLink, h?.needsPsychologist, position, createdAt,
            ])
        // A changed case is a new revision: a form shown before the import cannot change it unseen.
        try reviseCase(db, item.id, expected: nil, actor: actor)
    }

    /// The state a case belongs to (for per-state scope): its court's, else its pinned room's, else the nearest centre's.
    func caseState(_ db: Database, _ item: Case, centres: [Centre]) throws -> String {
        if let court = item.hearing?.court {
            if let state = try String.fetchOne(db, sql: "SELECT state FROM court WHERE id = ?", arguments: [court.rawValue]) { return state }
            throw StoreError(.invalid, "case \(item.id): hearing.court \(court) does not exist")
        }
        if let room = item.interview?.pinned?.room,
            let state = try String.fetchOne(
                db, sql: "SELECT centre.state FROM room JOIN centre ON centre.id = room.centre WHERE room.id = ?", arguments: [room.rawValue])
        {
            return state
        }
        let nearest = centres.min { a, b in
            distanceKm(item.child.lat, item.child.lon, a.lat, a.lon) < distanceKm(item.child.lat, item.child.lon, b.lat, b.lon)
        }
        if let nearest { return nearest.state.rawValue }
        if let state = try String.fetchOne(db, sql: "SELECT code FROM state ORDER BY rowid LIMIT 1") { return state }
        throw StoreError(.invalid, "case \(item.id): no state, court or centre to file it under")
    }
}

func day(_ text: String) throws -> Day {
    guard let d = Day(iso: text) else { throw StoreError(.database, "stored date \(text) is not YYYY-MM-DD") }
    return d
}

func distanceKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
    let r = 6371.0
    let p1 = lat1 * .pi / 180
    let p2 = lat2 * .pi / 180
    let dp = (lat2 - lat1) * .pi / 180
    let dl = (lon2 - lon1) * .pi / 180
    let a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
    return 2 * r * asin(min(1, a.squareRoot()))
}

extension ImportSummary {
    var auditRecord: [String: Int] {
        [
            "states": states, "centres": centres, "rooms": rooms, "interviewers": interviewers, "psychologists": psychologists,
            "courts": courts, "cases": cases, "pinnedBookings": pinnedBookings,
        ]
    }
}
