import SediaCore
import SediaStore

/// What is wrong with a case's bookings today, and the one thing a coordinator does next about it: an interview or a
/// trial still to book past (or close to) its date, or booked after it. Coordinators' Today page and the case list's
/// "late" filter read it.
struct CaseAttention: Equatable {
    enum Kind: String {
        /// The interview is not booked and its target date has passed.
        case interviewUnbookedLate = "interview-unbooked"
        /// The interview is booked after its target date.
        case interviewAfterTarget = "interview-after-target"
        /// The trial is not booked and its disposal target has passed.
        case trialUnbookedLate = "trial-unbooked"
        /// The trial is booked to end after its disposal target.
        case trialAfterDeadline = "trial-after-deadline"
        /// The trial is not booked and its disposal target is within `soonDays`.
        case trialUnbookedSoon = "trial-soon"
    }

    var kind: Kind
    /// The date at stake: the interview's target or the trial's disposal target.
    var date: Day

    /// At risk rather than late: a trial still to book whose target is near.
    var isLate: Bool { kind != .trialUnbookedSoon }

    /// Which booking the next step is about (`interview` or `hearing`, as find a slot names them).
    var task: String { kind == .interviewUnbookedLate || kind == .interviewAfterTarget ? "interview" : "hearing" }

    /// Days before a disposal target at which an unbooked trial is at risk.
    static let soonDays = 90

    /// The case's most pressing problem, or nil when its bookings are in time.
    static func of(_ record: CaseRecord, _ snapshot: Snapshot, today: Day) -> CaseAttention? {
        let c = record.item
        if let request = c.interview {
            if let booked = snapshot.interviewsByCase[c.id] {
                if booked.booking.start.day > request.targetBy { return .init(kind: .interviewAfterTarget, date: request.targetBy) }
            } else if today > request.targetBy {
                return .init(kind: .interviewUnbookedLate, date: request.targetBy)
            }
        }
        if let request = c.hearing {
            if let booked = snapshot.hearingsByCase[c.id] {
                if let last = booked.booking.dates.last, last > request.deadline { return .init(kind: .trialAfterDeadline, date: request.deadline) }
            } else if today > request.deadline {
                return .init(kind: .trialUnbookedLate, date: request.deadline)
            } else if today.days(to: request.deadline) <= soonDays {
                return .init(kind: .trialUnbookedSoon, date: request.deadline)
            }
        }
        return nil
    }

    /// Late before at risk, then the oldest date, then the case id.
    static func precedes(_ a: CaseAttention, _ caseA: CaseRecord, _ b: CaseAttention, _ caseB: CaseRecord) -> Bool {
        if a.isLate != b.isLate { return a.isLate }
        if a.date != b.date { return a.date < b.date }
        return caseA.item.id.rawValue < caseB.item.id.rawValue
    }

    /// Whether something the case asks for (an interview or a trial) is not booked yet.
    static func waiting(_ record: CaseRecord, _ snapshot: Snapshot) -> Bool {
        (record.item.interview != nil && snapshot.interviewsByCase[record.item.id] == nil)
            || (record.item.hearing != nil && snapshot.hearingsByCase[record.item.id] == nil)
    }

    /// Since when the case has waited for a booking: the interview's earliest date, else the trial's registration
    /// (or earliest) date.
    static func waitingSince(_ record: CaseRecord, _ snapshot: Snapshot) -> Day? {
        let c = record.item
        if let i = c.interview, snapshot.interviewsByCase[c.id] == nil { return i.earliest }
        if let h = c.hearing, snapshot.hearingsByCase[c.id] == nil { return h.registeredOn ?? h.earliest }
        return nil
    }
}
