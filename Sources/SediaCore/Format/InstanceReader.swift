extension FieldReader {
    /// Validates a whole instance; returns nil only when the top level is not an object.
    mutating func instance(_ raw: JSONValue) -> Instance? {
        guard case .object = raw else {
            err("$", "instance must be a JSON object")
            return nil
        }
        if let fmt = string(raw, "format", ""), fmt != PlanningFormat.instanceFormat {
            err("format", "must be '\(PlanningFormat.instanceFormat)', got '\(fmt)'")
        }
        let name = string(raw, "name", "")
        let tz = string(raw, "timezone", "")
        if let tz, tz != "Asia/Kuala_Lumpur" { err("timezone", "must be 'Asia/Kuala_Lumpur', got '\(tz)'") }
        let planStart = date(raw, "planStart", "")
        let horizon = int(raw, "horizonDays", "", 1...3660)
        let grid = int(raw, "gridMinutes", "", 1...1440)
        let minPrep = int(raw, "minPrepDays", "", 0...3660)

        // States
        var states: [StateInfo] = []
        let stateItems = list(raw, "states", "")
        unique(stateItems, "states", "code")
        for (j, s) in objects(stateItems, "states") {
            let p = "states[\(j)]"
            let code = identifier(s, "code", p)
            let sname = string(s, "name", p)
            let wk = weekdays(s, "weekend", p)
            if let code, let wk { states.append(StateInfo(code: .init(code), name: sname ?? code, weekend: wk)) }
        }
        let stateCodes = Set(states.map(\.code.rawValue))

        var holidays: [Holiday] = []
        for (j, h) in objects(list(raw, "holidays", ""), "holidays") {
            let p = "holidays[\(j)]"
            let d = date(h, "date", p)
            let hname = string(h, "name", p, required: false)
            let sts = strings(h, "states", p)
            if let sts {
                if sts.isEmpty { err("\(p).states", "must not be empty") }
                for (k, s) in sts.enumerated() where s != "*" && !stateCodes.contains(s) {
                    err("\(p).states[\(k)]", "unknown state '\(s)'")
                }
                if let d { holidays.append(Holiday(date: d, states: sts, name: hname)) }
            }
        }

        // Centres and rooms
        var centres: [Centre] = []
        var roomIDs = Set<String>()
        let centreItems = list(raw, "centres", "")
        unique(centreItems, "centres")
        for (j, c) in objects(centreItems, "centres") {
            let p = "centres[\(j)]"
            let cid = identifier(c, "id", p)
            let cname = string(c, "name", p, required: false)
            let st = identifier(c, "state", p)
            if let st, !stateCodes.contains(st) { err("\(p).state", "unknown state '\(st)'") }
            let lat = number(c, "lat", p, -90...90)
            let lon = number(c, "lon", p, -180...180)
            let op = clock(c, "open", p)
            let cl = clock(c, "close", p)
            if let op, let cl, op >= cl { err("\(p).close", "must be after open") }
            var breaks: [Break] = []
            for (k, b) in objects(list(c, "breaks", p, required: false), "\(p).breaks") {
                let pb = "\(p).breaks[\(k)]"
                let days = weekdays(b, "days", pb)
                let bs = clock(b, "start", pb)
                let be = clock(b, "end", pb)
                if let bs, let be, bs >= be { err("\(pb).end", "must be after start") }
                if let days, let bs, let be { breaks.append(Break(days: days, start: bs, end: be)) }
            }
            var rooms: [Room] = []
            for (k, r) in objects(list(c, "rooms", p), "\(p).rooms") {
                let pr = "\(p).rooms[\(k)]"
                let rid = identifier(r, "id", pr)
                let feats = strings(r, "features", pr, required: false) ?? []
                let closed = ranges(r, "closed", pr)
                if let rid {
                    if !roomIDs.insert(rid).inserted { err("\(pr).id", "duplicate room id '\(rid)'") }
                    rooms.append(Room(id: .init(rid), features: feats, closed: closed))
                }
            }
            if let cid, let st, let lat, let lon, let op, let cl {
                centres.append(
                    Centre(id: .init(cid), name: cname, state: .init(st), lat: lat, lon: lon, open: op, close: cl, breaks: breaks, rooms: rooms))
            }
        }
        let centreIDs = Set(centreItems.compactMap { if case .string(let s)? = $0["id"] { s } else { nil } })
        let courtItems = list(raw, "courts", "")
        unique(courtItems, "courts")
        let courtIDs = Set(courtItems.compactMap { if case .string(let s)? = $0["id"] { s } else { nil } })

        // People
        var interviewers: [Interviewer] = []
        let ivItems = list(raw, "interviewers", "")
        unique(ivItems, "interviewers")
        for (j, x) in objects(ivItems, "interviewers") {
            let p = "interviewers[\(j)]"
            let pid = identifier(x, "id", p)
            let langs = strings(x, "languages", p) ?? []
            let cs = strings(x, "centres", p) ?? []
            for (k, c) in cs.enumerated() where !centreIDs.contains(c) { err("\(p).centres[\(k)]", "unknown centre '\(c)'") }
            let gender = string(x, "gender", p)
            let trained = date(x, "trainedUntil", p, nullable: true)
            let maxPerDay = int(x, "maxPerDay", p, 0...1000)
            let unavailable = ranges(x, "unavailable", p)
            if let pid, let gender, let maxPerDay {
                interviewers.append(
                    Interviewer(
                        id: .init(pid), gender: gender, languages: langs, centres: cs.map { .init($0) }, trainedUntil: trained, maxPerDay: maxPerDay,
                        unavailable: unavailable))
            }
        }
        var psychologists: [Psychologist] = []
        let psItems = list(raw, "psychologists", "")
        unique(psItems, "psychologists")
        for (j, x) in objects(psItems, "psychologists") {
            let p = "psychologists[\(j)]"
            let pid = identifier(x, "id", p)
            let langs = strings(x, "languages", p) ?? []
            let cs = strings(x, "centres", p, required: false) ?? []
            for (k, c) in cs.enumerated() where !centreIDs.contains(c) { err("\(p).centres[\(k)]", "unknown centre '\(c)'") }
            let ks = strings(x, "courts", p, required: false) ?? []
            for (k, c) in ks.enumerated() where !courtIDs.contains(c) { err("\(p).courts[\(k)]", "unknown court '\(c)'") }
            let maxPerDay = int(x, "maxPerDay", p, 0...1000)
            let unavailable = ranges(x, "unavailable", p)
            if let pid, let maxPerDay {
                psychologists.append(
                    Psychologist(
                        id: .init(pid), languages: langs, centres: cs.map { .init($0) }, courts: ks.map { .init($0) }, maxPerDay: maxPerDay,
                        unavailable: unavailable))
            }
        }
        let ivIDs = Set(interviewers.map(\.id.rawValue))
        let psIDs = Set(psychologists.map(\.id.rawValue))

        var courts: [Court] = []
        for (j, k) in objects(courtItems, "courts") {
            let p = "courts[\(j)]"
            let kid = identifier(k, "id", p)
            let kname = string(k, "name", p, required: false)
            let st = string(k, "state", p)
            if let st, !stateCodes.contains(st) { err("\(p).state", "unknown state '\(st)'") }
            let video = bool(k, "videoLink", p)
            let sitting = weekdays(k, "sittingDays", p)
            let perDay = int(k, "hearingsPerDay", p, 0...1000)
            let closed = ranges(k, "closed", p)
            if let kid, let st, let video, let sitting, let perDay {
                courts.append(
                    Court(
                        id: .init(kid), name: kname, state: .init(st), videoLink: video, sittingDays: sitting, hearingsPerDay: perDay, closed: closed)
                )
            }
        }

        // Cases
        var cases: [Case] = []
        let caseItems = list(raw, "cases", "")
        unique(caseItems, "cases")
        for (j, c) in objects(caseItems, "cases") {
            if let parsed = self.parseCase(c, "cases[\(j)]", roomIDs: roomIDs, ivIDs: ivIDs, psIDs: psIDs, courtIDs: courtIDs) {
                cases.append(parsed)
            }
        }

        let maxMoves = int(raw, "maxMoves", "", 0...1_000_000_000, required: false, nullable: true)
        let maxTravelKm = int(raw, "maxTravelKm", "", 1...100_000, required: false, nullable: true)
        var previous: Plan?
        if let prev = raw["previous"], prev != .null { previous = plan(prev, prefix: "previous.") }

        guard let name, let planStart, let horizon, let grid, let minPrep else { return nil }
        return Instance(
            name: name, timezone: tz ?? "Asia/Kuala_Lumpur", planStart: planStart, horizonDays: horizon, gridMinutes: grid, minPrepDays: minPrep,
            states: states, holidays: holidays, centres: centres, interviewers: interviewers, psychologists: psychologists, courts: courts,
            cases: cases, previous: previous, maxMoves: maxMoves, maxTravelKm: maxTravelKm)
    }

    private mutating func parseCase(
        _ c: JSONValue, _ p: String, roomIDs: Set<String>, ivIDs: Set<String>, psIDs: Set<String>, courtIDs: Set<String>
    ) -> Case? {
        let cid = identifier(c, "id", p)
        let pc = "\(p).child"
        let ch = member(c, "child", p) ?? .object([])
        if case .object = ch {} else { err(pc, "must be an object") }
        let ref = string(ch, "ref", pc)
        let age = int(ch, "age", pc, 0...25)
        let gender = string(ch, "gender", pc, required: false, nullable: true)
        let langs = strings(ch, "languages", pc) ?? []
        let lat = number(ch, "lat", pc, -90...90)
        let lon = number(ch, "lon", pc, -180...180)
        let ivGender = string(ch, "interviewerGender", pc, required: false, nullable: true)
        let needsPsy = bool(ch, "needsPsychologist", pc, required: false) ?? false
        let needsAccess = bool(ch, "needsAccessibleRoom", pc, required: false) ?? false

        var interview: InterviewRequest?
        var interviewBad = false
        if let iv = member(c, "interview", p, required: false, nullable: true) {
            let pi = "\(p).interview"
            if case .object = iv {
                let dur = int(iv, "durationMinutes", pi, 15...480)
                let earliest = date(iv, "earliest", pi)
                let target = date(iv, "targetBy", pi)
                var pinned: PinnedInterview?
                if let pin = member(iv, "pinned", pi, required: false, nullable: true) {
                    let pp = "\(pi).pinned"
                    if case .object = pin {
                        let room = identifier(pin, "room", pp)
                        if let room, !roomIDs.contains(room) { err("\(pp).room", "unknown room '\(room)'") }
                        let ivr = identifier(pin, "interviewer", pp)
                        if let ivr, !ivIDs.contains(ivr) { err("\(pp).interviewer", "unknown interviewer '\(ivr)'") }
                        let psy = identifier(pin, "psychologist", pp, nullable: true)
                        if let psy, !psIDs.contains(psy) { err("\(pp).psychologist", "unknown psychologist '\(psy)'") }
                        let start = localTime(pin, "start", pp)
                        if let room, let ivr, let start {
                            pinned = PinnedInterview(room: .init(room), interviewer: .init(ivr), psychologist: psy.map { .init($0) }, start: start)
                        }
                    } else {
                        err(pp, "must be an object")
                    }
                }
                if let earliest, let target, earliest > target { err("\(pi).earliest", "is after targetBy \(target)") }
                if let dur, let earliest, let target {
                    interview = InterviewRequest(durationMinutes: dur, earliest: earliest, targetBy: target, pinned: pinned)
                } else {
                    interviewBad = true
                }
            } else {
                err(pi, "must be an object")
                interviewBad = true
            }
        }
        let done = date(c, "interviewDoneOn", p, required: false, nullable: true)
        if (interview != nil || interviewBad), done != nil { err("\(p).interviewDoneOn", "must be null when an interview is still to be planned") }

        var hearing: HearingRequest?
        if let h = member(c, "hearing", p, required: false, nullable: true) {
            let ph = "\(p).hearing"
            if case .object = h {
                let court = identifier(h, "court", ph)
                if let court, !courtIDs.contains(court) { err("\(ph).court", "unknown court '\(court)'") }
                let registered = date(h, "registeredOn", ph, required: false, nullable: true)
                let deadline = date(h, "deadline", ph)
                let days = int(h, "days", ph, 1...366)
                let earliest = date(h, "earliest", ph)
                let video = bool(h, "needsVideoLink", ph, required: false) ?? false
                let psy = bool(h, "needsPsychologist", ph, required: false) ?? false
                var pinned: PinnedHearing?
                if let pin = member(h, "pinned", ph, required: false, nullable: true) {
                    let pp = "\(ph).pinned"
                    if case .object = pin {
                        let ds = list(pin, "dates", pp)
                        let dates = ds.enumerated().compactMap { k, d in dateValue(d, "\(pp).dates[\(k)]") }
                        let ppsy = identifier(pin, "psychologist", pp, nullable: true)
                        if let ppsy, !psIDs.contains(ppsy) { err("\(pp).psychologist", "unknown psychologist '\(ppsy)'") }
                        if ds.isEmpty { err("\(pp).dates", "must list at least one date") }
                        pinned = PinnedHearing(dates: dates, psychologist: ppsy.map { .init($0) })
                    } else {
                        err(pp, "must be an object")
                    }
                }
                if let earliest, let deadline, earliest > deadline { err("\(ph).earliest", "is after deadline \(deadline)") }
                if let court, let deadline, let days, let earliest {
                    hearing = HearingRequest(
                        court: .init(court), registeredOn: registered, deadline: deadline, days: days, earliest: earliest, needsVideoLink: video,
                        needsPsychologist: psy, pinned: pinned)
                }
            } else {
                err(ph, "must be an object")
            }
        }
        guard let cid, let ref, let age, let lat, let lon else { return nil }
        let child = Child(
            ref: ref, age: age, gender: gender, languages: langs, lat: lat, lon: lon, interviewerGender: ivGender, needsPsychologist: needsPsy,
            needsAccessibleRoom: needsAccess)
        return Case(id: .init(cid), child: child, interview: interview, interviewDoneOn: done, hearing: hearing)
    }

    /// Validates a plan's shape (`prefix` is `previous.` inside an instance).
    mutating func plan(_ raw: JSONValue, prefix: String) -> Plan? {
        let top = prefix.isEmpty ? "" : String(prefix.dropLast())
        guard case .object = raw else {
            err(prefix.isEmpty ? "$" : top, "plan must be a JSON object")
            return nil
        }
        if let fmt = string(raw, "format", top), fmt != PlanningFormat.planFormat {
            err("\(prefix)format", "must be '\(PlanningFormat.planFormat)', got '\(fmt)'")
        }
        let inst = string(raw, "instance", top, required: false)
        var interviews: [InterviewBooking] = []
        for (j, x) in objects(list(raw, "interviews", top), "\(prefix)interviews") {
            let p = "\(prefix)interviews[\(j)]"
            let c = identifier(x, "case", p)
            let room = identifier(x, "room", p)
            let ivr = identifier(x, "interviewer", p)
            let psy = identifier(x, "psychologist", p, nullable: true)
            let start = localTime(x, "start", p)
            if let c, let room, let ivr, let start {
                interviews.append(
                    InterviewBooking(caseID: .init(c), room: .init(room), interviewer: .init(ivr), psychologist: psy.map { .init($0) }, start: start))
            }
        }
        var hearings: [HearingBooking] = []
        for (j, x) in objects(list(raw, "hearings", top), "\(prefix)hearings") {
            let p = "\(prefix)hearings[\(j)]"
            let ds = list(x, "dates", p)
            if ds.isEmpty, x["dates"] != nil { err("\(p).dates", "must list at least one date") }
            let dates = ds.enumerated().compactMap { k, d in dateValue(d, "\(p).dates[\(k)]") }
            let c = identifier(x, "case", p)
            let court = identifier(x, "court", p)
            let psy = identifier(x, "psychologist", p, nullable: true)
            if let c, let court, dates.count == ds.count, !dates.isEmpty {
                hearings.append(HearingBooking(caseID: .init(c), court: .init(court), dates: dates, psychologist: psy.map { .init($0) }))
            }
        }
        var unassigned: [Unassigned] = []
        for (j, x) in objects(list(raw, "unassigned", top, required: false), "\(prefix)unassigned") {
            let p = "\(prefix)unassigned[\(j)]"
            let task = string(x, "task", p)
            var kind: TaskKind?
            if let task {
                kind = TaskKind(rawValue: task)
                if kind == nil { err("\(p).task", "must be 'interview' or 'hearing', got '\(task)'") }
            }
            let c = identifier(x, "case", p)
            let reasons = list(x, "reasons", p, required: false).map { r -> String in
                if case .string(let s) = r { return s }
                return ""
            }
            if let c, let kind { unassigned.append(Unassigned(caseID: .init(c), task: kind, reasons: reasons)) }
        }
        var score: Score?
        if let sc = member(raw, "score", top, required: false, nullable: true) {
            let p = "\(prefix)score"
            if case .object = sc {
                let u = int(sc, "unassigned", p, 0...Int.max)
                let l = int(sc, "late", p, 0...Int.max)
                let c = int(sc, "cost", p, 0...Int.max)
                if let u, let l, let c { score = Score(unassigned: u, late: l, cost: c) }
            } else {
                err(p, "must be an object")
            }
        }
        return Plan(instance: inst, interviews: interviews, hearings: hearings, unassigned: unassigned, score: score)
    }
}
