/// A planning instance (`sedia-instance/1`): everything needed to plan and to check a plan.
///
/// See `shared/spec/planning-format.md`. Arrays keep the file's order so that an instance
/// written back out reads like the one that came in.
public struct Instance: Sendable, Equatable {
    public var name: String
    public var timezone: String
    public var planStart: Day
    public var horizonDays: Int
    public var gridMinutes: Int
    public var minPrepDays: Int
    public var states: [StateInfo]
    public var holidays: [Holiday]
    public var centres: [Centre]
    public var interviewers: [Interviewer]
    public var psychologists: [Psychologist]
    public var courts: [Court]
    public var cases: [Case]
    public var previous: Plan?
    public var maxMoves: Int?
    /// When set (a replan of one state, `replanScope(_:state:)`), the tasks the solver places may use only this
    /// state's rooms, officers, psychologists and courts (`resources(of:)`); pins are kept as they are. Not part of the
    /// planning format.
    public var scopeState: StateInfo.ID?
    /// The farthest, in whole km, a child may be sent for an interview (rule 2); nil: no limit.
    public var maxTravelKm: Int?
    /// Limits for single cases that replace `maxTravelKm` (the app's per-state setting, applied to each case of the
    /// state). Not part of the planning format: an exported instance carries only `maxTravelKm`.
    public var travelLimitByCase: [Case.ID: Int] = [:]

    public init(
        name: String, timezone: String = "Asia/Kuala_Lumpur", planStart: Day, horizonDays: Int, gridMinutes: Int, minPrepDays: Int,
        states: [StateInfo], holidays: [Holiday], centres: [Centre], interviewers: [Interviewer], psychologists: [Psychologist],
        courts: [Court], cases: [Case], previous: Plan? = nil, maxMoves: Int? = nil, maxTravelKm: Int? = nil
    ) {
        self.name = name
        self.timezone = timezone
        self.planStart = planStart
        self.horizonDays = horizonDays
        self.gridMinutes = gridMinutes
        self.minPrepDays = minPrepDays
        self.states = states
        self.holidays = holidays
        self.centres = centres
        self.interviewers = interviewers
        self.psychologists = psychologists
        self.courts = courts
        self.cases = cases
        self.previous = previous
        self.maxMoves = maxMoves
        self.maxTravelKm = maxTravelKm
    }

    /// The farthest a case's child may be sent for an interview (nil: no limit).
    public func travelLimit(_ caseID: Case.ID) -> Int? { travelLimitByCase[caseID] ?? maxTravelKm }

    /// The last day of the planning horizon.
    public var planEnd: Day { planStart.adding(days: horizonDays - 1) }
}

/// A Malaysian state or federal territory (ISO 3166-2:MY code) and its weekly rest days.
public struct StateInfo: Sendable, Equatable {
    public typealias ID = Identifier<StateInfo>
    public var code: ID
    public var name: String
    public var weekend: [Weekday]

    public init(code: ID, name: String, weekend: [Weekday]) {
        self.code = code
        self.name = name
        self.weekend = weekend
    }
}

/// A public holiday in some states (`"*"` for all).
public struct Holiday: Sendable, Equatable {
    public var date: Day
    public var states: [String]
    public var name: String?

    public init(date: Day, states: [String], name: String?) {
        self.date = date
        self.states = states
        self.name = name
    }
}

/// A period on given weekdays when no interview may run (lunch, Friday prayer).
public struct Break: Sendable, Equatable {
    public var days: [Weekday]
    /// Minutes after midnight.
    public var start: Int
    public var end: Int

    public init(days: [Weekday], start: Int, end: Int) {
        self.days = days
        self.start = start
        self.end = end
    }
}

/// A Child Interview Centre: opening hours, breaks and its interview rooms.
public struct Centre: Sendable, Equatable {
    public typealias ID = Identifier<Centre>
    public var id: ID
    public var name: String?
    public var state: StateInfo.ID
    public var lat: Double
    public var lon: Double
    /// Minutes after midnight.
    public var open: Int
    public var close: Int
    public var breaks: [Break]
    public var rooms: [Room]

    public init(
        id: ID, name: String? = nil, state: StateInfo.ID, lat: Double, lon: Double, open: Int, close: Int, breaks: [Break], rooms: [Room]
    ) {
        self.id = id
        self.name = name
        self.state = state
        self.lat = lat
        self.lon = lon
        self.open = open
        self.close = close
        self.breaks = breaks
        self.rooms = rooms
    }
}

/// An interview room with its features (`recording`, `accessible`).
public struct Room: Sendable, Equatable {
    public typealias ID = Identifier<Room>
    public var id: ID
    public var features: [String]
    /// Inclusive date ranges on which the room takes no interview (a closure a coordinator entered). An extension of
    /// the planning format: written only when not empty, and ignored by readers that do not know it.
    public var closed: [DayRange]

    public init(id: ID, features: [String], closed: [DayRange] = []) {
        self.id = id
        self.features = features
        self.closed = closed
    }
}

/// A D11 officer trained in child interviews.
public struct Interviewer: Sendable, Equatable {
    public typealias ID = Identifier<Interviewer>
    public var id: ID
    public var gender: String
    public var languages: [String]
    public var centres: [Centre.ID]
    /// Last day the child-interview training is valid; nil means no expiry.
    public var trainedUntil: Day?
    public var maxPerDay: Int
    public var unavailable: [DayRange]

