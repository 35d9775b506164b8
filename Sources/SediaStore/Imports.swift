import Foundation
import GRDB
public import SediaCore

// `sedia import staff|rooms|courts|cases|leave|holidays`: each file is one transaction (all rows or none), rows are
// upserted by id, and each added or changed row gets an audit line with before and after. A row naming something the
// database does not hold (a centre, a court, a state) refuses the whole file with that row's file, line and field.
// Audit lines and messages carry ids and case references only, never a child's name.

/// What an import did, for the operator.
public struct RowsImported: Sendable, Equatable, CustomStringConvertible {
    public var what: String
    public var added = 0
    public var updated = 0
    public var unchanged = 0

    public init(what: String) { self.what = what }

    public var description: String { "imported \(what): \(added) added, \(updated) updated, \(unchanged) unchanged" }

    mutating func count(before: [String: String]?, after: [String: String]) -> Bool {
        guard let before else {
            added += 1
            return true
        }
        guard before != after else {
            unchanged += 1
            return false
        }
        updated += 1
        return true
    }
}

extension AppDatabase {
    /// Interviewers, psychologists, prosecutors and coordinators, upserted by id. A person's leave is kept.
    public func importStaff(_ rows: [Located<StaffRow>], actor: String) throws(StoreError) -> RowsImported {
        try write { db in
            var problems: [String] = []
            for row in rows {
                let s = row.value
                if let kind = try String.fetchOne(db, sql: "SELECT kind FROM person WHERE id = ?", arguments: [s.id]), kind != s.kind.rawValue {
                    problems.append(row.problem("kind", "\(s.id) is already a \(kind) in the database; one id cannot be two kinds"))
                }
                for c in s.centres where try !exists(db, "centre", c) { problems.append(row.problem("centres", "unknown centre \(c)")) }
                for c in s.courts where try !exists(db, "court", c) { problems.append(row.problem("courts", "unknown court \(c)")) }
            }
            try refuse(problems)
            return try upsertRows(
                db, rows, actor: actor, what: "staff", table: "person", id: \.id, subject: "person", action: { _ in "import-staff" },
                record: { try personRecord(db, $0) }
            ) { s, position, _ in
                // Leave is kept: it comes from `sedia import leave`.
                let unavailable =
                    try String.fetchOne(db, sql: "SELECT unavailable FROM person WHERE id = ?", arguments: [s.id]).map {
                        try JSONText.decode([DayRange].self, $0)
                    } ?? []
                try upsertPerson(
                    db, id: s.id, kind: s.kind.rawValue, gender: s.gender, languages: s.languages, trainedUntil: s.trainedUntil,
                    maxPerDay: s.maxPerDay, unavailable: unavailable, position: position, centres: s.centres, courts: s.courts)
                // A name given is set; a file without names keeps the ones on record.
                if let name = s.name { try db.execute(sql: "UPDATE person SET name = ? WHERE id = ?", arguments: [name, s.id]) }
                // Only a file with an email or delivery column touches the contact (audited by the staff line).
                if let contact = s.contact {
                    try db.execute(
                        sql: "UPDATE person SET email = ?, delivery = ? WHERE id = ?", arguments: [contact.email, contact.delivery?.rawValue, s.id])
                }
                return try personRecord(db, s.id) ?? [:]
            }
        }
    }

    /// Child interview centres, upserted by id. Breaks are kept on update (none for a new centre).
    public func importCentres(_ rows: [Located<CentreRow>], actor: String) throws(StoreError) -> RowsImported {
        try write { db in
            var problems: [String] = []
            for row in rows where try !exists(db, "state", row.value.state, column: "code") {
                problems.append(row.problem("state", "unknown state \(row.value.state)"))
            }
            try refuse(problems)
            return try upsertRows(
                db, rows, actor: actor, what: "centres", table: "centre", id: \.id, subject: "centre", action: { _ in "import-centre" },
                record: { try centreRecord(db, $0) }
            ) { c, position, _ in
                try db.execute(
                    sql: """
                        INSERT INTO centre (id, name, state, lat, lon, open, close, breaks, position) VALUES (?, ?, ?, ?, ?, ?, ?, '[]', ?)
                        ON CONFLICT(id) DO UPDATE SET name = excluded.name, state = excluded.state, lat = excluded.lat, lon = excluded.lon,
                            open = excluded.open, close = excluded.close
                        """,
                    arguments: [c.id, c.name, c.state, c.lat, c.lon, c.open, c.close, position])
                return try centreRecord(db, c.id) ?? [:]
            }
        }
    }

