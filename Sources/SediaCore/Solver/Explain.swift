extension Search {
    /// The plan held by the state (the best found), with reasons for every task left unplaced.
    func extractPlan() -> Plan {
        let inst = p.instance
        var interviews: [InterviewBooking] = []
        var hearings: [HearingBooking] = []
        var unassigned: [Unassigned] = []
        for (k, c) in inst.cases.enumerated() {
            let it = p.caseInterview[k]
            if it >= 0 {
                if let pl = state.ivPlace[it] {
                    interviews.append(
                        InterviewBooking(
                            caseID: c.id, room: inst.centres[pl.centre].rooms.first { p.roomIndex[$0.id.rawValue] == pl.room }?.id ?? Room.ID(""),
                            interviewer: inst.interviewers[pl.interviewer].id,
                            psychologist: pl.psychologist >= 0 ? inst.psychologists[pl.psychologist].id : nil,
                            start: LocalDateTime(day: p.date(pl.day), minute: pl.start)))
                } else {
                    unassigned.append(Unassigned(caseID: c.id, task: .interview, reasons: state.explainInterview(it).map(\.english)))
                }
            }
            let ht = p.caseHearing[k]
            if ht >= 0 {
                if let pl = state.hPlace[ht] {
                    hearings.append(
                        HearingBooking(
                            caseID: c.id, court: inst.courts[p.hearings[ht].court].id, dates: pl.dates.map { p.date($0) },
                            psychologist: pl.psychologist >= 0 ? inst.psychologists[pl.psychologist].id : nil))
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
        let task = p.interviews[t]
        let inst = p.instance
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
            if task.hearing >= 0, let hp = hPlace[task.hearing], let f = hp.dates.first {
                return [.beforeTrial(prepDays: p.minPrep, trial: p.date(f), earliest: p.date(from))]
            }
            return [.afterHorizon(earliest: p.date(from), horizonEnd: p.date(p.horizon - 1))]
        }
        for o in task.centres.prefix(3) {
            let centre = inst.centres[o.centre].id
            let st = p.centreState[o.centre]
            let days = (from...to).filter { p.working[st][$0] }
            let staffed = days.filter { d in o.interviewers.contains { p.ivAvailable[$0 * H + d] } }
            if days.isEmpty {
                reasons.append(.noWorkingDay(centre: centre, from: p.date(from), to: p.date(to)))
            } else if staffed.isEmpty {
                reasons.append(.allOnLeave(centre: centre, from: p.date(from), to: p.date(to)))
            } else if !o.psychologists.isEmpty, !staffed.contains(where: { d in o.psychologists.contains { p.psAvailable[$0 * H + d] } }) {
                reasons.append(.noPsychologistAvailable(centre: centre, from: p.date(from), to: p.date(to)))
            } else {
                reasons.append(.fullyBooked(centre: centre, from: p.date(from), to: p.date(to), psychologists: !o.psychologists.isEmpty))
            }
        }
        return reasons
    }

    /// Why hearing `t` has no place, naming the binding constraint.
    func explainHearing(_ t: Int) -> [UnplacedReason] {
        let task = p.hearings[t]
        let court = p.instance.courts[task.court]
        if !task.videoOK { return [.noVideo(court: court.id)] }
        if task.needsPsychologist && task.psychologists.isEmpty { return [.noCourtPsychologist(court: court.id)] }
        guard let release = hearingRelease(t) else {
            if task.interview >= 0 {
                return [.interviewNotPlanned(prepDays: p.minPrep)]
            }
            return [.noInterview(prepDays: p.minPrep)]
        }
        let end = p.date(p.horizon - 1)
        if release >= p.horizon {
            return [.trialAfterHorizon(earliest: p.date(release), horizonEnd: end)]
        }
        let s = p.sitting[task.court]
        let k0 = p.nextSitting[task.court][release]
        if s.count - k0 < task.days {
            return [.fewSittingDays(court: court.id, days: task.days, from: p.date(release), to: end)]
        }
        var freeStarts = 0
        for k in k0...(s.count - task.days) where (k..<(k + task.days)).allSatisfy({ courtCount[task.court * H + s[$0]] < p.courtCap[task.court] }) {
            freeStarts += 1
        }
        if freeStarts == 0 {
            return [.noFreeSitting(court: court.id, from: p.date(release), to: end, days: task.days)]
        }
        return [.noCourtPsychologistFree(court: court.id, days: task.days, from: p.date(release), to: end)]
    }
}
