import Foundation
import GRDB
public import SediaCore

/// How far a child may be sent for an interview (the planning format's `maxTravelKm`, rule 2): one limit for the
/// country and, where an admin set one, a limit of a state's own that applies to that state's cases.
public struct TravelLimits: Sendable, Equatable {
    /// The limit when nobody has set one.
    public static let defaultKm = 250
    /// What an admin may set, in whole km.
    public static let allowedKm = 1...100_000

    public var national: Int
    /// State code → limit, for the states that have one of their own.
    public var byState: [String: Int]

    public init(national: Int = TravelLimits.defaultKm, byState: [String: Int] = [:]) {
        self.national = national
        self.byState = byState
    }

    /// The limit for a case filed under `state`.
    public func km(state: String) -> Int { byState[state] ?? national }
}

extension AppDatabase {
    static let travelKey = "maxTravelKm"

    /// The travel limits in force.
    public func travelLimits() throws(StoreError) -> TravelLimits {
        try read { db in try loadTravelLimits(db) }
    }

    func loadTravelLimits(_ db: Database) throws -> TravelLimits {
        var limits = TravelLimits()
        for row in try Row.fetchAll(
            db, sql: "SELECT key, value FROM meta WHERE key = ? OR key LIKE ?", arguments: [Self.travelKey, Self.travelKey + ":%"])
        {
            let key: String = row["key"]
            guard let km = Int(row["value"] as String), TravelLimits.allowedKm.contains(km) else { continue }
            if key == Self.travelKey { limits.national = km } else { limits.byState[String(key.dropFirst(Self.travelKey.count + 1))] = km }
        }
        return limits
    }

    /// Sets the limit of `state` (nil: the country's), audited; `km` nil removes a state's own limit.
    public func setTravelLimit(state: String?, km: Int?, actor: String) throws(StoreError) {
        if let km, !TravelLimits.allowedKm.contains(km) {
            throw StoreError(.invalid, field: "km", "must be a whole number of km from 1 to 100000, got \(km)")
        }
        try write { db in
            let before = try loadTravelLimits(db)
            let key: String
            if let state {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM state WHERE code = ?)", arguments: [state]) == true else {
                    throw StoreError(.notFound, field: "state", "no state \(state)")
                }
                key = Self.travelKey + ":" + state
            } else {
                guard km != nil else { throw StoreError(.invalid, field: "km", "the country's limit cannot be removed") }
                key = Self.travelKey
            }
            if let km { try setMeta(db, key, String(km)) } else { try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key]) }
            let old = state.map { before.byState[$0] } ?? before.national
            try audit(db, actor: actor, action: "travel-limit", subject: state ?? "national", before: old, after: km)
            // Plans and pages made with the old limit are out of date.
            try bumpDataVersion(db)
        }
    }

    /// Applies the limits to an instance loaded from this database: the country's as `maxTravelKm`, a state's own to
    /// each case filed under it.
    func applyTravelLimits(_ db: Database, to instance: inout Instance, only: Set<Case.ID>? = nil) throws {
        let limits = try loadTravelLimits(db)
        instance.maxTravelKm = limits.national
        instance.travelLimitByCase.merge(try travelLimitsByCase(db, limits.byState, only: only)) { _, new in new }
    }

    /// The limit of each case filed under a state that has its own (all cases, or only those of `only`).
    func travelLimitsByCase(_ db: Database, _ byState: [String: Int], only: Set<Case.ID>?) throws -> [Case.ID: Int] {
        guard !byState.isEmpty else { return [:] }
        let filter = only.map { " WHERE id IN " + Self.placeholders($0.count) } ?? ""
        let ids = StatementArguments((only ?? []).map(\.rawValue).sorted())
        var out: [Case.ID: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, state FROM case_file" + filter, arguments: ids) {
            if let km = byState[row["state"] as String] { out[Case.ID(row["id"] as String)] = km }
        }
        return out
    }
}