    /// Rooms, upserted by id, each in a centre the database holds.
    public func importRooms(_ rows: [Located<RoomRow>], actor: String) throws(StoreError) -> RowsImported {
        try write { db in
            var problems: [String] = []
            for row in rows where try !exists(db, "centre", row.value.centre) {
                problems.append(row.problem("centre", "unknown centre \(row.value.centre) (import it first with `sedia import centres`)"))
            }
            try refuse(problems)
            return try upsertRows(
                db, rows, actor: actor, what: "rooms", table: "room", id: \.id, subject: "room", action: { _ in "import-room" },
                record: { try roomRecord(db, $0) }
            ) { r, position, _ in
                try db.execute(
                    sql: """
                        INSERT INTO room (id, centre, features, position) VALUES (?, ?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET centre = excluded.centre, features = excluded.features
                        """,
                    arguments: [r.id, r.centre, try JSONText.encode(r.features), position])
                return try roomRecord(db, r.id) ?? [:]
            }
        }
    }

    /// Courts, upserted by id. Closures are kept; a court with cases cannot move to another state.
    public func importCourts(_ rows: [Located<CourtRow>], actor: String) throws(StoreError) -> RowsImported {
        try write { db in
            var problems: [String] = []
            for row in rows {
                let c = row.value
                if try !exists(db, "state", c.state, column: "code") { problems.append(row.problem("state", "unknown state \(c.state)")) }
                if let old = try String.fetchOne(db, sql: "SELECT state FROM court WHERE id = ?", arguments: [c.id]), old != c.state,
                    try Int.fetchOne(db, sql: "SELECT 1 FROM case_file WHERE hearing_court = ? LIMIT 1", arguments: [c.id]) != nil
                {
                    problems.append(row.problem("state", "\(c.id) has cases filed in \(old); a court with cases cannot move to \(c.state)"))
                }
            }
            try refuse(problems)
            return try upsertRows(
                db, rows, actor: actor, what: "courts", table: "court", id: \.id, subject: "court", action: { _ in "import-court" },
                record: { try courtRecord(db, $0) }
            ) { c, position, _ in
                try db.execute(
                    sql: """
                        INSERT INTO court (id, name, state, video_link, sitting_days, hearings_per_day, closed, position)
                        VALUES (?, ?, ?, ?, ?, ?, '[]', ?)
                        ON CONFLICT(id) DO UPDATE SET name = excluded.name, state = excluded.state, video_link = excluded.video_link,
                            sitting_days = excluded.sitting_days, hearings_per_day = excluded.hearings_per_day
                        """,
                    arguments: [c.id, c.name, c.state, c.videoLink, try JSONText.encode(c.sittingDays), c.hearingsPerDay, position])
                return try courtRecord(db, c.id) ?? [:]
            }
        }
    }

    /// Cases from the intake form's fields, upserted by id. A child's name, when given, goes to the one column nothing
    /// exports (an empty or absent one keeps the stored name). A case whose booked interview or hearing the row would
    /// contradict is refused: cancel the booking first.
    public func importCases(_ rows: [Located<CaseRow>], actor: String) throws(StoreError) -> RowsImported {
        try write { db in
            var problems: [String] = []
            let bookings = try loadBookings(db)
            let interviews = Dictionary(bookings.interviews.map { ($0.booking.caseID, $0) }, uniquingKeysWith: { a, _ in a })
            let hearings = Dictionary(bookings.hearings.map { ($0.booking.caseID, $0) }, uniquingKeysWith: { a, _ in a })
            for row in rows {
                let c = row.value.item
                if try !exists(db, "state", row.value.state, column: "code") {
                    problems.append(row.problem("state", "unknown state \(row.value.state)"))
                }
                if let court = c.hearing?.court {
                    if let courtState = try String.fetchOne(db, sql: "SELECT state FROM court WHERE id = ?", arguments: [court.rawValue]) {
                        if courtState != row.value.state {
                            problems.append(row.problem("hearing.court", "\(court) is in \(courtState), not \(row.value.state)"))
                        }
                    } else {
                        problems.append(row.problem("hearing.court", "unknown court \(court)"))
                    }
                }
                if let booked = interviews[c.id], c.interview?.durationMinutes != booked.minutes {
                    problems.append(
                        row.problem(
                            "interview.durationMinutes",
                            c.interview == nil
                                ? "case \(c.id) has a booked interview; cancel it before removing the interview"
                                : "case \(c.id) has a booked interview of \(booked.minutes) minutes; cancel it before changing the length"))
                }
                if let booked = hearings[c.id], c.hearing?.court != booked.booking.court || c.hearing?.days != booked.booking.dates.count {
                    problems.append(
                        row.problem(
                            "hearing.court",
                            "case \(c.id) has a booked hearing at \(booked.booking.court); cancel it before changing its court or days"))
                }
            }
            try refuse(problems)
            return try upsertRows(
                db, rows, actor: actor, what: "cases", table: "case_file", id: \.item.id.rawValue, subject: "case",
                action: { isNew in isNew ? "import-case" : "update-case" }, record: { try caseRecordForAudit(db, Case.ID($0)) }
            ) { row, position, before in
                let c = row.item
                try upsertCase(db, c, state: row.state, position: position, createdAt: timestamp(), actor: actor)
                var nameChanged = false
                if let name = row.childName {
                    nameChanged =
                        try String.fetchOne(db, sql: "SELECT child_name FROM case_file WHERE id = ?", arguments: [c.id.rawValue]) != name
                    try db.execute(sql: "UPDATE case_file SET child_name = ? WHERE id = ?", arguments: [name, c.id.rawValue])
                }
                var after = try caseRecordForAudit(db, c.id) ?? [:]
                // The audit says that the name changed, never what it is.
                if nameChanged && before != nil { after["childName"] = "changed" }
                return after
            }
        }
    }

