import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

@testable import SediaServer

/// Every text in Bahasa Malaysia and English: complete tables, no raw key on any page, the choice kept on the
/// account or (before sign-in) taken from the browser, and dates written as people write them.
@Suite struct LanguageTests {
    /// A key written twice in one table is read as one of its texts, silently: the printed checklist's "checklist.title"
    /// once hid the page's.
    /// A deputy public prosecutor is a Timbalan Pendakwa Raya; "Pendakwa Raya" alone is the Attorney General's title
    /// (reviews/bm-and-citations.md).
    @Test func aDeputyPublicProsecutorIsNeverCalledTheAttorneyGeneral() throws {
        let ms = try String(
            contentsOf: URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources/SediaTexts/Strings/ms.strings")
                .standardized, encoding: .utf8)
        let lines = ms.split(separator: "\n").filter { !$0.hasPrefix("/*") && $0.lowercased().contains("pendakwa raya") }
        #expect(lines.count > 3)
        #expect(lines.filter { $0.lowercased().replacing("timbalan pendakwa raya", with: "").contains("pendakwa raya") } == [])
    }

    @Test func noKeyIsWrittenTwiceInATable() throws {
        let strings = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources/SediaTexts/Strings").standardized
        for language in ["en", "ms"] {
            let text = try String(contentsOf: strings.appending(path: "\(language).strings"), encoding: .utf8)
            let keys = text.split(separator: "\n").filter { $0.hasPrefix("\"") }.map { $0.dropFirst().prefix { $0 != "\"" } }
            var seen = Set<Substring>()
            let twice = keys.filter { !seen.insert($0).inserted }
            #expect(keys.count > 1000 && twice.isEmpty, "\(language).strings: \(twice)")
        }
    }

    static let translations: Translations = {
        do { return try Translations.load() } catch { fatalError("the bundled translations do not load: \(error)") }
    }()

    @Test func bothLanguagesHaveEveryKeyAndNoEmptyText() throws {
        let en = try #require(Self.translations.tables[.en])
        let ms = try #require(Self.translations.tables[.ms])
        #expect(en.count > 300)
        #expect(Set(en.keys).subtracting(ms.keys).sorted() == [])
        #expect(Set(ms.keys).subtracting(en.keys).sorted() == [])
        #expect(en.filter { $0.value.isEmpty }.keys.sorted() == [])
        #expect(ms.filter { $0.value.isEmpty }.keys.sorted() == [])
        // A text names the same values in both languages.
        let placeholder = /\{[a-zA-Z]+\}/
        for (key, text) in en {
            let names = Set(text.matches(of: placeholder).map { String($0.output) })
            let malay = Set((ms[key] ?? "").matches(of: placeholder).map { String($0.output) })
            #expect(names == malay, "\(key)")
        }
    }

