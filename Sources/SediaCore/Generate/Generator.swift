/// Sizes of generated instances, matching the shared samples' scales.
public enum InstanceScale: String, Sendable, CaseIterable {
    case tiny, state, national
}

/// Where a generated instance takes its deadlines and holidays from. The defaults follow
/// `rules/` (12 months from registration; 6 at the Kuching special court; interview within 7
/// days of the report); the CLI passes the rule book and calendar files when they are present.
public struct GeneratorRules: Sendable {
    public var holidays: [Holiday]
    public var disposalDue: @Sendable (_ court: Court.ID, _ state: StateInfo.ID, _ registeredOn: Day) -> Day?
    public var interviewTarget: @Sendable (_ state: StateInfo.ID, _ reportedOn: Day) -> Day?

    public init(
        holidays: [Holiday], disposalDue: @escaping @Sendable (Court.ID, StateInfo.ID, Day) -> Day?,
        interviewTarget: @escaping @Sendable (StateInfo.ID, Day) -> Day?
    ) {
        self.holidays = holidays
        self.disposalDue = disposalDue
        self.interviewTarget = interviewTarget
    }

    /// Built-in defaults, for tests and for machines without the rule files.
    public static let builtIn = GeneratorRules(
        holidays: MalaysianSampleData.holidays2027,
        disposalDue: { court, _, registered in registered.adding(months: court.rawValue == "SC-KCH" ? 6 : 12) },
        interviewTarget: { _, reported in reported.adding(days: 7) })
}

extension GeneratorRules {
    /// The generator's rules from a rule book and the working calendars: disposal and interview targets from the book,
    /// holidays (with replacement days, named "Replacement holiday for ...") from the calendars, a holiday of every state
    /// written once for all (`*`).
    public init(book: RuleBook, calendars: WorkingCalendars) {
        var byDay: [Day: [String: [String]]] = [:]
        for (code, calendar) in calendars.byState {
            guard let coverage = calendar.coverage else { continue }
            for (day, reason) in calendar.holidays(in: coverage) {
                let name: String
                switch reason {
                case .holiday(let n): name = n
                case .inLieu(let n): name = "Replacement holiday for " + n
                case .restDay: continue
                }
                byDay[day, default: [:]][name, default: []].append(code.rawValue)
            }
        }
        var holidays: [Holiday] = []
        for day in byDay.keys.sorted() {
            for (name, states) in (byDay[day] ?? [:]).sorted(by: { $0.key < $1.key }) {
                holidays.append(Holiday(date: day, states: states.count == 16 ? ["*"] : states.sorted(), name: name))
            }
        }
        self.init(
            holidays: holidays,
            disposalDue: { court, state, registered in book.disposalDue(court: court, state: state, registeredOn: registered) },
            interviewTarget: { state, reported in book.interviewTarget(state: state, reportedOn: reported, calendars: calendars) })
    }
}

/// Realistic planning instances of our own: Malaysian states and their working weeks, holidays,
/// Child Interview Centres in real towns, courts (the Putrajaya and Kuching special courts and a
/// Sessions Court per state), staff in the numbers D11 reports, and a year's caseload.
/// The same scale and seed always give the same instance.
public enum InstanceGenerator {
    /// `maxTravelKm` is written as the instance's travel limit (rule 2); `sedia generate` sets 250 unless told otherwise.
    public static func generate(
        scale: InstanceScale, seed: UInt64, rules: GeneratorRules = .builtIn, replan: Bool = false, maxTravelKm: Int? = nil
    ) -> Instance {
        var g = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ UInt64(scale.rawValue.count))
        let planStart = Day(iso: "2027-01-04") ?? Day(ordinal: 0)
        let all = MalaysianSampleData.places
        let chosen: [MalaysianSampleData.Place]
        switch scale {
        case .national: chosen = all
        case .tiny, .state:
            // Peninsular states with a Sessions Court of their own, so the instance stands alone.
            let pool = all.filter { !["MY-14", "MY-16", "MY-15"].contains($0.state) }
            chosen = [pool[g.below(pool.count)]]
        }
        let codes = Set(chosen.map(\.state) + chosen.map(\.courtState))
        let states = MalaysianSampleData.states.filter { codes.contains($0.code.rawValue) }
        let planEnd = planStart.adding(days: 364)
        let holidays = rules.holidays.compactMap { h -> Holiday? in
            guard h.date >= planStart.adding(days: -400), h.date <= planEnd else { return nil }
            let s = h.states.filter { $0 == "*" || codes.contains($0) }
            return s.isEmpty ? nil : Holiday(date: h.date, states: s, name: h.name)
        }

