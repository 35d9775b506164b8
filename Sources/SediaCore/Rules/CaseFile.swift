/// A problem in a case file (file, line, column): the same type as every other input problem.
public typealias CaseFileError = InputError
public typealias CaseFileErrors = InputErrors

/// The prosecutor's case list as CSV: `case,state,court,registeredOn,chargedOn`, then optional columns.
///
/// Optional columns: `reportedOn`, `interviewedOn`, `trialOn` (planned or fixed trial start), `disposedOn`,
/// `offences` and `conditions` (both `;`-separated, e.g. `SOAC s.11;SOAC s.14` and `interpreter-needed`),
/// `trialEndOn` (last planned trial day), `childTurns18On`, `represented` (`yes`/`no`: an advocate acts for the accused)
/// and `plea` (`claims-trial`/`guilty`). An empty `represented` or `plea` counts as represented and claiming trial.
/// Fields may be quoted with `"` (RFC 4180). Case references only: never a child's name.
public enum CaseFile {
    public static let requiredColumns = ["case", "state", "court", "registeredOn", "chargedOn"]
    public static let optionalColumns =
        [
            "reportedOn", "interviewedOn", "trialOn", "disposedOn", "offences", "conditions", "trialEndOn", "childTurns18On", "represented", "plea",
        ] + recordColumns
    /// What `sedia export cases` adds for the registry (issue #21); read and ignored here, as they change no deadline.
    public static let recordColumns = ["courtCaseNo", "ending", "outcome", "adjournments", "trialDaysHeard", "ptcHeldOn", "caseManagementHeldOn"]

    public static func parse(_ text: String, file: String, book: RuleBook) throws(CaseFileErrors) -> [CaseFacts] {
        var errors: [CaseFileError] = []
        let rows = records(text)
        guard let header = rows.first else {
            throw CaseFileErrors(errors: [CaseFileError(file: file, line: 1, message: "empty file: expected a header line")])
        }
        let names = header.fields.map { $0.trimmingCharacters() }
        for (i, n) in names.enumerated() where !(requiredColumns + optionalColumns).contains(n) {
            errors.append(
                CaseFileError(
                    file: file, line: header.line, column: n.isEmpty ? "column \(i + 1)" : n,
                    message: "unknown column (expected \((requiredColumns + optionalColumns).joined(separator: ",")))"))
        }
        for r in requiredColumns where !names.contains(r) {
            errors.append(CaseFileError(file: file, line: header.line, column: r, message: "missing column"))
        }
        if Set(names).count != names.count {
            errors.append(CaseFileError(file: file, line: header.line, column: nil, message: "a column is named twice"))
        }
        guard errors.isEmpty else { throw CaseFileErrors(errors: errors) }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() { index[n] = i }

        var out: [CaseFacts] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.trimmingCharacters().isEmpty }) { continue }
            func field(_ name: String) -> String {
                guard let i = index[name], i < row.fields.count else { return "" }
                return row.fields[i].trimmingCharacters()
            }
            func fail(_ column: String?, _ message: String) {
                errors.append(CaseFileError(file: file, line: row.line, column: column, message: message))
            }
            if row.fields.count != names.count { fail(nil, "\(row.fields.count) fields, the header has \(names.count)") }
            let id = field("case")
            if id.isEmpty {
                fail("case", "empty case reference")
            } else if let problem = IdentifierRule.problem(id) {
                fail("case", problem)
            }
            if let first = seen[id], !id.isEmpty { fail("case", "\(id) is listed twice (first on line \(first))") }
            seen[id] = row.line
            let state = field("state")
            if !MalaysianStates.isValid(state) { fail("state", "unknown state code \(state.isEmpty ? "(empty)" : state) (expected MY-01 … MY-16)") }
            let courtText = field("court")
            let court: Court.ID? = courtText.isEmpty ? nil : Court.ID(courtText)
            if let court, book.court(id: court, state: StateInfo.ID(state)) == nil {
                fail("court", "unknown court \(court) (ids are in rules/courts.yaml; leave empty for the state's default court)")
            } else if court == nil, MalaysianStates.isValid(state), book.court(id: nil, state: StateInfo.ID(state)) == nil {
                fail("court", "empty, and rules/courts.yaml has no default court for \(state)")
            }
            var events: [CaseEvent: Day] = [:]
            func date(_ column: String, _ event: CaseEvent?, required: Bool) -> Day? {
                let text = field(column)
                if text.isEmpty {
                    if required { fail(column, "missing date (YYYY-MM-DD)") }
                    return nil
                }
                guard let d = Day(iso: text) else {
                    fail(column, "\(text) is not a date YYYY-MM-DD")
                    return nil
                }
                if let event { events[event] = d }
                return d
            }
            let registered = date("registeredOn", .registration, required: true)
            let charged = date("chargedOn", .charge, required: false)
            _ = date("reportedOn", .report, required: false)
            _ = date("interviewedOn", .interview, required: false)
            _ = date("trialOn", .trial, required: false)
            let disposed = date("disposedOn", nil, required: false)
            let trialEnd = date("trialEndOn", nil, required: false)
            let turns18 = date("childTurns18On", nil, required: false)
            var heldOn: [String: Day] = [:]
            if let d = date("ptcHeldOn", nil, required: false) { heldOn["ptc"] = d }
            if let d = date("caseManagementHeldOn", nil, required: false) { heldOn["case-management-first"] = d }
            if let trialEnd, let start = events[.trial], trialEnd < start {
                fail("trialEndOn", "\(trialEnd) is before the trial start \(start)")
            }
            var represented: Bool?
            switch field("represented").lowercased() {
            case "": break
            case "yes": represented = true
            case "no": represented = false
            case let other: fail("represented", "\(other) is not yes or no")
            }
            var claimsTrial: Bool?
            switch field("plea").lowercased() {
            case "": break
            case "claims-trial": claimsTrial = true
            case "guilty": claimsTrial = false
            case let other: fail("plea", "\(other) is not claims-trial or guilty")
            }
            if let registered, let charged, charged > registered.adding(days: 366 * 5) {
                fail("chargedOn", "\(charged) is more than five years after registration \(registered): check the columns")
            }
            let offences = field("offences").split(separator: ";").map { String($0).trimmingCharacters() }.filter { !$0.isEmpty }
            var conditions = Set<ReadinessCondition>()
            for c in field("conditions").split(separator: ";").map({ String($0).trimmingCharacters() }) where !c.isEmpty {
                if let rc = ReadinessCondition(rawValue: c), !rc.isDerived {
                    conditions.insert(rc)
                } else if let rc = ReadinessCondition(rawValue: c) {
                    fail("conditions", "\(rc.rawValue) is worked out from other columns or courts.yaml; do not list it")
                } else {
                    let listable = ReadinessCondition.allCases.filter { !$0.isDerived }.map(\.rawValue)
                    fail("conditions", "unknown condition \(c) (expected \(listable.joined(separator: ", ")))")
                }
            }
            out.append(
                CaseFacts(
                    id: Case.ID(id), state: StateInfo.ID(state), court: court, events: events, disposedOn: disposed, offences: offences,
                    conditions: conditions, accusedRepresented: represented, claimsTrial: claimsTrial, childTurns18On: turns18, trialEnd: trialEnd))
            out[out.count - 1].heldOn = heldOn
        }
        guard errors.isEmpty else { throw CaseFileErrors(errors: errors) }
        return out
    }

    static func records(_ text: String) -> [CSV.Record] { CSV.records(text) }
}

extension String {
    /// Without leading and trailing spaces and tabs (SediaCore has no Foundation).
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
