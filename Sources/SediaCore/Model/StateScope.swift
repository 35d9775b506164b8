/// Which states a signed-in person's pages cover: every state (`national`) or one (`state`).
///
/// It is geography only: it never grants a page or an action by itself (the role does that). `User.scope` in
/// SediaStore decides it, once, for every page, query and job: an admin, or an account without a state, is national;
/// any other account covers its own state. A replan, a what-if or a case-list filter of one state carries `state`;
/// a national one carries nil.
public enum StateScope: Sendable, Equatable, Hashable {
    /// Every state.
    case national
    /// One state, by its ISO 3166-2:MY code (`StateInfo.ID.rawValue`).
    case state(String)

    /// The scope of an optional state code: nil is national.
    public init(_ state: String?) { self = state.map { .state($0) } ?? .national }

    /// The one state, or nil when national (for SQL filters and job scopes, where nil means every state).
    public var state: String? {
        switch self {
        case .national: nil
        case .state(let code): code
        }
    }

    /// Whether the scope covers every state.
    public var isNational: Bool { self == .national }

    /// Whether `state` lies inside the scope; a national scope contains every state, even one it does not know.
    public func contains(_ state: String) -> Bool {
        switch self {
        case .national: true
        case .state(let code): code == state
        }
    }

    /// Whether `state` lies inside the scope.
    public func contains(_ state: StateInfo.ID) -> Bool { contains(state.rawValue) }

    /// Whether a scope asked for (a job's, a what-if's: nil is national) lies inside this one: a national scope covers
    /// every scope, a state's only its own.
    public func covers(_ other: String?) -> Bool {
        switch self {
        case .national: true
        case .state(let code): other == code
        }
    }
}

/// Which states a resource belongs to, for state-scoped coordinators.
///
/// The rule: a room belongs to its centre's state; an interviewer or psychologist belongs to every state whose centres
/// (or, for a psychologist, courts) they serve; a court to its state. A coordinator of one state may book a resource
/// only when it belongs to their state; booking another state's resource needs that state's coordinator or a national
/// one (no state). Week views of a shared centre or officer show a coordinator only their own state's cases. A replan
/// of one state (`replanScope(_:state:)`) gives the solver only that state's resources, and applying its plan checks
/// every changed booking with the same rule (`outsideState(_:changedFrom:state:)`).
extension Instance {
    /// The states of a room (one, or none when the room is unknown).
    public func states(ofRoom room: Room.ID) -> Set<StateInfo.ID> {
        Set(centres.filter { $0.rooms.contains { $0.id == room } }.map(\.state))
    }

    /// The states an interviewer or psychologist serves (empty when the person is unknown).
    public func states(ofPerson person: String) -> Set<StateInfo.ID> {
        let centreStates = Dictionary(centres.map { ($0.id, $0.state) }, uniquingKeysWith: { a, _ in a })
        let courtStates = Dictionary(courts.map { ($0.id, $0.state) }, uniquingKeysWith: { a, _ in a })
        if let officer = interviewers.first(where: { $0.id.rawValue == person }) {
            return Set(officer.centres.compactMap { centreStates[$0] })
        }
        if let psychologist = psychologists.first(where: { $0.id.rawValue == person }) {
            return Set(psychologist.centres.compactMap { centreStates[$0] } + psychologist.courts.compactMap { courtStates[$0] })
        }
        return []
    }

    /// Everything that belongs to `state` under the rule above, for checking many bookings at once.
    public func resources(of state: StateInfo.ID) -> StateResources {
        let centreIDs = Set(centres.filter { $0.state == state }.map(\.id))
        let courtIDs = Set(courts.filter { $0.state == state }.map(\.id))
        return StateResources(
            rooms: Set(centres.filter { $0.state == state }.flatMap { $0.rooms.map(\.id) }),
            interviewers: Set(interviewers.filter { $0.centres.contains(where: centreIDs.contains) }.map(\.id)),
            psychologists: Set(
                psychologists.filter { $0.centres.contains(where: centreIDs.contains) || $0.courts.contains(where: courtIDs.contains) }.map(\.id)),
            courts: courtIDs)
    }

    /// The resources of an interview booking that do not belong to `state`, as `field: why` lines (empty: allowed).
    public func outsideState(_ booking: InterviewBooking, state: StateInfo.ID) -> [String] {
        resources(of: state).outside(booking, state: state)
    }

    /// The resources of a hearing booking that do not belong to `state`.
    public func outsideState(_ booking: HearingBooking, state: StateInfo.ID) -> [String] {
        resources(of: state).outside(booking, state: state)
    }

    /// The resources outside `state` of every booking of `plan` that differs from `stored` (new or moved), each line
    /// naming its case: a replan of one state may keep another state's resource a case already holds, never take one.
    public func outsideState(_ plan: Plan, changedFrom stored: Plan, state: StateInfo.ID) -> [String] {
        let mine = resources(of: state)
        let oldInterviews = Dictionary(stored.interviews.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        let oldHearings = Dictionary(stored.hearings.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        let interviews = plan.interviews.filter { oldInterviews[$0.caseID] != $0 }.flatMap { b in
            mine.outside(b, state: state).map { "case \(b.caseID) \($0)" }
        }
        let hearings = plan.hearings.filter { oldHearings[$0.caseID] != $0 }.flatMap { b in
            mine.outside(b, state: state).map { "case \(b.caseID) \($0)" }
        }
        return interviews + hearings
    }
}

/// The rooms, officers, psychologists and courts of one state (`Instance.resources(of:)`): the one scope rule as sets.
public struct StateResources: Sendable, Equatable {
    public var rooms: Set<Room.ID>
    public var interviewers: Set<Interviewer.ID>
    public var psychologists: Set<Psychologist.ID>
    public var courts: Set<Court.ID>

    public init(rooms: Set<Room.ID>, interviewers: Set<Interviewer.ID>, psychologists: Set<Psychologist.ID>, courts: Set<Court.ID>) {
        self.rooms = rooms
        self.interviewers = interviewers
        self.psychologists = psychologists
        self.courts = courts
    }

    /// `field: why` lines for the parts of an interview booking that are not the state's.
    public func outside(_ booking: InterviewBooking, state: StateInfo.ID) -> [String] {
        var problems: [String] = []
        if !rooms.contains(booking.room) { problems.append("room: \(booking.room) is not a room of \(state)") }
        if !interviewers.contains(booking.interviewer) { problems.append("interviewer: \(booking.interviewer) does not serve \(state)") }
        if let p = booking.psychologist, !psychologists.contains(p) { problems.append("psychologist: \(p) does not serve \(state)") }
        return problems
    }

    /// `field: why` lines for the parts of a hearing booking that are not the state's.
    public func outside(_ booking: HearingBooking, state: StateInfo.ID) -> [String] {
        var problems: [String] = []
        if !courts.contains(booking.court) { problems.append("court: \(booking.court) is not a court of \(state)") }
        if let p = booking.psychologist, !psychologists.contains(p) { problems.append("psychologist: \(p) does not serve \(state)") }
        return problems
    }
}
