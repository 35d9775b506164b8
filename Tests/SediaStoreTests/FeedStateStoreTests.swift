import Foundation
import GRDB
import SediaAppTestSupport
import SediaCore
import SediaTestSupport
import Testing

@testable import SediaStore

/// The v2 migrations: the served feeds' state, the case's prosecutor, and feed tokens for the new kinds.
struct FeedStateMigrationTests {
    @Test func aVersion1DatabaseKeepsItsFeedTokensAndGainsTheFeedState() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v1-checklist")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO state (code, name, weekend) VALUES ('MY-03', 'Kelantan', '[]')")
            try db.execute(
                sql: "INSERT INTO user (username, password_hash, role, state, created_at) VALUES ('kb', ?, 'coordinator', 'MY-03', 'now')",
                arguments: [String(repeating: "x", count: 60)])
            try db.execute(
                sql: "INSERT INTO feed_token (token_hash, user, kind, subject, created_at) VALUES (?, 1, 'centre', 'CIC-KB', 'then')",
                arguments: [Data(repeating: 7, count: 32)])
        }
        let db = try AppDatabase(queue)
        let token = try #require(try db.feedToken(hash: [UInt8](repeating: 7, count: 32)))
        #expect(token.scope == FeedScope(kind: .centre, subject: "CIC-KB"))
        #expect(token.createdAt == "then")
        let schema = try queue.read { db in
            (
                try db.tableExists("feed_secret") && db.tableExists("feed_entry"), try db.columns(in: "case_file").map(\.name),
                try db.indexes(on: "feed_token").map(\.name)
            )
        }
        #expect(schema.0)
        #expect(schema.1.contains("prosecutor"))
        #expect(schema.2.contains("feed_token_user"))
        // The schema refuses a busy variant of a prosecutor's own feed and an unknown kind.
        let busy = #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO feed_token (token_hash, user, kind, subject, busy, created_at) VALUES (?, 1, 'deadlines', 'D', 1, 'x')",
                    arguments: [Data(repeating: 8, count: 32)])
            }
        }
        #expect(busy?.extendedResultCode == .SQLITE_CONSTRAINT_CHECK)
        #expect(busy?.message?.contains("busy = 0 OR kind NOT IN") == true, "\(busy?.message ?? "")")
        let kind = #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO feed_token (token_hash, user, kind, subject, created_at) VALUES (?, 1, 'everything', 'D', 'x')",
                    arguments: [Data(repeating: 9, count: 32)])
            }
        }
        #expect(kind?.extendedResultCode == .SQLITE_CONSTRAINT_CHECK)
        #expect(kind?.message?.contains("kind IN") == true, "\(kind?.message ?? "")")
    }

    /// Ticks on the old hard-coded checklist items survive the move to the rule book under the rule ids that replaced
    /// them; unticked items leave nothing behind.
    @Test func oldChecklistTicksAreCarriedOverByRuleID() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v1-checklist")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO state (code, name, weekend) VALUES ('MY-03', 'Kelantan', '[]')")
            try db.execute(
                sql: """
                    INSERT INTO case_file (id, state, child_ref, child_age, child_languages, child_lat, child_lon, needs_psychologist,
                        needs_accessible_room, position, created_at)
                    VALUES ('K-1', 'MY-03', 'C-1', 9, '["ms"]', 6.1, 102.2, 0, 0, 0, 'then')
                    """)
            for (item, done) in [("transcript", true), ("pre-trial-conference", true), ("interpreter", true), ("live-link", false)] {
                try db.execute(
                    sql: "INSERT INTO checklist_item (case_id, item, label, position, done_by, done_at) VALUES ('K-1', ?, 'label', 0, ?, ?)",
                    arguments: [item, done ? "dpp" : nil, done ? "2027-01-02T03:04:05Z" : nil])
            }
        }
        let db = try AppDatabase(queue)
        let ticks = try db.checklistTicks(caseID: "K-1")
        #expect(Set(ticks.keys) == ["transcript-translation", "ptc-held", "interpreter"])
        #expect(ticks["ptc-held"]?.doneBy == "dpp")
        #expect(ticks["ptc-held"]?.doneAt == "2027-01-02T03:04:05Z")
        #expect(try queue.read { db in try db.tableExists("checklist_item") } == false)
    }

    @Test func theSecretIsMadeOnceAndEntriesRoundTrip() throws {
        let db = try AppFixtures.database()
        var calls = 0
        let first = try db.feedState(newSecret: {
            calls += 1
            return [UInt8](repeating: 3, count: 32)
        })
        #expect(first.secret == [UInt8](repeating: 3, count: 32))
        #expect(first.entries.isEmpty)
        let entry = FeedStateRows.Entry(
            uid: "abc@sedia", sequence: 2, lastModified: 1_790_000_000, cancelledAt: 1_790_000_100, event: "{\"task\":\"t\"}")
        try db.updateFeedState(upsert: ["interview/K-1": entry, "hearing/K-1/1": entry.with(uid: "def@sedia")], delete: [])
        let second = try db.feedState(newSecret: {
            calls += 1
            return []
        })
        #expect(calls == 1)
        #expect(second.secret == first.secret)
        #expect(second.entries["interview/K-1"] == entry)
        try db.updateFeedState(upsert: [:], delete: ["interview/K-1"])
        #expect(try db.feedState(newSecret: { [] }).entries.keys.sorted() == ["hearing/K-1/1"])
        // Saving the feed state is not a data change.
        #expect(try db.dataVersion().version == 1)
    }
}

