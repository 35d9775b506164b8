import Foundation
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// The app's travel limit: 250 km unless an admin changes it, per state, audited, and carried by every instance the
/// database gives the planner.
struct TravelLimitStoreTests {
    @Test func theLimitIs250KmUntilSomeoneChangesIt() throws {
        let db = try AppFixtures.database()
        #expect(try db.travelLimits() == TravelLimits(national: 250, byState: [:]))
        var instance = AppFixtures.instance
        instance.maxTravelKm = nil
        let fresh = try AppDatabase.inMemory()
        try fresh.importInstance(instance, actor: "test")
        #expect(try fresh.exportInstance().maxTravelKm == 250)
    }

    @Test func aStatesOwnLimitAppliesToItsCasesOnly() throws {
        let db = try AppFixtures.database()
        try db.setTravelLimit(state: "MY-10", km: 120, actor: "admin")
        let instance = try db.exportInstance()
        #expect(instance.maxTravelKm == 250)
        #expect(instance.travelLimit("B-2027-0003") == 120)
        #expect(instance.travelLimit("K-2027-0001") == 250)
        try db.setTravelLimit(state: nil, km: 300, actor: "admin")
        #expect(try db.exportInstance().travelLimit("K-2027-0001") == 300)
        try db.setTravelLimit(state: "MY-10", km: nil, actor: "admin")
        #expect(try db.exportInstance().travelLimit("B-2027-0003") == 300)
        let audit = try db.auditLog().filter { $0.action == "travel-limit" }
        #expect(audit.count == 3)
        #expect(audit.allSatisfy { $0.actor == "admin" })
    }

    @Test func badLimitsAreRefusedNamingTheField() throws {
        let db = try AppFixtures.database()
        #expect(throws: StoreError(.invalid, "km: must be a whole number of km from 1 to 100000, got 0")) {
            try db.setTravelLimit(state: nil, km: 0, actor: "admin")
        }
        #expect(throws: StoreError(.notFound, "state: no state MY-99")) { try db.setTravelLimit(state: "MY-99", km: 100, actor: "admin") }
        #expect(throws: StoreError(.invalid, "km: the country's limit cannot be removed")) {
            try db.setTravelLimit(state: nil, km: nil, actor: "admin")
        }
        #expect(try db.travelLimits() == TravelLimits())
        #expect(try db.auditLog().filter { $0.action == "travel-limit" }.isEmpty)
    }
}
