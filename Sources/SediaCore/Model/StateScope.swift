/// Which states a resource belongs to, for state-scoped coordinators.
///
/// The rule: a room belongs to its centre's state; an interviewer or psychologist belongs to every state whose centres
/// (or, for a psychologist, courts) they serve; a court to its state. A coordinator of one state may book a resource
/// only when it belongs to their state; booking another state's resource needs that state's coordinator or a national
/// one (no state). Week views of a shared centre or officer show a coordinator only their own state's cases.
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

    /// The resources of an interview booking that do not belong to `state`, as `field: why` lines (empty: allowed).
    public func outsideState(_ booking: InterviewBooking, state: StateInfo.ID) -> [String] {
        var problems: [String] = []
        if !states(ofRoom: booking.room).contains(state) { problems.append("room: \(booking.room) is not a room of \(state)") }
        if !states(ofPerson: booking.interviewer.rawValue).contains(state) {
            problems.append("interviewer: \(booking.interviewer) does not serve \(state)")
        }
        if let p = booking.psychologist, !states(ofPerson: p.rawValue).contains(state) {
            problems.append("psychologist: \(p) does not serve \(state)")
        }
        return problems
    }

    /// The resources of a hearing booking that do not belong to `state`.
    public func outsideState(_ booking: HearingBooking, state: StateInfo.ID) -> [String] {
        var problems: [String] = []
        if let court = courts.first(where: { $0.id == booking.court }), court.state != state {
            problems.append("court: \(booking.court) is not a court of \(state)")
        }
        if let p = booking.psychologist, !states(ofPerson: p.rawValue).contains(state) {
            problems.append("psychologist: \(p) does not serve \(state)")
        }
        return problems
    }
}