        var centres: [Centre] = []
        var interviewers: [Interviewer] = []
        var psychologists: [Psychologist] = []
        var courts: [Court] = []
        var courtOf: [String: Court.ID] = [:]
        let casesTotal: Int
        switch scale {
        case .tiny: casesTotal = 30
        case .state: casesTotal = 300
        case .national: casesTotal = 2500
        }
        for place in chosen {
            let weekend = states.first { $0.code.rawValue == place.state }?.weekend ?? [.sat, .sun]
            let workdays = Weekday.allCases.filter { !weekend.contains($0) }
            let fridayOff = weekend.contains(.fri)
            var breaks = [Break(days: workdays.filter { $0 != .fri }, start: 13 * 60, end: 14 * 60)]
            if !fridayOff { breaks.append(Break(days: [.fri], start: 12 * 60 + 15, end: 14 * 60 + 45)) }
            let roomCount: Int
            switch scale {
            case .tiny: roomCount = 1
            case .state: roomCount = 2 + g.below(2)
            case .national: roomCount = place.weight >= 8 ? 2 : 1
            }
            let rooms = (1...roomCount).map { k in
                Room(id: .init("\(place.centre)-\(k)"), features: k == 1 ? ["recording", "accessible"] : ["recording"])
            }
            centres.append(
                Centre(
                    id: .init(place.centre), name: "Child Interview Centre \(place.town)", state: .init(place.state), lat: place.lat, lon: place.lon,
                    open: 8 * 60, close: 17 * 60, breaks: breaks, rooms: rooms))
            let court = Court.ID(place.court)
            if !courts.contains(where: { $0.id == court }) {
                let special = place.court.hasPrefix("SC-")
                let sitting: [Weekday] = special ? workdays : Array(workdays.prefix(4))
                let closeStart = planStart.adding(days: 60 + g.below(250))
                courts.append(
                    Court(
                        id: court,
                        name: special ? "Special Court for Sexual Crimes against Children, \(place.courtTown)" : "Sessions Court \(place.courtTown)",
                        state: .init(place.courtState), videoLink: special || g.below(4) != 0, sittingDays: sitting,
                        hearingsPerDay: scale == .tiny ? 1 : (place.court == "SC-PJY" ? 3 : 2),
                        closed: [DayRange(from: closeStart, to: closeStart.adding(days: 4))]))
            }
            courtOf[place.centre] = court
            let ivCount: Int
            let psCount: Int
            switch scale {
            case .tiny: (ivCount, psCount) = (3, 1)
            case .state: (ivCount, psCount) = (15 + g.below(2), 3 + g.below(2))
            case .national: (ivCount, psCount) = (max(4, place.weight * 2 / 3 + 3), place.weight >= 10 ? 3 : (place.weight >= 5 ? 2 : 1))
            }
            for _ in 0..<ivCount {
                var langs = ["ms"]
                if g.below(3) != 0 { langs.append("en") }
                for extra in place.languages where g.below(3) == 0 { langs.append(extra) }
                let trained: Day? = g.below(10) == 0 ? planStart.adding(days: 120 + g.below(200)) : planStart.adding(days: 400 + g.below(400))
                var leave: [DayRange] = []
                for _ in 0..<g.below(3) {
                    let a = planStart.adding(days: g.below(340))
                    leave.append(DayRange(from: a, to: a.adding(days: g.below(10))))
                }
                interviewers.append(
                    Interviewer(
                        id: .init(format3("IO-", interviewers.count + 1)), gender: g.below(10) < 8 ? "F" : "M", languages: langs,
                        centres: [.init(place.centre)],
                        trainedUntil: trained, maxPerDay: 2 + (g.below(4) == 0 ? 1 : 0), unavailable: leave))
            }
            for _ in 0..<psCount {
                var langs = ["ms", "en"]
                for extra in place.languages where g.below(2) == 0 { langs.append(extra) }
                let a = planStart.adding(days: g.below(330))
                psychologists.append(
                    Psychologist(
                        id: .init(format3("PSY-", psychologists.count + 1)), languages: langs, centres: [.init(place.centre)], courts: [court],
                        maxPerDay: 2 + g.below(2), unavailable: [DayRange(from: a, to: a.adding(days: 3 + g.below(7)))]))
            }
        }

