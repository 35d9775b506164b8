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
                    unassigned.append(Unassigned(caseID: c.id, task: .interview, reasons: state.explainInterview(it)))
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
                    unassigned.append(Unassigned(caseID: c.id, task: .hearing, reasons: state.explainHearing(ht)))
                }
            }
        }
        return Plan(instance: inst.name, interviews: interviews, hearings: hearings, unassigned: unassigned, score: state.score)
    }
}

extension SolverState {
    private func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
        }
    }

    /// Why interview `t` has no place, in a coordinator's words, naming the binding constraint.
    func explainInterview(_ t: Int) -> [String] {
        let task = p.interviews[t]
        let inst = p.instance
        let c = inst.cases[task.caseIndex]
        let child = c.child
        let langs = list(child.languages)
        var reasons: [String] = []
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
                    reasons.append("\(centre.id) is \(km) km from the child, beyond the \(limit) km travel limit")
                    break
                }
                let rooms = centre.rooms.filter {
                    $0.features.contains("recording") && (!child.needsAccessibleRoom || $0.features.contains("accessible"))
                }
                let staff = inst.interviewers.filter { $0.centres.contains(centre.id) && $0.maxPerDay > 0 }
                let speakers = staff.filter { !Set($0.languages).isDisjoint(with: child.languages) }
                let matching = speakers.filter { child.interviewerGender == nil || $0.gender == child.interviewerGender }
                if rooms.isEmpty {
                    reasons.append(
                        child.needsAccessibleRoom ? "\(centre.id) has no accessible room with recording" : "\(centre.id) has no room with recording")
                } else if speakers.isEmpty {
                    reasons.append("no interviewer who speaks \(langs) works at \(centre.id)")
                } else if matching.isEmpty, let g = child.interviewerGender {
                    reasons.append("no \(g == "F" ? "female" : g == "M" ? "male" : g) interviewer who speaks \(langs) works at \(centre.id)")
                } else if child.needsPsychologist {
                    reasons.append("no psychologist who speaks \(langs) serves \(centre.id)")
                }
            }
            if reasons.isEmpty { reasons.append("no centre has a room, an interviewer and a psychologist that fit this child") }
            return reasons
        }
        let from = max(task.earliest, 0)
        let to = latestInterviewDay(t)
        if to < from {
            if task.hearing >= 0, let hp = hPlace[task.hearing], let f = hp.dates.first {
                return [
                    "the interview would have to be held \(p.minPrep) days before the trial on \(p.date(f)), before it may start on \(p.date(from))"
                ]
            }
            return ["the interview may not start before \(p.date(from)), after the planning horizon ends on \(p.date(p.horizon - 1))"]
        }
        for o in task.centres.prefix(3) {
            let centre = inst.centres[o.centre].id
            let st = p.centreState[o.centre]
            let days = (from...to).filter { p.working[st][$0] }
            let staffed = days.filter { d in o.interviewers.contains { p.ivAvailable[$0 * H + d] } }
            if days.isEmpty {
                reasons.append("\(centre) has no working day between \(p.date(from)) and \(p.date(to))")
            } else if staffed.isEmpty {
                reasons.append(
                    "every interviewer who could take it at \(centre) is on leave or out of training between \(p.date(from)) and \(p.date(to))")
            } else if !o.psychologists.isEmpty, !staffed.contains(where: { d in o.psychologists.contains { p.psAvailable[$0 * H + d] } }) {
                reasons.append("no psychologist who serves \(centre) is available between \(p.date(from)) and \(p.date(to))")
            } else {
                var what = ["rooms", "interviewers"]
                if !o.psychologists.isEmpty { what.append("psychologists") }
                reasons.append("\(centre) is fully booked between \(p.date(from)) and \(p.date(to)) (\(list(what)) taken on every working day)")
            }
        }
        return reasons
    }

    /// Why hearing `t` has no place, naming the binding constraint.
    func explainHearing(_ t: Int) -> [String] {
        let task = p.hearings[t]
        let court = p.instance.courts[task.court]
        if !task.videoOK { return ["the hearing needs a video link and \(court.id) has none"] }
        if task.needsPsychologist && task.psychologists.isEmpty { return ["no psychologist serves \(court.id)"] }
        guard let release = hearingRelease(t) else {
            if task.interview >= 0 {
                return ["the case's interview is not planned, and the trial needs it held \(p.minPrep) days before"]
            }
            return ["the case has no interview planned or held, and the trial needs one \(p.minPrep) days before"]
        }
        let end = p.date(p.horizon - 1)
        if release >= p.horizon {
            return ["the trial may not start before \(p.date(release)), after the planning horizon ends on \(end)"]
        }
        let s = p.sitting[task.court]
        let k0 = p.nextSitting[task.court][release]
        if s.count - k0 < task.days {
            return ["\(court.id) has fewer than \(task.days) sitting days between \(p.date(release)) and \(end)"]
        }
        var freeStarts = 0
        for k in k0...(s.count - task.days) where (k..<(k + task.days)).allSatisfy({ courtCount[task.court * H + s[$0]] < p.courtCap[task.court] }) {
            freeStarts += 1
        }
        if freeStarts == 0 {
            return ["\(court.id) has no free sitting day between \(p.date(release)) and \(end) for a \(task.days)-day trial"]
        }
        return ["no psychologist serving \(court.id) is free on \(task.days) consecutive sitting days between \(p.date(release)) and \(end)"]
    }
}
