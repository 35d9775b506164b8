public import Foundation
public import SediaCore

/// A small Kelantan + Selangor world for the store and server tests: two centres, two courts, three cases.
public enum AppFixtures {
    public static func day(_ text: String) -> Day {
        guard let d = Day(iso: text) else { fatalError("bad fixture date \(text)") }
        return d
    }

    public static func at(_ text: String) -> LocalDateTime {
        guard let t = LocalDateTime(iso: text) else { fatalError("bad fixture time \(text)") }
        return t
    }

    /// Places of rules/places/MY.yaml for the intake form (GeoNames ids and coordinates as the file has them).
    public static let places = Gazetteer([
        Place(id: 1736376, name: "Kota Bharu", state: "MY-03", lat: 6.12361, lon: 102.24333),
        Place(id: 1732903, name: "Shah Alam", state: "MY-10", lat: 3.08507, lon: 101.53281),
    ])

    public static var instance: Instance {
        let states = [
            StateInfo(code: "MY-03", name: "Kelantan", weekend: [.fri, .sat]),
            StateInfo(code: "MY-10", name: "Selangor", weekend: [.sat, .sun]),
        ]
        let centres = [
            Centre(
                id: "CIC-KB", state: "MY-03", lat: 6.12, lon: 102.24, open: 8 * 60, close: 17 * 60,
                breaks: [Break(days: [.sun, .mon, .tue, .wed, .thu], start: 13 * 60, end: 14 * 60)],
                rooms: [Room(id: "CIC-KB-1", features: ["recording", "accessible"]), Room(id: "CIC-KB-2", features: ["recording"])]),
            Centre(
                id: "CIC-SA", state: "MY-10", lat: 3.07, lon: 101.52, open: 8 * 60, close: 17 * 60, breaks: [],
                rooms: [Room(id: "CIC-SA-1", features: ["recording"])]),
        ]
        let interviewers = [
            Interviewer(
                id: "IO-014", gender: "F", languages: ["ms", "en"], centres: ["CIC-KB"], trainedUntil: day("2027-09-30"), maxPerDay: 2,
                unavailable: [DayRange(from: day("2027-02-01"), to: day("2027-02-05"))]),
            Interviewer(id: "IO-020", gender: "M", languages: ["ms"], centres: ["CIC-KB"], trainedUntil: nil, maxPerDay: 2, unavailable: []),
            Interviewer(id: "IO-100", gender: "F", languages: ["ms", "en"], centres: ["CIC-SA"], trainedUntil: nil, maxPerDay: 3, unavailable: []),
        ]
        let psychologists = [
            Psychologist(id: "PSY-03", languages: ["ms"], centres: ["CIC-KB"], courts: ["SC-KB"], maxPerDay: 3, unavailable: [])
        ]
        let courts = [
            Court(
                id: "SC-KB", state: "MY-03", videoLink: true, sittingDays: [.sun, .mon, .tue, .wed], hearingsPerDay: 1,
                closed: [DayRange(from: day("2027-06-14"), to: day("2027-06-18"))]),
            Court(id: "SC-SA", state: "MY-10", videoLink: false, sittingDays: [.mon, .tue, .wed, .thu], hearingsPerDay: 2, closed: []),
        ]
        let cases = [
            Case(
                id: "K-2027-0001",
                child: Child(
                    ref: "C-0001", age: 9, gender: "F", languages: ["ms"], lat: 6.05, lon: 102.10, interviewerGender: "F",
                    needsPsychologist: true, needsAccessibleRoom: false),
                interview: InterviewRequest(durationMinutes: 90, earliest: day("2027-01-04"), targetBy: day("2027-01-15")), interviewDoneOn: nil,
                hearing: HearingRequest(
                    court: "SC-KB", registeredOn: day("2026-11-20"), deadline: day("2027-11-20"), days: 2, earliest: day("2027-02-01"),
                    needsVideoLink: true, needsPsychologist: true)),
            Case(
                id: "K-2027-0002",
                child: Child(
                    ref: "C-0002", age: 12, gender: "M", languages: ["ms"], lat: 6.10, lon: 102.20, interviewerGender: nil,
                    needsPsychologist: false, needsAccessibleRoom: false),
                interview: InterviewRequest(
                    durationMinutes: 60, earliest: day("2027-01-04"), targetBy: day("2027-01-20"),
                    pinned: PinnedInterview(room: "CIC-KB-2", interviewer: "IO-020", psychologist: nil, start: at("2027-01-05T10:00"))),
                interviewDoneOn: nil, hearing: nil),
            Case(
                id: "B-2027-0003",
                child: Child(
                    ref: "C-0003", age: 7, gender: "F", languages: ["en"], lat: 3.10, lon: 101.60, interviewerGender: nil,
                    needsPsychologist: false, needsAccessibleRoom: false),
                interview: nil, interviewDoneOn: day("2026-12-01"),
                hearing: HearingRequest(
                    court: "SC-SA", registeredOn: nil, deadline: day("2027-10-01"), days: 1, earliest: day("2027-01-11"), needsVideoLink: false,
                    needsPsychologist: false)),
        ]
        return Instance(
            name: "fixture-2027", planStart: day("2027-01-04"), horizonDays: 365, gridMinutes: 30, minPrepDays: 28, states: states,
            holidays: [Holiday(date: day("2027-01-01"), states: ["*"], name: "New Year")], centres: centres, interviewers: interviewers,
            psychologists: psychologists, courts: courts, cases: cases, maxTravelKm: 250)
    }

    public static let fixedNow = Date(timeIntervalSince1970: 1_790_000_000)

    /// A second Kelantan case with an interview to book and no trial (for races and swaps with K-2027-0001).
    public static var unbookedKelantanCase: Case {
        Case(
            id: "K-2027-0009",
            child: Child(
                ref: "C-0009", age: 10, gender: "F", languages: ["ms"], lat: 6.1, lon: 102.2, interviewerGender: nil, needsPsychologist: false,
                needsAccessibleRoom: false),
            interview: InterviewRequest(durationMinutes: 60, earliest: day("2027-01-04"), targetBy: day("2027-01-20")),
            interviewDoneOn: nil, hearing: nil)
    }
}
