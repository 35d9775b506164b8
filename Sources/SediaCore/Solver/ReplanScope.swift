extension Instance {
    /// The instance for replanning only `cases` (one state's, say), everything else held still.
    ///
    /// A booking of `previous` for a case outside the scope becomes a pin, so the solver keeps it exactly and plans
    /// around the officers, rooms and courts it holds; a task outside the scope that is not booked is left out (it is
    /// another coordinator's to plan), and a case left with nothing to plan is dropped. Moves then count only the
    /// scope's bookings. A hearing outside the scope whose interview is neither booked nor held is left out too: it
    /// could not be kept under rule 10. With `state`, the scope's tasks may use only that state's resources
    /// (`scopeState`), as the booking form allows a coordinator of that state.
    public func replanScope(_ cases: Set<Case.ID>, state: StateInfo.ID? = nil) -> Instance {
        var scoped = self
        scoped.scopeState = state
        let interviews = Dictionary((previous?.interviews ?? []).map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        let hearings = Dictionary((previous?.hearings ?? []).map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        scoped.cases = self.cases.compactMap { item in
            if cases.contains(item.id) { return item }
            var held = item
            if var interview = held.interview, interview.pinned == nil {
                if let b = interviews[item.id] {
                    interview.pinned = PinnedInterview(room: b.room, interviewer: b.interviewer, psychologist: b.psychologist, start: b.start)
                    held.interview = interview
                } else {
                    held.interview = nil
                }
            }
            if var hearing = held.hearing, hearing.pinned == nil {
                if let b = hearings[item.id], held.interview != nil || held.interviewDoneOn != nil {
                    hearing.pinned = PinnedHearing(dates: b.dates, psychologist: b.psychologist)
                    held.hearing = hearing
                } else {
                    held.hearing = nil
                }
            }
            return held.interview == nil && held.hearing == nil ? nil : held
        }
        if var plan = previous {
            plan.interviews = plan.interviews.filter { cases.contains($0.caseID) }
            plan.hearings = plan.hearings.filter { cases.contains($0.caseID) }
            plan.unassigned = plan.unassigned.filter { cases.contains($0.caseID) }
            scoped.previous = plan
        }
        return scoped
    }
}
