extension SolverState {
    /// A scored candidate placement: lateness first, then cost (moves included).
    struct Candidate<P> {
        var late: Int
        var cost: Int
        var placement: P

        func better(than other: Candidate<P>?) -> Bool {
            guard let other else { return true }
            return (late, cost) < (other.late, other.cost)
        }
    }

    /// The last day the interview may take place: its hearing, if placed, needs the preparation days.
    func latestInterviewDay(_ t: Int) -> Int {
        let h = problem.interviews[t].hearing
        if h >= 0, let hp = hearingPlacements[h], let first = hp.dates.min() { return min(H - 1, first - problem.minPrep) }
        return H - 1
    }

    /// The first day the hearing may start: after `earliest` and the preparation days after the interview.
    func hearingRelease(_ t: Int) -> Int? {
        let task = problem.hearings[t]
        var release = max(task.earliest, 0)
        if task.interview >= 0 {
            guard let ip = interviewPlacements[task.interview] else { return nil }
            release = max(release, ip.day + problem.minPrep)
        } else if let done = task.doneOn {
            release = max(release, done + problem.minPrep)
        } else {
            return nil
        }
        return release
    }

    /// A room, interviewer (and psychologist) for interview `t` at option `oi` on day `d`, if any is free.
    func findSlot(_ t: Int, option oi: Int, day d: Int) -> CompiledProblem.Placement? {
        let o = problem.interviews[t].centres[oi]
        let table = tables[Int(tableIndex[t][oi * 7 + problem.weekdayOf[d]])]
        let centre = Int32(o.centre)
        let needsPsy = !o.psychologists.isEmpty
        let nStarts = table.starts.count
        let nIV = o.interviewers.count
        let nPS = o.psychologists.count
        let r = rotation
        for k0 in 0..<nStarts {
            let k = r == 0 ? k0 : (k0 + r) % nStarts
            guard let room = o.rooms.first(where: { !problem.roomClosed[$0 * H + d] && free(roomBusy, ($0 * H + d) * W, table, k) }) else { continue }
            for j in 0..<nIV {
                let i = o.interviewers[r == 0 ? j : (j + r / 7) % nIV]
                let idx = i * H + d
                guard problem.ivAvailable[idx], ivCount[idx] < problem.ivMax[i], ivCentre[idx] < 0 || ivCentre[idx] == centre,
                    free(ivBusy, idx * W, table, k)
                else {
                    continue
                }
                if !needsPsy {
                    return .init(day: d, start: table.starts[k], room: room, interviewer: i, psychologist: -1, centre: o.centre)
                }
                for q in 0..<nPS {
                    let ps = o.psychologists[r == 0 ? q : (q + r / 3) % nPS]
                    let pidx = ps * H + d
                    if problem.psAvailable[pidx], psHearing[pidx] == 0, psCount[pidx] < problem.psMax[ps],
                        psCentre[pidx] < 0 || psCentre[pidx] == centre,
                        free(psBusy, pidx * W, table, k)
                    {
                        return .init(day: d, start: table.starts[k], room: room, interviewer: i, psychologist: ps, centre: o.centre)
                    }
                }
                break  // no psychologist at this start: another interviewer will not change that
            }
        }
        return nil
    }

    /// Whether the interview can be booked exactly as `placement` against the current state.
    func interviewFits(_ t: Int, _ placement: CompiledProblem.Placement) -> Bool {
        let task = problem.interviews[t]
        guard placement.day >= max(0, task.earliest), placement.day <= latestInterviewDay(t),
            let oi = task.centres.firstIndex(where: { $0.centre == placement.centre }),
            problem.isWorking(state: problem.centreState[placement.centre], day: placement.day)
        else { return false }
        let o = task.centres[oi]
        guard o.rooms.contains(placement.room), o.interviewers.contains(placement.interviewer) else { return false }
        if o.psychologists.isEmpty != (placement.psychologist < 0) { return false }
        if placement.psychologist >= 0 && !o.psychologists.contains(placement.psychologist) { return false }
        let table = tables[Int(tableIndex[t][oi * 7 + problem.weekdayOf[placement.day]])]
        guard let k = table.starts.firstIndex(of: placement.start) else { return false }
        let d = placement.day
        let centre = Int32(placement.centre)
        guard !problem.roomClosed[placement.room * H + d], free(roomBusy, (placement.room * H + d) * W, table, k) else { return false }
        let idx = placement.interviewer * H + d
        guard problem.ivAvailable[idx], ivCount[idx] < problem.ivMax[placement.interviewer], ivCentre[idx] < 0 || ivCentre[idx] == centre,
            free(ivBusy, idx * W, table, k)
        else { return false }
        if placement.psychologist >= 0 {
            let ps = placement.psychologist
            let pidx = ps * H + d
            guard problem.psAvailable[pidx], psHearing[pidx] == 0, psCount[pidx] < problem.psMax[ps], psCentre[pidx] < 0 || psCentre[pidx] == centre,
                free(psBusy, pidx * W, table, k)
            else { return false }
        }
        return true
    }

