extension Violation {
    /// Each way a plan can break a hard rule, with its facts. Minutes are minutes after midnight; a task of
    /// `.interview` or `.hearing` says which of the rule pairs 4/13 (the psychologist) it is.
    public enum Kind: Sendable, Equatable, Hashable {
        // Rule 0: every required task exactly once, nothing unknown.
        case unassignedWithoutReason(TaskKind)
        case unknownCase(TaskKind)
        case notRequired(TaskKind)
        /// Listed more than once: `scheduled` times among the bookings and `unassigned` times among the unassigned.
        case listedMoreThanOnce(TaskKind, scheduled: Int, unassigned: Int)
        case missing(TaskKind)
        case otherInstance(plan: String, instance: String)
        case declaredScore(declared: Score, verified: Score)
        // Rule 1: the interview's day and time.
        case notWorkingDay(Day, state: StateInfo.ID, weekend: Bool)
        case offGrid(start: Int, grid: Int)
        case outsideOpeningHours(start: Int, end: Int, open: Int, close: Int, centre: Centre.ID)
        case duringBreak(start: Int, end: Int, weekday: Weekday, breakStart: Int, breakEnd: Int, centre: Centre.ID)
        case roomWithoutCentre(Room.ID)
        case interviewOutsideHorizon(Day, start: Day, end: Day)
        case roomClosed(Room.ID, Day)
        case interviewBeforeEarliest(Day, earliest: Day)
        // Rule 2: the room and the distance.
        case noRecording(Room.ID)
        case notAccessible(Room.ID)
        case tooFar(centre: Centre.ID, km: Int, limit: Int)
        // Rule 3: the interviewer.
        case interviewerNotAtCentre(Interviewer.ID, Centre.ID)
        case trainingExpired(Interviewer.ID, until: Day, on: Day)
        case interviewerUnavailable(Interviewer.ID, Day)
        case interviewerNoLanguage(Interviewer.ID)
        case interviewerGender(Interviewer.ID, gender: String, required: String)
        case unknownInterviewer(Interviewer.ID)
        // Rule 4 (interview) and 13 (hearing): the psychologist.
        case psychologistMissing(TaskKind)
        case psychologistNotNeeded(Psychologist.ID, TaskKind)
        case unknownPsychologist(Psychologist.ID, TaskKind)
        case psychologistUnavailable(Psychologist.ID, Day, TaskKind)
        case psychologistNotAtCentre(Psychologist.ID, Centre.ID)
        case psychologistNoLanguage(Psychologist.ID)
        case psychologistNotAtCourt(Psychologist.ID, Court.ID)
        case psychologistHearingsSameDay(Psychologist.ID, Day, count: Int)
        // Rule 5: a room or person in two interviews at once (this case's and `other`'s times).
        case doubleBooked(Resource, Day, other: Case.ID, otherStart: Int, otherEnd: Int, start: Int, end: Int)
        // Rule 6.
        case overDailyLimit(Person, Day, count: Int, max: Int)
        // Rule 7: one place a day.
        case severalCentres(Person, Day, centres: [Centre.ID])
        case hearingAndInterviews(Psychologist.ID, Day, interviews: [Case.ID])
        // Rule 8.
        case pinnedInterviewChanged([PinnedChange])
        case pinnedInterviewUnassigned
        // Rule 9: the court and its sitting days.
        case wrongCourt(Court.ID, caseCourt: Court.ID)
        case wrongDayCount(given: Int, needed: Int)
        case datesNotIncreasing
        /// Why it is no sitting day: the weekday is not one (`notSittingWeekday`), the state does not work then
        /// (`notWorkingIn`), the court is closed.
        case notSittingDay(Day, Court.ID, notSittingWeekday: Bool, notWorkingIn: StateInfo.ID?, closed: Bool)
        case sittingDaySkipped(Day, Court.ID, after: Day, before: Day)
        case unknownCourt(Court.ID)
        // Rule 10: the hearing's dates.
        case hearingBeforeEarliest(first: Day, earliest: Day)
        case hearingOutsideHorizon(Day, start: Day, end: Day)
        case tooLittlePreparation(first: Day, days: Int, interview: Day, minPrepDays: Int)
        case noInterviewBeforeHearing
        // Rule 11.
        case noVideoLink(Court.ID)
        // Rule 12.
        case courtOverfull(Court.ID, Day, count: Int, max: Int)
        // Rule 14.
        case pinnedHearingChanged(pinned: [Day], planned: [Day], pinnedPsychologist: Psychologist.ID?, plannedPsychologist: Psychologist.ID?)
        case pinnedHearingUnassigned
        // Rule 15.
        case tooManyMoves(moves: Int, max: Int)
    }

    /// A room or person booked for an interview.
    public enum Resource: Sendable, Equatable, Hashable {
        case room(Room.ID)
        case interviewer(Interviewer.ID)
        case psychologist(Psychologist.ID)
    }

    /// A person with a day's limit and one place a day.
    public enum Person: Sendable, Equatable, Hashable {
        case interviewer(Interviewer.ID)
        case psychologist(Psychologist.ID)
    }

