import Foundation
import SediaAppTestSupport
import SediaCLI
import SediaCore
import SediaMail
import SediaStore
import SediaTestSupport
import Testing

struct DigestTests {
    @Test func aProsecutorsDigestListsTheirCasesByReferenceAndNothingOfTheChild() throws {
        let db = try MailFixtures.database()
        try db.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", actor: "test")
        let rules = try AppFixtures.rules()
        let today = AppFixtures.day("2027-01-04")
        let digest = try #require(
            try Digest.make(prosecutor: "DPP-01", database: db, book: rules.book, calendars: rules.calendars, today: today, language: .en))
        #expect(digest.subject == "Sedia: your cases this week (Mon 4 Jan 2027)")
        #expect(digest.text.contains("Due in the next 14 days"))
        #expect(digest.text.contains("K-2027-0001") || digest.text.contains("K-2027-0200"))
        for text in [digest.text, digest.html, digest.subject] {
            #expect(!text.contains(MailFixtures.sentinelName) && !text.contains(MailFixtures.sentinelReference))
        }
        #expect(try Digest.make(prosecutor: "IO-014", database: db, book: rules.book, calendars: rules.calendars, today: today, language: .ms) == nil)
    }

    /// A prosecutor who works in Malay reads the items by the rule files' Malay titles.
    @Test func aMalayDigestUsesTheRulesMalayTitles() throws {
        let db = try MailFixtures.database()
        try db.setProsecutor(caseID: "K-2027-0001", prosecutor: "DPP-01", actor: "test")
        let rules = try AppFixtures.rules()
        let digest = try #require(
            try Digest.make(
                prosecutor: "DPP-01", database: db, book: rules.book, calendars: rules.calendars, today: AppFixtures.day("2027-01-04"),
                language: .ms))
        let titles = rules.book.readiness.map { ($0.title, $0.titleMs) } + rules.book.rules.map { ($0.title, $0.titleMs) }
        let lines = digest.text.components(separatedBy: "\r\n").filter { $0.hasPrefix("- ") }
        #expect(!lines.isEmpty)
        #expect(titles.contains { _, malay in lines.contains { $0.contains(": " + (malay ?? "\u{0}") + ",") } })
        #expect(!titles.contains { english, _ in lines.contains { $0.contains(": " + english + ",") } })
    }

    @Test func theWeeklyDigestIsQueuedOncePerWeek() throws {
        let db = try MailFixtures.database()
        let rules = try AppFixtures.rules()
        #expect(try Digest.queueWeekly(database: db, book: rules.book, calendars: rules.calendars, today: AppFixtures.day("2027-01-04")) == 1)
        #expect(try Digest.queueWeekly(database: db, book: rules.book, calendars: rules.calendars, today: AppFixtures.day("2027-01-06")) == 0)
        #expect(try Digest.queueWeekly(database: db, book: rules.book, calendars: rules.calendars, today: AppFixtures.day("2027-01-11")) == 1)
        #expect(try db.outbox(status: .queued).allSatisfy { $0.kind == .digest && $0.recipient == "DPP-01" })
    }

    @Test(arguments: [
        (1_799_020_800, true),  // Mon 2027-01-04 08:00 in Malaysia (00:00 UTC)
        (1_799_013_600, false),  // Mon 2027-01-04 06:00 in Malaysia
        (1_799_107_200, false),  // Tue 2027-01-05 08:00 in Malaysia
    ])
    func theScheduleIsInMalaysianTime(seconds: Int, due: Bool) {
        #expect(DigestSchedule(weekday: .mon, hour: 7).isDue(at: Date(timeIntervalSince1970: TimeInterval(seconds))) == due)
    }
}

struct TransportTests {
    @Test func thePasswordReachesMsmtpThroughItsEnvironmentOnly() throws {
        let settings = try SMTPSettings(url: "smtp://sedia@mail.example.my:587")
        let transport = SendmailTransport.msmtp(settings, from: MailFixtures.from, password: "s3cret-Pa55")
        #expect(!transport.arguments.joined(separator: " ").contains("s3cret"))
        #expect(transport.environment["SEDIA_SMTP_PASSWORD"] == "s3cret-Pa55")
        #expect(transport.arguments.contains("--tls-starttls=on") && transport.arguments.contains("--user=sedia"))
    }

    @Test(arguments: ["smtp://user:pw@host:587", "http://host", "smtp://host?tls=maybe", "smtp://host:99999", "host:25"])
    func badSubmissionURLsAreRefused(url: String) {
        #expect(throws: MailError.self) { try SMTPSettings(url: url) }
    }

    @Test func aLoopbackServerMayGoWithoutTLS() throws {
        let settings = try SMTPSettings(url: "smtp://127.0.0.1:2525?tls=off")
        #expect(settings.port == 2525 && !settings.tls && settings.user == nil)
    }

    @Test func replies5xxArePermanentAndEverythingElseIsRetried() {
        #expect(SendmailTransport.classify(status: 69, stderr: "msmtp: server message: 554 5.7.1 no") == .permanent("554 5.7.1 no"))
        #expect(SendmailTransport.classify(status: 69, stderr: "msmtp: server message: 451 4.3.0 later") == .temporary("451 4.3.0 later"))
        if case .temporary = SendmailTransport.classify(status: 75, stderr: "msmtp: cannot connect to 127.0.0.1") {
        } else {
            Issue.record("a refused connection must be retried")
        }
    }
}
