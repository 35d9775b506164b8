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

/// A room's or person's day: `id@day`, ordered as that text (the reference checker's order).
struct DayKey: Hashable, Comparable {
    var id: String
    var day: Day

    var text: String { id + "@" + day.description }

    static func < (a: DayKey, b: DayKey) -> Bool { a.text < b.text }
}

struct PlanCheck {
    let instance: Instance
    let plan: Plan
    var violations: [Violation] = []

    init(instance: Instance, plan: Plan) {
        self.instance = instance
        self.plan = plan
    }

    mutating func bad(_ caseID: String, _ kind: Violation.Kind) {
        violations.append(Violation(caseID: Case.ID(caseID), kind))
    }

    mutating func badPlan(_ kind: Violation.Kind) {
        violations.append(Violation(caseID: nil, kind))
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
                bad(x.caseID.rawValue, .unassignedWithoutReason(x.task))
            }
        }
        for k in seen.keys.sorted() {
            let c = k.caseID
            let whereList = seen[k] ?? []
            if cases[c] == nil {
                bad(c, .unknownCase(k.task))
                continue
            }
            let required = k.task == .interview ? requiredInterviews : requiredHearings
            if !required.contains(c) {
                bad(c, .notRequired(k.task))
            } else if whereList.count > 1 {
                let scheduled = whereList.count { $0 == "scheduled" }
                bad(c, .listedMoreThanOnce(k.task, scheduled: scheduled, unassigned: whereList.count - scheduled))
            }
        }
        for c in requiredInterviews.sorted() where seen[key(c, .interview)] == nil {
            bad(c, .missing(.interview))
        }
        for c in requiredHearings.sorted() where seen[key(c, .hearing)] == nil { bad(c, .missing(.hearing)) }
        if let pi = plan.instance, pi != instance.name { badPlan(.otherInstance(plan: pi, instance: instance.name)) }

        // Rules 1–8: interviews.
        struct Slot {
            var s: Int
            var e: Int
            var c: String
        }
        var plannedIVDate: [String: Day] = [:]
        var byRoom: [DayKey: [Slot]] = [:]
        var byIV: [DayKey: [Slot]] = [:]
        var byPS: [DayKey: [Slot]] = [:]
        var ivCentresDay: [DayKey: Set<String>] = [:]
        var psCentresDay: [DayKey: Set<String>] = [:]
        var psIVDays: [String: Set<Day>] = [:]
        var scoredIV: [(c: String, d: Day, centre: Centre)] = []
        func dayKey(_ id: String, _ d: Day) -> DayKey { DayKey(id: id, day: d) }

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
                    bad(c, .notWorkingDay(d, state: centre.state, weekend: weekend))
                }
                if s % instance.gridMinutes != 0 { bad(c, .offGrid(start: s, grid: instance.gridMinutes)) }
                if s < centre.open || e > centre.close {
                    bad(c, .outsideOpeningHours(start: s, end: e, open: centre.open, close: centre.close, centre: centre.id))
                }
                for b in centre.breaks where b.days.contains(d.weekday) && s < b.end && b.start < e {
                    bad(c, .duringBreak(start: s, end: e, weekday: d.weekday, breakStart: b.start, breakEnd: b.end, centre: centre.id))
                }
            } else {
                bad(c, .roomWithoutCentre(x.room))
            }
            if d < start || d > end { bad(c, .interviewOutsideHorizon(d, start: start, end: end)) }
            if roomClosed[x.room.rawValue]?.contains(where: { $0.contains(d) }) == true { bad(c, .roomClosed(x.room, d)) }
            if d < iv.earliest { bad(c, .interviewBeforeEarliest(d, earliest: iv.earliest)) }
            // Rule 2
            if let feats = roomFeatures[x.room.rawValue] {
                if !feats.contains("recording") { bad(c, .noRecording(x.room)) }
                if child.needsAccessibleRoom && !feats.contains("accessible") {
                    bad(c, .notAccessible(x.room))
                }
            }
            if let centre, let limit = instance.travelLimit(cs.id) {
                let km = Verifier.travelKm(child.lat, child.lon, centre.lat, centre.lon)
                if km > limit { bad(c, .tooFar(centre: centre.id, km: km, limit: limit)) }
            }
            // Rule 3
            if let io = interviewersByID[x.interviewer.rawValue] {
                if let centre, !io.centres.contains(centre.id) { bad(c, .interviewerNotAtCentre(x.interviewer, centre.id)) }
                if let t = io.trainedUntil, t < d { bad(c, .trainingExpired(x.interviewer, until: t, on: d)) }
                if io.unavailable.contains(where: { $0.contains(d) }) { bad(c, .interviewerUnavailable(x.interviewer, d)) }
                if Set(io.languages).isDisjoint(with: child.languages) { bad(c, .interviewerNoLanguage(x.interviewer)) }
                if let g = child.interviewerGender, io.gender != g { bad(c, .interviewerGender(x.interviewer, gender: io.gender, required: g)) }
            } else {
                bad(c, .unknownInterviewer(x.interviewer))
            }
            // Rule 4
            let pid = x.psychologist?.rawValue
            if child.needsPsychologist && pid == nil { bad(c, .psychologistMissing(.interview)) }
            if !child.needsPsychologist, let pid { bad(c, .psychologistNotNeeded(Psychologist.ID(pid), .interview)) }
            if let pid {
                if let po = psychologistsByID[pid] {
                    if let centre, !po.centres.contains(centre.id) { bad(c, .psychologistNotAtCentre(po.id, centre.id)) }
                    if Set(po.languages).isDisjoint(with: child.languages) { bad(c, .psychologistNoLanguage(po.id)) }
                    if po.unavailable.contains(where: { $0.contains(d) }) { bad(c, .psychologistUnavailable(po.id, d, .interview)) }
                } else {
                    bad(c, .unknownPsychologist(Psychologist.ID(pid), .interview))
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
                var changes: [Violation.PinnedChange] = []
                if pin.room != x.room { changes.append(.room(from: pin.room, to: x.room)) }
                if pin.interviewer != x.interviewer { changes.append(.interviewer(from: pin.interviewer, to: x.interviewer)) }
                if pin.psychologist != x.psychologist { changes.append(.psychologist(from: pin.psychologist, to: x.psychologist)) }
                if pin.start != x.start { changes.append(.start(from: pin.start, to: x.start)) }
                if !changes.isEmpty { bad(c, .pinnedInterviewChanged(changes)) }
            }
            if let centre { scoredIV.append((c, d, centre)) }
        }
        // Rule 5
        let resources: [((String) -> Violation.Resource, [DayKey: [Slot]])] = [
            ({ .room(Room.ID($0)) }, byRoom), ({ .interviewer(Interviewer.ID($0)) }, byIV), ({ .psychologist(Psychologist.ID($0)) }, byPS),
        ]
        for (resource, store) in resources {
            for k in store.keys.sorted() {
                let list = (store[k] ?? []).sorted { ($0.s, $0.e, $0.c) < ($1.s, $1.e, $1.c) }
                for a in 0..<list.count {
                    for b in (a + 1)..<max(a + 1, list.count) {
                        if list[b].s >= list[a].e { break }
                        let (x, y) = (list[a], list[b])
                        bad(y.c, .doubleBooked(resource(k.id), k.day, other: Case.ID(x.c), otherStart: x.s, otherEnd: x.e, start: y.s, end: y.e))
                    }
                }
            }
        }
        // Rule 6
        for (k, list) in byIV.sorted(by: { $0.key < $1.key }) {
            if let io = interviewersByID[k.id], list.count > io.maxPerDay {
                bad(list.map(\.c).max() ?? "-", .overDailyLimit(.interviewer(io.id), k.day, count: list.count, max: io.maxPerDay))
            }
        }
        for (k, list) in byPS.sorted(by: { $0.key < $1.key }) {
            if let po = psychologistsByID[k.id], list.count > po.maxPerDay {
                bad(list.map(\.c).max() ?? "-", .overDailyLimit(.psychologist(po.id), k.day, count: list.count, max: po.maxPerDay))
            }
        }
        // Rule 7 (interviews)
        for (k, cs) in ivCentresDay.sorted(by: { $0.key < $1.key }) where cs.count > 1 {
            bad(
                byIV[k]?.map(\.c).max() ?? "-", .severalCentres(.interviewer(Interviewer.ID(k.id)), k.day, centres: cs.sorted().map { Centre.ID($0) })
            )
        }
        for (k, cs) in psCentresDay.sorted(by: { $0.key < $1.key }) where cs.count > 1 {
            bad(
                byPS[k]?.map(\.c).max() ?? "-",
                .severalCentres(.psychologist(Psychologist.ID(k.id)), k.day, centres: cs.sorted().map { Centre.ID($0) })
            )
        }

        // Rules 9–14: hearings.
        func isSitting(_ k: Court, _ d: Day) -> Bool {
            k.sittingDays.contains(d.weekday) && isWorking(k.state.rawValue, d) && !k.closed.contains { $0.contains(d) }
        }
        var courtDay: [DayKey: [String]] = [:]
        var psHDays: [DayKey: [String]] = [:]
        var scoredH: [(c: String, first: Day, last: Day, state: String)] = []
        for x in plan.hearings {
            let c = x.caseID.rawValue
            guard let cs = cases[c], let h = cs.hearing, !x.dates.isEmpty else { continue }
            let dates = x.dates
            let kid = x.court.rawValue
            let court = courts[kid]
            if let k = court {
                if x.court != h.court { bad(c, .wrongCourt(x.court, caseCourt: h.court)) }
                if dates.count != h.days { bad(c, .wrongDayCount(given: dates.count, needed: h.days)) }
                if zip(dates, dates.dropFirst()).contains(where: { $0 >= $1 }) { bad(c, .datesNotIncreasing) }
                for dd in dates where !isSitting(k, dd) {
                    bad(
                        c,
                        .notSittingDay(
                            dd, x.court, notSittingWeekday: !k.sittingDays.contains(dd.weekday),
                            notWorkingIn: isWorking(k.state.rawValue, dd) ? nil : k.state, closed: k.closed.contains { $0.contains(dd) }))
                }
                let ds = Array(Set(dates)).sorted()
                for (a, b) in zip(ds, ds.dropFirst()) {
                    var dd = a.adding(days: 1)
                    while dd < b {
                        if isSitting(k, dd) {
                            bad(c, .sittingDaySkipped(dd, x.court, after: a, before: b))
                            break
                        }
                        dd = dd.adding(days: 1)
                    }
                }
                if h.needsVideoLink && !k.videoLink { bad(c, .noVideoLink(x.court)) }
                for dd in Set(dates) { courtDay[dayKey(kid, dd), default: []].append(c) }
            } else {
                bad(c, .unknownCourt(x.court))
            }
            let first = dates.min() ?? dates[0]
            if first < h.earliest { bad(c, .hearingBeforeEarliest(first: first, earliest: h.earliest)) }
            for dd in dates where dd < start || dd > end { bad(c, .hearingOutsideHorizon(dd, start: start, end: end)) }
            if let ivd = plannedIVDate[c] ?? cs.interviewDoneOn {
                let gap = ivd.days(to: first)
                if gap < instance.minPrepDays {
                    bad(c, .tooLittlePreparation(first: first, days: gap, interview: ivd, minPrepDays: instance.minPrepDays))
                }
            } else {
                bad(c, .noInterviewBeforeHearing)
            }
            let pid = x.psychologist?.rawValue
            if h.needsPsychologist && pid == nil { bad(c, .psychologistMissing(.hearing)) }
            if !h.needsPsychologist, let pid { bad(c, .psychologistNotNeeded(Psychologist.ID(pid), .hearing)) }
            if let pid {
                if let po = psychologistsByID[pid] {
                    if !po.courts.contains(x.court) { bad(c, .psychologistNotAtCourt(po.id, x.court)) }
                    for dd in dates where po.unavailable.contains(where: { $0.contains(dd) }) {
                        bad(c, .psychologistUnavailable(po.id, dd, .hearing))
                    }
                    for dd in Set(dates).sorted() { psHDays[dayKey(pid, dd), default: []].append(c) }
                } else {
                    bad(c, .unknownPsychologist(Psychologist.ID(pid), .hearing))
                }
            }
            if let pin = h.pinned, pin.dates != dates || pin.psychologist != x.psychologist {
                bad(
                    c,
                    .pinnedHearingChanged(
                        pinned: pin.dates, planned: dates, pinnedPsychologist: pin.psychologist, plannedPsychologist: x.psychologist))
            }
            if let k = court { scoredH.append((c, first, dates.max() ?? first, k.state.rawValue)) }
        }
        for (k, cs) in courtDay.sorted(by: { $0.key < $1.key }) {
            if let court = courts[k.id], cs.count > court.hearingsPerDay {
                bad(cs.max() ?? "-", .courtOverfull(court.id, k.day, count: cs.count, max: court.hearingsPerDay))
            }
        }
        for (k, cs) in psHDays.sorted(by: { $0.key < $1.key }) {
            let pid = Psychologist.ID(k.id)
            if cs.count > 1 { bad(cs.max() ?? "-", .psychologistHearingsSameDay(pid, k.day, count: cs.count)) }
            if psIVDays[k.id]?.contains(k.day) == true {
                let ivc = (byPS[k] ?? []).map(\.c).sorted()
                bad(cs.min() ?? "-", .hearingAndInterviews(pid, k.day, interviews: ivc.map { Case.ID($0) }))
            }
        }
        for x in plan.unassigned {
            guard let cs = cases[x.caseID.rawValue] else { continue }
            if x.task == .interview, cs.interview?.pinned != nil { bad(x.caseID.rawValue, .pinnedInterviewUnassigned) }
            if x.task == .hearing, cs.hearing?.pinned != nil { bad(x.caseID.rawValue, .pinnedHearingUnassigned) }
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
            badPlan(.tooManyMoves(moves: moves, max: mm))
        }
        let score = Score(unassigned: unassigned, late: late, cost: cost)
        var declared: Score?
        if let ds = plan.score, ds != score {
            declared = ds
            badPlan(.declaredScore(declared: ds, verified: score))
        }
        // By rule and case, and otherwise in the order found (the loops above go by key, so the order is the same on
        // every run).
        violations = violations.enumerated().sorted { a, b in
            (a.element.rule, a.element.caseID?.rawValue ?? "-", a.offset) < (b.element.rule, b.element.caseID?.rawValue ?? "-", b.offset)
        }.map(\.element)
        return VerificationReport(violations: violations, score: score, moves: moves, declaredScore: declared)
    }
}