    /// The best placement of interview `t` against the current state (lexicographic lateness, cost),
    /// counting the move when it differs from the previous booking.
    func bestInterview(_ t: Int) -> Candidate<CompiledProblem.Placement>? {
        let task = problem.interviews[t]
        var best: Candidate<CompiledProblem.Placement>?
        if task.hadPrevious, let prev = task.previous, interviewFits(t, prev) {
            let c = ivCost(t, centre: prev.centre, travel: travel(t, centre: prev.centre), day: prev.day)
            best = Candidate(late: c.late, cost: c.cost, placement: prev)
        }
        let movePenalty = task.hadPrevious ? 50 : 0
        let from = max(task.earliest, 0)
        let to = latestInterviewDay(t)
        guard from <= to else { return best }
        for d in from...to {
            var anyBetter = false
            for (oi, o) in task.centres.enumerated() {
                var c = ivCost(t, centre: o.centre, travel: o.travel, day: d)
                c.cost += movePenalty
                if let b = best, (c.late, c.cost) >= (b.late, b.cost) { continue }
                anyBetter = true
                guard problem.working[problem.centreState[o.centre]][d] else { continue }
                if let placement = findSlot(t, option: oi, day: d) { best = Candidate(late: c.late, cost: c.cost, placement: placement) }
            }
            if !anyBetter { break }  // costs only grow with the day
        }
        return best
    }

    /// Whether the hearing can be booked exactly as `placement` against the current state.
    func hearingFits(_ t: Int, _ placement: CompiledProblem.HearingPlacement) -> Bool {
        let task = problem.hearings[t]
        guard task.videoOK, placement.dates.count == task.days, let release = hearingRelease(t), let first = placement.dates.first, first >= release,
            first < H
        else { return false }
        let s = problem.sitting[task.court]
        let k = problem.nextSitting[task.court][first]
        guard k + task.days <= s.count, Array(s[k..<k + task.days]) == placement.dates else { return false }
        for d in placement.dates where courtCount[task.court * H + d] >= problem.courtCap[task.court] { return false }
        if task.needsPsychologist != (placement.psychologist >= 0) { return false }
        if placement.psychologist >= 0 {
            guard task.psychologists.contains(placement.psychologist), psychologistFree(placement.psychologist, placement.dates) else { return false }
        }
        return true
    }

    func psychologistFree(_ ps: Int, _ dates: some Sequence<Int>) -> Bool {
        for d in dates {
            let idx = ps * H + d
            if !problem.psAvailable[idx] || psHearing[idx] > 0 || psCount[idx] > 0 { return false }
        }
        return true
    }

    /// The earliest feasible placement of hearing `t` (its cost only grows with the start),
    /// or its previous booking when keeping that is cheaper than moving.
    func bestHearing(_ t: Int) -> Candidate<CompiledProblem.HearingPlacement>? {
        let task = problem.hearings[t]
        guard task.videoOK, let release = hearingRelease(t), release < H else { return nil }
        var best: Candidate<CompiledProblem.HearingPlacement>?
        if task.hadPrevious, let prev = task.previous, hearingFits(t, prev), let f = prev.dates.first, let l = prev.dates.last {
            let c = hCost(t, first: f, last: l)
            best = Candidate(late: c.late, cost: c.cost, placement: prev)
        }
        let s = problem.sitting[task.court]
        let cap = problem.courtCap[task.court]
        let base = task.court * H
        var k = problem.nextSitting[task.court][release]
        while k + task.days <= s.count {
            var blocked = -1
            for j in k..<(k + task.days) where courtCount[base + s[j]] >= cap {
                blocked = j
                break
            }
            if blocked >= 0 {
                k = blocked + 1
                continue
            }
            var psy = -1
            if task.needsPsychologist {
                let dates = s[k..<(k + task.days)]
                guard let ps = task.psychologists.first(where: { psychologistFree($0, dates) }) else {
                    k += 1
                    continue
                }
                psy = ps
            }
            var c = hCost(t, first: s[k], last: s[k + task.days - 1])
            if task.hadPrevious { c.cost += 50 }
            let cand = Candidate(
                late: c.late, cost: c.cost, placement: CompiledProblem.HearingPlacement(dates: Array(s[k..<(k + task.days)]), psychologist: psy))
            return cand.better(than: best) ? cand : best
        }
        return best
    }
}
