/// The instance compiled into dense integer-indexed tables for the solver: days are offsets
/// from `planStart`, people, rooms and courts are array indices, and each task carries its
/// precomputed candidates. Built once per solve; never mutated.
struct CompiledProblem {
    let instance: Instance
    let horizon: Int
    let grid: Int
    let minPrep: Int
    /// Words of 64 grid slots per day.
    let words: Int
    let slotsPerDay: Int

    // Calendar: working[state][day] for the horizon, and working-day prefix counts from `base`.
    let stateIndex: [String: Int]
    let working: [[Bool]]
    let base: Day
    let prefix: [[Int32]]

    // Centres and rooms.
    let centreState: [Int]
    let centreRooms: [[Int]]
    let roomCentre: [Int]
    let roomRecording: [Bool]
    let roomAccessible: [Bool]
    let roomClosed: [Bool]  // `roomClosures(_:start:horizon:)`
    let roomIndex: [String: Int]
    let centreIndex: [String: Int]

    // People.
    let ivIndex: [String: Int]
    let psIndex: [String: Int]
    /// available[person * horizon + day]: not unavailable (and trained, for interviewers).
    let ivAvailable: [Bool]
    let psAvailable: [Bool]
    let ivMax: [Int]
    let psMax: [Int]

    // Courts.
    let courtIndex: [String: Int]
    let courtCap: [Int]
    /// Sitting days of each court, as day indices in increasing order.
    let sitting: [[Int]]
    /// For each court and day, the index in `sitting` of the first sitting day on or after it.
    let nextSitting: [[Int]]
    let courtState: [Int]

    /// Weekday index (0 = Monday) of each day of the horizon.
    let weekdayOf: [Int]

    let interviews: [InterviewTask]
    let hearings: [HearingTask]
    /// Case index → interview task / hearing task index (or -1).
    let caseInterview: [Int]
    let caseHearing: [Int]

    struct InterviewTask {
        let caseIndex: Int
        let duration: Int
        /// Day offsets (may be negative for earliest before planStart).
        let earliest: Int
        let target: Int
        let centres: [CentreOption]
        let pinned: Placement?
        let previous: Placement?
        /// The previous plan booked this interview (kept or not, it counts as a move unless kept exactly).
        let hadPrevious: Bool
        let hearing: Int
    }

    struct CentreOption {
        let centre: Int
        let travel: Int
        let rooms: [Int]
        let interviewers: [Int]
        /// Empty and `needsPsychologist == false` when none is needed.
        let psychologists: [Int]
    }

    struct Placement: Equatable {
        var day: Int
        var start: Int
        var room: Int
        var interviewer: Int
        var psychologist: Int
        var centre: Int
    }

    struct HearingTask {
        let caseIndex: Int
        let court: Int
        let days: Int
        let earliest: Int
        let deadline: Int
        let needsPsychologist: Bool
        let psychologists: [Int]
        let videoOK: Bool
        let interview: Int
        /// Day offset of an interview already held, if any.
        let doneOn: Int?
        let pinned: HearingPlacement?
        let previous: HearingPlacement?
        let hadPrevious: Bool
    }

    struct HearingPlacement: Equatable {
        var dates: [Int]
        var psychologist: Int
    }

    func day(_ d: Day) -> Int { d.ordinal - instance.planStart.ordinal }
    func date(_ i: Int) -> Day { instance.planStart.adding(days: i) }

    /// Working days of `state` in [from, to) (day offsets, `from` may precede the horizon).
    func workingDays(state: Int, from: Int, to: Int) -> Int {
        guard to > from else { return 0 }
        let off = instance.planStart.ordinal - base.ordinal
        let table = prefix[state]
        // Bookings outside the covered span (only a rule-breaking pin or plan can be) are clamped, never a crash.
        let a = min(max(from + off, 0), table.count - 1)
        let b = min(max(to + off, 0), table.count - 1)
        return Int(table[b] - table[a])
    }

    func isWorking(state: Int, day: Int) -> Bool { day >= 0 && day < horizon && working[state][day] }

    /// The grid-slot mask of [start, start + duration) minutes, conservative for off-grid times.
    func mask(start: Int, duration: Int) -> [UInt64] {
        var m = [UInt64](repeating: 0, count: words)
        let a = max(0, start / grid)
        let b = min(slotsPerDay, (start + duration + grid - 1) / grid)
        if a < b {
            for s in a..<b { m[s / 64] |= 1 << UInt64(s % 64) }
        }
        return m
    }

