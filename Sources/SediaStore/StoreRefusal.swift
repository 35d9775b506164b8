public import SediaCore

extension StoreError {
    /// What the store refused or failed, with its facts (ids, dates, the field), never a sentence to be read back:
    /// the server renders each case in the reader's language, and `english` is what the CLI and the logs print.
    public enum Refusal: Sendable, Equatable {
        /// The case changed since the page that sent the change was shown (`by` is the username, or "an import").
        case stale(caseID: Case.ID, by: String)
        /// Moving a booking needs a reason.
        case moveNeedsReason
        /// A cancellation needs a reason.
        case cancelNeedsReason
        /// The task is pinned: a person asked to move it here (`byPlan` false), or a plan moves it (`byPlan` true).
        case pinned(caseID: Case.ID, task: TaskKind, byPlan: Bool)
        /// A room or person is already booked then (`minute` nil for a whole day in court).
        case alreadyBooked(caseID: Case.ID, resource: Resource, day: Day, minute: Int?)
        /// Every seat of the court is taken that day.
        case courtFull(caseID: Case.ID, court: Court.ID, day: Day)
        /// The interview's start is not on the booking grid.
        case offGrid(caseID: Case.ID, start: LocalDateTime, grid: Int)
        /// A new case's id is already taken.
        case caseExists(Case.ID)
        /// The case has no booked interview or hearing to change.
        case notBooked(caseID: Case.ID, task: TaskKind)
        /// A supplementary interview follows a held one: this case's was not held.
        case supplementaryNotHeld(caseID: Case.ID)
        /// The case already has a supplementary interview to book.
        case supplementaryPending(caseID: Case.ID)
        /// The planning rules the change would break (the verifier's violations, typed: each page says them in its reader's words).
        case rules([Violation])
        /// Fields of a form or file are wrong: each one's name and its problem, in English.
        case fields([FieldProblem])
        /// Words as they are: failures no page translates (the database, files, imports).
        case text(String)

        /// The refusal in English, for the CLI, the logs and the audit.
        public var english: String {
            switch self {
            case .stale(let id, let by):
                "revision: case \(id) was changed meanwhile by \(by); nothing was changed. Check what is booked now and try again."
            case .moveNeedsReason: "reason: moving a booking needs a reason"
            case .cancelNeedsReason: "reason: a cancellation needs a reason"
            case .pinned(let id, .interview, false): "case \(id): the interview is pinned (told to the family) and cannot be moved here"
            case .pinned(let id, .hearing, false): "case \(id): the hearing is pinned and cannot be moved here"
            case .pinned(let id, let task, true): "case \(id): the \(task.rawValue) is pinned and the plan moves it"
            case .alreadyBooked(let id, let resource, let day, let minute):
                "case \(id): \(resource.english) is already booked on \(day)\(minute.map { " at \(clockText($0))" } ?? "")"
            case .courtFull(let id, let court, let day): "case \(id): court \(court) is full on \(day)"
            case .offGrid(let id, let start, let grid): "case \(id): start \(start) is not on the \(grid)-minute grid"
            case .caseExists(let id): "id: case \(id) already exists"
            case .notBooked(let id, let task): "case \(id) has no booked \(task.rawValue)"
            case .supplementaryNotHeld(let id):
                "interview: the interview of case \(id) was not held; a supplementary interview follows a held one"
            case .supplementaryPending(let id): "interview: case \(id) already has a supplementary interview to book; record its outcome first"
            case .rules(let violations): violations.map(Self.line).joined(separator: "\n")
            case .fields(let problems): problems.map { "\($0.field): \($0.problem)" }.joined(separator: "\n")
            case .text(let words): words
            }
        }

        /// `rule 3: case K-1: ...`, as the booking check has always written a broken rule.
        public static func line(_ v: Violation) -> String { "rule \(v.rule): case \(v.caseID?.rawValue ?? "-"): \(v.detail)" }
    }

    /// What is wrong with one field: its name (a form field or a file's key) and the problem in English.
    public struct FieldProblem: Sendable, Equatable {
        public var field: String
        public var problem: String

        public init(field: String, problem: String) {
            self.field = field
            self.problem = problem
        }
    }

    /// A room or a person a booking claims.
    public enum Resource: Sendable, Equatable {
        case room(Room.ID)
        case interviewer(Interviewer.ID)
        case psychologist(Psychologist.ID)

        public var english: String {
            switch self {
            case .room(let id): "room \(id)"
            case .interviewer(let id): "interviewer \(id)"
            case .psychologist(let id): "psychologist \(id)"
            }
        }
    }
}
