public import Foundation
public import SediaCore
public import SediaStore
public import SediaTestSupport

/// The fixture world a year on (issue #21): charges, court dates with adjournments, disposals and closures, with a
/// child's name and date of birth that must never leave the database (the sentinels).
public enum CaseYearWorld {
    /// 2027-12-28, so every date of the year can be recorded.
    public static let late2027 = Date(timeIntervalSince1970: 1_830_000_000)
    public static let childName = "Sentinel Nurul Huda"
    public static let childBornOn = "2016-02-29"

    /// The world in a database file at `path` (or in memory when nil).
    public static func database(path: String? = nil) throws -> AppDatabase {
        let db = try path.map { try AppDatabase.open(path: $0, clock: { late2027 }) } ?? AppDatabase.inMemory(clock: { late2027 })
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        for (n, name) in [(10, childName), (11, nil), (12, nil), (13, nil)] {
            var item = AppFixtures.unbookedKelantanCase
            item.id = Case.ID("K-2027-00\(n)")
            item.child.ref = "C-00\(n)"
            try db.createCase(item, state: "MY-03", childName: name, actor: "test")
        }
        func d(_ s: String) -> Day { AppFixtures.day(s) }
        func charge(_ id: Case.ID, _ court: Court.ID, _ reg: String, represented: Representation = .yes, born: String? = nil) throws {
            try db.recordCharge(
                caseID: id,
                ChargeRecord(
                    court: court, courtCaseNo: "\(court)-\(id)", registeredOn: d(reg), chargedOn: d(reg), represented: represented,
                    plea: .claimsTrial,
                    childBornOn: born.map(d)), actor: "registry")
        }
        func step(_ id: Case.ID, _ s: CaseStep, _ on: String, _ outcome: StepOutcome, _ reason: String? = nil, next: String? = nil) throws {
            try db.recordStep(
                caseID: id, StepRecord(step: s, on: d(on), outcome: outcome, reason: reason.map { StepReason(code: $0) }, nextOn: next.map(d)),
                actor: "registry")
        }
        try charge("K-2027-0001", "SC-KB", "2026-11-20")
        try step("K-2027-0001", .mention, "2026-12-01", .adjourned, "documents-not-served", next: "2027-01-05")
        try step("K-2027-0001", .mention, "2027-01-05", .held)
        try step("K-2027-0001", .ptc, "2027-02-10", .held)
        try step("K-2027-0001", .trial, "2027-03-07", .adjourned, "defence-counsel-absent", next: "2027-04-04")
        try step("K-2027-0001", .trial, "2027-04-04", .held)
        try db.endCase(caseID: "K-2027-0001", on: d("2027-06-01"), .disposal(.convicted), actor: "registry")
        try step("K-2027-0002", .interview, "2027-01-05", .held)
        try charge("B-2027-0003", "SC-SA", "2026-06-15", represented: .no)
        try step("B-2027-0003", .trial, "2027-02-01", .adjourned, "child-unwell", next: "2027-03-01")
        try step("B-2027-0003", .trial, "2027-03-01", .held)
        try db.endCase(caseID: "B-2027-0003", on: d("2027-08-01"), .disposal(.acquitted), actor: "registry")
        try charge("K-2027-0010", "SC-KB", "2027-02-14", born: childBornOn)
        try step("K-2027-0010", .ptc, "2027-03-01", .held)
        try step("K-2027-0010", .caseManagement, "2027-03-20", .held)
        try step("K-2027-0010", .trial, "2027-05-02", .adjourned, "court-not-sitting", next: "2027-06-06")
        try step("K-2027-0010", .trial, "2027-06-06", .adjourned, "defence-counsel-absent", next: "2028-01-09")
        try charge("K-2027-0011", "SC-KB", "2027-07-01")
        try charge("K-2027-0012", "SC-KB", "2026-12-20")
        try db.endCase(caseID: "K-2027-0012", on: d("2027-03-01"), .closure(.withdrawn), note: "the complaint was withdrawn", actor: "registry")
        try db.endCase(caseID: "K-2027-0013", on: d("2027-01-10"), .closure(.noFurtherAction), note: "no evidence", actor: "coord")
        return db
    }
}
