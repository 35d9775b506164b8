/// A plan (`sedia-plan/1`): the bookings, what could not be placed and why, and the score.
///
/// References are kept as written: a plan under verification, or a `previous` plan, may name
/// rooms, people or cases that do not exist (any more).
public struct Plan: Sendable, Equatable {
    public var instance: String?
    public var interviews: [InterviewBooking]
    public var hearings: [HearingBooking]
    public var unassigned: [Unassigned]
    public var score: Score?

    public init(instance: String?, interviews: [InterviewBooking], hearings: [HearingBooking], unassigned: [Unassigned], score: Score?) {
        self.instance = instance
        self.interviews = interviews
        self.hearings = hearings
        self.unassigned = unassigned
        self.score = score
    }
}

/// A booked interview.
public struct InterviewBooking: Sendable, Equatable, Hashable {
    public var caseID: Case.ID
    public var room: Room.ID
    public var interviewer: Interviewer.ID
    public var psychologist: Psychologist.ID?
    public var start: LocalDateTime

    public init(caseID: Case.ID, room: Room.ID, interviewer: Interviewer.ID, psychologist: Psychologist.ID?, start: LocalDateTime) {
        self.caseID = caseID
        self.room = room
        self.interviewer = interviewer
        self.psychologist = psychologist
        self.start = start
    }
}

/// A booked trial: consecutive sitting days at one court.
public struct HearingBooking: Sendable, Equatable, Hashable {
    public var caseID: Case.ID
    public var court: Court.ID
    public var dates: [Day]
    public var psychologist: Psychologist.ID?

    public init(caseID: Case.ID, court: Court.ID, dates: [Day], psychologist: Psychologist.ID?) {
        self.caseID = caseID
        self.court = court
        self.dates = dates
        self.psychologist = psychologist
    }
}

/// The two kinds of task a case can require.
public enum TaskKind: String, Sendable, Codable, Hashable, CaseIterable {
    case interview, hearing
}

/// A required task the plan could not place, with the reasons in a coordinator's words.
public struct Unassigned: Sendable, Equatable {
    public var caseID: Case.ID
    public var task: TaskKind
    public var reasons: [String]

    public init(caseID: Case.ID, task: TaskKind, reasons: [String]) {
        self.caseID = caseID
        self.task = task
        self.reasons = reasons
    }
}

/// The plan's score, compared lexicographically: unassigned, then late, then cost. Smaller is better.
public struct Score: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var unassigned: Int
    public var late: Int
    public var cost: Int

    public init(unassigned: Int, late: Int, cost: Int) {
        self.unassigned = unassigned
        self.late = late
        self.cost = cost
    }

    public static func < (a: Score, b: Score) -> Bool { (a.unassigned, a.late, a.cost) < (b.unassigned, b.late, b.cost) }

    /// `unassigned/late/cost`, as the reference tables print it.
    public var description: String { "\(unassigned)/\(late)/\(cost)" }
}