    /// What a plan changed in a pinned interview.
    public enum PinnedChange: Sendable, Equatable, Hashable {
        case room(from: Room.ID, to: Room.ID)
        case interviewer(from: Interviewer.ID, to: Interviewer.ID)
        case psychologist(from: Psychologist.ID?, to: Psychologist.ID?)
        case start(from: LocalDateTime, to: LocalDateTime)
    }
}

extension Violation.Kind {
    /// The rule's number in the spec.
    public var rule: Int {
        switch self {
        case .unassignedWithoutReason, .unknownCase, .notRequired, .listedMoreThanOnce, .missing, .otherInstance, .declaredScore: 0
        case .notWorkingDay, .offGrid, .outsideOpeningHours, .duringBreak, .roomWithoutCentre, .interviewOutsideHorizon, .roomClosed,
            .interviewBeforeEarliest:
            1
        case .noRecording, .notAccessible, .tooFar: 2
        case .interviewerNotAtCentre, .trainingExpired, .interviewerUnavailable, .interviewerNoLanguage, .interviewerGender, .unknownInterviewer: 3
        case .psychologistMissing(let task), .psychologistNotNeeded(_, let task), .unknownPsychologist(_, let task),
            .psychologistUnavailable(_, _, let task):
            task == .interview ? 4 : 13
        case .psychologistNotAtCentre, .psychologistNoLanguage: 4
        case .doubleBooked: 5
        case .overDailyLimit: 6
        case .severalCentres, .hearingAndInterviews: 7
        case .pinnedInterviewChanged, .pinnedInterviewUnassigned: 8
        case .wrongCourt, .wrongDayCount, .datesNotIncreasing, .notSittingDay, .sittingDaySkipped, .unknownCourt: 9
        case .hearingBeforeEarliest, .hearingOutsideHorizon, .tooLittlePreparation, .noInterviewBeforeHearing: 10
        case .noVideoLink: 11
        case .courtOverfull: 12
        case .psychologistNotAtCourt, .psychologistHearingsSameDay: 13
        case .pinnedHearingChanged, .pinnedHearingUnassigned: 14
        case .tooManyMoves: 15
        }
    }

