import GRDB
public import SediaCore

/// A deputy public prosecutor known to the database: a person of kind prosecutor and the state they work in.
public struct Prosecutor: Sendable, Equatable {
    public var id: String
    public var state: String?
}

extension AppDatabase {
    /// The prosecutors, by id; only those of `state` when it is given.
    public func prosecutors(state: String? = nil) throws(StoreError) -> [Prosecutor] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, state FROM person WHERE kind = 'prosecutor' AND (? IS NULL OR state = ?) ORDER BY id",
                arguments: [state, state]
            ).map { Prosecutor(id: $0["id"], state: $0["state"]) }
        }
    }

    /// Case → prosecutor for every case that has one: who gets the case's events, with its reference, in their feeds.
    public func caseProsecutors() throws(StoreError) -> [Case.ID: String] {
        try read { db in
            var out: [Case.ID: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, prosecutor FROM case_file WHERE prosecutor IS NOT NULL") {
                out[Case.ID(row["id"] as String)] = row["prosecutor"]
            }
            return out
        }
    }

    /// Sets (or, with nil, clears) the case's prosecutor, who must be a prosecutor of the case's state.
    /// `expected` is the case revision the form was shown (nil: operator tools); see `reviseCase`.
    public func setProsecutor(caseID: Case.ID, prosecutor: String?, expected: Int? = nil, actor: String) throws(StoreError) {
        try write { db in
            if try assignProsecutor(db, caseID, prosecutor, expected: expected, state: nil, actor: actor) { try bumpDataVersion(db, cases: [caseID]) }
        }
    }

    /// Sets (or clears) the prosecutor of several cases in one transaction: every case or none. Each case carries the
    /// revision its row was shown with; `state` (a state coordinator's) refuses a case filed elsewhere as missing.
    public func setProsecutor(
        cases: [(id: Case.ID, expected: Int)], prosecutor: String?, state: String?, actor: String
    ) throws(StoreError) {
        try write { db in
            for (caseID, expected) in cases {
                try assignProsecutor(db, caseID, prosecutor, expected: expected, state: state, actor: actor)
            }
            try bumpDataVersion(db, cases: Set(cases.map(\.id)))
        }
    }

    /// One case's prosecutor, inside the caller's write, revision-checked and audited; false when it was already set
    /// (setting what is already set loses nothing, whatever the form was shown). A case of another `state` is missing.
    @discardableResult
    private func assignProsecutor(
        _ db: Database, _ caseID: Case.ID, _ prosecutor: String?, expected: Int?, state: String?, actor: String
    ) throws -> Bool {
        let row = try Row.fetchOne(db, sql: "SELECT state, prosecutor FROM case_file WHERE id = ?", arguments: [caseID.rawValue])
        guard let row, StateScope(state).covers(row["state"]) else { throw StoreError(.notFound, "case \(caseID) does not exist") }
        let before: String? = row["prosecutor"]
        guard before != prosecutor else { return false }
        try reviseCase(db, caseID, expected: expected, actor: actor)
        if let prosecutor { try checkProsecutor(db, prosecutor, caseState: row["state"]) }
        try db.execute(sql: "UPDATE case_file SET prosecutor = ? WHERE id = ?", arguments: [prosecutor, caseID.rawValue])
        try audit(
            db, actor: actor, action: "set-prosecutor", subject: "case:\(caseID)", before: ["prosecutor": before ?? ""],
            after: ["prosecutor": prosecutor ?? ""])
        return true
    }

    /// Refuses anything but a prosecutor of the case's state, naming the field.
    func checkProsecutor(_ db: Database, _ id: String, caseState: String) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT kind, state FROM person WHERE id = ?", arguments: [id]) else {
            throw StoreError(.invalid, field: "prosecutor", "\(id) is not a person in this database")
        }
        let kind: String = row["kind"]
        guard kind == "prosecutor" else {
            throw StoreError(.invalid, field: "prosecutor", "\(id) is a\(kind.first == "i" ? "n" : "") \(kind), not a prosecutor")
        }
        let state: String? = row["state"]
        if let state, state != caseState {
            throw StoreError(.invalid, field: "prosecutor", "\(id) works in \(state), the case is filed under \(caseState)")
        }
    }

    /// Makes `id` a prosecutor of `state` (creating the person when missing); refuses an id that is another kind of person.
    func ensureProsecutor(_ db: Database, id: String, state: String?) throws {
        guard !id.isEmpty, id.count <= 64 else { throw StoreError(.invalid, field: "person", "use 1 to 64 characters") }
        if let kind = try String.fetchOne(db, sql: "SELECT kind FROM person WHERE id = ?", arguments: [id]) {
            guard kind == "prosecutor" else { throw StoreError(.invalid, field: "person", "\(id) is a \(kind), not a prosecutor") }
            if let state { try db.execute(sql: "UPDATE person SET state = ? WHERE id = ?", arguments: [state, id]) }
            return
        }
        let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM person") ?? -1) + 1
        try db.execute(
            sql: """
                INSERT INTO person (id, kind, gender, languages, trained_until, max_per_day, unavailable, position, state)
                VALUES (?, 'prosecutor', NULL, '[]', NULL, 0, '[]', ?, ?)
                """,
            arguments: [id, position, state])
        try audit(db, actor: "system", action: "add-prosecutor", subject: "person:\(id)", after: ["state": state ?? ""])
    }
}

extension AppDatabase {
    /// Every person's name by id, for the pages (people without a recorded name are left out).
    public func personNames() throws(StoreError) -> [String: String] {
        try read { db in try personNames(db) }
    }

    func personNames(_ db: Database) throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM person WHERE name IS NOT NULL") { out[row["id"]] = row["name"] }
        return out
    }
}
