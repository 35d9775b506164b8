import Foundation
import Logging
import SediaAppTestSupport
import SediaCalendar
import SediaCore
import SediaMail
import SediaStore
import SediaTestSupport

/// The fixture world with mail: DPP-01 (a prosecutor account) holds case K-2027-0200, whose child carries the
/// sentinel name and reference; IO-014, IO-020, PSY-03 and DPP-01 have addresses.
enum MailFixtures {
    static let sentinelName = "Siti Nurhaliza binti Tarudin"
    static let sentinelReference = "CHILD-REF-SENTINEL-77"
    static let caseID: Case.ID = "K-2027-0200"
    static let from = "sedia@d11.polis.gov.my"

    static func database(clock: (@Sendable () -> Date)? = nil) throws -> AppDatabase {
        let db: AppDatabase
        if let clock {
            db = try AppDatabase.inMemory(clock: clock)
            _ = try db.importInstance(AppFixtures.instance, actor: "test")
        } else {
            db = try AppFixtures.database()
        }
        try populate(db)
        return db
    }

    static func populate(_ db: AppDatabase) throws {
        _ = try db.addUser(
            username: "dpp01", passwordHash: String(repeating: "x", count: 60), role: .prosecutor, state: "MY-03", person: "DPP-01",
            language: .en, actor: "test")
        let child = Child(
            ref: sentinelReference, age: 10, gender: "F", languages: ["ms"], lat: 6.1, lon: 102.2, interviewerGender: nil, needsPsychologist: false,
            needsAccessibleRoom: false)
        try db.createCase(
            Case(
                id: caseID, child: child,
                interview: InterviewRequest(durationMinutes: 60, earliest: AppFixtures.day("2027-01-04"), targetBy: AppFixtures.day("2027-01-25")),
                interviewDoneOn: nil, hearing: nil),
            state: "MY-03", childName: sentinelName, prosecutor: "DPP-01", actor: "test")
        try db.setContact(person: "IO-014", email: "io014@polis.gov.my", delivery: nil, actor: "test")
        try db.setContact(person: "IO-020", email: "io020@polis.gov.my", delivery: .both, actor: "test")
        try db.setContact(person: "PSY-03", email: "psy03@moh.gov.my", delivery: .feed, actor: "test")
        try db.setContact(person: "DPP-01", email: "dpp01@agc.gov.my", delivery: .invitations, actor: "test")
    }

    static func booking(_ start: String, interviewer: Interviewer.ID = "IO-014") -> InterviewBooking {
        InterviewBooking(caseID: caseID, room: "CIC-KB-2", interviewer: interviewer, psychologist: nil, start: AppFixtures.at(start))
    }

    static func worker(_ db: AppDatabase, smtp: String, backoff: [Double] = [30, 120]) throws -> MailWorker {
        MailWorker(
            outbox: db, transport: SendmailTransport.msmtp(try SMTPSettings(url: smtp), from: from, password: nil),
            options: MailOptions(from: from, holdSeconds: 0, backoff: backoff), calendar: FeedInvitations.init(secret:),
            logger: Logger(label: "mail-test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }
}
