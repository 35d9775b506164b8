/// Whether one case's interview fits at a start in a room, and who could hold it: rules 1–7 of the planning format for
/// one booking against what is booked already (the case's own interview left out, so a move is checked like a new
/// booking). Every failure is typed, so the booking calendar offers only starts that fit and the booking form's
/// pickers say in the reader's language why someone cannot take it.
///
/// Built once per page for the days shown: the bookings are indexed by room, person and day, and each start is then
/// a handful of comparisons.
public struct InterviewSlotFit: Sendable {
    /// A booked interview and its length.
    public struct Booked: Sendable {
        public var booking: InterviewBooking
        public var minutes: Int

        public init(booking: InterviewBooking, minutes: Int) {
            self.booking = booking
            self.minutes = minutes
        }
    }

    /// Why the room cannot hold the interview at that start, whoever would take it.
    public enum SlotProblem: Sendable, Equatable {
        /// The day is outside the planning window (today onwards).
        case outsideWindow(from: Day, to: Day)
        /// The day is before the interview's earliest day.
        case beforeEarliest(Day)
        /// A weekend day or a public holiday of the centre's state.
        case notWorkingDay
        /// The start is not on the booking grid.
        case offGrid(grid: Int)
        /// The interview would start before opening or end after closing.
        case outsideHours(open: Int, close: Int)
        /// The interview would run into a break (lunch, or the Friday prayers).
        case crossesBreak(Break)
        /// The room is closed that day.
        case roomClosed
        /// Another interview holds the room then.
        case roomTaken
        /// The room lacks recording, or access when the child needs it.
        case roomUnfit(accessible: Bool)
        /// The centre is beyond the case's travel limit (rule 2).
        case tooFar(km: Int, limit: Int)
        /// The case's trial is booked too soon after that day for the preparation it needs.
        case tooCloseToTrial(trial: Day, prepDays: Int)
        /// No officer who may hold it is free then.
        case noOfficerFree
        /// The child needs a psychologist and none who may attend is free then.
        case noPsychologistFree
    }

    /// Why an officer or a psychologist cannot take the interview at that start.
    public enum PersonProblem: Sendable, Equatable {
        /// On leave, or otherwise unavailable, that day.
        case onLeave
        /// The officer's child-interview training has expired by that day.
        case notTrained(until: Day)
        /// Speaks none of the child's languages.
        case noLanguage
        /// Not of the gender asked for the child ("F" or "M").
        case wrongGender(required: String)
        /// Already in another interview that overlaps this one (minutes after midnight).
        case booked(from: Int, to: Int)
        /// Already holds as many interviews that day as they may.
        case fullDay(max: Int)
        /// Works at another centre that day (a person works at one place a day).
        case otherCentre(Centre.ID)
        /// A psychologist in court that day.
        case inCourt(Court.ID)
    }

    /// One officer or psychologist and why they cannot take it (empty: free).
    public struct Candidate<ID: Hashable & Sendable>: Sendable {
        public var id: ID
        public var problems: [PersonProblem]
        public var isFree: Bool { problems.isEmpty }
    }

    struct Key: Hashable {
        var id: String
        var day: Day
    }

    struct Span {
        var start: Int
        var end: Int
    }

    let instance: Instance
    let item: Case
    let minutes: Int
    let languages: Set<String>
    let centreOfRoom: [Room.ID: (centre: Centre, room: Room)]
    let roomBusy: [Key: [Span]]
    let personBusy: [Key: [Span]]
    let personCentres: [Key: Set<Centre.ID>]
    let courtDays: [Key: Court.ID]
    let trialStart: Day?

    /// The check for `item`'s interview on `days`, against `interviews` and `hearings` as booked.
    public init(instance: Instance, item: Case, interviews: [Booked], hearings: [HearingBooking], days: [Day]) {
        self.instance = instance
        self.item = item
        minutes = item.interview?.durationMinutes ?? 0
        languages = Set(item.child.languages)
        var rooms: [Room.ID: (centre: Centre, room: Room)] = [:]
        for centre in instance.centres { for room in centre.rooms { rooms[room.id] = (centre, room) } }
        centreOfRoom = rooms
        let shown = Set(days)
        var roomBusy: [Key: [Span]] = [:]
        var personBusy: [Key: [Span]] = [:]
        var personCentres: [Key: Set<Centre.ID>] = [:]
        for b in interviews where b.booking.caseID != item.id && shown.contains(b.booking.start.day) {
            let day = b.booking.start.day
            let span = Span(start: b.booking.start.minute, end: b.booking.start.minute + b.minutes)
            roomBusy[Key(id: b.booking.room.rawValue, day: day), default: []].append(span)
            let centre = rooms[b.booking.room]?.centre.id
            for person in [b.booking.interviewer.rawValue, b.booking.psychologist?.rawValue].compactMap({ $0 }) {
                personBusy[Key(id: person, day: day), default: []].append(span)
                if let centre { personCentres[Key(id: person, day: day), default: []].insert(centre) }
            }
        }
        var courtDays: [Key: Court.ID] = [:]
        var trialStart: Day?
        for h in hearings {
            if h.caseID == item.id { trialStart = h.dates.min() }
            guard let p = h.psychologist else { continue }
            for d in h.dates where shown.contains(d) { courtDays[Key(id: p.rawValue, day: d)] = h.court }
        }
        self.roomBusy = roomBusy
        self.personBusy = personBusy
        self.personCentres = personCentres
        self.courtDays = courtDays
        self.trialStart = trialStart
    }