    /// Every key written literally in the pages' code is in the tables (a typo would show the key itself).
    @Test func everyKeyThePagesUseIsInTheTables() throws {
        let en = try #require(Self.translations.tables[.en])
        let web = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources/SediaServer").standardized
        let files = try #require(FileManager.default.enumerator(at: web, includingPropertiesForKeys: nil)).compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 10)
        var used: Set<String> = []
        for file in files {
            let code = try String(contentsOf: file, encoding: .utf8)
            for match in code.matches(of: /\bt\("([a-zA-Z0-9.\-]+)"(\s*,\s*count:)?/) {
                let key = String(match.output.1)
                if match.output.2 != nil { used.formUnion([key + ".one", key + ".other"]) } else { used.insert(key) }
            }
            for match in code.matches(of: /key: "([a-zA-Z0-9.\-]+)"/) { used.insert(String(match.output.1)) }
        }
        #expect(used.count > 200)
        #expect(used.filter { en[$0] == nil }.sorted() == [])
    }

    /// The same for the mail, the feeds and the printed checklist, which read the same one table.
    @Test func everyKeyTheMailFeedsAndPrintoutsUseIsInTheTables() throws {
        let en = try #require(Self.translations.tables[.en])
        let sources = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources").standardized
        var used: Set<String> = []
        for folder in ["SediaMail", "SediaCalendar", "SediaCore/Checklist"] {
            let files = try FileManager.default.contentsOfDirectory(at: sources.appending(path: folder), includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "swift" }
            for file in files {
                let code = try String(contentsOf: file, encoding: .utf8)
                for match in code.matches(of: /\b(text|first|second|words|w|texts)\("([a-zA-Z0-9.\-]+)"/) {
                    used.insert((match.output.1 == "w" ? "printout." : "") + match.output.2)
                }
            }
        }
        #expect(used.count > 50)
        #expect(used.filter { en[$0] == nil }.sorted() == [])
    }

    @Test func datesTimesAndDurationsReadAsPeopleWriteThem() {
        let en = Self.translations.localizer(.en)
        let ms = Self.translations.localizer(.ms)
        let at = LocalDateTime(day: Day(year: 2027, month: 1, day: 4)!, minute: 15 * 60 + 30)
        #expect(en.dateTime(at) == "Mon 4 Jan 2027, 15:30")
        #expect(ms.dateTime(at) == "Isnin, 4 Jan 2027, 3:30 ptg")
        #expect(ms.time(9 * 60) == "9:00 pagi")
        #expect(ms.time(12 * 60 + 30) == "12:30 tgh")
        #expect(ms.time(20 * 60) == "8:00 mlm")
        #expect(en.days(1) == "1 day")
        #expect(en.days(2) == "2 days")
        #expect(ms.days(2) == "2 hari")
        #expect(en.minutes(90) == "1 h 30 min")
        #expect(ms.minutes(90) == "1 jam 30 minit")
        #expect(ms.minutes(45) == "45 minit")
        #expect(ms.date(Day(year: 2027, month: 8, day: 31)!) == "Selasa, 31 Ogo 2027")
    }

    /// The checklist in Malay: the rule file's `titleMs`, the owner's role, how sure the rule is and why a date moved in
    /// Malay; the law's own words (the source) as written.
    @Test func aMalayProsecutorsChecklistIsInMalay() async throws {
        let harness = try ServedFeedTests.harness()
        let dpp = try #require(try harness.database.users().first { $0.username == "dpp" })
        try harness.database.setLanguage(userID: dpp.id, language: .ms, actor: "test")
        let book = try #require(harness.rules).book
        try await harness.run { client in
            let browser = try await Browser.signIn(client, "dpp")
            let page = String(buffer: try await browser.get(client, "/cases/K-2027-0001/checklist").body)
            #expect(page.contains("<html lang=\"ms\">"))
            let shown = book.readiness.filter { page.contains($0.title) || page.contains($0.titleMs ?? "\u{0}") }
            #expect(!shown.isEmpty)
            for template in shown {
                let malay = try #require(template.titleMs, "\(template.id) has no titleMs")
                #expect(page.contains(malay), "\(template.id)")
                #expect(!page.contains(">" + template.title + "<"), "\(template.id)")
                #expect(page.contains(template.id + " · " + String(template.source.prefix(20))), "\(template.id)")
            }
            #expect(page.contains("Timbalan Pendakwa Raya"))
            #expect(page.contains("[undang-undang]"))
            #expect(!page.contains("<td>dpp</td>"))
        }
    }

    @Test func notesAndRecordedTimesReadAsPeopleWriteThem() {
        let en = Self.translations.localizer(.en)
        let ms = Self.translations.localizer(.ms)
        let day = Day(year: 2027, month: 8, day: 31)!
        let moved = RuleNote.moved(from: day, reason: .holiday("Hari Kebangsaan"), state: "MY-03")
        #expect(en.note(moved) == "moved from Tue 31 Aug 2027 (public holiday: Hari Kebangsaan in MY-03)")
        #expect(ms.note(moved) == "dianjakkan dari Selasa, 31 Ogo 2027 (cuti umum: Hari Kebangsaan di MY-03)")
        // The English note is still what the CLI's exports print.
        #expect(moved.english == "moved from 2027-08-31 (public holiday: Hari Kebangsaan in MY-03)")
        #expect(
            ms.note(.noPublishedTarget(court: "SESSIONS-MY-12", reason: "Timeline not published", reasonMs: "Garis masa tidak diterbitkan"))
                == "Garis masa tidak diterbitkan")
        #expect(en.note(.noPublishedTarget(court: "SESSIONS-MY-12", reason: nil, reasonMs: nil)) == "no published disposal target for SESSIONS-MY-12")
        #expect(
            en.note(.noPublishedTarget(court: "SESSIONS-MY-12", reason: "Timeline not published", reasonMs: "Garis masa tidak diterbitkan"))
                == "Timeline not published")
        #expect(ms.note(.dueOnOrAfterTrial(trialStart: day)).hasSuffix("Selasa, 31 Ogo 2027"))
        // A background job's failure, in the reader's language.
        #expect(ms.jobFailure(.noPlan) == "perancang tidak menemui rancangan dalam had yang diberi.")
        #expect(JobFailure.noPlan.english == "The planner found no plan within the budgets given.")
        #expect(ms.owner("io") == "Pegawai Penyiasat")
        #expect(ms.owner("new-role") == "new-role")
        // 09:30 UTC is 5:30 pm in Malaysia.
        #expect(ms.recorded("2026-12-01T09:30:00Z") == "Selasa, 1 Dis 2026, 5:30 ptg")
        #expect(en.recorded("2026-12-01T09:30:00Z") == "Tue 1 Dec 2026, 17:30")
        #expect(en.recorded("not a time") == "not a time")
    }

