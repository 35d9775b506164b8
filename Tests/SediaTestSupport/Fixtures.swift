public import SediaCore

/// A small hand-made world in which every rule can be broken on purpose.
public enum Fixtures {
    public static func day(_ s: String) -> Day {
        guard let d = Day(iso: s) else { fatalError("bad test date \(s)") }
        return d
    }

    public static func at(_ s: String) -> LocalDateTime {
        guard let t = LocalDateTime(iso: s) else { fatalError("bad test time \(s)") }
        return t
    }

    public static func instance() -> Instance {
        let weekdays: [Weekday] = [.mon, .tue, .wed, .thu]
        return Instance(
            name: "fixture", planStart: day("2027-01-04"), horizonDays: 60, gridMinutes: 30, minPrepDays: 28,
            states: [StateInfo(code: "MY-04", name: "Melaka", weekend: [.sat, .sun])],
            holidays: [Holiday(date: day("2027-01-08"), states: ["MY-04"], name: "Test holiday")],
            centres: [
                Centre(
                    id: "CIC-A", state: "MY-04", lat: 2.19, lon: 102.25, open: 480, close: 1020,
                    breaks: [Break(days: weekdays, start: 780, end: 840), Break(days: [.fri], start: 735, end: 885)],
                    rooms: [
                        Room(id: "A-1", features: ["recording", "accessible"]), Room(id: "A-2", features: ["recording"]),
                        Room(id: "A-3", features: []),
                    ]),
                Centre(
                    id: "CIC-B", state: "MY-04", lat: 2.30, lon: 102.30, open: 480, close: 1020, breaks: [],
                    rooms: [Room(id: "B-1", features: ["recording"])]),
            ],
            interviewers: [
                Interviewer(
                    id: "IO-1", gender: "F", languages: ["ms", "en"], centres: ["CIC-A", "CIC-B"], trainedUntil: day("2027-12-31"), maxPerDay: 2,
                    unavailable: [DayRange(from: day("2027-01-12"), to: day("2027-01-12"))]),
                Interviewer(
                    id: "IO-2", gender: "M", languages: ["ms"], centres: ["CIC-A"], trainedUntil: day("2027-01-20"), maxPerDay: 1, unavailable: []),
            ],
            psychologists: [
                Psychologist(id: "PSY-1", languages: ["ms"], centres: ["CIC-A", "CIC-B"], courts: ["SES-A"], maxPerDay: 2, unavailable: [])
            ],
            courts: [
                Court(
                    id: "SES-A", state: "MY-04", videoLink: true, sittingDays: weekdays, hearingsPerDay: 1,
                    closed: [DayRange(from: day("2027-02-22"), to: day("2027-02-23"))]),
                Court(id: "SES-N", state: "MY-04", videoLink: false, sittingDays: weekdays + [.fri], hearingsPerDay: 1, closed: []),
            ],
            cases: [
                Case(
                    id: "K-1",
                    child: Child(
                        ref: "C-1", age: 9, gender: "F", languages: ["ms"], lat: 2.19, lon: 102.25, interviewerGender: "F", needsPsychologist: true,
                        needsAccessibleRoom: true),
                    interview: InterviewRequest(durationMinutes: 90, earliest: day("2027-01-04"), targetBy: day("2027-01-08")), interviewDoneOn: nil,
                    hearing: HearingRequest(
                        court: "SES-A", registeredOn: day("2026-12-31"), deadline: day("2027-12-31"), days: 2, earliest: day("2027-02-01"),
                        needsVideoLink: true, needsPsychologist: true)),
                Case(
                    id: "K-2",
                    child: Child(
                        ref: "C-2", age: 12, gender: "M", languages: ["ms"], lat: 2.19, lon: 102.25, interviewerGender: nil, needsPsychologist: false,
                        needsAccessibleRoom: false),
                    interview: InterviewRequest(durationMinutes: 60, earliest: day("2027-01-05"), targetBy: day("2027-01-11")), interviewDoneOn: nil,
                    hearing: nil),
                Case(
                    id: "K-3",
                    child: Child(
                        ref: "C-3", age: 15, gender: "F", languages: ["en"], lat: 2.2, lon: 102.2, interviewerGender: nil, needsPsychologist: false,
                        needsAccessibleRoom: false),
                    interview: nil, interviewDoneOn: day("2026-12-01"),
                    hearing: HearingRequest(
                        court: "SES-A", registeredOn: day("2026-11-01"), deadline: day("2027-03-01"), days: 1, earliest: day("2027-01-04"),
                        needsVideoLink: false, needsPsychologist: false)),
            ])
    }

