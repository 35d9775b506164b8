extension PlanningFormat {
    static func json(_ d: Day) -> JSONValue { .string(d.description) }
    static func json(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func json(_ list: [String]) -> JSONValue { .array(list.map { .string($0) }) }
    static func json(_ days: [Weekday]) -> JSONValue { .array(days.map { .string($0.rawValue) }) }
    static func json(_ ranges: [DayRange]) -> JSONValue {
        .array(ranges.map { .object([("from", json($0.from)), ("to", json($0.to))]) })
    }

    /// The instance as JSON, members in the spec's order.
    /// A room; `closed` only when it has closures, so that an instance without any reads as the format defines it.
    static func room(_ r: Room) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(r.id.rawValue)), ("features", json(r.features))]
        if !r.closed.isEmpty { members.append(("closed", json(r.closed))) }
        return .object(members)
    }

    public static func json(_ i: Instance) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("format", .string(instanceFormat)), ("name", .string(i.name)), ("timezone", .string(i.timezone)),
            ("planStart", json(i.planStart)), ("horizonDays", .int(i.horizonDays)), ("gridMinutes", .int(i.gridMinutes)),
            ("minPrepDays", .int(i.minPrepDays)),
        ]
        members.append(
            (
                "states",
                .array(i.states.map { .object([("code", .string($0.code.rawValue)), ("name", .string($0.name)), ("weekend", json($0.weekend))]) })
            ))
        members.append(
            (
                "holidays",
                .array(
                    i.holidays.map { h in
                        var m: [(String, JSONValue)] = [("date", json(h.date)), ("states", json(h.states))]
                        if let n = h.name { m.append(("name", .string(n))) }
                        return .object(m)
                    })
            ))
        members.append(
            (
                "centres",
                .array(
                    i.centres.map { c in
                        var m: [(String, JSONValue)] = [("id", .string(c.id.rawValue))]
                        if let n = c.name { m.append(("name", .string(n))) }
                        m += [
                            ("state", .string(c.state.rawValue)), ("lat", .double(c.lat)), ("lon", .double(c.lon)),
                            ("open", .string(clockText(c.open))),
                            ("close", .string(clockText(c.close))),
                            (
                                "breaks",
                                .array(
                                    c.breaks.map {
                                        .object([
                                            ("days", json($0.days)), ("start", .string(clockText($0.start))), ("end", .string(clockText($0.end))),
                                        ])
                                    })
                            ),
                            ("rooms", .array(c.rooms.map { room($0) })),
                        ]
                        return .object(m)
                    })
            ))
        members.append(
            (
                "interviewers",
                .array(
                    i.interviewers.map { x in
                        .object([
                            ("id", .string(x.id.rawValue)), ("gender", .string(x.gender)), ("languages", json(x.languages)),
                            ("centres", json(x.centres.map(\.rawValue))), ("trainedUntil", x.trainedUntil.map(json) ?? .null),
                            ("maxPerDay", .int(x.maxPerDay)),
                            ("unavailable", json(x.unavailable)),
                        ])
                    })
            ))
        members.append(
            (
                "psychologists",
                .array(
                    i.psychologists.map { x in
                        .object([
                            ("id", .string(x.id.rawValue)), ("languages", json(x.languages)), ("centres", json(x.centres.map(\.rawValue))),
                            ("courts", json(x.courts.map(\.rawValue))), ("maxPerDay", .int(x.maxPerDay)), ("unavailable", json(x.unavailable)),
                        ])
                    })
            ))
        members.append(
            (
                "courts",
                .array(
                    i.courts.map { k in
                        var m: [(String, JSONValue)] = [("id", .string(k.id.rawValue))]
                        if let n = k.name { m.append(("name", .string(n))) }
                        m += [
                            ("state", .string(k.state.rawValue)), ("videoLink", .bool(k.videoLink)), ("sittingDays", json(k.sittingDays)),
                            ("hearingsPerDay", .int(k.hearingsPerDay)), ("closed", json(k.closed)),
                        ]
                        return .object(m)
                    })
            ))
        members.append(("cases", .array(i.cases.map(json))))
        members.append(("previous", i.previous.map(json) ?? .null))
        members.append(("maxMoves", i.maxMoves.map { .int($0) } ?? .null))
        if let km = i.maxTravelKm { members.append(("maxTravelKm", .int(km))) }
        return .object(members)
    }

    static func json(_ c: Case) -> JSONValue {
        let ch = c.child
        let child: JSONValue = .object([
            ("ref", .string(ch.ref)), ("age", .int(ch.age)), ("gender", json(ch.gender)), ("languages", json(ch.languages)), ("lat", .double(ch.lat)),
            ("lon", .double(ch.lon)), ("interviewerGender", json(ch.interviewerGender)), ("needsPsychologist", .bool(ch.needsPsychologist)),
            ("needsAccessibleRoom", .bool(ch.needsAccessibleRoom)),
        ])
        let interview: JSONValue =
            c.interview.map { iv in
                .object([
                    ("durationMinutes", .int(iv.durationMinutes)), ("earliest", json(iv.earliest)), ("targetBy", json(iv.targetBy)),
                    (
                        "pinned",
                        iv.pinned.map { p in
                            .object([
                                ("room", .string(p.room.rawValue)), ("interviewer", .string(p.interviewer.rawValue)),
                                ("psychologist", json(p.psychologist?.rawValue)),
                                ("start", .string(p.start.description)),
                            ])
                        } ?? .null
                    ),
                ])
            } ?? .null
        let hearing: JSONValue =
            c.hearing.map { h in
                .object([
                    ("court", .string(h.court.rawValue)), ("registeredOn", h.registeredOn.map(json) ?? .null), ("deadline", json(h.deadline)),
                    ("days", .int(h.days)), ("earliest", json(h.earliest)), ("needsVideoLink", .bool(h.needsVideoLink)),
                    ("needsPsychologist", .bool(h.needsPsychologist)),
                    (
                        "pinned",
                        h.pinned.map { p in .object([("dates", .array(p.dates.map(json))), ("psychologist", json(p.psychologist?.rawValue))]) }
                            ?? .null
                    ),
                ])
            } ?? .null
        return .object([
            ("id", .string(c.id.rawValue)), ("child", child), ("interview", interview), ("interviewDoneOn", c.interviewDoneOn.map(json) ?? .null),
            ("hearing", hearing),
        ])
    }

    /// The plan as JSON, members in the spec's order; `bounds` (Sedia's own member, which other readers ignore) after the score.
    public static func json(_ p: Plan) -> JSONValue { json(p, bounds: nil) }

    /// The plan as JSON with Sedia's own `bounds` member after the score.
    public static func json(_ p: Plan, bounds: PlanBounds?) -> JSONValue {
        var members: [(String, JSONValue)] = [("format", .string(planFormat))]
        if let i = p.instance { members.append(("instance", .string(i))) }
        members.append(
            (
                "interviews",
                .array(
                    p.interviews.map { b in
                        .object([
                            ("case", .string(b.caseID.rawValue)), ("room", .string(b.room.rawValue)),
                            ("interviewer", .string(b.interviewer.rawValue)),
                            ("psychologist", json(b.psychologist?.rawValue)), ("start", .string(b.start.description)),
                        ])
                    })
            ))
        members.append(
            (
                "hearings",
                .array(
                    p.hearings.map { b in
                        .object([
                            ("case", .string(b.caseID.rawValue)), ("court", .string(b.court.rawValue)), ("dates", .array(b.dates.map(json))),
                            ("psychologist", json(b.psychologist?.rawValue)),
                        ])
                    })
            ))
        members.append(
            (
                "unassigned",
                .array(
                    p.unassigned.map { u in
                        .object([("case", .string(u.caseID.rawValue)), ("task", .string(u.task.rawValue)), ("reasons", json(u.reasons))])
                    })
            ))
        if let s = p.score {
            members.append(("score", .object([("unassigned", .int(s.unassigned)), ("late", .int(s.late)), ("cost", .int(s.cost))])))
        }
        if let b = bounds {
            members.append(
                (
                    "bounds",
                    .object([
                        ("unassigned", .int(b.unassigned)), ("late", .int(b.late)), ("cost", b.cost.map { .int($0) } ?? .null),
                        ("method", .string(b.method)),
                    ])
                ))
        }
        return .object(members)
    }
}
