public import SediaCore

extension Fixtures {
    /// One centre, one room, one officer who can do one interview a day, and four interviews due on
    /// their first day: two on Monday, two on Tuesday. Two of them must be late; a second officer
    /// lets all four be held on their day, and nothing else (a room, a psychologist) can.
    public static func underStaffed() -> Instance {
        let monday = day("2027-01-04")
        func interviewCase(_ n: Int, _ on: Day) -> Case {
            Case(
                id: .init("K-U\(n)"),
                child: Child(
                    ref: "C-U\(n)", age: 10, gender: "F", languages: ["ms"], lat: 2.19, lon: 102.25, interviewerGender: nil, needsPsychologist: false,
                    needsAccessibleRoom: false),
                interview: InterviewRequest(durationMinutes: 60, earliest: on, targetBy: on), interviewDoneOn: nil, hearing: nil)
        }
        return Instance(
            name: "under-staffed", planStart: monday, horizonDays: 14, gridMinutes: 30, minPrepDays: 28,
            states: [StateInfo(code: "MY-04", name: "Melaka", weekend: [.sat, .sun])], holidays: [],
            centres: [
                Centre(
                    id: "CIC-U", state: "MY-04", lat: 2.19, lon: 102.25, open: 480, close: 1020, breaks: [],
                    rooms: [Room(id: "CIC-U-1", features: ["recording", "accessible"])])
            ],
            interviewers: [
                Interviewer(id: "IO-1", gender: "F", languages: ["ms"], centres: ["CIC-U"], trainedUntil: nil, maxPerDay: 1, unavailable: [])
            ],
            psychologists: [], courts: [],
            cases: [
                interviewCase(1, monday), interviewCase(2, monday), interviewCase(3, monday.adding(days: 1)),
                interviewCase(4, monday.adding(days: 1)),
            ])
    }
}
