import Foundation
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// Issue #24, finding 3 (part): one account per person, and no staff account on a prosecutor's person.
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
}
