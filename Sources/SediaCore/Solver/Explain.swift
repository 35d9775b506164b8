extension Search {
    /// The plan held by the state (the best found), with reasons for every task left unplaced.
    func extractPlan() -> Plan {
        let inst = problem.instance
        var interviews: [InterviewBooking] = []
        var hearings: [HearingBooking] = []
        var unassigned: [Unassigned] = []
        for (k, c) in inst.cases.enumerated() {
            let it = problem.caseInterview[k]
            if it >= 0 {
                if let placement = state.interviewPlacements[it] {
                    interviews.append(
                        InterviewBooking(
                            caseID: c.id,
                            room: inst.centres[placement.centre].rooms.first { problem.roomIndex[$0.id.rawValue] == placement.room }?.id
                                ?? Room.ID(""),
                            interviewer: inst.interviewers[placement.interviewer].id,
                            psychologist: placement.psychologist >= 0 ? inst.psychologists[placement.psychologist].id : nil,
                            start: LocalDateTime(day: problem.date(placement.day), minute: placement.start)))
                } else {
                    unassigned.append(Unassigned(caseID: c.id, task: .interview, reasons: state.explainInterview(it).map(\.english)))
                }
            }
            let ht = problem.caseHearing[k]
            if ht >= 0 {
                if let placement = state.hearingPlacements[ht] {
                    hearings.append(
                        HearingBooking(
                            caseID: c.id, court: inst.courts[problem.hearings[ht].court].id, dates: placement.dates.map { problem.date($0) },
                            psychologist: placement.psychologist >= 0 ? inst.psychologists[placement.psychologist].id : nil))
                } else {
                    unassigned.append(Unassigned(caseID: c.id, task: .hearing, reasons: state.explainHearing(ht).map(\.english)))
                }
            }
        }
        return Plan(instance: inst.name, interviews: interviews, hearings: hearings, unassigned: unassigned, score: state.score)
    }
}

extension SolverState {
    /// Why interview `t` has no place, in a coordinator's words, naming the binding constraint.
    func explainInterview(_ t: Int) -> [UnplacedReason] {
        let task = problem.interviews[t]
        let inst = problem.instance
        let c = inst.cases[task.caseIndex]
        let child = c.child
        var reasons: [UnplacedReason] = []
        if task.centres.isEmpty {
            // Which requirement rules out each centre: look at the centres nearest the child first.
            let near = inst.centres.indices.sorted {
                Verifier.haversineKm(child.lat, child.lon, inst.centres[$0].lat, inst.centres[$0].lon)
                    < Verifier.haversineKm(child.lat, child.lon, inst.centres[$1].lat, inst.centres[$1].lon)
            }
            let limit = inst.travelLimit(c.id)
            for ci in near.prefix(3) {
                let centre = inst.centres[ci]
                let km = Verifier.travelKm(child.lat, child.lon, centre.lat, centre.lon)
                if let limit, km > limit {
                    // The centres are nearest first: every one after this is farther still.
                    reasons.append(.tooFar(centre: centre.id, km: km, limit: limit))
                    break
                }
                let rooms = centre.rooms.filter {
                    $0.features.contains("recording") && (!child.needsAccessibleRoom || $0.features.contains("accessible"))
                }
                let staff = inst.interviewers.filter { $0.centres.contains(centre.id) && $0.maxPerDay > 0 }
                let speakers = staff.filter { !Set($0.languages).isDisjoint(with: child.languages) }
                let matching = speakers.filter { child.interviewerGender == nil || $0.gender == child.interviewerGender }
                if rooms.isEmpty {
                    reasons.append(.noRoom(centre: centre.id, accessible: child.needsAccessibleRoom))
                } else if speakers.isEmpty {
                    reasons.append(.noSpeaker(centre: centre.id, languages: child.languages, gender: nil))
                } else if matching.isEmpty, let g = child.interviewerGender {
                    reasons.append(.noSpeaker(centre: centre.id, languages: child.languages, gender: g))
                } else if child.needsPsychologist {
                    reasons.append(.noPsychologistSpeaker(centre: centre.id, languages: child.languages))
                }
            }
            if reasons.isEmpty { reasons.append(.noCentre) }
            return reasons
        }
        let from = max(task.earliest, 0)
        let to = latestInterviewDay(t)
        if to < from {
            if task.hearing >= 0, let hp = hearingPlacements[task.hearing], let f = hp.dates.first {
                return [.beforeTrial(prepDays: problem.minPrep, trial: problem.date(f), earliest: problem.date(from))]
            }
            return [.afterHorizon(earliest: problem.date(from), horizonEnd: problem.date(problem.horizon - 1))]
        }
        for o in task.centres.prefix(3) {
            let centre = inst.centres[o.centre].id
            let st = problem.centreState[o.centre]
            let days = (from...to).filter { problem.working[st][$0] }
            let staffed = days.filter { d in o.interviewers.contains { problem.ivAvailable[$0 * H + d] } }
            if days.isEmpty {
                reasons.append(.noWorkingDay(centre: centre, from: problem.date(from), to: problem.date(to)))
            } else if staffed.isEmpty {
                reasons.append(.allOnLeave(centre: centre, from: problem.date(from), to: problem.date(to)))
            } else if !o.psychologists.isEmpty, !staffed.contains(where: { d in o.psychologists.contains { problem.psAvailable[$0 * H + d] } }) {
                reasons.append(.noPsychologistAvailable(centre: centre, from: problem.date(from), to: problem.date(to)))
            } else {
                reasons.append(.fullyBooked(centre: centre, from: problem.date(from), to: problem.date(to), psychologists: !o.psychologists.isEmpty))
            }
        }
        return reasons
    }

    /// Why hearing `t` has no place, naming the binding constraint.
    func explainHearing(_ t: Int) -> [UnplacedReason] {
        let task = problem.hearings[t]
        let court = problem.instance.courts[task.court]
        if !task.videoOK { return [.noVideo(court: court.id)] }
        if task.needsPsychologist && task.psychologists.isEmpty { return [.noCourtPsychologist(court: court.id)] }
        guard let release = hearingRelease(t) else {
            if task.interview >= 0 {
                return [.interviewNotPlanned(prepDays: problem.minPrep)]
            }
            return [.noInterview(prepDays: problem.minPrep)]
        }
        let end = problem.date(problem.horizon - 1)
        if release >= problem.horizon {
            return [.trialAfterHorizon(earliest: problem.date(release), horizonEnd: end)]
        }
        let s = problem.sitting[task.court]
        let k0 = problem.nextSitting[task.court][release]
        if s.count - k0 < task.days {
            return [.fewSittingDays(court: court.id, days: task.days, from: problem.date(release), to: end)]
        }
        var freeStarts = 0
        for k in k0...(s.count - task.days)
        where (k..<(k + task.days)).allSatisfy({ courtCount[task.court * H + s[$0]] < problem.courtCap[task.court] }) {
            freeStarts += 1
        }
        if freeStarts == 0 {
            return [.noFreeSitting(court: court.id, from: problem.date(release), to: end, days: task.days)]
        }
        return [.noCourtPsychologistFree(court: court.id, days: task.days, from: problem.date(release), to: end)]
    }
}
