import SediaCalendar
import SediaCore

/// A small plan at one Kelantan CIC and its special court, with sentinel names where a user might type a child's name.
enum FeedFixtures {
    static let sentinels = ["Siti Sentinel Aminah", "SENTINEL-CHILD-NAME", "Nur Sentinel", "sentinel school", "offence-sentinel"]

    static func child(_ ref: String) -> Child {
        Child(
            ref: ref, age: 9, gender: "F", languages: ["ms"], lat: 6.05, lon: 102.10, interviewerGender: "F", needsPsychologist: true,
            needsAccessibleRoom: false)
    }

    static func instance() -> Instance {
        Instance(
            name: "tiny " + sentinels[3], planStart: Day(iso: "2027-01-04") ?? Day(ordinal: 0), horizonDays: 120, gridMinutes: 30,
            minPrepDays: 28,
            states: [StateInfo(code: "MY-03", name: "Kelantan", weekend: [.fri, .sat])],
            holidays: [Holiday(date: Day(iso: "2027-01-01") ?? Day(ordinal: 0), states: ["*"], name: sentinels[4])],
            centres: [
                Centre(
                    id: "CIC-KB", name: "Pusat " + sentinels[3], state: "MY-03", lat: 6.12, lon: 102.24, open: 480, close: 1020,
                    breaks: [Break(days: [.sun, .mon, .tue, .wed, .thu], start: 780, end: 840)],
                    rooms: [Room(id: "CIC-KB-1", features: ["recording"]), Room(id: "CIC-KB-2", features: ["recording", "accessible"])])
            ],
            interviewers: [
                Interviewer(id: "IO-014", gender: "F", languages: ["ms"], centres: ["CIC-KB"], trainedUntil: nil, maxPerDay: 2, unavailable: []),
                Interviewer(id: "IO-015", gender: "F", languages: ["ms"], centres: ["CIC-KB"], trainedUntil: nil, maxPerDay: 2, unavailable: []),
            ],
            psychologists: [Psychologist(id: "PSY-03", languages: ["ms"], centres: ["CIC-KB"], courts: ["SC-KB"], maxPerDay: 3, unavailable: [])],
            courts: [
                Court(
                    id: "SC-KB", name: sentinels[1], state: "MY-03", videoLink: true, sittingDays: [.sun, .mon, .tue, .wed], hearingsPerDay: 2,
                    closed: [])
            ],
            cases: [
                Case(
                    id: "K-2027-0001", child: child(sentinels[0]),
                    interview: InterviewRequest(durationMinutes: 90, earliest: day("2027-01-04"), targetBy: day("2027-01-15")),
                    interviewDoneOn: nil, hearing: nil),
                Case(
                    id: "K-2027-0002", child: child(sentinels[1]),
                    interview: InterviewRequest(durationMinutes: 120, earliest: day("2027-01-04"), targetBy: day("2027-01-20")),
                    interviewDoneOn: nil, hearing: nil),
                Case(
                    id: "K-2027-0003", child: child(sentinels[2]), interview: nil, interviewDoneOn: day("2026-12-01"),
                    hearing: HearingRequest(
                        court: "SC-KB", registeredOn: day("2026-11-20"), deadline: day("2027-11-20"), days: 2, earliest: day("2027-02-01"),
                        needsVideoLink: true, needsPsychologist: true)),
            ])
    }

    static func plan() -> Plan {
        Plan(
            instance: "tiny",
            interviews: [
                InterviewBooking(
                    caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: time("2027-01-06T09:00")),
                InterviewBooking(
                    caseID: "K-2027-0002", room: "CIC-KB-2", interviewer: "IO-015", psychologist: "PSY-03", start: time("2027-01-07T14:00")),
            ],
            hearings: [HearingBooking(caseID: "K-2027-0003", court: "SC-KB", dates: [day("2027-02-07"), day("2027-02-08")], psychologist: "PSY-03")],
            unassigned: [], score: nil)
    }

    static let prosecutors: [Case.ID: String] = ["K-2027-0001": "DPP-01", "K-2027-0003": "DPP-01", "K-2027-0002": "DPP-02"]

    static let now = UTCInstant(iso: "2027-01-04T01:00:00Z") ?? UTCInstant(seconds: 0)

    static func state() -> FeedState { FeedState(secret: Array(0..<32)) }

    static func export(
        instance: Instance = instance(), plan: Plan = plan(), prosecutors: [Case.ID: String] = prosecutors, state: FeedState = state(),
        now: UTCInstant = now, options: FeedOptions = FeedOptions(busyVariants: true, todoFeeds: true)
    ) throws -> (files: [FeedFile], state: FeedState) {
        try FeedExport.export(
            instance: instance, plan: plan, prosecutors: prosecutors, rules: (ChecklistFixtures.book(), ChecklistFixtures.calendars()), state: state,
            now: now, options: options)
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The named feed of an export, read back through libical.
    static func parsed(_ name: String, in files: [FeedFile]) throws -> FeedInspection {
        guard let file = file(name, in: files) else { throw Missing(description: "no feed \(name)") }
        guard let parsed = FeedInspection.parse(file.bytes) else { throw Missing(description: "libical found no calendar in \(name)") }
        return parsed
    }

    static func file(_ name: String, in files: [FeedFile]) -> FeedFile? { files.first { $0.fileName == name } }

    static func day(_ text: String) -> Day { Day(iso: text) ?? Day(ordinal: 0) }
    static func time(_ text: String) -> LocalDateTime { LocalDateTime(iso: text) ?? LocalDateTime(day: Day(ordinal: 0), minute: 0) }
}
