/// One row of `sedia import charges`: the charge and registration of a case.
public struct ChargeRow: Sendable, Equatable {
    public var caseID: Case.ID
    public var charge: ChargeRecord
}

/// One row of `sedia import events`: the outcome of an interview or a court date, a disposal, or a request for a
/// supplementary interview.
public struct EventRow: Sendable, Equatable {
    public enum Fact: Sendable, Equatable {
        case step(StepRecord)
        case disposal(on: Day, outcome: DisposalOutcome, note: String?)
        /// `supplementary-interview,requested`: a new interview to book from `on`, for a case whose interview was held.
        case supplementary(on: Day, reason: String, minutes: Int)
    }

    public var caseID: Case.ID
    public var fact: Fact
}

extension ImportRows {
    public static let chargeRequired = ["case", "court", "courtCaseNo", "registeredOn", "chargedOn", "represented", "plea"]
    public static let chargeOptional = ["childBornOn"]
    public static let eventRequired = ["case", "event", "on", "outcome"]
    public static let eventOptional = ["reason", "nextOn", "minutes"]
    /// The event word of a supplementary interview's request, its one outcome, and its length when `minutes` is empty.
    public static let supplementaryEvent = "supplementary-interview"
    public static let supplementaryOutcome = "requested"
    public static let supplementaryMinutes = 60

    /// A registry's charges: `case,court,courtCaseNo,registeredOn,chargedOn,represented,plea[,childBornOn]`. A case is
    /// listed once; the date of birth is never quoted back in a message.
    public static func charges(_ bytes: [UInt8], file: String) throws(InputErrors) -> [Located<ChargeRow>] {
        try ImportTable.rows(bytes, file: file, required: chargeRequired, optional: chargeOptional, idField: "case") { f in
            let id = f.id("case")
            let court = f.id("court")
            let number = f.text("courtCaseNo", required: true)
            if let number, number.count > 64 || number.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                f.fail("courtCaseNo", "1 to 64 printable characters")
            }
            let registered = f.date("registeredOn", required: true)
            let charged = f.date("chargedOn", required: true)
            let represented = f.choice("represented", Representation.self)
            let plea = f.choice("plea", Plea.self)
            let born = f.date("childBornOn", required: false)
            if let born, let registered, born >= registered { f.fail("childBornOn", "must be before registeredOn") }
            guard let id, let court, let number, let registered, let charged, let represented, let plea else { return nil }
            return ChargeRow(
                caseID: Case.ID(id),
                charge: ChargeRecord(
                    court: Court.ID(court), courtCaseNo: number, registeredOn: registered, chargedOn: charged, represented: represented, plea: plea,
                    childBornOn: born))
        }
    }

    /// A registry's daily list: `case,event,on,outcome[,reason,nextOn,minutes]`, several rows per case, applied in file
    /// order. `reason` is a word of the lists, or `other: what happened`; for a disposal it is an optional note, for a
    /// supplementary interview (`supplementary-interview,requested`) why it is needed, with its length in `minutes`.
    public static func events(_ bytes: [UInt8], file: String) throws(InputErrors) -> [Located<EventRow>] {
        try ImportTable.rows(bytes, file: file, required: eventRequired, optional: eventOptional, idField: "-") { f in
            let id = f.id("case")
            let eventText = f.text("event", required: true)
            let on = f.date("on", required: true)
            let outcomeText = f.text("outcome", required: true)
            let reasonText = f.text("reason", required: false)
            let next = f.date("nextOn", required: false)
            let minutes = f.int("minutes", 15...480, required: false)
            guard let id, let eventText, let on, let outcomeText else { return nil }
            if minutes != nil && eventText != supplementaryEvent { f.fail("minutes", "only a supplementary-interview has a length") }
            if eventText == supplementaryEvent {
                if outcomeText != supplementaryOutcome { f.fail("outcome", "a supplementary-interview is requested") }
                if next != nil { f.fail("nextOn", "a supplementary-interview has no next date") }
                guard let reasonText, reasonText.count <= 500 else {
                    f.fail("reason", "say why a supplementary interview is needed (at most 500 characters)")
                    return nil
                }
                guard outcomeText == supplementaryOutcome, next == nil else { return nil }
                return EventRow(caseID: Case.ID(id), fact: .supplementary(on: on, reason: reasonText, minutes: minutes ?? supplementaryMinutes))
            }
            if eventText == "disposal" {
                guard let outcome = DisposalOutcome(rawValue: outcomeText) else {
                    f.fail("outcome", "a disposal is one of \(DisposalOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
                    return nil
                }
                if next != nil { f.fail("nextOn", "a disposal has no next date") }
                let note = reasonText.map { $0.hasPrefix("other:") ? String($0.dropFirst(6)).trimmingCharacters() : $0 }
                if outcome == .other && (note ?? "").isEmpty { f.fail("reason", "a disposal of other needs a text: other: what it was") }
                return EventRow(caseID: Case.ID(id), fact: .disposal(on: on, outcome: outcome, note: note))
            }
            guard let step = CaseStep(rawValue: eventText) else {
                f.fail("event", "one of interview, mention, ptc, case-management, trial, decision, disposal, supplementary-interview")
                return nil
            }
            guard let outcome = StepOutcome(rawValue: outcomeText) else {
                f.fail("outcome", step == .interview ? "an interview is held or not-held" : "a court date is held or adjourned")
                return nil
            }
            var reason: StepReason?
            if let reasonText {
                if reasonText.hasPrefix("other:") {
                    reason = StepReason(code: "other", text: String(reasonText.dropFirst(6)).trimmingCharacters())
                } else {
                    reason = StepReason(code: reasonText)
                }
            }
            let record = StepRecord(step: step, on: on, outcome: outcome, reason: reason, nextOn: next)
            let problems = record.problems
            for p in problems { f.fail(p.field, p.message) }
            return problems.isEmpty ? EventRow(caseID: Case.ID(id), fact: .step(record)) : nil
        }
    }
}

extension ImportFields {
    /// One of an enumeration's words, exactly as spelled.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) -> T? where T.RawValue == String {
        guard let s = text(name, required: true) else { return nil }
        guard let value = T(rawValue: s) else {
            fail(name, "one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }
}