    /// Whether the whole interview fits at `start` in `room` with an officer (and a psychologist when the child needs
    /// one) free: the calendar offers exactly these starts.
    public func fits(room: Room.ID, start: LocalDateTime) -> Bool {
        problems(room: room, start: start).isEmpty
    }

    /// Everything that stops the interview at `start` in `room`: the room and the time first, then nobody free.
    public func problems(room: Room.ID, start: LocalDateTime) -> [SlotProblem] {
        var found = slotProblems(room: room, start: start)
        guard let centre = centreOfRoom[room]?.centre else { return found }
        if !officers(at: centre, start: start).contains(where: \.isFree) { found.append(.noOfficerFree) }
        if item.child.needsPsychologist, !psychologists(at: centre, start: start).contains(where: \.isFree) {
            found.append(.noPsychologistFree)
        }
        return found
    }

    /// What stops the room and the time, whoever would take it.
    public func slotProblems(room: Room.ID, start: LocalDateTime) -> [SlotProblem] {
        guard let (centre, room) = centreOfRoom[room] else { return [.roomUnfit(accessible: item.child.needsAccessibleRoom)] }
        let day = start.day
        let s = start.minute
        let e = s + minutes
        var found: [SlotProblem] = []
        if day < instance.planStart || day > instance.planEnd { found.append(.outsideWindow(from: instance.planStart, to: instance.planEnd)) }
        if let earliest = item.interview?.earliest, day < earliest { found.append(.beforeEarliest(earliest)) }
        if instance.isRestDay(day, state: centre.state) || instance.holiday(on: day, state: centre.state) != nil { found.append(.notWorkingDay) }
        if instance.gridMinutes > 0, s % instance.gridMinutes != 0 { found.append(.offGrid(grid: instance.gridMinutes)) }
        if s < centre.open || e > centre.close { found.append(.outsideHours(open: centre.open, close: centre.close)) }
        for b in centre.breaks where b.days.contains(day.weekday) && s < b.end && b.start < e { found.append(.crossesBreak(b)) }
        if room.closed.contains(where: { $0.contains(day) }) { found.append(.roomClosed) }
        if roomBusy[Key(id: room.id.rawValue, day: day)]?.contains(where: { $0.start < e && s < $0.end }) == true { found.append(.roomTaken) }
        if !room.features.contains("recording") || (item.child.needsAccessibleRoom && !room.features.contains("accessible")) {
            found.append(.roomUnfit(accessible: item.child.needsAccessibleRoom))
        }
        if let limit = instance.travelLimit(item.id) {
            let km = Verifier.travelKm(item.child.lat, item.child.lon, centre.lat, centre.lon)
            if km > limit { found.append(.tooFar(km: km, limit: limit)) }
        }
        if let trial = trialStart, day.adding(days: instance.minPrepDays) > trial {
            found.append(.tooCloseToTrial(trial: trial, prepDays: instance.minPrepDays))
        }
        return found
    }

    /// The officers who work at `centre`, each with why they cannot take the interview at `start`; free ones first.
    public func officers(at centre: Centre, start: LocalDateTime) -> [Candidate<Interviewer.ID>] {
        let day = start.day
        let list = instance.interviewers.filter { $0.centres.contains(centre.id) }.map { io -> Candidate<Interviewer.ID> in
            var problems: [PersonProblem] = []
            if io.unavailable.contains(where: { $0.contains(day) }) { problems.append(.onLeave) }
            if let until = io.trainedUntil, until < day { problems.append(.notTrained(until: until)) }
            if languages.isDisjoint(with: io.languages) { problems.append(.noLanguage) }
            if let g = item.child.interviewerGender, io.gender != g { problems.append(.wrongGender(required: g)) }
            problems += busy(io.id.rawValue, centre: centre.id, start: start, maxPerDay: io.maxPerDay)
            return Candidate(id: io.id, problems: problems)
        }
        return Self.freeFirst(list)
    }

    /// The psychologists who serve `centre`, each with why they cannot attend at `start`; free ones first.
    public func psychologists(at centre: Centre, start: LocalDateTime) -> [Candidate<Psychologist.ID>] {
        let day = start.day
        let list = instance.psychologists.filter { $0.centres.contains(centre.id) }.map { p -> Candidate<Psychologist.ID> in
            var problems: [PersonProblem] = []
            if p.unavailable.contains(where: { $0.contains(day) }) { problems.append(.onLeave) }
            if languages.isDisjoint(with: p.languages) { problems.append(.noLanguage) }
            if let court = courtDays[Key(id: p.id.rawValue, day: day)] { problems.append(.inCourt(court)) }
            problems += busy(p.id.rawValue, centre: centre.id, start: start, maxPerDay: p.maxPerDay)
            return Candidate(id: p.id, problems: problems)
        }
        return Self.freeFirst(list)
    }

    /// Rules 5–7 for one person: an overlapping interview, a full day, another centre that day.
    func busy(_ person: String, centre: Centre.ID, start: LocalDateTime, maxPerDay: Int) -> [PersonProblem] {
        let key = Key(id: person, day: start.day)
        let spans = personBusy[key] ?? []
        let s = start.minute
        let e = s + minutes
        var problems: [PersonProblem] = []
        if let clash = spans.first(where: { $0.start < e && s < $0.end }) { problems.append(.booked(from: clash.start, to: clash.end)) }
        if spans.count >= maxPerDay { problems.append(.fullDay(max: maxPerDay)) }
        if let other = personCentres[key]?.first(where: { $0 != centre }) { problems.append(.otherCentre(other)) }
        return problems
    }

    static func freeFirst<ID>(_ list: [Candidate<ID>]) -> [Candidate<ID>] {
        list.filter(\.isFree) + list.filter { !$0.isFree }
    }
}
