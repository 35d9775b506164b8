import GRDB
import SediaCore

extension AppDatabase {
    /// Takes a new revision for a case inside the caller's write transaction: compare-and-set against `expected` (the
    /// revision the change form was shown), so a change made against a page that is no longer current is refused with
    /// who changed the case meanwhile, and nothing is written. `expected` nil is for operator tools (imports, plans)
    /// that act on whatever is current.
    /// A disposed or closed case is read-only: its revision never moves until an admin reopens it.
    func reviseCase(_ db: Database, _ caseID: Case.ID, expected: Int?, actor: String) throws {
        try requireOpen(db, caseID)
        try db.execute(sql: "UPDATE data_version SET revisions = revisions + 1 WHERE id = 1")
        try db.execute(
            sql: """
                UPDATE case_file SET revision = (SELECT revisions FROM data_version WHERE id = 1), revised_by = ?
                WHERE id = ? AND (? IS NULL OR revision = ?)
                """,
            arguments: [actor, caseID.rawValue, expected, expected])
        guard db.changesCount == 0 else { return }
        guard let row = try Row.fetchOne(db, sql: "SELECT revised_by FROM case_file WHERE id = ?", arguments: [caseID.rawValue]) else {
            throw StoreError(.notFound, "case \(caseID) does not exist")
        }
        let by: String = row["revised_by"] ?? "an import"
        throw StoreError(.stale, .stale(caseID: caseID, by: by))
    }
}