extension FeedStateRows.Entry {
    func with(uid: String) -> Self {
        var copy = self
        copy.uid = uid
        return copy
    }
}

/// The case's prosecutor: a person of kind prosecutor, of the case's state.
struct CaseProsecutorTests {
    static let hash = String(repeating: "h", count: 60)

    @Test func onlyAProsecutorOfTheCasesStateCanHoldACase() throws {
        let db = try AppFixtures.database()
        try db.addUser(username: "dpp01", passwordHash: Self.hash, role: .prosecutor, state: "MY-03", person: "DPP-01", actor: "admin")
        try db.addUser(username: "dpp10", passwordHash: Self.hash, role: .prosecutor, state: "MY-10", person: "DPP-10", actor: "admin")
        #expect(try db.prosecutors().map(\.id) == ["DPP-01", "DPP-10"])
        #expect(try db.prosecutors(state: "MY-03") == [Prosecutor(id: "DPP-01", state: "MY-03")])
        let version = try db.dataVersion().version
        try db.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", actor: "kb")
        #expect(try db.caseRecord(id: "K-2027-0001")?.prosecutor == "DPP-01")
        #expect(try db.dataVersion().version == version + 1)
        #expect(try db.auditLog(subject: "case:K-2027-0001").first?.action == "set-prosecutor")
        for (person, message) in [
            ("IO-014", "prosecutor: IO-014 is an interviewer, not a prosecutor"), ("DPP-10", "prosecutor: DPP-10 works in MY-10"),
        ] {
            let error = #expect(throws: StoreError.self) { try db.setProsecutor(caseID: "K-2027-0001", prosecutor: person, actor: "kb") }
            #expect(error?.message.hasPrefix(message) == true)
        }
        #expect(try db.caseProsecutors() == ["K-2027-0001": "DPP-01"])
        try db.setProsecutor(caseID: "K-2027-0001", prosecutor: nil, actor: "kb")
        #expect(try db.caseProsecutors().isEmpty)
        // The schema holds the kind whatever the store code does.
        let kindError = #expect(throws: DatabaseError.self) {
            try db.writer.write { db in try db.execute(sql: "UPDATE case_file SET prosecutor = 'IO-014' WHERE id = 'K-2027-0001'") }
        }
        #expect(kindError?.message == "case_file.prosecutor must name a person of kind prosecutor")
        // A re-import keeps the prosecutor (the planning format has none).
        try db.setProsecutor(caseID: "K-2027-0002", prosecutor: "DPP-01", actor: "kb")
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        #expect(try db.caseProsecutors() == ["K-2027-0002": "DPP-01"])
        #expect(try db.exportInstance() == AppFixtures.instance)
    }

    @Test func aProsecutorAccountNeedsAStateAndCannotReuseAnotherKindOfPerson() throws {
        let db = try AppFixtures.database()
        #expect(
            throws: StoreError(.invalid, "state: a prosecutor account with a person must name the state the prosecutor works in (--state)")
        ) {
            try db.addUser(username: "x", passwordHash: Self.hash, role: .prosecutor, state: nil, person: "DPP-02", actor: "admin")
        }
        let error = #expect(throws: StoreError.self) {
            try db.addUser(username: "y", passwordHash: Self.hash, role: .prosecutor, state: "MY-03", person: "IO-014", actor: "admin")
        }
        #expect(error?.code == .invalid)
        #expect(error?.message.hasPrefix("person: IO-014") == true, "\(error?.message ?? "")")
        // Without a person a prosecutor account is as before (board and checklists of their state).
        try db.addUser(username: "z", passwordHash: Self.hash, role: .prosecutor, state: "MY-03", person: nil, actor: "admin")
    }

    @Test(arguments: [
        ("interviewer:IO-014", "officer:IO-014"), ("busy-officer:IO-014", "busy-officer:IO-014"), ("deadlines:DPP-01", "deadlines:DPP-01"),
        ("busy-state:MY-03", "busy-state:MY-03"),
    ])
    func feedScopeSynonymsAndBusyVariants(text: String, canonical: String) throws {
        #expect(try #require(FeedScope(text)).description == canonical)
    }

    @Test(arguments: ["busy-prosecutor:DPP-01", "busy-tasks:DPP-01", "busy-:X", "busy-officer:", "Officer:IO-014"])
    func feedScopesThatDoNotParse(text: String) {
        #expect(FeedScope(text) == nil)
    }
}