    /// Replaces a person's unavailable days with `ranges` (their leave file is the whole list).
    public func setUnavailable(person: String, ranges: [DayRange], source: String, actor: String) throws(StoreError) -> (before: Int, after: Int) {
        try write { db in
            guard let old = try String.fetchOne(db, sql: "SELECT unavailable FROM person WHERE id = ?", arguments: [person]) else {
                throw StoreError(.notFound, "--person: no person \(person) in the database")
            }
            let before = try JSONText.decode([DayRange].self, old)
            try db.execute(sql: "UPDATE person SET unavailable = ? WHERE id = ?", arguments: [try JSONText.encode(ranges), person])
            try audit(
                db, actor: actor, action: "import-leave", subject: "person:\(person)", before: ["unavailable": before.map(\.text)],
                after: ["unavailable": ranges.map(\.text)], reason: source)
            try bumpDataVersion(db)
            return (before.count, ranges.count)
        }
    }

    /// Replaces a court's closures with `ranges`.
    public func setCourtClosed(court: String, ranges: [DayRange], source: String, actor: String) throws(StoreError) -> (before: Int, after: Int) {
        try write { db in
            guard let old = try String.fetchOne(db, sql: "SELECT closed FROM court WHERE id = ?", arguments: [court]) else {
                throw StoreError(.notFound, "--court: no court \(court) in the database")
            }
            let before = try JSONText.decode([DayRange].self, old)
            try db.execute(sql: "UPDATE court SET closed = ? WHERE id = ?", arguments: [try JSONText.encode(ranges), court])
            try audit(
                db, actor: actor, action: "import-closure", subject: "court:\(court)", before: ["closed": before.map(\.text)],
                after: ["closed": ranges.map(\.text)], reason: source)
            try bumpDataVersion(db)
            return (before.count, ranges.count)
        }
    }

