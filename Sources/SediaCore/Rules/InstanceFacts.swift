extension RuleBook {
    /// The disposal target date of a case registered on `registeredOn`: for the named court, or the state's ordinary court
    /// when the id is nil or not in courts.yaml. Nil where no target is published (Sabah and Sarawak ordinary courts).
    ///
    /// The instance generator fills `hearing.deadline` with this.
    public func disposalDue(court: Court.ID?, state: StateInfo.ID, registeredOn: Day) -> Day? {
        let profile = court.flatMap { id in courts.first { $0.id == id } } ?? self.court(id: nil, state: state)
        guard let profile else { return nil }
        return disposalTarget(court: profile, registeredOn: registeredOn)?.due
    }

    /// The interview target of a case reported on `reportedOn` in `state` (local policy, rules/interview.yaml rule
    /// `interview-target`), counted with that state's working calendar. The instance generator fills `interview.targetBy` with this.
    public func interviewTarget(state: StateInfo.ID, reportedOn: Day, calendars: WorkingCalendars) -> Day? {
        guard let rule = rules.first(where: { $0.id == "interview-target" }), let calendar = calendars[state] else { return nil }
        return ComputationOfTime.compute(rule.timing, from: reportedOn, calendar: calendar).due
    }

    /// What the rules can know of each case of a planning instance, with the plan's bookings as the interview and trial dates.
    ///
    /// - report: `interview.earliest` (the day the interview could first be held), when the case still needs an interview;
    /// - interview: the planned interview's day, else `interviewDoneOn`;
    /// - registration: `hearing.registeredOn`; trial: the first planned hearing date, else the pinned dates;
    /// - the court: the hearing's court when courts.yaml knows its id, else the default court of the instance court's state;
    /// - conditions: psychologist, live link, interpreter, recording in another language (the child speaks no Bahasa
    ///   Malaysia), disability (an accessible room), turning 18 (age 17 or more: the instance has no birthday).
    /// The instance has no charge date, so charge-based rules (`ptc`, `trial-start`) are left out.
    public func caseFacts(instance: Instance, plan: Plan?) -> [CaseFacts] {
        let courtState = Dictionary(instance.courts.map { ($0.id, $0.state) }, uniquingKeysWith: { a, _ in a })
        var roomState: [Room.ID: StateInfo.ID] = [:]
        for c in instance.centres { for r in c.rooms { roomState[r.id] = c.state } }
        let interviews = Dictionary((plan?.interviews ?? []).map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        let hearings = Dictionary((plan?.hearings ?? []).map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        let fallbackState = instance.centres.first?.state ?? instance.states.first?.code ?? StateInfo.ID("MY-14")
        return instance.cases.map { c in
            var events: [CaseEvent: Day] = [:]
            if let request = c.interview { events[.report] = request.earliest }
            if let booked = interviews[c.id] {
                events[.interview] = booked.start.day
            } else if let pinned = c.interview?.pinned {
                events[.interview] = pinned.start.day
            } else if let done = c.interviewDoneOn {
                events[.interview] = done
            }
            var court: Court.ID?
            var state = fallbackState
            var trialEnd: Day?
            if let hearing = c.hearing {
                if let registered = hearing.registeredOn { events[.registration] = registered }
                let trialDates = hearings[c.id]?.dates ?? hearing.pinned?.dates ?? []
                if let first = trialDates.min() { events[.trial] = first }
                trialEnd = trialDates.max()
                state = courtState[hearing.court] ?? state
                court = courts.contains(where: { $0.id == hearing.court }) ? hearing.court : nil
            } else if let booked = interviews[c.id], let s = roomState[booked.room] {
                state = s
            }
            var conditions = Set<ReadinessCondition>()
            if c.child.needsPsychologist || c.hearing?.needsPsychologist == true { conditions.insert(.psychologistNeeded) }
            if c.hearing?.needsVideoLink == true { conditions.insert(.liveLinkOrScreen) }
            // Courts sit in Bahasa Malaysia (English also allowed): any other language needs an interpreter.
            if !c.child.languages.isEmpty && !c.child.languages.contains("ms") && !c.child.languages.contains("en") {
                conditions.insert(.interpreterNeeded)
            }
            // The recording is in the child's language: a child who does not speak Bahasa Malaysia was interviewed in another.
            if !c.child.languages.isEmpty && !c.child.languages.contains("ms") { conditions.insert(.recordingInOtherLanguage) }
            // A child who needs an accessible room has a disability the court must provide for.
            if c.child.needsAccessibleRoom { conditions.insert(.childWithDisability) }
            // The instance gives an age, not a birthday: a 17-year-old may turn 18 before or during the trial.
            if c.child.age >= 17 { conditions.insert(.childTurns18) }
            return CaseFacts(id: c.id, state: state, court: court, events: events, conditions: conditions, trialEnd: trialEnd)
        }
    }
}
