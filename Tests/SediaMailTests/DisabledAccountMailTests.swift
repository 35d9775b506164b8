import Foundation
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// Issue #24, finding 3: one account per person, no staff account on a prosecutor's person, and no mail to a person
/// whose accounts are all disabled.
struct DisabledAccountMailTests {
    static let hash = String(repeating: "x", count: 60)

    @Test func aStaffAccountCannotTakeAProsecutorsPersonNorASecondAccountAPerson() throws {
        let db = try MailFixtures.database()
        let onProsecutor = #expect(throws: StoreError.self) {
            try db.addUser(username: "fake", passwordHash: Self.hash, role: .staff, state: nil, person: "DPP-01", actor: "test")
        }
        #expect(onProsecutor?.message.hasPrefix("person: DPP-01 already has an account") == true)
        try db.addUser(username: "io14", passwordHash: Self.hash, role: .staff, state: nil, person: "IO-014", actor: "test")
        let second = #expect(throws: StoreError.self) {
            try db.addUser(username: "io14b", passwordHash: Self.hash, role: .staff, state: nil, person: "IO-014", actor: "test")
        }
        #expect(second?.message == "person: IO-014 already has an account (io14)")
    }

    @Test func noMailIsQueuedForAPersonWhoseAccountsAreAllDisabled() throws {
        let db = try MailFixtures.database()
        try db.addUser(username: "io14", passwordHash: Self.hash, role: .staff, state: nil, person: "IO-014", actor: "test")
        try db.setDisabled(username: "io14", disabled: true, actor: "test")
        try db.setDisabled(username: "dpp01", disabled: true, actor: "test")
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        #expect(try db.outbox(status: .queued).isEmpty)
        // Nor the prosecutor's weekly digest.
        #expect(try !db.queueDigest(prosecutor: "DPP-01", key: "digest/DPP-01/2027-W02", payload: "{}"))
        // Enabled again, the next change reaches them (an officer with no account at all, IO-020, always does).
        try db.setDisabled(username: "io14", disabled: false, actor: "test")
        try db.setDisabled(username: "dpp01", disabled: false, actor: "test")
        try db.bookInterview(MailFixtures.booking("2027-01-08T10:00", interviewer: "IO-020"), actor: "test", reason: "officer change")
        // IO-014 was never told of the first booking, so no cancellation goes to them either.
        #expect(Set(try db.outbox(status: .queued).map(\.recipient)) == ["IO-020", "DPP-01"])
    }

    @Test func disablingThePersonsLastAccountCancelsTheirWaitingMail() throws {
        let db = try MailFixtures.database()
        try db.bookInterview(MailFixtures.booking("2027-01-07T10:00"), actor: "test")
        #expect(Set(try db.outbox(status: .queued).map(\.recipient)) == ["IO-014", "DPP-01"])
        try db.setDisabled(username: "dpp01", disabled: true, actor: "test")
        #expect(try db.outbox(status: .queued).map(\.recipient) == ["IO-014"])
        let line = try #require(try db.auditLog(subject: "user:dpp01").first { $0.action == "disable-user" })
        #expect(line.after?.contains("mailCancelled") == true)
    }
}
