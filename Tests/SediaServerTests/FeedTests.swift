import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import SediaAppTestSupport
import SediaCalendar
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The served feeds are SediaCalendar's export: same bytes, same privacy, stable UIDs, cancellations.
struct ServedFeedTests {
    static let allKinds = [
        "officer:IO-014", "officer:IO-020", "busy-officer:IO-020", "psychologist:PSY-03", "room:CIC-KB-1", "busy-room:CIC-KB-2",
        "centre:CIC-KB", "court:SC-KB", "state:MY-03", "busy-state:MY-03", "prosecutor:DPP-01", "deadlines:DPP-01", "tasks:DPP-01",
    ]

    /// A harness with the real rules, DPP-01 holding case K-2027-0001, which has an interview and a two-day trial booked.
    static func harness() throws -> Harness {
        let rules = try AppFixtures.rules()
        let harness = try Harness(rules: ServerRules(book: rules.book, calendars: rules.calendars))
        let db = harness.database
        try db.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", actor: "test")
        try db.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00")),
            actor: "test")
        try db.bookHearing(
            HearingBooking(
                caseID: "K-2027-0001", court: "SC-KB", dates: [AppFixtures.day("2027-02-07"), AppFixtures.day("2027-02-08")], psychologist: "PSY-03"),
            actor: "test")
        return harness
    }

    /// Creates a feed token for the coordinator of MY-03 (who may have every feed of the state).
    static func tokens(_ harness: Harness, _ scopes: [String], username: String = "kb") throws -> [String: String] {
        var out: [String: String] = [:]
        for text in scopes {
            let scope = try #require(FeedScope(text))
            let token = Secrets.token()
            try harness.database.createFeedToken(tokenHash: Secrets.hash(token), username: username, scope: scope, actor: "test")
            out[text] = token
        }
        return out
    }

    static func get(_ client: any TestClientProtocol, _ token: String) async throws -> TestResponse {
        try await client.execute(uri: "/feeds/\(token).ics", method: .get)
    }

    /// The text with folded lines joined again.
    static func unfolded(_ body: String) -> String { body.replacingOccurrences(of: "\r\n ", with: "") }

    /// The export of the database as `sedia export feeds --busy-variants --todo` makes it: instance and bookings from
    /// the database, a fresh state with the installation's secret, `now` the server's clock.
    static func exported(_ harness: Harness, now: Date, language: Language = .en) throws -> [FeedID: [UInt8]] {
        let db = harness.database
        let instance = try db.exportInstance()
        let bookings = try db.bookings()
        let plan = Plan(
            instance: instance.name, interviews: bookings.interviews.map(\.booking), hearings: bookings.hearings.map(\.booking), unassigned: [],
            score: nil)
        let secret = try db.feedState(newSecret: { [] }).secret
        let (files, _) = try FeedExport.export(
            instance: instance, plan: plan, prosecutors: try db.caseProsecutors(), rules: harness.rules.map { ($0.book, $0.calendars) },
            state: FeedState(secret: secret), now: UTCInstant(seconds: Int64(now.timeIntervalSince1970)),
            options: FeedOptions(busyVariants: true, todoFeeds: true, language: language), gazetteer: AppFixtures.places)
        return Dictionary(files.map { ($0.id, $0.bytes) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func servedFeedsAreTheExportsBytes() async throws {
        let harness = try Self.harness()
        let scopes = Self.allKinds.filter { !$0.contains("state:") }
        let tokens = try Self.tokens(harness, scopes)
        let collected = Collected()
        try await harness.run { client in
            for (scope, token) in tokens {
                let response = try await Self.get(client, token)
                #expect(response.status == .ok)
                collected.set(scope, Array(buffer: response.body))
            }
        }
        let served = collected.value
        let exported = try Self.exported(harness, now: AppFixtures.fixedNow)
        let ids: [String: FeedID] = [
            "officer:IO-014": FeedID(kind: .interviewer, owner: "IO-014"), "officer:IO-020": FeedID(kind: .interviewer, owner: "IO-020"),
            "busy-officer:IO-020": FeedID(kind: .interviewer, owner: "IO-020", busyOnly: true),
            "psychologist:PSY-03": FeedID(kind: .psychologist, owner: "PSY-03"), "room:CIC-KB-1": FeedID(kind: .room, owner: "CIC-KB-1"),
            "busy-room:CIC-KB-2": FeedID(kind: .room, owner: "CIC-KB-2", busyOnly: true), "centre:CIC-KB": FeedID(kind: .centre, owner: "CIC-KB"),
            "court:SC-KB": FeedID(kind: .court, owner: "SC-KB"), "prosecutor:DPP-01": FeedID(kind: .prosecutor, owner: "DPP-01"),
            "deadlines:DPP-01": FeedID(kind: .deadlines, owner: "DPP-01"), "tasks:DPP-01": FeedID(kind: .tasks, owner: "DPP-01"),
        ]
        #expect(Set(ids.keys) == Set(scopes))
        for (scope, id) in ids {
            let file = try #require(exported[id], "the export has no \(id)")
            #expect(served[scope] == file, "\(scope) differs from the export's \(id.fileName)")
        }
        // The deadlines feed carries the rule book's readiness items, not only the interview target.
        let deadlines = String(decoding: try #require(served["deadlines:DPP-01"]), as: UTF8.self)
        #expect(deadlines.components(separatedBy: "BEGIN:VEVENT").count > 3)
    }

    /// A subscriber who works in Malay gets the feed's fixed words and the rules' titles in Malay: the export's bytes
    /// with `--language ms`; switching the account to English changes the next answer.
    @Test func aMalayAccountsFeedsAreInMalay() async throws {
        let harness = try Self.harness()
        let kb = try #require(try harness.database.users().first { $0.username == "kb" })
        try harness.database.setLanguage(userID: kb.id, language: .ms, actor: "test")
        let tokens = try Self.tokens(harness, ["officer:IO-014", "deadlines:DPP-01"])
        let collected = Collected()
        try await harness.run { client in
            for (scope, token) in tokens { collected.set(scope, Array(buffer: try await Self.get(client, token).body)) }
            try harness.database.setLanguage(userID: kb.id, language: .en, actor: "test")
            collected.set("english", Array(buffer: try await Self.get(client, try #require(tokens["officer:IO-014"])).body))
        }
        let served = collected.value
        let officer = Self.unfolded(String(decoding: try #require(served["officer:IO-014"]), as: UTF8.self))
        #expect(officer.contains("X-WR-CALNAME:Sedia: Temu bual – pegawai temu bual IO-014"))
        #expect(officer.contains("SUMMARY:Temu bual – CIC-KB bilik 1"))
        let deadlines = Self.unfolded(String(decoding: try #require(served["deadlines:DPP-01"]), as: UTF8.self))
        // Every readiness title of the rule book has its Malay text; the feed uses it.
        let book = try #require(harness.rules).book
        let malay = book.readiness.compactMap(\.titleMs)
        #expect(malay.count == book.readiness.count)
        // A case's items of one day are listed in one event's description ("• " each), titled by the item when alone.
        #expect(malay.contains { deadlines.contains("• " + $0) })
        #expect(!book.readiness.contains { deadlines.contains("SUMMARY:" + $0.title + " – ") || deadlines.contains("• " + $0.title + "\\n") })
        #expect(deadlines.contains("• Sasaran temu bual"))
        // The same bytes as `sedia export feeds --language ms` would write.
        let exported = try Self.exported(harness, now: AppFixtures.fixedNow, language: .ms)
        #expect(served["officer:IO-014"] == exported[FeedID(kind: .interviewer, owner: "IO-014")])
        #expect(served["deadlines:DPP-01"] == exported[FeedID(kind: .deadlines, owner: "DPP-01")])
        let english = String(decoding: try #require(served["english"]), as: UTF8.self)
        #expect(english.contains("SUMMARY:Interview – CIC-KB room 1"))
    }

    @Test func caseReferencesAndChildrenStayOutOfSharedFeeds() async throws {
        let harness = try Self.harness()
        // The sentinel as both the child's reference and name: it must appear in no byte of any feed.
        let child = Child(
            ref: "Siti Nurhaliza", age: 10, gender: "F", languages: ["ms"], lat: 6.1, lon: 102.2, interviewerGender: nil, needsPsychologist: false,
            needsAccessibleRoom: false)
        try harness.database.createCase(
            Case(
                id: "K-2027-0200", child: child,
                interview: InterviewRequest(durationMinutes: 60, earliest: AppFixtures.day("2027-01-04"), targetBy: AppFixtures.day("2027-01-25")),
                interviewDoneOn: nil, hearing: nil),
            state: "MY-03", childName: "Siti Nurhaliza binti Tarudin", prosecutor: "DPP-01", actor: "test")
        try harness.database.bookInterview(
            InterviewBooking(
                caseID: "K-2027-0200", room: "CIC-KB-2", interviewer: "IO-014", psychologist: nil, start: AppFixtures.at("2027-01-07T14:00")),
            actor: "test")
        let tokens = try Self.tokens(harness, Self.allKinds)
        try await harness.run { client in
            for (scope, token) in tokens {
                let body = Self.unfolded(String(buffer: try await Self.get(client, token).body))
                #expect(body.hasPrefix("BEGIN:VCALENDAR"))
                for sentinel in ["siti", "nurhaliza", "tarudin", "C-0001", "C-0002"] {
                    #expect(!body.lowercased().contains(sentinel.lowercased()), "\(scope) contains \(sentinel)")
                }
                if scope.hasPrefix("prosecutor:") || scope.hasPrefix("deadlines:") || scope.hasPrefix("tasks:") {
                    #expect(body.contains("K-2027-0001"), "\(scope) lacks its case reference")
                    // K-2027-0002 has no prosecutor: it is in nobody's prosecutor feeds.
                    #expect(!body.contains("K-2027-0002"))
                } else {
                    #expect(!body.contains("K-2027-"), "\(scope) shows a case reference")
                }
            }
            // The state feed holds the state's interviews and hearings, and nothing of another state.
            let state = Self.unfolded(String(buffer: try await Self.get(client, try #require(tokens["state:MY-03"])).body))
            #expect(state.contains("X-WR-CALNAME:Sedia: Interviews and hearings – state MY-03"))
            #expect(state.contains("SUMMARY:Interview – CIC-KB room 2"))
            #expect(state.contains("SUMMARY:Hearing – SC-KB (day 2 of 2)"))
            #expect(!state.contains("CIC-SA"))
            let prosecutor = Self.unfolded(String(buffer: try await Self.get(client, try #require(tokens["prosecutor:DPP-01"])).body))
            #expect(prosecutor.contains("SUMMARY:Interview – K-2027-0001 – CIC-KB room 1"))
            // The UID secret is in no feed, page or audit line.
            let secret = try harness.database.feedState(newSecret: { [] }).secret.map { String(format: "%02x", $0) }.joined()
            #expect(secret.count == 64)
            let browser = try await Browser.signIn(client, "kb")
            var seen = prosecutor + state
            for page in ["/me", "/cases/K-2027-0001", "/cases"] { seen += String(buffer: try await browser.get(client, page).body) }
            for line in try harness.database.auditLog(limit: 1000) { seen += [line.before, line.after, line.reason].compactMap { $0 }.joined() }
            #expect(!seen.lowercased().contains(secret))
            #expect(!seen.lowercased().contains(secret.prefix(16)))
        }
    }

    /// The VEVENTs of a feed: UID → (SEQUENCE, STATUS, DTSTART line).
    static func events(_ body: String) -> [String: (sequence: Int, status: String?, start: String?)] {
        var out: [String: (Int, String?, String?)] = [:]
        for block in unfolded(body).components(separatedBy: "BEGIN:VEVENT").dropFirst() {
            let lines = block.components(separatedBy: "\r\n")
            func value(_ name: String) -> String? {
                guard let line = lines.first(where: { $0.hasPrefix(name + ":") || $0.hasPrefix(name + ";") }), let colon = line.firstIndex(of: ":")
                else { return nil }
                return String(line[line.index(after: colon)...])
            }
            guard let uid = value("UID") else { continue }
            out[uid] = (Int(value("SEQUENCE") ?? "0") ?? 0, value("STATUS"), value("DTSTART"))
        }
        return out
    }

    @Test func aMovedBookingKeepsItsUIDAndACancelledOneIsPublishedCancelled() async throws {
        let harness = try Self.harness()
        let tokens = try Self.tokens(harness, ["officer:IO-014"])
        let token = try #require(tokens["officer:IO-014"])
        try await harness.run { client in
            let before = Self.events(String(buffer: try await Self.get(client, token).body))
            let (uid, first) = try #require(before.first { $0.value.start?.hasSuffix("20270106T090000") == true })
            #expect(first.sequence == 0)
            let browser = try await Browser.signIn(client, "kb")
            // Within the session's hour.
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(600)
            let move = try await browser.post(
                client, "/cases/K-2027-0001/book",
                [
                    ("revision", try await browser.caseRevision(client, "K-2027-0001")),
                    ("task", "interview"), ("start", "2027-01-07T09:00"), ("room", "CIC-KB-1"), ("interviewer", "IO-014"), ("psychologist", "PSY-03"),
                    ("reason", "family asked"),
                ])
            #expect(move.status == .seeOther)
            #expect(move.headers[.location] == "/cases/K-2027-0001?confirm=K-2027-0001")
            let moved = Self.events(String(buffer: try await Self.get(client, token).body))
            #expect(moved.count == before.count)
            #expect(moved[uid]?.sequence == 1)
            #expect(moved[uid]?.start?.hasSuffix("20270107T090000") == true)
            #expect(moved[uid]?.status == "CONFIRMED" || moved[uid]?.status == nil)
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(1200)
            let cancel = try await browser.post(
                client, "/cases/K-2027-0001/cancel",
                [("revision", try await browser.caseRevision(client, "K-2027-0001")), ("task", "interview"), ("reason", "withdrawn")])
            #expect(cancel.status == .seeOther)
            let cancelled = Self.events(String(buffer: try await Self.get(client, token).body))
            #expect(cancelled[uid]?.status == "CANCELLED")
            #expect(cancelled[uid]?.sequence == 2)
            // Unchanged data: the same bytes and ETag, however often it is fetched.
            let again = try await Self.get(client, token)
            let once = try await Self.get(client, token)
            #expect(again.headers[.eTag] == once.headers[.eTag])
            #expect(Array(buffer: again.body) == Array(buffer: once.body))
        }
        // The state survives in the database: a new server serves the same UIDs and SEQUENCEs.
        try await harness.run { client in
            let restarted = Self.events(String(buffer: try await Self.get(client, token).body))
            #expect(restarted.values.contains { $0.status == "CANCELLED" && $0.sequence == 2 })
        }
    }

    /// The subsequent case management (CPC s.172B(3): "if necessary, may be held") is advisory on the checklist page,
    /// on the deadline board and in the feeds, never overdue, and it does not count as a risk.
    @Test func anAdvisoryItemIsShownAsAdvisoryOnThePagesAndInTheFeeds() async throws {
        let harness = try Self.harness()
        let tokens = try Self.tokens(harness, ["tasks:DPP-01", "deadlines:DPP-01"])
        let tasks = try #require(tokens["tasks:DPP-01"])
        let deadlines = try #require(tokens["deadlines:DPP-01"])
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "dpp01")
            let page = String(buffer: try await browser.get(client, "/cases/K-2027-0001/checklist").body)
            #expect(page.contains("<td class=\"status-advisory\">advisory"))
            #expect(page.contains("Subsequent case management, if necessary"))
            #expect(!page.contains("status-overdue\">overdue<br><span class=\"small\">case-management"))
            let board = String(buffer: try await browser.get(client, "/board").body)
            // The checklist column counts the advisory items ("9/31 · 2 overdue · 3 advisory").
            #expect(board.range(of: #"· \d+ advisory"#, options: .regularExpression) != nil)
            let feed = Self.unfolded(String(buffer: try await Self.get(client, deadlines).body))
            #expect(feed.contains("Status: advisory (optional in law: never overdue)"))
            let todo = Self.unfolded(String(buffer: try await Self.get(client, tasks).body))
            #expect(todo.contains("PRIORITY:9"))
        }
    }

    /// A tick on the checklist page takes the item out of the prosecutor's deadlines and tasks feeds at once (they carry
    /// open items only), though it changes no booking; unticking brings it back.
    @Test func aTickedItemLeavesTheFeeds() async throws {
        let harness = try Self.harness()
        let tokens = try Self.tokens(harness, ["tasks:DPP-01", "deadlines:DPP-01"])
        let tasks = try #require(tokens["tasks:DPP-01"])
        let deadlines = try #require(tokens["deadlines:DPP-01"])
        let title = try #require(harness.rules?.book.readiness.first { $0.id == "transcript" }?.title)
        let line = "• " + title.replacingOccurrences(of: ",", with: "\\,")
        try await harness.run { client in
            let before = Self.unfolded(String(buffer: try await Self.get(client, deadlines).body))
            #expect(before.contains(line))
            #expect(Self.unfolded(String(buffer: try await Self.get(client, tasks).body)).contains(line))
            let browser = try await Browser.signIn(client, "dpp01")
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(600)
            let tick = try await browser.post(client, "/cases/K-2027-0001/checklist", [("item", "transcript"), ("done", "1")])
            #expect(tick.status == .seeOther)
            // Gone from every live event (a day left empty is published once more, cancelled, and then expires).
            let live = { (text: String) in text.components(separatedBy: "BEGIN:V").filter { !$0.contains("STATUS:CANCELLED") } }
            let after = Self.unfolded(String(buffer: try await Self.get(client, deadlines).body))
            #expect(!live(after).contains { $0.contains(line) })
            #expect(!after.contains("Status: done"))
            #expect(!live(Self.unfolded(String(buffer: try await Self.get(client, tasks).body))).contains { $0.contains(line) })
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(1200)
            let untick = try await browser.post(client, "/cases/K-2027-0001/checklist", [("item", "transcript"), ("done", "0")])
            #expect(untick.status == .seeOther)
            #expect(Self.unfolded(String(buffer: try await Self.get(client, deadlines).body)).contains(line))
        }
    }

    /// A change made on a page is reconciled into the stored feed state in the background, before any subscriber
    /// asks: the next fetch does not wait for it.
    @Test(.timeLimit(.minutes(1))) func aPageChangeIsReconciledWithoutWaitingForAFetch() async throws {
        let harness = try Self.harness()
        let tokens = try Self.tokens(harness, ["officer:IO-014"])
        let token = try #require(tokens["officer:IO-014"])
        try await harness.run { client in
            _ = try await Self.get(client, token)
            #expect(try harness.database.feedState(newSecret: { [] }).entries["interview/K-2027-0001"]?.sequence == 0)
            let browser = try await Browser.signIn(client, "kb")
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(600)
            let move = try await browser.post(
                client, "/cases/K-2027-0001/book",
                [
                    ("revision", try await browser.caseRevision(client, "K-2027-0001")),
                    ("task", "interview"), ("start", "2027-01-07T09:00"), ("room", "CIC-KB-1"), ("interviewer", "IO-014"), ("psychologist", "PSY-03"),
                    ("reason", "family asked"),
                ])
            #expect(move.status == .seeOther)
            // No feed request from here on: only the background job can bump the stored SEQUENCE. Wait for the
            // database to show it (GRDB reports each committed change of the row; the suite's time limit ends a wait
            // that never comes).
            let stored = ValueObservation.tracking { db in
                try Int.fetchOne(db, sql: "SELECT sequence FROM feed_entry WHERE task = ?", arguments: ["interview/K-2027-0001"])
            }
            for try await sequence in stored.values(in: harness.database.reader) where sequence == 1 { break }
            #expect(try harness.database.feedState(newSecret: { [] }).entries["interview/K-2027-0001"]?.sequence == 1)
        }
    }

    @Test func feedsFollowTheNewDayWithoutADataChange() async throws {
        let harness = try Self.harness()
        let token = try #require(try Self.tokens(harness, ["officer:IO-014"])["officer:IO-014"])
        try await harness.run { client in
            let first = try await Self.get(client, token)
            #expect(String(buffer: first.body).contains("20270106T090000"))
            // 200 days later the January interview has left the 30-day window.
            harness.clock.now = AppFixtures.fixedNow.addingTimeInterval(200 * 86_400)
            let later = try await Self.get(client, token)
            #expect(!String(buffer: later.body).contains("20270106T090000"))
            #expect(later.headers[.eTag] != first.headers[.eTag])
            let lastModified = try #require(later.headers[.lastModified])
            #expect(
                try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifModifiedSince: lastModified]).status == .notModified)
            let earlier = try #require(first.headers[.lastModified])
            #expect(try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifModifiedSince: earlier]).status == .ok)
        }
    }
}

struct FeedFirstResponderTests {
    /// A running server answers feeds before the router: same answers and headers as the router's routes.
    @Test func aRunningServerServesFeedsWithTheRoutersHeaders() async throws {
        let harness = try Harness()
        let token = try #require(try ServedFeedTests.tokens(harness, ["officer:IO-020"])["officer:IO-020"])
        let dependencies = ServerDependencies(
            database: harness.database, hooks: harness.hooks, configuration: ServerConfiguration(port: 0), logger: Logger(label: "test"))
        let referrer = try #require(HTTPFields.Element.Name("Referrer-Policy"))
        let app = try await buildApplication(dependencies)
        try await app.test(.live) { client in
            let full = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
            #expect(full.status == .ok)
            #expect(full.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(full.headers[referrer] == "no-referrer")
            #expect(full.headers[.xContentTypeOptions] == "nosniff")
            #expect(full.headers[values: referrer].count == 1)
            #expect(String(buffer: full.body).hasPrefix("BEGIN:VCALENDAR\r\n"))
            let etag = try #require(full.headers[.eTag])
            let head = try await client.execute(uri: "/feeds/\(token).ics", method: .head)
            #expect(head.status == .ok)
            #expect(head.headers[.eTag] == etag)
            #expect(head.body.readableBytes == 0)
            let cached = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified)
            #expect(cached.body.readableBytes == 0)
            // Validators and caching fields only (RFC 9110 §15.4.5), and the security headers.
            #expect(cached.headers[.eTag] == etag)
            #expect(cached.headers[.cacheControl] == "private, max-age=300")
            #expect(cached.headers[.contentType] == nil)
            #expect(cached.headers[referrer] == "no-referrer")
            for uri in ["/feeds/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.ics", "/feeds/\(token).ics/x", "/feeds/\(token)"] {
                let missing = try await client.execute(uri: uri, method: .get)
                #expect(missing.status == .notFound)
                #expect(missing.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(missing.headers[referrer] == "no-referrer")
                #expect(String(buffer: missing.body) == "Not found: this feed address is unknown or has been revoked.\n")
            }
            // Everything else still goes through the router and its middleware.
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/cases", method: .get).status == .seeOther)
        }
    }
}

struct ProsecutorFieldTests {
    @Test func theIntakeAndCasePagesSetAProsecutorOfTheCasesState() async throws {
        let harness = try Harness()
        try harness.database.addUser(
            username: "dpp10", passwordHash: Passwords.hash(Harness.password, cost: 4), role: .prosecutor, state: "MY-10", person: "DPP-10",
            actor: "test")
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "kb")
            let intake = String(buffer: try await browser.get(client, "/cases/new").body)
            #expect(intake.contains("<option value=\"DPP-01\">"))
            #expect(!intake.contains("DPP-10"))
            let created = try await browser.post(client, "/cases", FormSecurityTests.validIntake + [("prosecutor", "DPP-01")])
            #expect(created.status == .seeOther)
            let page = String(buffer: try await browser.get(client, "/cases/K-2027-0100").body)
            #expect(page.contains("Prosecutor: DPP-01"))
            // Wrong kind and another state's prosecutor are refused, naming the field.
            for (person, words) in [("IO-014", "not a prosecutor"), ("DPP-10", "MY-10"), ("NOBODY", "not a person")] {
                let refused = try await browser.post(
                    client, "/cases/K-2027-0001/prosecutor",
                    [("revision", try await browser.caseRevision(client, "K-2027-0001")), ("prosecutor", person)])
                #expect(refused.status == .unprocessableContent)
                let body = String(buffer: refused.body)
                #expect(body.contains("Prosecutor: \(person)"))
                #expect(body.contains(words))
            }
            #expect(
                try await browser.post(
                    client, "/cases/K-2027-0001/prosecutor",
                    [("revision", try await browser.caseRevision(client, "K-2027-0001")), ("prosecutor", "DPP-01")]
                ).status == .seeOther)
            // A prosecutor cannot set it.
            let dpp = try await Browser.signIn(client, "dpp01")
            #expect(try await dpp.post(client, "/cases/K-2027-0002/prosecutor", [("prosecutor", "DPP-01")]).status == .forbidden)
        }
        #expect(try harness.database.caseProsecutors() == ["K-2027-0001": "DPP-01", "K-2027-0100": "DPP-01"])
        let log = try harness.database.auditLog(subject: "case:K-2027-0001")
        #expect(log.first?.action == "set-prosecutor")
        #expect(log.first?.actor == "kb")
        // The planning format has no prosecutors: the export is unaffected.
        #expect(try harness.database.exportInstance().cases.first { $0.id == "K-2027-0001" } == AppFixtures.instance.cases.first)
    }

    @Test(arguments: [
        ("dpp01", "prosecutor:DPP-01", true), ("dpp01", "deadlines:DPP-01", true), ("dpp01", "tasks:DPP-01", true),
        ("dpp01", "prosecutor:DPP-10", false), ("io14", "prosecutor:DPP-01", false), ("kb", "deadlines:DPP-01", true),
        ("sel", "deadlines:DPP-01", false), ("io14", "interviewer:IO-014", true), ("io14", "busy-officer:IO-014", true),
        ("io14", "busy-officer:IO-020", false), ("kb", "busy-state:MY-03", true), ("sel", "state:MY-03", false),
    ])
    func feedPermissions(username: String, feed: String, allowed: Bool) throws {
        let harness = try Harness()
        try harness.database.addUser(
            username: "dpp10", passwordHash: Passwords.hash(Harness.password, cost: 4), role: .prosecutor, state: "MY-10", person: "DPP-10",
            actor: "test")
        let scope = try #require(FeedScope(feed))
        let result = Result { () throws(StoreError) in
            try harness.database.createFeedToken(tokenHash: Secrets.hash(Secrets.token()), username: username, scope: scope, actor: "test")
        }
        #expect(((try? result.get()) != nil) == allowed, "\(username) \(feed)")
    }
}

/// Bodies gathered inside `app.test`'s closure.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: [UInt8]] = [:]
    func set(_ key: String, _ value: [UInt8]) { lock.withLock { values[key] = value } }
    var value: [String: [UInt8]] { lock.withLock { values } }
}
