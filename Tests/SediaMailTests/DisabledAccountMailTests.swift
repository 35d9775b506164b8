import Foundation
import SediaAppTestSupport
import SediaCalendar
import SediaCore
import SediaMail
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

/// Issue #24, finding 3: a changed address gets a short notice at the old one, in both languages, with no case and
/// no child in it.
struct AddressNoticeTests {
    /// The decoded text of a composed message's first part.
    static func firstPart(_ mail: ComposedMail) throws -> String {
        let raw = String(decoding: mail.bytes, as: UTF8.self)
        let start = try #require(raw.range(of: "Content-Transfer-Encoding: base64\r\n\r\n"))
        let rest = raw[start.upperBound...]
        let end = try #require(rest.range(of: "--"))
        let data = try #require(Data(base64Encoded: rest[..<end.lowerBound].replacingOccurrences(of: "\r\n", with: "")))
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aChangedAddressIsToldAtTheOldOneInBothLanguages() throws {
        let db = try MailFixtures.database()
        // The prosecutor holds the sentinel child's case: the notice must still name neither.
        try db.setContact(person: "DPP-01", email: "dpp01.new@agc.gov.my", delivery: .invitations, actor: "dpp01")
        let queued = try db.outbox(status: .queued)
        #expect(queued.map(\.recipient) == ["DPP-01"])
        #expect(queued.first?.kind == .notice && queued.first?.caseID == nil)
        let message = try #require(try db.dueMail(holdSeconds: 0, all: true).first)
        #expect(message.email == "dpp01@agc.gov.my")
        let composer = MailComposer(from: MailFixtures.from, calendar: FeedInvitations(secret: Array(repeating: 7, count: 32)))
        let mail = try composer.compose(message, date: AppFixtures.fixedNow).get()
        #expect(mail.to == "dpp01@agc.gov.my")
        let text = try Self.firstPart(mail)
        // dpp01's account reads English: English first, then Malay.
        #expect(text.hasPrefix("The e-mail address recorded in Sedia for your account was changed on"))
        #expect(text.contains("Alamat e-mel akaun anda dalam Sedia telah ditukar pada"))
        let raw = String(decoding: mail.bytes, as: UTF8.self)
        for secret in [MailFixtures.sentinelName, MailFixtures.sentinelReference, MailFixtures.caseID.rawValue, "dpp01.new@agc.gov.my"] {
            #expect(!raw.contains(secret) && !text.contains(secret))
        }
    }

    @Test func noNoticeWithoutAnOldAddressOrAChangeOrALiveAccount() throws {
        let db = try MailFixtures.database()
        // The same address again (in another case): nothing changed.
        try db.setContact(person: "IO-014", email: "IO014@polis.gov.my", delivery: nil, actor: "test")
        // A first address: nobody to tell.
        try db.setContact(person: "IO-100", email: "io100@polis.gov.my", delivery: nil, actor: "test")
        #expect(try db.outbox(status: .queued).isEmpty)
        // A cleared address is told; a person whose accounts are all disabled is not.
        try db.setContact(person: "IO-020", email: nil, delivery: nil, actor: "test")
        try db.setDisabled(username: "dpp01", disabled: true, actor: "test")
        try db.setContact(person: "DPP-01", email: "other@agc.gov.my", delivery: nil, actor: "test")
        #expect(try db.outbox(status: .queued).map(\.recipient) == ["IO-020"])
    }
}