    /// A valid plan for `instance()`; its score, worked by hand, is 0/0/25 (five working days'
    /// wait for K-1's trial, at 5 each).
    public static func plan() -> Plan {
        Plan(
            instance: "fixture",
            interviews: [
                InterviewBooking(caseID: "K-1", room: "A-1", interviewer: "IO-1", psychologist: "PSY-1", start: at("2027-01-04T09:00")),
                InterviewBooking(caseID: "K-2", room: "A-2", interviewer: "IO-2", psychologist: nil, start: at("2027-01-05T09:00")),
            ],
            hearings: [
                HearingBooking(caseID: "K-1", court: "SES-A", dates: [day("2027-02-08"), day("2027-02-09")], psychologist: "PSY-1"),
                HearingBooking(caseID: "K-3", court: "SES-A", dates: [day("2027-01-04")], psychologist: nil),
            ],
            unassigned: [], score: Score(unassigned: 0, late: 0, cost: 25))
    }

    /// One way to break each hard rule: the rule's number, a name, and the change to instance and plan.
    public struct Breakage: Sendable, CustomStringConvertible {
        public let rule: Int
        public let name: String
        public let apply: @Sendable (inout Instance, inout Plan) -> Void
        public var description: String { "rule \(rule): \(name)" }
    }

    public static func setIV(_ p: inout Plan, _ caseID: String, _ change: (inout InterviewBooking) -> Void) {
        if let k = p.interviews.firstIndex(where: { $0.caseID.rawValue == caseID }) { change(&p.interviews[k]) }
    }

    public static func setH(_ p: inout Plan, _ caseID: String, _ change: (inout HearingBooking) -> Void) {
        if let k = p.hearings.firstIndex(where: { $0.caseID.rawValue == caseID }) { change(&p.hearings[k]) }
    }