        // Cases, spread over the places by caseload weight.
        let totalWeight = chosen.reduce(0) { $0 + $1.weight }
        var cases: [Case] = []
        for k in 0..<casesTotal {
            var r = g.below(max(1, totalWeight))
            var place = chosen[0]
            for pl in chosen {
                if r < pl.weight {
                    place = pl
                    break
                }
                r -= pl.weight
            }
            let court = courtOf[place.centre] ?? Court.ID(place.court)
            let courtInfo = courts.first { $0.id == court }
            let girl = g.below(10) < 8
            var langs = ["ms"]
            if g.below(4) == 0 { langs = [place.languages.first ?? "ms"] }
            if g.below(3) == 0 { langs.append("en") }
            let needsPsy = g.below(4) == 0
            let child = Child(
                ref: format3("C-", k + 1), age: 4 + g.below(14), gender: girl ? "F" : "M", languages: Array(Set(langs)).sorted(),
                lat: place.lat + Double(g.below(2001) - 1000) / 1000 * place.spread,
                lon: place.lon + Double(g.below(2001) - 1000) / 1000 * place.spread,
                interviewerGender: girl && g.below(10) < 7 ? "F" : nil, needsPsychologist: needsPsy, needsAccessibleRoom: g.below(25) == 0)
            let kind = g.below(100)  // about half new reports, a third awaiting trial, the rest both
            var interview: InterviewRequest?
            var done: Day?
            var hearing: HearingRequest?
            var reported = planStart.adding(days: g.below(330) - 3)
            if kind < 51 || kind >= 85 {
                let target = rules.interviewTarget(.init(place.state), reported) ?? reported.adding(days: 7)
                if target < reported { reported = target }
                interview = InterviewRequest(durationMinutes: [60, 90, 90, 120][g.below(4)], earliest: reported, targetBy: target)
            } else {
                done = planStart.adding(days: -(30 + g.below(300)))
            }
            if kind >= 51 {
                let registered = (done ?? reported).adding(days: 20 + g.below(60))
                let due = rules.disposalDue(court, .init(place.state), registered) ?? registered.adding(months: 12)
                let interviewDay = interview?.earliest ?? done ?? reported
                var earliest = max(registered, interviewDay.adding(days: 35 + g.below(40)))
                if earliest > due { earliest = due }
                // A trial that could not start inside the year belongs to next year's plan.
                if earliest <= planStart.adding(days: 365 - 45) {
                    hearing = HearingRequest(
                        court: court, registeredOn: registered, deadline: due, days: 1 + g.below(3), earliest: earliest,
                        needsVideoLink: (courtInfo?.videoLink ?? false) && g.below(2) == 0, needsPsychologist: needsPsy && g.below(2) == 0)
                }
            }
            cases.append(Case(id: .init(caseID(k + 1)), child: child, interview: interview, interviewDoneOn: done, hearing: hearing))
        }
        var instance = Instance(
            name: "\(scale.rawValue)-gen-s\(seed)", planStart: planStart, horizonDays: 365, gridMinutes: 30, minPrepDays: 28, states: states,
            holidays: holidays, centres: centres, interviewers: interviewers, psychologists: psychologists, courts: courts, cases: cases,
            maxTravelKm: maxTravelKm)
        if replan { instance = makeReplan(instance, seed: seed, rules: rules) }
        return instance
    }

    /// The day a coordinator replans: last plan as `previous`, a tenth of it pinned, 5 % new
    /// cases, and three interviewers off for a week in which they had bookings.
    static func makeReplan(_ base: Instance, seed: UInt64, rules: GeneratorRules) -> Instance {
        let solved = Solver.solve(base, options: SolverOptions(iterations: 2000, seed: seed))
        var inst = base
        inst.name = base.name + "-replan"
        var g = SeededGenerator(seed: seed &+ 77)
        let plan = solved.plan
        var prev = plan
        prev.unassigned = []
        prev.score = nil
        inst.previous = prev
        // Pin about 10% of the bookings.
        for b in plan.interviews where g.below(10) == 0 {
            if let k = inst.cases.firstIndex(where: { $0.id == b.caseID }) {
                inst.cases[k].interview?.pinned = PinnedInterview(
                    room: b.room, interviewer: b.interviewer, psychologist: b.psychologist, start: b.start)
            }
        }
        for b in plan.hearings where g.below(10) == 0 {
            if let k = inst.cases.firstIndex(where: { $0.id == b.caseID }) {
                inst.cases[k].hearing?.pinned = PinnedHearing(dates: b.dates, psychologist: b.psychologist)
            }
        }
        // Three interviewers off for a week in which they had unpinned bookings.
        let pinnedCases = Set(inst.cases.filter { $0.interview?.pinned != nil }.map(\.id))
        var off = Set<Interviewer.ID>()
        for b in plan.interviews.shuffled(using: &g) where !pinnedCases.contains(b.caseID) && !off.contains(b.interviewer) && off.count < 3 {
            guard let k = inst.interviewers.firstIndex(where: { $0.id == b.interviewer }) else { continue }
            let monday = b.start.day.adding(days: -b.start.day.weekday.index)
            let clash = inst.cases.contains { c in
                guard let pin = c.interview?.pinned, pin.interviewer == b.interviewer else { return false }
                return pin.start.day >= monday && pin.start.day <= monday.adding(days: 6)
            }
            if clash { continue }
            inst.interviewers[k].unavailable.append(DayRange(from: monday, to: monday.adding(days: 6)))
            off.insert(b.interviewer)
        }
        // 5% new cases, made the same way as the instance's own.
        let extra = generate(
            scale: base.cases.count >= 2000 ? .national : (base.cases.count >= 200 ? .state : .tiny), seed: seed &+ 1000, rules: rules)
        let centreIDs = Set(inst.centres.map(\.id))
        let courtIDs = Set(inst.courts.map(\.id))
        var added = 0
        for var c in extra.cases where added < max(1, inst.cases.count / 20) {
            // Keep only cases whose court exists here, and give them fresh ids.
            if let h = c.hearing, !courtIDs.contains(h.court) { continue }
            if c.interview != nil, !inst.interviewers.contains(where: { iv in iv.centres.contains { centreIDs.contains($0) } }) { continue }
            c.id = .init(caseID(inst.cases.count + 1))
            c.child.ref = format3("C-", inst.cases.count + 1)
            inst.cases.append(c)
            added += 1
        }
        inst.maxMoves = max(5, plan.interviews.count / 20)
        return inst
    }

    static func format3(_ prefix: String, _ n: Int) -> String {
        let s = String(n)
        return prefix + String(repeating: "0", count: max(0, 3 - s.count)) + s
    }

    static func caseID(_ n: Int) -> String {
        let s = String(n)
        return "K-2027-" + String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
