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
    let days: Set<Day>
    /// Per centre, worked out once: its officers and psychologists, and how far it is from the child.
    let officersAt: [Centre.ID: [Interviewer]]
    let psychologistsAt: [Centre.ID: [Psychologist]]
    let kmTo: [Centre.ID: Int]
    /// The shown days that are a weekend day or a public holiday, by state (the key's id is the state's code).
    let restDays: Set<Key>
    let restStates: Set<StateInfo.ID>
    /// Per centre and shown day (the key's id is the centre's), the busy times of each officer and psychologist with
    /// nothing against them that day: a start fits when one of them is free then.
    var officersOfDay: [Key: [[Span]]] = [:]
    var psychologistsOfDay: [Key: [[Span]]] = [:]

    /// The check for `item`'s interview on `days`, against `interviews` and `hearings` as booked.
    /// `centres`: the centres whose rooms will be asked about (every centre when nil); the people free on each shown
    /// day are worked out for these only.
    public init(
        instance: Instance, item: Case, interviews: [Booked], hearings: some Sequence<HearingBooking>, days: [Day], centres: Set<Centre.ID>? = nil
    ) {
        self.instance = instance
        self.item = item
        minutes = item.interview?.durationMinutes ?? 0
        languages = Set(item.child.languages)
        var rooms: [Room.ID: (centre: Centre, room: Room)] = [:]
        for centre in instance.centres { for room in centre.rooms { rooms[room.id] = (centre, room) } }
        centreOfRoom = rooms
        let shown = Set(days)
        self.days = shown
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
        officersAt = Dictionary(
            grouping: instance.interviewers.flatMap { io in io.centres.map { ($0, io) } }, by: \.0
        ).mapValues { $0.map(\.1) }
        psychologistsAt = Dictionary(
            grouping: instance.psychologists.flatMap { p in p.centres.map { ($0, p) } }, by: \.0
        ).mapValues { $0.map(\.1) }
        kmTo = Dictionary(
            instance.centres.map { ($0.id, Verifier.travelKm(item.child.lat, item.child.lon, $0.lat, $0.lon)) }, uniquingKeysWith: { a, _ in a })
        var restDays: Set<Key> = []
        let asked = instance.centres.filter { centres?.contains($0.id) ?? true }
        for state in Set(asked.map(\.state)) {
            for day in shown where instance.isRestDay(day, state: state) || instance.holiday(on: day, state: state) != nil {
                restDays.insert(Key(id: state.rawValue, day: day))
            }
        }
        self.restDays = restDays
        restStates = Set(asked.map(\.state))
        for centre in asked {
            for day in shown {
                let key = Key(id: centre.id.rawValue, day: day)
                officersOfDay[key] = (officersAt[centre.id] ?? []).filter { officerDayProblems($0, centre: centre.id, day: day).isEmpty }.map {
                    personBusy[Key(id: $0.id.rawValue, day: day)] ?? []
                }
                psychologistsOfDay[key] = (psychologistsAt[centre.id] ?? []).filter {
                    psychologistDayProblems($0, centre: centre.id, day: day).isEmpty
                }.map { personBusy[Key(id: $0.id.rawValue, day: day)] ?? [] }
            }
        }
    }

    /// Whether the whole interview fits at `start` in `room` with an officer (and a psychologist when the child needs
    /// one) free: the calendar offers exactly these starts.
    public func fits(room: Room.ID, start: LocalDateTime) -> Bool {
        // The calendar asks for every empty cell: the people free that day were found once, so a start is a few
        // comparisons; a day not shown takes the long way.
        guard let centre = centreOfRoom[room]?.centre, slotProblems(room: room, start: start).isEmpty else { return false }
        let key = Key(id: centre.id.rawValue, day: start.day)
        guard let officers = officersOfDay[key], let psychologists = psychologistsOfDay[key] else {
            return problems(room: room, start: start).isEmpty
        }
        let s = start.minute
        let e = s + minutes
        let free = { (spans: [Span]) in !spans.contains { $0.start < e && s < $0.end } }
        return officers.contains(where: free) && (!item.child.needsPsychologist || psychologists.contains(where: free))
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
        if restDays.contains(Key(id: centre.state.rawValue, day: day))
            || (!restStates.contains(centre.state) || !days.contains(day))
                && (instance.isRestDay(day, state: centre.state) || instance.holiday(on: day, state: centre.state) != nil)
        {
            found.append(.notWorkingDay)
        }
        if instance.gridMinutes > 0, s % instance.gridMinutes != 0 { found.append(.offGrid(grid: instance.gridMinutes)) }
        if s < centre.open || e > centre.close { found.append(.outsideHours(open: centre.open, close: centre.close)) }
        for b in centre.breaks where b.days.contains(day.weekday) && s < b.end && b.start < e { found.append(.crossesBreak(b)) }
        if room.closed.contains(where: { $0.contains(day) }) { found.append(.roomClosed) }
        if roomBusy[Key(id: room.id.rawValue, day: day)]?.contains(where: { $0.start < e && s < $0.end }) == true { found.append(.roomTaken) }
        if !room.features.contains("recording") || (item.child.needsAccessibleRoom && !room.features.contains("accessible")) {
            found.append(.roomUnfit(accessible: item.child.needsAccessibleRoom))
        }
        if let limit = instance.travelLimit(item.id), let km = kmTo[centre.id], km > limit { found.append(.tooFar(km: km, limit: limit)) }
        if let trial = trialStart, day.adding(days: instance.minPrepDays) > trial {
            found.append(.tooCloseToTrial(trial: trial, prepDays: instance.minPrepDays))
        }
        return found
    }

    /// The officers who work at `centre`, each with why they cannot take the interview at `start`; free ones first.
    public func officers(at centre: Centre, start: LocalDateTime) -> [Candidate<Interviewer.ID>] {
        Self.freeFirst((officersAt[centre.id] ?? []).map { Candidate(id: $0.id, problems: officerProblems($0, centre: centre.id, start: start)) })
    }

    /// The psychologists who serve `centre`, each with why they cannot attend at `start`; free ones first.
    public func psychologists(at centre: Centre, start: LocalDateTime) -> [Candidate<Psychologist.ID>] {
        Self.freeFirst(
            (psychologistsAt[centre.id] ?? []).map { Candidate(id: $0.id, problems: psychologistProblems($0, centre: centre.id, start: start)) })
    }

    /// Rules 3 and 5–7 for one officer.
    func officerProblems(_ io: Interviewer, centre: Centre.ID, start: LocalDateTime) -> [PersonProblem] {
        personal(io, day: start.day) + overlap(io.id.rawValue, start: start)
            + dayBusy(io.id.rawValue, centre: centre, day: start.day, maxPerDay: io.maxPerDay)
    }

    /// Rules 4–7 and 13 for one psychologist.
    func psychologistProblems(_ p: Psychologist, centre: Centre.ID, start: LocalDateTime) -> [PersonProblem] {
        personal(p, day: start.day) + overlap(p.id.rawValue, start: start)
            + dayBusy(p.id.rawValue, centre: centre, day: start.day, maxPerDay: p.maxPerDay)
    }

    /// What keeps an officer from the centre all day, whatever the time.
    func officerDayProblems(_ io: Interviewer, centre: Centre.ID, day: Day) -> [PersonProblem] {
        personal(io, day: day) + dayBusy(io.id.rawValue, centre: centre, day: day, maxPerDay: io.maxPerDay)
    }

    /// What keeps a psychologist from the centre all day, whatever the time.
    func psychologistDayProblems(_ p: Psychologist, centre: Centre.ID, day: Day) -> [PersonProblem] {
        personal(p, day: day) + dayBusy(p.id.rawValue, centre: centre, day: day, maxPerDay: p.maxPerDay)
    }

    func personal(_ io: Interviewer, day: Day) -> [PersonProblem] {
        var problems: [PersonProblem] = []
        if io.unavailable.contains(where: { $0.contains(day) }) { problems.append(.onLeave) }
        if let until = io.trainedUntil, until < day { problems.append(.notTrained(until: until)) }
        if languages.isDisjoint(with: io.languages) { problems.append(.noLanguage) }
        if let g = item.child.interviewerGender, io.gender != g { problems.append(.wrongGender(required: g)) }
        return problems
    }

    func personal(_ p: Psychologist, day: Day) -> [PersonProblem] {
        var problems: [PersonProblem] = []
        if p.unavailable.contains(where: { $0.contains(day) }) { problems.append(.onLeave) }
        if languages.isDisjoint(with: p.languages) { problems.append(.noLanguage) }
        if let court = courtDays[Key(id: p.id.rawValue, day: day)] { problems.append(.inCourt(court)) }
        return problems
    }

    /// Rule 5 for one person: another interview at that time.
    func overlap(_ person: String, start: LocalDateTime) -> [PersonProblem] {
        let s = start.minute
        let e = s + minutes
        guard let clash = personBusy[Key(id: person, day: start.day)]?.first(where: { $0.start < e && s < $0.end }) else { return [] }
        return [.booked(from: clash.start, to: clash.end)]
    }

    /// Rules 6–7 for one person: a full day, another centre that day.
    func dayBusy(_ person: String, centre: Centre.ID, day: Day, maxPerDay: Int) -> [PersonProblem] {
        let key = Key(id: person, day: day)
        var problems: [PersonProblem] = []
        if (personBusy[key]?.count ?? 0) >= maxPerDay { problems.append(.fullDay(max: maxPerDay)) }
        if let other = personCentres[key]?.first(where: { $0 != centre }) { problems.append(.otherCentre(other)) }
        return problems
    }

    static func freeFirst<ID>(_ list: [Candidate<ID>]) -> [Candidate<ID>] {
        list.filter(\.isFree) + list.filter { !$0.isFree }
    }
}
