import Foundation
import GRDB
public import SediaCore

extension AppDatabase {
    /// `sedia import charges`: every row's charge recorded as `recordCharge` does, in one transaction. Every refused row
    /// is reported as `file: line N: field: problem` and then nothing is written.
    public func importCharges(_ rows: [Located<ChargeRow>], actor: String) throws(StoreError) -> RowsImported {
        var result = RowsImported(what: "charges")
        try importEach(rows, actor: actor) { db, row in
            let existed = try Int.fetchOne(db, sql: "SELECT 1 FROM case_charge WHERE case_id = ?", arguments: [row.caseID.rawValue]) != nil
            try recordCharge(db, row.caseID, row.charge, expected: nil, actor: actor, user: nil)
            if existed { result.updated += 1 } else { result.added += 1 }
        }
        return result
    }

    /// `sedia import events`: a registry's daily list, applied row by row in file order as the forms would, in one
    /// transaction: an unknown case, a date out of order, a reason not in the list, a disposal before registration or an
    /// event on a disposed case refuses the whole file, with every problem reported. A supplementary interview's request
    /// is refused as on the case page (`requestSupplementaryInterview`: `interview:` when the interview was not held or
    /// one is already to book), dated the row's `on`; `target` is its interview target from the request day.
    public func importEvents(
        _ rows: [Located<EventRow>], actor: String, target: (_ state: StateInfo.ID, _ requestedOn: Day) -> Day? = { _, _ in nil }
    ) throws(StoreError) -> RowsImported {
        var result = RowsImported(what: "events")
        try importEach(rows, actor: actor) { db, row in
            switch row.fact {
            case .step(let record): try recordStep(db, row.caseID, record, expected: nil, actor: actor, user: nil)
            case .disposal(let on, let outcome, let note):
                try endCase(db, row.caseID, on: on, .disposal(outcome), note: note, transferTo: nil, expected: nil, actor: actor, user: nil)
            case .supplementary(let on, let reason, let minutes):
                try refuseAll(Self.supplementaryProblems(reason: reason, minutes: minutes))
                _ = try requestSupplementary(
                    db, row.caseID, reason: reason, minutes: minutes, on: on, target: target, expected: nil, actor: actor, user: nil)
            }
            result.added += 1
        }
        return result
    }

    /// Applies each row in a savepoint of one transaction, collecting every row's refusal; any refusal rolls back all.
    func importEach<Value>(_ rows: [Located<Value>], actor: String, _ apply: (Database, Value) throws -> Void) throws(StoreError) {
        try write { db in
            var problems: [String] = []
            for row in rows {
                do {
                    try db.inSavepoint {
                        try apply(db, row.value)
                        return .commit
                    }
                } catch {
                    let message = StoreError.wrap(error).message
                    // Store messages begin with the field they are about (`on: …`); a case the database lacks is the `case` field's.
                    let parts = message.split(separator: ":", maxSplits: 1).map { String($0) }
                    if parts.count == 2, !parts[0].contains(" ") {
                        problems.append(row.problem(parts[0], parts[1].trimmingCharacters(in: .whitespaces)))
                    } else {
                        problems.append(row.problem("case", message))
                    }
                }
            }
            try refuse(problems)
        }
    }
}
