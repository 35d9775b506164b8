#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The independent referee: checks a plan against every hard rule of the planning format and
/// recomputes its score from scratch.
///
/// Deliberately written from the spec alone with plain dictionaries and loops. It shares no
/// code path with the solver's compiled model or incremental scoring, so a bug there cannot
/// hide itself here.
public enum Verifier {
    public static func verify(_ instance: Instance, _ plan: Plan) -> VerificationReport {
        var check = PlanCheck(instance: instance, plan: plan)
        return check.run()
    }
}

struct PlanCheck {
    let instance: Instance
    let plan: Plan
    var violations: [Violation] = []

    init(instance: Instance, plan: Plan) {
        self.instance = instance
        self.plan = plan
    }

    mutating func bad(_ rule: Int, _ caseID: String, _ detail: String) {
        violations.append(Violation(rule: rule, caseID: Case.ID(caseID), detail: detail))
    }

    mutating func badPlan(_ rule: Int, _ detail: String) {
        violations.append(Violation(rule: rule, caseID: nil, detail: detail))
    }

    mutating func run() -> VerificationReport {
        let cases = Dictionary(instance.cases.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        var roomCentre: [String: Centre] = [:]
        var roomFeatures: [String: Set<String>] = [:]
        var roomClosed: [String: [DayRange]] = [:]
        for c in instance.centres {
            for r in c.rooms {
                roomCentre[r.id.rawValue] = c
                roomFeatures[r.id.rawValue] = Set(r.features)
                if !r.closed.isEmpty { roomClosed[r.id.rawValue] = r.closed }
            }
        }
        let interviewersByID = Dictionary(instance.interviewers.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        let psychologistsByID = Dictionary(instance.psychologists.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        let courts = Dictionary(instance.courts.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        let start = instance.planStart
        let end = instance.planEnd
        var workCache: [String: [Int: Bool]] = [:]

        // Rule 0: coverage.
        let requiredInterviews = Set(instance.cases.filter { $0.interview != nil }.map(\.id.rawValue))
        let requiredHearings = Set(instance.cases.filter { $0.hearing != nil }.map(\.id.rawValue))
        struct TaskKey: Hashable, Comparable {
            var caseID: String
            var task: TaskKind
            static func < (a: TaskKey, b: TaskKey) -> Bool { (a.caseID, a.task.rawValue) < (b.caseID, b.task.rawValue) }
        }
        var seen: [TaskKey: [String]] = [:]
        func key(_ c: String, _ t: TaskKind) -> TaskKey { TaskKey(caseID: c, task: t) }
        for x in plan.interviews { seen[key(x.caseID.rawValue, .interview), default: []].append("scheduled") }
        for x in plan.hearings { seen[key(x.caseID.rawValue, .hearing), default: []].append("scheduled") }
        for x in plan.unassigned {
            seen[key(x.caseID.rawValue, x.task), default: []].append("unassigned")
            if x.reasons.isEmpty || x.reasons.contains(where: { $0.allSatisfy(\.isWhitespace) }) {
                bad(0, x.caseID.rawValue, "unassigned \(x.task.rawValue) needs at least one human-readable reason")
            }
        }
        for k in seen.keys.sorted() {
            let c = k.caseID
            let task = k.task.rawValue
            let whereList = seen[k] ?? []
            if cases[c] == nil {
                bad(0, c, "\(task): unknown case")
                continue
            }
            let required = k.task == .interview ? requiredInterviews : requiredHearings
            if !required.contains(c) {
                bad(0, c, "\(task) is not required by the instance (case.\(task) is null) but the plan lists it")
            } else if whereList.count > 1 {
                bad(0, c, "\(task) appears \(whereList.count) times (\(whereList.joined(separator: ", "))); must appear exactly once")
            }
        }
        for c in requiredInterviews.sorted() where seen[key(c, .interview)] == nil {
            bad(0, c, "required interview is neither scheduled nor unassigned")
        }
        for c in requiredHearings.sorted() where seen[key(c, .hearing)] == nil { bad(0, c, "required hearing is neither scheduled nor unassigned") }
        if let pi = plan.instance, pi != instance.name { badPlan(0, "plan is for instance '\(pi)', not '\(instance.name)'") }

        // Rules 1–8: interviews.
        struct Slot {
            var s: Int
            var e: Int
            var c: String
        }
        var plannedIVDate: [String: Day] = [:]
        var byRoom: [String: [Slot]] = [:]
        var byIV: [String: [Slot]] = [:]
        var byPS: [String: [Slot]] = [:]
        var ivCentresDay: [String: Set<String>] = [:]
        var psCentresDay: [String: Set<String>] = [:]
        var psIVDays: [String: Set<Day>] = [:]
        var scoredIV: [(c: String, d: Day, centre: Centre)] = []
        func dayKey(_ id: String, _ d: Day) -> String { id + "@" + d.description }

        for x in plan.interviews {
            let c = x.caseID.rawValue
            guard let cs = cases[c], let iv = cs.interview else { continue }
            let d = x.start.day
            let s = x.start.minute
            let e = s + iv.durationMinutes
            let child = cs.child
            if plannedIVDate[c] == nil { plannedIVDate[c] = d }
            let centre = roomCentre[x.room.rawValue]
            if let centre {
                let st = centre.state.rawValue
                if !isWorking(st, d) {
                    let weekend = instance.states.first { $0.code == centre.state }?.weekend.contains(d.weekday) ?? false
                    bad(1, c, "\(d) (\(d.weekday.rawValue)) is not a working day in \(st) (\(weekend ? "weekend" : "holiday"))")
                }
                if s % instance.gridMinutes != 0 { bad(1, c, "start \(clockText(s)) is not on the \(instance.gridMinutes)-minute grid") }
                if s < centre.open || e > centre.close {
                    bad(
                        1, c,
                        "\(clockText(s))–\(clockText(e)) is outside opening hours \(clockText(centre.open))–\(clockText(centre.close)) of \(centre.id)"
                    )
                }
                for b in centre.breaks where b.days.contains(d.weekday) && s < b.end && b.start < e {
                    bad(
                        1, c,
                        "\(clockText(s))–\(clockText(e)) overlaps the \(d.weekday.rawValue) break \(clockText(b.start))–\(clockText(b.end)) of \(centre.id)"
                    )
                }
            } else {
                bad(1, c, "room '\(x.room)' does not belong to any centre")
            }
            if d < start || d > end { bad(1, c, "\(d) is outside the horizon \(start)…\(end)") }
            if roomClosed[x.room.rawValue]?.contains(where: { $0.contains(d) }) == true { bad(1, c, "room \(x.room) is closed on \(d)") }
            if d < iv.earliest { bad(1, c, "\(d) is before interview.earliest \(iv.earliest)") }
            // Rule 2
            if let feats = roomFeatures[x.room.rawValue] {
                if !feats.contains("recording") { bad(2, c, "room \(x.room) has no 'recording'") }
                if child.needsAccessibleRoom && !feats.contains("accessible") {
                    bad(2, c, "child needs an accessible room; \(x.room) is not 'accessible'")
                }
            }
            if let centre, let limit = instance.travelLimit(cs.id) {
                let km = Verifier.travelKm(child.lat, child.lon, centre.lat, centre.lon)
                if km > limit { bad(2, c, "centre \(centre.id) is \(km) km from the child; maxTravelKm is \(limit)") }
            }
            // Rule 3
            if let io = interviewersByID[x.interviewer.rawValue] {
                if let centre, !io.centres.contains(centre.id) { bad(3, c, "interviewer \(x.interviewer) does not work at \(centre.id)") }
                if let t = io.trainedUntil, t < d { bad(3, c, "interviewer \(x.interviewer) training expired \(t) (< \(d))") }
                if io.unavailable.contains(where: { $0.contains(d) }) { bad(3, c, "interviewer \(x.interviewer) is unavailable on \(d)") }
                if Set(io.languages).isDisjoint(with: child.languages) { bad(3, c, "interviewer \(x.interviewer) shares no language with the child") }
                if let g = child.interviewerGender, io.gender != g { bad(3, c, "interviewer \(x.interviewer) gender \(io.gender) != required \(g)") }
            } else {
                bad(3, c, "unknown interviewer '\(x.interviewer)'")
            }
            // Rule 4
            let pid = x.psychologist?.rawValue
            if child.needsPsychologist && pid == nil { bad(4, c, "child needs a psychologist; none assigned") }
            if !child.needsPsychologist, let pid { bad(4, c, "psychologist \(pid) assigned but the child does not need one") }
            if let pid {
                if let po = psychologistsByID[pid] {
                    if let centre, !po.centres.contains(centre.id) { bad(4, c, "psychologist \(pid) does not serve \(centre.id)") }
                    if Set(po.languages).isDisjoint(with: child.languages) { bad(4, c, "psychologist \(pid) shares no language with the child") }
                    if po.unavailable.contains(where: { $0.contains(d) }) { bad(4, c, "psychologist \(pid) is unavailable on \(d)") }
                } else {
                    bad(4, c, "unknown psychologist '\(pid)'")
                }
            }
            byRoom[dayKey(x.room.rawValue, d), default: []].append(Slot(s: s, e: e, c: c))
            byIV[dayKey(x.interviewer.rawValue, d), default: []].append(Slot(s: s, e: e, c: c))
            if let centre { ivCentresDay[dayKey(x.interviewer.rawValue, d), default: []].insert(centre.id.rawValue) }
            if let pid {
                byPS[dayKey(pid, d), default: []].append(Slot(s: s, e: e, c: c))
                psIVDays[pid, default: []].insert(d)
                if let centre { psCentresDay[dayKey(pid, d), default: []].insert(centre.id.rawValue) }
            }
            // Rule 8
            if let pin = iv.pinned {
                var changes: [String] = []
                if pin.room != x.room { changes.append("room '\(pin.room)'->'\(x.room)'") }
                if pin.interviewer != x.interviewer { changes.append("interviewer '\(pin.interviewer)'->'\(x.interviewer)'") }
                if pin.psychologist != x.psychologist {
                    changes.append("psychologist \(pin.psychologist?.rawValue ?? "None")->\(x.psychologist?.rawValue ?? "None")")
                }
                if pin.start != x.start { changes.append("start \(pin.start)->\(x.start)") }
                if !changes.isEmpty { bad(8, c, "pinned interview changed: " + changes.joined(separator: ", ")) }
            }
            if let centre { scoredIV.append((c, d, centre)) }
        }
        // Rule 5
        for (what, store) in [("room", byRoom), ("interviewer", byIV), ("psychologist", byPS)] {
            for k in store.keys.sorted() {
                let list = (store[k] ?? []).sorted { ($0.s, $0.e, $0.c) < ($1.s, $1.e, $1.c) }
                let parts = k.split(separator: "@")
                for a in 0..<list.count {
                    for b in (a + 1)..<max(a + 1, list.count) {
                        if list[b].s >= list[a].e { break }
                        bad(
                            5, list[b].c,
                            "\(what) \(parts[0]) double-booked on \(parts[1]): overlaps case \(list[a].c) (\(clockText(list[a].s))–\(clockText(list[a].e)) vs \(clockText(list[b].s))–\(clockText(list[b].e)))"
                        )
                    }
                }
            }
        }
        // Rule 6
        for (k, list) in byIV {
            let id = String(k.split(separator: "@")[0])
            if let io = interviewersByID[id], list.count > io.maxPerDay {
                bad(
                    6, list.map(\.c).max() ?? "-",
                    "interviewer \(id) has \(list.count) interviews on \(k.split(separator: "@")[1]) (maxPerDay \(io.maxPerDay))")
            }
        }
        for (k, list) in byPS {
            let id = String(k.split(separator: "@")[0])
            if let po = psychologistsByID[id], list.count > po.maxPerDay {
                bad(
                    6, list.map(\.c).max() ?? "-",
                    "psychologist \(id) has \(list.count) interviews on \(k.split(separator: "@")[1]) (maxPerDay \(po.maxPerDay))")
            }
        }
        // Rule 7 (interviews)
        for (k, cs) in ivCentresDay where cs.count > 1 {
            let parts = k.split(separator: "@")
            bad(
                7, byIV[k]?.map(\.c).max() ?? "-",
                "interviewer \(parts[0]) works at \(cs.count) centres on \(parts[1]): \(cs.sorted().joined(separator: ", "))")
        }
        for (k, cs) in psCentresDay where cs.count > 1 {
            let parts = k.split(separator: "@")
            bad(
                7, byPS[k]?.map(\.c).max() ?? "-",
                "psychologist \(parts[0]) works at \(cs.count) centres on \(parts[1]): \(cs.sorted().joined(separator: ", "))")
        }

        // Rules 9–14: hearings.
        func isSitting(_ k: Court, _ d: Day) -> Bool {
            k.sittingDays.contains(d.weekday) && isWorking(k.state.rawValue, d) && !k.closed.contains { $0.contains(d) }
        }
        var courtDay: [String: [String]] = [:]
        var psHDays: [String: [String]] = [:]
        var scoredH: [(c: String, first: Day, last: Day, state: String)] = []
        for x in plan.hearings {
            let c = x.caseID.rawValue
            guard let cs = cases[c], let h = cs.hearing, !x.dates.isEmpty else { continue }
            let dates = x.dates
            let kid = x.court.rawValue
            let court = courts[kid]
            if let k = court {
                if x.court != h.court { bad(9, c, "court \(kid) is not the case's court \(h.court)") }
                if dates.count != h.days { bad(9, c, "\(dates.count) dates given, hearing needs \(h.days) days") }
                if zip(dates, dates.dropFirst()).contains(where: { $0 >= $1 }) { bad(9, c, "dates are not strictly increasing") }
                for dd in dates where !isSitting(k, dd) {
                    var why: [String] = []
                    if !k.sittingDays.contains(dd.weekday) { why.append("\(dd.weekday.rawValue) is not a sitting day") }
                    if !isWorking(k.state.rawValue, dd) { why.append("not a working day in \(k.state)") }
                    if k.closed.contains(where: { $0.contains(dd) }) { why.append("court closed") }
                    bad(9, c, "\(dd) is not a sitting day of \(kid) (\(why.joined(separator: "; ")))")
                }
                let ds = Array(Set(dates)).sorted()
                for (a, b) in zip(ds, ds.dropFirst()) {
                    var dd = a.adding(days: 1)
                    while dd < b {
                        if isSitting(k, dd) {
                            bad(9, c, "sitting day \(dd) of \(kid) skipped between \(a) and \(b)")
                            break
                        }
                        dd = dd.adding(days: 1)
                    }
                }
                if h.needsVideoLink && !k.videoLink { bad(11, c, "hearing needs a video link; court \(kid) has none") }
                for dd in Set(dates) { courtDay[dayKey(kid, dd), default: []].append(c) }
            } else {
                bad(9, c, "unknown court '\(kid)'")
            }
            let first = dates.min() ?? dates[0]
            if first < h.earliest { bad(10, c, "first date \(first) is before hearing.earliest \(h.earliest)") }
            for dd in dates where dd < start || dd > end { bad(10, c, "date \(dd) is outside the horizon \(start)…\(end)") }
            if let ivd = plannedIVDate[c] ?? cs.interviewDoneOn {
                let gap = ivd.days(to: first)
                if gap < instance.minPrepDays {
                    bad(10, c, "first date \(first) is only \(gap) days after the interview \(ivd) (minPrepDays \(instance.minPrepDays))")
                }
            } else {
                bad(10, c, "hearing planned but the case's interview is neither planned nor done")
            }
            let pid = x.psychologist?.rawValue
            if h.needsPsychologist && pid == nil { bad(13, c, "hearing needs a psychologist; none assigned") }
            if !h.needsPsychologist, let pid { bad(13, c, "psychologist \(pid) assigned but the hearing does not need one") }
            if let pid {
                if let po = psychologistsByID[pid] {
                    if !po.courts.contains(x.court) { bad(13, c, "psychologist \(pid) does not serve court \(kid)") }
                    for dd in dates where po.unavailable.contains(where: { $0.contains(dd) }) {
                        bad(13, c, "psychologist \(pid) is unavailable on \(dd)")
                    }
                    for dd in Set(dates).sorted() { psHDays[dayKey(pid, dd), default: []].append(c) }
                } else {
                    bad(13, c, "unknown psychologist '\(pid)'")
                }
            }
            if let pin = h.pinned, pin.dates != dates || pin.psychologist != x.psychologist {
                bad(
                    14, c,
                    "pinned hearing changed: dates \(pin.dates.map(\.description)) -> \(dates.map(\.description)), psychologist \(pin.psychologist?.rawValue ?? "None") -> \(pid ?? "None")"
                )
            }
            if let k = court { scoredH.append((c, first, dates.max() ?? first, k.state.rawValue)) }
        }
        for (k, cs) in courtDay {
            let parts = k.split(separator: "@")
            if let court = courts[String(parts[0])], cs.count > court.hearingsPerDay {
                bad(12, cs.max() ?? "-", "court \(parts[0]) holds \(cs.count) hearings on \(parts[1]) (hearingsPerDay \(court.hearingsPerDay))")
            }
        }
        for (k, cs) in psHDays {
            let parts = k.split(separator: "@")
            let pid = String(parts[0])
            if cs.count > 1 { bad(13, cs.max() ?? "-", "psychologist \(pid) has \(cs.count) hearings on \(parts[1])") }
            if let d = Day(iso: parts[1]), psIVDays[pid]?.contains(d) == true {
                let ivc = (byPS[k] ?? []).map(\.c).sorted()
                bad(7, cs.min() ?? "-", "psychologist \(pid) is at a hearing on \(parts[1]) and also interviews (\(ivc.joined(separator: ", ")))")
            }
        }
        for x in plan.unassigned {
            guard let cs = cases[x.caseID.rawValue] else { continue }
            if x.task == .interview, cs.interview?.pinned != nil { bad(8, x.caseID.rawValue, "pinned interview is unassigned") }
            if x.task == .hearing, cs.hearing?.pinned != nil { bad(14, x.caseID.rawValue, "pinned hearing is unassigned") }
        }

        // Score.
        let scheduledInterviews = Set(plan.interviews.map(\.caseID.rawValue))
        let scheduledHearings = Set(plan.hearings.map(\.caseID.rawValue))
        let unassigned = requiredInterviews.subtracting(scheduledInterviews).count + requiredHearings.subtracting(scheduledHearings).count
        var late = 0
        var cost = 0
        var counted = Set<String>()
        for (c, d, centre) in scoredIV where counted.insert("i" + c).inserted {
            guard let cs = cases[c], let iv = cs.interview else { continue }
            cost += 10 * workingDays(centre.state.rawValue, from: iv.earliest, to: d, cache: &workCache)
            cost += Verifier.travelKm(cs.child.lat, cs.child.lon, centre.lat, centre.lon)
            if d > iv.targetBy {
                late += 1
                cost += 20 * iv.targetBy.days(to: d)
            }
        }
        for (c, first, last, st) in scoredH where counted.insert("h" + c).inserted {
            guard let h = cases[c]?.hearing else { continue }
            cost += 5 * workingDays(st, from: h.earliest, to: first, cache: &workCache)
            if last > h.deadline {
                late += 1
                cost += 20 * h.deadline.days(to: last)
            }
        }
        var moves = 0
        if let prev = instance.previous {
            var curIV: [String: InterviewBooking] = [:]
            for x in plan.interviews where curIV[x.caseID.rawValue] == nil { curIV[x.caseID.rawValue] = x }
            var curH: [String: HearingBooking] = [:]
            for x in plan.hearings where curH[x.caseID.rawValue] == nil { curH[x.caseID.rawValue] = x }
            for b in prev.interviews where requiredInterviews.contains(b.caseID.rawValue) {
                let x = curIV[b.caseID.rawValue]
                if x == nil || x?.room != b.room || x?.interviewer != b.interviewer || x?.psychologist != b.psychologist || x?.start != b.start {
                    moves += 1
                }
            }
            for b in prev.hearings where requiredHearings.contains(b.caseID.rawValue) {
                let x = curH[b.caseID.rawValue]
                if x == nil || x?.court != b.court || x?.dates != b.dates || x?.psychologist != b.psychologist { moves += 1 }
            }
        }
        cost += 50 * moves
        if instance.previous != nil, let mm = instance.maxMoves, moves > mm {
            badPlan(15, "\(moves) bookings of previous moved; maxMoves is \(mm)")
        }
        let score = Score(unassigned: unassigned, late: late, cost: cost)
        var declared: Score?
        if let ds = plan.score, ds != score {
            declared = ds
            badPlan(0, "declared score \(ds) differs from the verified one \(score)")
        }
        violations.sort { ($0.rule, $0.caseID?.rawValue ?? "-") < ($1.rule, $1.caseID?.rawValue ?? "-") }
        return VerificationReport(violations: violations, score: score, moves: moves, declaredScore: declared)
    }
}
