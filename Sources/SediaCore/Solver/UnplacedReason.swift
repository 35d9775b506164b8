/// Why a task has no place: the binding constraint the slot search found, with its facts. Pages render it in the
/// reader's language; `english` is the coordinator's sentence that plans and the CLI print.
public enum UnplacedReason: Sendable, Equatable {
    /// The nearest centre left is beyond the case's travel limit (every one after it is farther still).
    case tooFar(centre: Centre.ID, km: Int, limit: Int)
    /// The centre has no room with recording (accessible too, when the child needs it).
    case noRoom(centre: Centre.ID, accessible: Bool)
    /// No interviewer of the centre speaks one of the child's languages (and is of the gender asked for, when given).
    case noSpeaker(centre: Centre.ID, languages: [String], gender: String?)
    /// No psychologist serving the centre speaks one of the child's languages.
    case noPsychologistSpeaker(centre: Centre.ID, languages: [String])
    /// No centre has a room, an interviewer and a psychologist that fit the child.
    case noCentre
    /// The trial leaves no room before it for the interview and its preparation.
    case beforeTrial(prepDays: Int, trial: Day, earliest: Day)
    /// The interview's earliest day is after the planning period.
    case afterHorizon(earliest: Day, horizonEnd: Day)
    /// The centre's state has no working day in the window.
    case noWorkingDay(centre: Centre.ID, from: Day, to: Day)
    /// Every interviewer who could take it is on leave or out of training in the window.
    case allOnLeave(centre: Centre.ID, from: Day, to: Day)
    /// No psychologist serving the centre is available in the window.
    case noPsychologistAvailable(centre: Centre.ID, from: Day, to: Day)
    /// Rooms and interviewers (and psychologists, when needed) are taken on every working day of the window.
    case fullyBooked(centre: Centre.ID, from: Day, to: Day, psychologists: Bool)
    /// The hearing needs a video link and the court has none.
    case noVideo(court: Court.ID)
    /// The hearing needs a psychologist and none serves the court.
    case noCourtPsychologist(court: Court.ID)
    /// The case's interview is not planned, and the trial needs it held `prepDays` before.
    case interviewNotPlanned(prepDays: Int)
    /// The case has no interview planned or held, and the trial needs one `prepDays` before.
    case noInterview(prepDays: Int)
    /// The trial's earliest day is after the planning period.
    case trialAfterHorizon(earliest: Day, horizonEnd: Day)
    /// The court sits fewer days than the trial needs in the window.
    case fewSittingDays(court: Court.ID, days: Int, from: Day, to: Day)
    /// The court has no run of free sitting days for the trial in the window.
    case noFreeSitting(court: Court.ID, from: Day, to: Day, days: Int)
    /// No psychologist serving the court is free on enough consecutive sitting days.
    case noCourtPsychologistFree(court: Court.ID, days: Int, from: Day, to: Day)
    /// The search itself could not run: an unknown case, a task the case does not have, a pinned task.
    case failed(Suggester.Failure)

    /// The coordinator's sentence, as plans and the CLI print it.
    public var english: String {
        switch self {
        case .tooFar(let centre, let km, let limit): "\(centre) is \(km) km from the child, beyond the \(limit) km travel limit"
        case .noRoom(let centre, let accessible):
            accessible ? "\(centre) has no accessible room with recording" : "\(centre) has no room with recording"
        case .noSpeaker(let centre, let languages, let gender):
            "no \(gender.map { ($0 == "F" ? "female" : $0 == "M" ? "male" : $0) + " " } ?? "")interviewer who speaks \(Self.list(languages)) works at \(centre)"
        case .noPsychologistSpeaker(let centre, let languages): "no psychologist who speaks \(Self.list(languages)) serves \(centre)"
        case .noCentre: "no centre has a room, an interviewer and a psychologist that fit this child"
        case .beforeTrial(let prep, let trial, let earliest):
            "the interview would have to be held \(prep) days before the trial on \(trial), before it may start on \(earliest)"
        case .afterHorizon(let earliest, let end): "the interview may not start before \(earliest), after the planning horizon ends on \(end)"
        case .noWorkingDay(let centre, let from, let to): "\(centre) has no working day between \(from) and \(to)"
        case .allOnLeave(let centre, let from, let to):
            "every interviewer who could take it at \(centre) is on leave or out of training between \(from) and \(to)"
        case .noPsychologistAvailable(let centre, let from, let to): "no psychologist who serves \(centre) is available between \(from) and \(to)"
        case .fullyBooked(let centre, let from, let to, let psychologists):
            "\(centre) is fully booked between \(from) and \(to) (\(psychologists ? "rooms, interviewers or psychologists" : "rooms or interviewers") taken on every working day)"
        case .noVideo(let court): "the hearing needs a video link and \(court) has none"
        case .noCourtPsychologist(let court): "no psychologist serves \(court)"
        case .interviewNotPlanned(let prep): "the case's interview is not planned, and the trial needs it held \(prep) days before"
        case .noInterview(let prep): "the case has no interview planned or held, and the trial needs one \(prep) days before"
        case .trialAfterHorizon(let earliest, let end): "the trial may not start before \(earliest), after the planning horizon ends on \(end)"
        case .fewSittingDays(let court, let days, let from, let to): "\(court) has fewer than \(days) sitting days between \(from) and \(to)"
        case .noFreeSitting(let court, let from, let to, let days):
            "\(court) has no free sitting day between \(from) and \(to) for a \(days)-day trial"
        case .noCourtPsychologistFree(let court, let days, let from, let to):
            "no psychologist serving \(court) is free on \(days) consecutive sitting days between \(from) and \(to)"
        case .failed(let failure): failure.description
        }
    }

    /// "a", "a or b", "a, b or c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
        }
    }
}