    public init(
        id: ID, gender: String, languages: [String], centres: [Centre.ID], trainedUntil: Day?, maxPerDay: Int, unavailable: [DayRange]
    ) {
        self.id = id
        self.gender = gender
        self.languages = languages
        self.centres = centres
        self.trainedUntil = trainedUntil
        self.maxPerDay = maxPerDay
        self.unavailable = unavailable
    }
}

/// A psychologist who supports children at interviews (centres) and in court (courts).
public struct Psychologist: Sendable, Equatable {
    public typealias ID = Identifier<Psychologist>
    public var id: ID
    public var languages: [String]
    public var centres: [Centre.ID]
    public var courts: [Court.ID]
    public var maxPerDay: Int
    public var unavailable: [DayRange]

    public init(id: ID, languages: [String], centres: [Centre.ID], courts: [Court.ID], maxPerDay: Int, unavailable: [DayRange]) {
        self.id = id
        self.languages = languages
        self.centres = centres
        self.courts = courts
        self.maxPerDay = maxPerDay
        self.unavailable = unavailable
    }
}

/// A court that tries the cases: its sitting pattern and daily capacity.
public struct Court: Sendable, Equatable {
    public typealias ID = Identifier<Court>
    public var id: ID
    public var name: String?
    public var state: StateInfo.ID
    public var videoLink: Bool
    public var sittingDays: [Weekday]
    public var hearingsPerDay: Int
    public var closed: [DayRange]

    public init(
        id: ID, name: String? = nil, state: StateInfo.ID, videoLink: Bool, sittingDays: [Weekday], hearingsPerDay: Int, closed: [DayRange]
    ) {
        self.id = id
        self.name = name
        self.state = state
        self.videoLink = videoLink
        self.sittingDays = sittingDays
        self.hearingsPerDay = hearingsPerDay
        self.closed = closed
    }
}

/// One investigation: the child, the interview still to hold (if any) and the trial (if any).
public struct Case: Sendable, Equatable {
    public typealias ID = Identifier<Case>
    public var id: ID
    public var child: Child
    public var interview: InterviewRequest?
    public var interviewDoneOn: Day?
    public var hearing: HearingRequest?

    public init(id: ID, child: Child, interview: InterviewRequest?, interviewDoneOn: Day?, hearing: HearingRequest?) {
        self.id = id
        self.child = child
        self.interview = interview
        self.interviewDoneOn = interviewDoneOn
        self.hearing = hearing
    }
}

/// What the planner may know of a child: a reference and needs, never a name.
public struct Child: Sendable, Equatable {
    public var ref: String
    public var age: Int
    public var gender: String?
    public var languages: [String]
    public var lat: Double
    public var lon: Double
    public var interviewerGender: String?
    public var needsPsychologist: Bool
    public var needsAccessibleRoom: Bool

    public init(
        ref: String, age: Int, gender: String?, languages: [String], lat: Double, lon: Double, interviewerGender: String?,
        needsPsychologist: Bool, needsAccessibleRoom: Bool
    ) {
        self.ref = ref
        self.age = age
        self.gender = gender
        self.languages = languages
        self.lat = lat
        self.lon = lon
        self.interviewerGender = interviewerGender
        self.needsPsychologist = needsPsychologist
        self.needsAccessibleRoom = needsAccessibleRoom
    }
}

/// An interview still to be planned.
public struct InterviewRequest: Sendable, Equatable {
    public var durationMinutes: Int
    public var earliest: Day
    public var targetBy: Day
    public var pinned: PinnedInterview?

    public init(durationMinutes: Int, earliest: Day, targetBy: Day, pinned: PinnedInterview? = nil) {
        self.durationMinutes = durationMinutes
        self.earliest = earliest
        self.targetBy = targetBy
        self.pinned = pinned
    }
}

/// An interview already booked and told to the family: kept exactly.
public struct PinnedInterview: Sendable, Equatable {
    public var room: Room.ID
    public var interviewer: Interviewer.ID
    public var psychologist: Psychologist.ID?
    public var start: LocalDateTime

    public init(room: Room.ID, interviewer: Interviewer.ID, psychologist: Psychologist.ID?, start: LocalDateTime) {
        self.room = room
        self.interviewer = interviewer
        self.psychologist = psychologist
        self.start = start
    }
}

/// A trial still to be planned at the case's court.
public struct HearingRequest: Sendable, Equatable {
    public var court: Court.ID
    public var registeredOn: Day?
    /// The disposal target.
    public var deadline: Day
    /// Consecutive sitting days the trial needs.
    public var days: Int
    public var earliest: Day
    public var needsVideoLink: Bool
    public var needsPsychologist: Bool
    public var pinned: PinnedHearing?

    public init(
        court: Court.ID, registeredOn: Day?, deadline: Day, days: Int, earliest: Day, needsVideoLink: Bool, needsPsychologist: Bool,
        pinned: PinnedHearing? = nil
    ) {
        self.court = court
        self.registeredOn = registeredOn
        self.deadline = deadline
        self.days = days
        self.earliest = earliest
        self.needsVideoLink = needsVideoLink
        self.needsPsychologist = needsPsychologist
        self.pinned = pinned
    }
}

/// A trial already fixed: kept exactly.
public struct PinnedHearing: Sendable, Equatable {
    public var dates: [Day]
    public var psychologist: Psychologist.ID?

    public init(dates: [Day], psychologist: Psychologist.ID?) {
        self.dates = dates
        self.psychologist = psychologist
    }
}