    public static let breakages: [Breakage] = [
        Breakage(rule: 0, name: "a required interview is missing") { _, p in p.interviews.removeAll { $0.caseID == "K-2" } },
        Breakage(rule: 0, name: "the declared score is wrong") { _, p in p.score = Score(unassigned: 0, late: 0, cost: 24) },
        Breakage(rule: 0, name: "an unknown case") { _, p in
            p.interviews.append(InterviewBooking(caseID: "K-9", room: "A-2", interviewer: "IO-2", psychologist: nil, start: at("2027-01-06T09:00")))
        },
        Breakage(rule: 0, name: "unassigned without a reason") { _, p in
            p.interviews.removeAll { $0.caseID == "K-2" }
            p.unassigned = [Unassigned(caseID: "K-2", task: .interview, reasons: [" "])]
            p.score = nil
        },
        Breakage(rule: 1, name: "an interview on a Saturday") { _, p in setIV(&p, "K-2") { $0.start = at("2027-01-09T09:00") } },
        Breakage(rule: 1, name: "an interview on a state holiday") { _, p in setIV(&p, "K-2") { $0.start = at("2027-01-08T09:00") } },
        Breakage(rule: 1, name: "a start off the grid") { _, p in setIV(&p, "K-2") { $0.start = at("2027-01-05T09:15") } },
        Breakage(rule: 1, name: "an interview across the lunch break") { _, p in setIV(&p, "K-2") { $0.start = at("2027-01-05T12:30") } },
        Breakage(rule: 1, name: "an interview before it may start") { _, p in setIV(&p, "K-2") { $0.start = at("2027-01-04T14:00") } },
        Breakage(rule: 1, name: "an interview running past closing") { _, p in setIV(&p, "K-2") { $0.start = at("2027-01-05T16:30") } },
        Breakage(rule: 2, name: "a room without recording") { _, p in setIV(&p, "K-2") { $0.room = "A-3" } },
        Breakage(rule: 2, name: "an inaccessible room for a child who needs one") { _, p in setIV(&p, "K-1") { $0.room = "A-2" } },
        Breakage(rule: 2, name: "a centre beyond maxTravelKm") { i, _ in
            // K-2's child moves about 370 km north of CIC-A, where the interview stays booked.
            i.maxTravelKm = 250
            if let k = i.cases.firstIndex(where: { $0.id == "K-2" }) { i.cases[k].child.lat = 5.52 }
        },
        Breakage(rule: 3, name: "an interviewer on leave") { _, p in
            setIV(&p, "K-2") {
                $0.interviewer = "IO-1"; $0.start = at("2027-01-12T09:00")
            }
        },
        Breakage(rule: 3, name: "a man where a woman is required") { i, p in
            i.interviewers[1].maxPerDay = 2
            setIV(&p, "K-1") { $0.interviewer = "IO-2" }
        },
        Breakage(rule: 3, name: "training expired") { _, p in setIV(&p, "K-2") { $0.start = at("2027-01-21T09:00") } },
        Breakage(rule: 4, name: "no psychologist for a child who needs one") { _, p in setIV(&p, "K-1") { $0.psychologist = nil } },
        Breakage(rule: 4, name: "a psychologist who shares no language") { i, _ in
            i.psychologists[0].languages = ["ta"]
        },
        Breakage(rule: 5, name: "a room double-booked") { _, p in
            setIV(&p, "K-2") {
                $0.room = "A-1"; $0.start = at("2027-01-04T09:30")
            }
        },
        Breakage(rule: 6, name: "an interviewer over maxPerDay") { i, p in
            i.interviewers[0].maxPerDay = 1
            setIV(&p, "K-2") {
                $0.interviewer = "IO-1"; $0.start = at("2027-01-04T14:00")
            }
            p.interviews[1].start = at("2027-01-05T14:00")
            setIV(&p, "K-2") { $0.start = at("2027-01-05T09:00") }
            setIV(&p, "K-1") { $0.start = at("2027-01-05T11:00") }
        },
        Breakage(rule: 7, name: "an interviewer at two centres in a day") { _, p in
            setIV(&p, "K-2") {
                $0.interviewer = "IO-1"; $0.room = "B-1"; $0.start = at("2027-01-04T14:00")
            }
        },
        Breakage(rule: 7, name: "a psychologist interviewing on a trial day") { i, p in
            i.cases[1].child.needsPsychologist = true
            setIV(&p, "K-2") {
                $0.psychologist = "PSY-1"; $0.start = at("2027-02-08T09:00")
            }
            p.score = nil
        },
        Breakage(rule: 8, name: "a pinned interview moved") { i, _ in
            i.cases[0].interview?.pinned = PinnedInterview(room: "A-1", interviewer: "IO-1", psychologist: "PSY-1", start: at("2027-01-04T10:00"))
        },
        Breakage(rule: 9, name: "a sitting day skipped") { _, p in setH(&p, "K-1") { $0.dates = [day("2027-02-08"), day("2027-02-10")] } },
        Breakage(rule: 9, name: "a trial on a closed day") { _, p in setH(&p, "K-1") { $0.dates = [day("2027-02-22"), day("2027-02-23")] } },
        Breakage(rule: 9, name: "the wrong court") { _, p in setH(&p, "K-3") { $0.court = "SES-N" } },
        Breakage(rule: 10, name: "a trial before its earliest date") { _, p in setH(&p, "K-1") { $0.dates = [day("2027-01-25"), day("2027-01-26")] }
        },
        Breakage(rule: 10, name: "too little preparation after the interview") { _, p in setIV(&p, "K-1") { $0.start = at("2027-01-14T09:00") } },
        Breakage(rule: 11, name: "no video link") { i, _ in i.courts[0].videoLink = false },
        Breakage(rule: 12, name: "a court over hearingsPerDay") { _, p in setH(&p, "K-3") { $0.dates = [day("2027-02-08")] } },
        Breakage(rule: 13, name: "no psychologist at a trial that needs one") { _, p in setH(&p, "K-1") { $0.psychologist = nil } },
        Breakage(rule: 13, name: "a psychologist who does not serve the court") { i, _ in i.psychologists[0].courts = ["SES-N"] },
        Breakage(rule: 14, name: "a pinned trial moved") { i, _ in
            i.cases[0].hearing?.pinned = PinnedHearing(dates: [day("2027-02-15"), day("2027-02-16")], psychologist: "PSY-1")
        },
        Breakage(rule: 15, name: "more moves than maxMoves") { i, p in
            var prev = plan()
            prev.interviews[1].start = at("2027-01-06T09:00")
            i.previous = prev
            i.maxMoves = 0
            p.score = Score(unassigned: 0, late: 0, cost: 75)
        },
    ]
}