    /// Replaces the holidays of one state (or of every state, `state` nil) inside the years `coverage` spans with `holidays`.
    /// Holidays that name other states, or several, are kept: they came with an instance.
    public func importHolidays(
        _ holidays: [(date: Day, name: String)], state: String?, coverage: DayRange?, source: String, actor: String
    ) throws(StoreError) -> (removed: Int, added: Int) {
        try write { db in
            if let state, try !exists(db, "state", state, column: "code") {
                throw StoreError(.notFound, "--state: no state \(state) in the database")
            }
            let states = try JSONText.encode([state ?? "*"])
            var removed = 0
            if let coverage {
                removed =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM holiday WHERE states = ? AND date BETWEEN ? AND ?",
                        arguments: [states, coverage.from.description, coverage.to.description]) ?? 0
                try db.execute(
                    sql: "DELETE FROM holiday WHERE states = ? AND date BETWEEN ? AND ?",
                    arguments: [states, coverage.from.description, coverage.to.description])
            }
            for h in holidays {
                try db.execute(sql: "INSERT INTO holiday (date, states, name) VALUES (?, ?, ?)", arguments: [h.date.description, states, h.name])
            }
            try audit(
                db, actor: actor, action: "import-holidays", subject: "holidays:\(state ?? "*")", before: ["count": removed],
                after: ["count": holidays.count], reason: source)
            try bumpDataVersion(db)
            return (removed, holidays.count)
        }
    }

    /// The loop every table import shares, once its rows are checked: per row the stored record before, the position
    /// (an existing row keeps its own, a new one takes the next free), the upsert (which returns the record after), the
    /// count, and an audit line with before and after when something changed; then the data version moves once.
    func upsertRows<Value>(
        _ db: Database, _ rows: [Located<Value>], actor: String, what: String, table: String, id: (Value) -> String, subject: String,
        action: (_ isNew: Bool) -> String, record: (String) throws -> [String: String]?,
        upsert: (Value, _ position: Int, _ before: [String: String]?) throws -> [String: String]
    ) throws -> RowsImported {
        var result = RowsImported(what: what)
        var next = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM \(table)") ?? -1) + 1
        for row in rows {
            let key = id(row.value)
            let before = try record(key)
            let position = try Int.fetchOne(db, sql: "SELECT position FROM \(table) WHERE id = ?", arguments: [key]) ?? next
            if before == nil { next += 1 }
            let after = try upsert(row.value, position, before)
            if result.count(before: before, after: after) {
                try audit(db, actor: actor, action: action(before == nil), subject: "\(subject):\(key)", before: before, after: after)
            }
        }
        try bumpDataVersion(db)
        return result
    }

    func exists(_ db: Database, _ table: String, _ id: String, column: String = "id") throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE \(column) = ?", arguments: [id]) != nil
    }

    /// Every problem of the file at once, one per line; nothing has been written yet.
    func refuse(_ problems: [String]) throws {
        guard problems.isEmpty else { throw StoreError(.invalid, problems.joined(separator: "\n")) }
    }

    func personRecord(_ db: Database, _ id: String) throws -> [String: String]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id = ?", arguments: [id]) else { return nil }
        let centres = try String.fetchAll(db, sql: "SELECT centre FROM person_centre WHERE person = ? ORDER BY position", arguments: [id])
        let courts = try String.fetchAll(db, sql: "SELECT court FROM person_court WHERE person = ? ORDER BY position", arguments: [id])
        let max: Int = row["max_per_day"]
        return [
            "kind": row["kind"], "gender": row["gender"] ?? "", "languages": row["languages"], "trainedUntil": row["trained_until"] ?? "",
            "maxPerDay": String(max), "centres": centres.joined(separator: ";"), "courts": courts.joined(separator: ";"),
            "name": row["name"] ?? "", "email": row["email"] ?? "", "delivery": row["delivery"] ?? "",
        ]
    }

    func roomRecord(_ db: Database, _ id: String) throws -> [String: String]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT centre, features FROM room WHERE id = ?", arguments: [id]) else { return nil }
        return ["centre": row["centre"], "features": row["features"]]
    }

    func centreRecord(_ db: Database, _ id: String) throws -> [String: String]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM centre WHERE id = ?", arguments: [id]) else { return nil }
        let lat: Double = row["lat"]
        let lon: Double = row["lon"]
        let open: Int = row["open"]
        let close: Int = row["close"]
        return [
            "name": row["name"] ?? "", "state": row["state"], "lat": String(lat), "lon": String(lon), "open": String(open), "close": String(close),
        ]
    }

    func courtRecord(_ db: Database, _ id: String) throws -> [String: String]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM court WHERE id = ?", arguments: [id]) else { return nil }
        let video: Bool = row["video_link"]
        let perDay: Int = row["hearings_per_day"]
        return [
            "name": row["name"] ?? "", "state": row["state"], "videoLink": video ? "true" : "false", "sittingDays": row["sitting_days"],
            "hearingsPerDay": String(perDay),
        ]
    }

    /// A case's planning fields for the audit log: references and dates, never the child's name.
    func caseRecordForAudit(_ db: Database, _ id: Case.ID) throws -> [String: String]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM case_file WHERE id = ?", arguments: [id.rawValue]) else { return nil }
        var out: [String: String] = [:]
        let columns = [
            "state", "child_ref", "child_age", "child_gender", "child_languages", "child_lat", "child_lon", "interviewer_gender",
            "needs_psychologist",
            "needs_accessible_room", "interview_minutes", "interview_earliest", "interview_target_by", "interview_done_on", "hearing_court",
            "hearing_registered_on", "hearing_deadline", "hearing_days", "hearing_earliest", "hearing_needs_video_link", "hearing_needs_psychologist",
        ]
        for column in columns {
            switch (row[column] as DatabaseValue).storage {
            case .null: break
            case .int64(let n): out[column] = String(n)
            case .double(let d): out[column] = String(d)
            case .string(let s): out[column] = s
            case .blob: out[column] = "(blob)"
            }
        }
        return out
    }
}

extension DayRange {
    var text: String { from == to ? from.description : "\(from)..\(to)" }
}