    /// The violation in English, word for word as the reference checker (`verify.py`) writes it: scripts compare
    /// the two, so these words change only together with the checker's.
    public var english: String {
        let c = clockText
        switch self {
        case .unassignedWithoutReason(let t): return "unassigned \(t.rawValue) needs at least one human-readable reason"
        case .unknownCase(let t): return "\(t.rawValue): unknown case"
        case .notRequired(let t): return "\(t.rawValue) is not required by the instance (case.\(t.rawValue) is null) but the plan lists it"
        case .listedMoreThanOnce(let t, let scheduled, let unassigned):
            let places = Array(repeating: "scheduled", count: scheduled) + Array(repeating: "unassigned", count: unassigned)
            return "\(t.rawValue) appears \(places.count) times (\(places.joined(separator: ", "))); must appear exactly once"
        case .missing(let t): return "required \(t.rawValue) is neither scheduled nor unassigned"
        case .otherInstance(let plan, let instance): return "plan is for instance '\(plan)', not '\(instance)'"
        case .declaredScore(let declared, let verified): return "declared score \(declared) differs from the verified one \(verified)"
        case .notWorkingDay(let d, let state, let weekend):
            return "\(d) (\(d.weekday.rawValue)) is not a working day in \(state) (\(weekend ? "weekend" : "holiday"))"
        case .offGrid(let s, let grid): return "start \(c(s)) is not on the \(grid)-minute grid"
        case .outsideOpeningHours(let s, let e, let open, let close, let centre):
            return "\(c(s))–\(c(e)) is outside opening hours \(c(open))–\(c(close)) of \(centre)"
        case .duringBreak(let s, let e, let weekday, let bs, let be, let centre):
            return "\(c(s))–\(c(e)) overlaps the \(weekday.rawValue) break \(c(bs))–\(c(be)) of \(centre)"
        case .roomWithoutCentre(let room): return "room '\(room)' does not belong to any centre"
        case .interviewOutsideHorizon(let d, let start, let end): return "\(d) is outside the horizon \(start)…\(end)"
        case .roomClosed(let room, let d): return "room \(room) is closed on \(d)"
        case .interviewBeforeEarliest(let d, let earliest): return "\(d) is before interview.earliest \(earliest)"
        case .noRecording(let room): return "room \(room) has no 'recording'"
        case .notAccessible(let room): return "child needs an accessible room; \(room) is not 'accessible'"
        case .tooFar(let centre, let km, let limit): return "centre \(centre) is \(km) km from the child; maxTravelKm is \(limit)"
        case .interviewerNotAtCentre(let io, let centre): return "interviewer \(io) does not work at \(centre)"
        case .trainingExpired(let io, let until, let d): return "interviewer \(io) training expired \(until) (< \(d))"
        case .interviewerUnavailable(let io, let d): return "interviewer \(io) is unavailable on \(d)"
        case .interviewerNoLanguage(let io): return "interviewer \(io) shares no language with the child"
        case .interviewerGender(let io, let gender, let required): return "interviewer \(io) gender \(gender) != required \(required)"
        case .unknownInterviewer(let io): return "unknown interviewer '\(io)'"
        case .psychologistMissing(let t): return "\(t == .interview ? "child" : "hearing") needs a psychologist; none assigned"
        case .psychologistNotNeeded(let p, let t):
            return "psychologist \(p) assigned but the \(t == .interview ? "child" : "hearing") does not need one"
        case .unknownPsychologist(let p, _): return "unknown psychologist '\(p)'"
        case .psychologistUnavailable(let p, let d, _): return "psychologist \(p) is unavailable on \(d)"
        case .psychologistNotAtCentre(let p, let centre): return "psychologist \(p) does not serve \(centre)"
        case .psychologistNoLanguage(let p): return "psychologist \(p) shares no language with the child"
        case .psychologistNotAtCourt(let p, let court): return "psychologist \(p) does not serve court \(court)"
        case .psychologistHearingsSameDay(let p, let d, let count): return "psychologist \(p) has \(count) hearings on \(d)"
        case .doubleBooked(let r, let d, let other, let os, let oe, let s, let e):
            return "\(r.english) double-booked on \(d): overlaps case \(other) (\(c(os))–\(c(oe)) vs \(c(s))–\(c(e)))"
        case .overDailyLimit(let person, let d, let count, let max):
            return "\(person.english) has \(count) interviews on \(d) (maxPerDay \(max))"
        case .severalCentres(let person, let d, let centres):
            return "\(person.english) works at \(centres.count) centres on \(d): \(centres.map(\.rawValue).joined(separator: ", "))"
        case .hearingAndInterviews(let p, let d, let interviews):
            return "psychologist \(p) is at a hearing on \(d) and also interviews (\(interviews.map(\.rawValue).joined(separator: ", ")))"
        case .pinnedInterviewChanged(let changes): return "pinned interview changed: " + changes.map(\.english).joined(separator: ", ")
        case .pinnedInterviewUnassigned: return "pinned interview is unassigned"
        case .wrongCourt(let court, let caseCourt): return "court \(court) is not the case's court \(caseCourt)"
        case .wrongDayCount(let given, let needed): return "\(given) dates given, hearing needs \(needed) days"
        case .datesNotIncreasing: return "dates are not strictly increasing"
        case .notSittingDay(let d, let court, let weekday, let notWorkingIn, let closed):
            var why: [String] = []
            if weekday { why.append("\(d.weekday.rawValue) is not a sitting day") }
            if let notWorkingIn { why.append("not a working day in \(notWorkingIn)") }
            if closed { why.append("court closed") }
            return "\(d) is not a sitting day of \(court) (\(why.joined(separator: "; ")))"
        case .sittingDaySkipped(let d, let court, let a, let b): return "sitting day \(d) of \(court) skipped between \(a) and \(b)"
        case .unknownCourt(let court): return "unknown court '\(court)'"
        case .hearingBeforeEarliest(let first, let earliest): return "first date \(first) is before hearing.earliest \(earliest)"
        case .hearingOutsideHorizon(let d, let start, let end): return "date \(d) is outside the horizon \(start)…\(end)"
        case .tooLittlePreparation(let first, let days, let interview, let minPrep):
            return "first date \(first) is only \(days) days after the interview \(interview) (minPrepDays \(minPrep))"
        case .noInterviewBeforeHearing: return "hearing planned but the case's interview is neither planned nor done"
        case .noVideoLink(let court): return "hearing needs a video link; court \(court) has none"
        case .courtOverfull(let court, let d, let count, let max): return "court \(court) holds \(count) hearings on \(d) (hearingsPerDay \(max))"
        case .pinnedHearingChanged(let pinned, let planned, let pinnedPsychologist, let plannedPsychologist):
            return "pinned hearing changed: dates \(pinned.map(\.description)) -> \(planned.map(\.description)), "
                + "psychologist \(pinnedPsychologist?.rawValue ?? "None") -> \(plannedPsychologist?.rawValue ?? "None")"
        case .pinnedHearingUnassigned: return "pinned hearing is unassigned"
        case .tooManyMoves(let moves, let max): return "\(moves) bookings of previous moved; maxMoves is \(max)"
        }
    }
}

extension Violation.Resource {
    var english: String {
        switch self {
        case .room(let id): "room \(id)"
        case .interviewer(let id): "interviewer \(id)"
        case .psychologist(let id): "psychologist \(id)"
        }
    }
}

extension Violation.Person {
    var english: String {
        switch self {
        case .interviewer(let id): "interviewer \(id)"
        case .psychologist(let id): "psychologist \(id)"
        }
    }
}

extension Violation.PinnedChange {
    var english: String {
        switch self {
        case .room(let a, let b): "room '\(a)'->'\(b)'"
        case .interviewer(let a, let b): "interviewer '\(a)'->'\(b)'"
        case .psychologist(let a, let b): "psychologist \(a?.rawValue ?? "None")->\(b?.rawValue ?? "None")"
        case .start(let a, let b): "start \(a)->\(b)"
        }
    }
}