    init(_ inst: Instance) {
        instance = inst
        horizon = inst.horizonDays
        grid = inst.gridMinutes
        minPrep = inst.minPrepDays
        slotsPerDay = (1440 + grid - 1) / grid
        words = (slotsPerDay + 63) / 64
        let start = inst.planStart
        weekdayOf = (0..<inst.horizonDays).map { start.adding(days: $0).weekday.index }

        var si: [String: Int] = [:]
        for (k, s) in inst.states.enumerated() { si[s.code.rawValue] = k }
        stateIndex = si
        // The working-day counts cover every date a cost can be counted to or from, pins included.
        var minDay = start
        var maxDay = start.adding(days: horizon)
        for c in inst.cases {
            if let interview = c.interview {
                minDay = min(minDay, interview.earliest)
                if let pin = interview.pinned {
                    minDay = min(minDay, pin.start.day)
                    maxDay = max(maxDay, pin.start.day.adding(days: 1))
                }
            }
            if let hearing = c.hearing {
                minDay = min(minDay, hearing.earliest)
                for d in hearing.pinned?.dates ?? [] {
                    minDay = min(minDay, d)
                    maxDay = max(maxDay, d.adding(days: 1))
                }
            }
        }
        base = minDay
        let span = maxDay.ordinal - minDay.ordinal + 1
        var work: [[Bool]] = []
        var pre: [[Int32]] = []
        for s in inst.states {
            let weekend = Set(s.weekend)
            let holidays = Set(inst.holidays.filter { $0.states.contains("*") || $0.states.contains(s.code.rawValue) }.map(\.date.ordinal))
            var workingDaysBefore = [Int32](repeating: 0, count: span + 1)
            var working = [Bool](repeating: false, count: horizon)
            for k in 0..<span {
                let d = Day(ordinal: minDay.ordinal + k)
                let ok = !weekend.contains(d.weekday) && !holidays.contains(d.ordinal)
                workingDaysBefore[k + 1] = workingDaysBefore[k] + (ok ? 1 : 0)
                let horizonDay = d.ordinal - start.ordinal
                if horizonDay >= 0 && horizonDay < horizon { working[horizonDay] = ok }
            }
            work.append(working)
            pre.append(workingDaysBefore)
        }
        working = work
        prefix = pre

        var ci: [String: Int] = [:]
        var ri: [String: Int] = [:]
        var cs: [Int] = []
        var cr: [[Int]] = []
        var rc: [Int] = []
        var rrec: [Bool] = []
        var racc: [Bool] = []
        for (k, c) in inst.centres.enumerated() {
            ci[c.id.rawValue] = k
            cs.append(si[c.state.rawValue] ?? 0)
            var rooms: [Int] = []
            for r in c.rooms {
                ri[r.id.rawValue] = rc.count
                rooms.append(rc.count)
                rc.append(k)
                rrec.append(r.features.contains("recording"))
                racc.append(r.features.contains("accessible"))
            }
            cr.append(rooms)
        }
        centreIndex = ci
        roomIndex = ri
        centreState = cs
        centreRooms = cr
        roomCentre = rc
        roomRecording = rrec
        roomAccessible = racc
        roomClosed = Self.roomClosures(inst, start: start, horizon: horizon)

        var ii: [String: Int] = [:]
        var ivAv = [Bool](repeating: true, count: inst.interviewers.count * horizon)
        for (k, x) in inst.interviewers.enumerated() {
            ii[x.id.rawValue] = k
            for d in 0..<horizon {
                let day = start.adding(days: d)
                if let t = x.trainedUntil, t < day { ivAv[k * horizon + d] = false }
                if x.unavailable.contains(where: { $0.contains(day) }) { ivAv[k * horizon + d] = false }
            }
        }
        ivIndex = ii
        ivAvailable = ivAv
        ivMax = inst.interviewers.map(\.maxPerDay)
        var pi: [String: Int] = [:]
        var psAv = [Bool](repeating: true, count: inst.psychologists.count * horizon)
        for (k, x) in inst.psychologists.enumerated() {
            pi[x.id.rawValue] = k
            for r in x.unavailable {
                let a = max(0, r.from.ordinal - start.ordinal)
                let b = min(horizon - 1, r.to.ordinal - start.ordinal)
                if a <= b { for d in a...b { psAv[k * horizon + d] = false } }
            }
        }
        psIndex = pi
        psAvailable = psAv
        psMax = inst.psychologists.map(\.maxPerDay)

        var ki: [String: Int] = [:]
        var sit: [[Int]] = []
        var nxt: [[Int]] = []
        for (k, court) in inst.courts.enumerated() {
            ki[court.id.rawValue] = k
            let st = si[court.state.rawValue] ?? 0
            var list: [Int] = []
            for d in 0..<horizon {
                let day = start.adding(days: d)
                if court.sittingDays.contains(day.weekday) && work[st][d] && !court.closed.contains(where: { $0.contains(day) }) { list.append(d) }
            }
            var n = [Int](repeating: list.count, count: horizon + 1)
            var j = list.count
            for d in stride(from: horizon - 1, through: 0, by: -1) {
                if j > 0 && list[j - 1] >= d {
                    while j > 0 && list[j - 1] >= d { j -= 1 }
                }
                n[d] = j
            }
            sit.append(list)
            nxt.append(n)
        }
        courtIndex = ki
        sitting = sit
        nextSitting = nxt
        courtCap = inst.courts.map(\.hearingsPerDay)
        courtState = inst.courts.map { si[$0.state.rawValue] ?? 0 }

        // Previous bookings, by case.
        var prevIV: [String: InterviewBooking] = [:]
        var prevH: [String: HearingBooking] = [:]
        if let prev = inst.previous {
            for b in prev.interviews where prevIV[b.caseID.rawValue] == nil { prevIV[b.caseID.rawValue] = b }
            for b in prev.hearings where prevH[b.caseID.rawValue] == nil { prevH[b.caseID.rawValue] = b }
        }

        var ivTasks: [InterviewTask] = []
        var hTasks: [HearingTask] = []
        var caseIV = [Int](repeating: -1, count: inst.cases.count)
        var caseH = [Int](repeating: -1, count: inst.cases.count)
        for (k, c) in inst.cases.enumerated() {
            if c.interview != nil { caseIV[k] = ivTasks.count; ivTasks.append(Self.placeholderIV) }
            if c.hearing != nil { caseH[k] = hTasks.count; hTasks.append(Self.placeholderH) }
        }
        let dayOf = { (d: Day) in d.ordinal - start.ordinal }
        func ivPlacement(room: String, interviewer: String, psychologist: String?, start t: LocalDateTime) -> Placement? {
            guard let r = ri[room], let i = ii[interviewer] else { return nil }
            guard let psychologistIndex = psychologist.map({ pi[$0] }) ?? -1 else { return nil }
            return Placement(day: dayOf(t.day), start: t.minute, room: r, interviewer: i, psychologist: psychologistIndex, centre: rc[r])
        }
        // Staff by centre, so each case looks at a handful of people rather than everyone.
        var ivByCentre = [[Int]](repeating: [], count: inst.centres.count)
        for (j, x) in inst.interviewers.enumerated() where x.maxPerDay > 0 {
            for c in x.centres { if let k = ci[c.rawValue] { ivByCentre[k].append(j) } }
        }
        var psByCentre = [[Int]](repeating: [], count: inst.centres.count)
        for (j, x) in inst.psychologists.enumerated() where x.maxPerDay > 0 {
            for c in x.centres { if let k = ci[c.rawValue] { psByCentre[k].append(j) } }
        }
        let ivLangs = inst.interviewers.map { Set($0.languages) }
        let psLangs = inst.psychologists.map { Set($0.languages) }
        // A replan of one state places its tasks with that state's resources only (the scope rule, `resources(of:)`).
        let allowed = inst.scopeState.map { inst.resources(of: $0) }
        let ivAllowed = inst.interviewers.map { allowed?.interviewers.contains($0.id) ?? true }
        let psAllowed = inst.psychologists.map { allowed?.psychologists.contains($0.id) ?? true }
        let roomAllowed = inst.centres.flatMap { $0.rooms.map { allowed?.rooms.contains($0.id) ?? true } }
        for (k, c) in inst.cases.enumerated() {
            let child = c.child
            if let interview = c.interview {
                var options: [CentreOption] = []
                let limit = inst.travelLimit(c.id)
                for (cidx, centre) in inst.centres.enumerated() {
                    // Rule 2: a centre beyond the case's travel limit is never an option.
                    let travel = Verifier.travelKm(child.lat, child.lon, centre.lat, centre.lon)
                    if let limit, travel > limit { continue }
                    let ivs = ivByCentre[cidx].filter { j in
                        ivAllowed[j] && child.languages.contains { ivLangs[j].contains($0) }
                            && (child.interviewerGender == nil || child.interviewerGender == inst.interviewers[j].gender)
                    }
                    if ivs.isEmpty { continue }
                    let pss =
                        child.needsPsychologist
                        ? psByCentre[cidx].filter { j in psAllowed[j] && child.languages.contains { psLangs[j].contains($0) } } : []
                    if child.needsPsychologist && pss.isEmpty { continue }
                    let rooms = cr[cidx].filter { roomAllowed[$0] && rrec[$0] && (!child.needsAccessibleRoom || racc[$0]) }
                    if rooms.isEmpty { continue }
                    options.append(CentreOption(centre: cidx, travel: travel, rooms: rooms, interviewers: ivs, psychologists: pss))
                }
                options.sort { $0.travel < $1.travel }
                let pinned = interview.pinned.flatMap {
                    ivPlacement(
                        room: $0.room.rawValue, interviewer: $0.interviewer.rawValue, psychologist: $0.psychologist?.rawValue, start: $0.start)
                }
                let previous = prevIV[c.id.rawValue].flatMap {
                    ivPlacement(
                        room: $0.room.rawValue, interviewer: $0.interviewer.rawValue, psychologist: $0.psychologist?.rawValue, start: $0.start)
                }
                ivTasks[caseIV[k]] = InterviewTask(
                    caseIndex: k, duration: interview.durationMinutes, earliest: dayOf(interview.earliest), target: dayOf(interview.targetBy),
                    centres: options,
                    pinned: pinned, previous: previous, hadPrevious: prevIV[c.id.rawValue] != nil, hearing: caseH[k])
            }
            if let hearing = c.hearing {
                let court = ki[hearing.court.rawValue] ?? 0
                let pss =
                    hearing.needsPsychologist
                    ? inst.psychologists.indices.filter { psAllowed[$0] && inst.psychologists[$0].courts.contains(hearing.court) } : []
                let pinned = hearing.pinned.map {
                    HearingPlacement(dates: $0.dates.map(dayOf), psychologist: $0.psychologist.flatMap { pi[$0.rawValue] } ?? -1)
                }
                var previous: HearingPlacement?
                if let b = prevH[c.id.rawValue], b.court == hearing.court {
                    // A psychologist no longer in the instance makes the previous booking unusable as a start.
                    if let psychologistIndex = b.psychologist.map({ pi[$0.rawValue] }) ?? -1 {
                        previous = HearingPlacement(dates: b.dates.map(dayOf), psychologist: psychologistIndex)
                    }
                }
                hTasks[caseH[k]] = HearingTask(
                    caseIndex: k, court: court, days: hearing.days, earliest: dayOf(hearing.earliest), deadline: dayOf(hearing.deadline),
                    needsPsychologist: hearing.needsPsychologist, psychologists: pss,
                    videoOK: !hearing.needsVideoLink || inst.courts[court].videoLink,
                    interview: caseIV[k], doneOn: c.interviewDoneOn.map(dayOf), pinned: pinned, previous: previous,
                    hadPrevious: prevH[c.id.rawValue] != nil)
            }
        }
        interviews = ivTasks
        hearings = hTasks
        caseInterview = caseIV
        caseHearing = caseH
    }

    private static let placeholderIV = InterviewTask(
        caseIndex: 0, duration: 0, earliest: 0, target: 0, centres: [], pinned: nil, previous: nil, hadPrevious: false, hearing: -1)
    private static let placeholderH = HearingTask(
        caseIndex: 0, court: 0, days: 0, earliest: 0, deadline: 0, needsPsychologist: false, psychologists: [], videoOK: true, interview: -1,
        doneOn: nil, pinned: nil, previous: nil, hadPrevious: false)

    /// Candidate start minutes at a centre on a weekday for a duration: on the grid, inside
    /// opening hours, clear of the day's breaks.
    func starts(centre: Int, weekday: Weekday, duration: Int) -> [Int] {
        let c = instance.centres[centre]
        var out: [Int] = []
        var s = ((c.open + grid - 1) / grid) * grid
        while s + duration <= c.close {
            let e = s + duration
            if !c.breaks.contains(where: { $0.days.contains(weekday) && s < $0.end && $0.start < e }) { out.append(s) }
            s += grid
        }
        return out
    }
}