    /// The planner's and the store's refusals read in the reader's language, the checker's ids and dates kept.
    @Test func refusalsAreTranslatedAndKeepTheirDetails() {
        let ms = Self.translations.localizer(.ms)
        let en = Self.translations.localizer(.en)
        let from = Day(year: 2027, month: 1, day: 4)!
        let to = Day(year: 2027, month: 1, day: 8)!
        #expect(
            ms.reason(.noWorkingDay(centre: "CIC-KB", from: from, to: to))
                == "CIC-KB tiada hari bekerja antara Isnin, 4 Jan 2027 dan Jumaat, 8 Jan 2027")
        #expect(
            ms.reason(.noSpeaker(centre: "CIC-KB", languages: ["ta"], gender: "F")) == "tiada pegawai temu bual perempuan yang bertutur ta di CIC-KB")
        #expect(
            ms.reason(.noSpeaker(centre: "CIC-KB", languages: ["ta", "iba"], gender: nil))
                == "tiada pegawai temu bual yang bertutur ta atau iba di CIC-KB")
        #expect(
            UnplacedReason.noSpeaker(centre: "CIC-KB", languages: ["ta", "iba"], gender: "F").english
                == "no female interviewer who speaks ta or iba works at CIC-KB")
        let broken = Violation(
            caseID: "K-2027-0009", .duringBreak(start: 780, end: 840, weekday: .thu, breakStart: 780, breakEnd: 840, centre: "CIC-KB"))
        let refused = ms.refusal(.rules([broken]))
        #expect(refused.hasPrefix("Ditolak oleh peraturan perancangan 1: hari bekerja negeri pusat"))
        #expect(
            refused.hasSuffix(
                "Butiran: kes K-2027-0009: \(ms.timeSpan(780, 840)) bertindih dengan waktu rehat \(ms.timeSpan(780, 840)) pada hari Khamis di CIC-KB")
        )
        #expect(
            en.refusal(.stale(caseID: "K-1", by: "kb"))
                == "Case K-1 was changed meanwhile by kb; nothing was changed. Check what is booked now and try again.")
        #expect(ms.refusal(.moveNeedsReason).hasPrefix("Sebab: mengalih tempahan memerlukan sebab"))
        // The CLI and the logs keep the store's English sentence.
        #expect(StoreError.Refusal.rules([broken]).english == "rule 1: case K-2027-0009: 13:00–14:00 overlaps the thu break 13:00–14:00 of CIC-KB")
        #expect(
            ms.refusal(.alreadyBooked(caseID: "K-1", resource: .room("CIC-KB-1"), day: Day(year: 2027, month: 1, day: 5)!, minute: 570))
                == "Kes K-1: bilik CIC-KB-1 telah ditempah pada Selasa, 5 Jan 2027, pukul 9:30 pagi.")
        #expect(
            ms.refusal(.fields([.init(field: "prosecutor", problem: "IO-014 is an interviewer, not a prosecutor")])).hasPrefix(
                "Timbalan Pendakwa Raya: IO-014"))
    }

    @Test(
        arguments: [
            ("ms-MY,ms;q=0.9,en;q=0.8", Language.ms), ("ms", .ms), ("en-GB,en;q=0.9", .en), ("zh-CN", .en), (nil, .en),
            ("en;q=0.5, ms;q=0.8", .ms), ("ms;q=0, en", .en), ("MS-my", .ms),
        ] as [(String?, Language)])
    func acceptLanguageChoosesBeforeSignIn(header: String?, expected: Language) {
        #expect(Translations.negotiate(acceptLanguage: header) == expected)
    }

    @Test func theSignInPageFollowsTheBrowserThenTheSwitch() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let malay = try await client.execute(uri: "/login", method: .get, headers: [.acceptLanguage: "ms-MY,ms;q=0.9,en;q=0.8"])
            let malayPage = String(buffer: malay.body)
            #expect(malayPage.contains("<html lang=\"ms\">"))
            #expect(malayPage.contains("Log masuk"))
            let english = String(buffer: try await client.execute(uri: "/login", method: .get, headers: [.acceptLanguage: "en-GB"]).body)
            #expect(english.contains("<html lang=\"en\">"))
            // The switch before sign-in: a cookie, and back to the page it was pressed on (never another site).
            let switched = try await client.execute(
                uri: "/language", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .acceptLanguage: "en"],
                body: ByteBuffer(string: "language=ms&back=%2Flogin"))
            #expect(switched.status == .seeOther)
            #expect(switched.headers[.location] == "/login")
            let cookie = try #require(cookieValue(switched.headers, "sedia_language"))
            let chosen = String(
                buffer: try await client.execute(
                    uri: "/login", method: .get, headers: [.acceptLanguage: "en", .cookie: "sedia_language=\(cookie)"]
                ).body)
            #expect(chosen.contains("<html lang=\"ms\">"))
            let away = try await client.execute(
                uri: "/language", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "language=en&back=%2F%2Fevil.example%2F"))
            #expect(away.headers[.location] == "/")
        }
    }

    @Test func aSignedInUsersChoiceIsKeptOnTheAccountAndAudited() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            #expect(String(buffer: try await kb.get(client, "/cases").body).contains("<html lang=\"en\">"))
            let switched = try await kb.post(client, "/language", [("language", "ms"), ("back", "/cases")])
            #expect(switched.status == .seeOther)
            #expect(switched.headers[.location] == "/cases")
            let page = String(buffer: try await kb.get(client, "/cases").body)
            #expect(page.contains("<html lang=\"ms\">"))
            #expect(page.contains("Kes baharu"))
            // Without the session's token the account's language is not changed.
            let forged = try await kb.post(client, "/language", [("language", "en"), ("back", "/cases")], csrf: false)
            #expect(forged.status == .forbidden)
        }
        #expect(try harness.database.userSummaries().first { $0.username == "kb" }?.language == .ms)
        #expect(try harness.database.auditLog(subject: "user:kb").map(\.action).contains("set-language"))
    }

    /// Every page a coordinator and a prosecutor open, in both languages: declared language, the reader's words, and
    /// no translation key left showing.
    @Test(arguments: [Language.en, .ms])
    func noPageShowsARawKey(language: Language) async throws {
        let harness = try Harness()
        let hash = Passwords.hash(Harness.password, cost: 4)
        try harness.database.addUser(
            username: "coord", passwordHash: hash, role: .coordinator, state: nil, person: nil, language: language, actor: "test")
        try harness.database.addUser(
            username: "pros", passwordHash: hash, role: .prosecutor, state: "MY-03", person: nil, language: language, actor: "test")
        try harness.database.addUser(username: "admin", passwordHash: hash, role: .admin, state: nil, person: nil, language: language, actor: "test")
        let table = try #require(Self.translations.tables[language])
        let keys = Array(table.keys)
        try await harness.run { client in
            let coordinator = try await Browser.signIn(client, "coord")
            let prosecutor = try await Browser.signIn(client, "pros")
            let admin = try await Browser.signIn(client, "admin")
            let visits: [(Browser, String)] = [
                (coordinator, "/cases"), (coordinator, "/cases/new"), (coordinator, "/cases/K-2027-0001"), (coordinator, "/cases/K-2027-0001/slots"),
                (coordinator, "/cases/K-2027-0001/slots?task=hearing"), (coordinator, "/cases/K-2027-0001/checklist"), (coordinator, "/week"),
                (coordinator, "/week/centre/CIC-KB"), (coordinator, "/week/centre/CIC-KB?case=K-2027-0001"), (coordinator, "/week/officer/IO-014"),
                (coordinator, "/week/psychologist/PSY-03"), (coordinator, "/week/court/SC-KB"), (coordinator, "/week/centre/CIC-KB?day=2027-01-05"),
                (coordinator, "/cases/K-2027-0001/book-at?room=CIC-KB-1&start=2027-01-06T09:00"), (coordinator, "/cases/K-2027-0002/cancel-confirm"),
                (coordinator, "/board"), (coordinator, "/me"), (prosecutor, "/board"), (prosecutor, "/cases/K-2027-0001/checklist"),
                (admin, "/admin/users"), (coordinator, "/cases/NO-SUCH-CASE"), (coordinator, "/whatif"),
                (coordinator, "/whatif?changes=%2Broom%40CIC-KB%3Aaccessible+%2Bsitting-day%40SC-KB%3Athu+-interviewer%3AIO-020+%2Bcases%3A10%25"),
                (coordinator, "/whatif?changes=&add=cases&percent=0"),
            ]
            for (browser, uri) in visits {
                let response = try await browser.get(client, uri)
                let page = String(buffer: response.body)
                #expect(page.contains("<html lang=\"\(language.rawValue)\">"), "\(uri)")
                let shown = keys.filter { page.contains(">\($0)<") || page.contains(" \($0) ") || page.contains("\"\($0)\"") }
                #expect(shown == [], "\(uri)")
                #expect(page.contains(language == .ms ? "Log keluar" : "Sign out"), "\(uri)")
            }
        }
    }
}
