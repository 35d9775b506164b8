/// What a coordinator weighs when choosing where to book a task, as numbers a page puts into words
/// ("Books the interview 3 days before its target, 20 km from the child").
public struct PlacementFacts: Sendable, Equatable {
    /// The centre of an interview's room, and how far it is from the child's home (whole km, great-circle).
    public var centre: Centre.ID?
    public var km: Int?
    /// Days from the interview's day to its target date: positive before the target, negative after it.
    public var daysBeforeTarget: Int?
    public var target: Day?
    /// Days from a trial's last day to the disposal target: positive before, negative after.
    public var daysBeforeDeadline: Int?
    public var deadline: Day?

    public init(
        centre: Centre.ID? = nil, km: Int? = nil, daysBeforeTarget: Int? = nil, target: Day? = nil, daysBeforeDeadline: Int? = nil,
        deadline: Day? = nil
    ) {
        self.centre = centre
        self.km = km
        self.daysBeforeTarget = daysBeforeTarget
        self.target = target
        self.daysBeforeDeadline = daysBeforeDeadline
        self.deadline = deadline
    }

    /// The facts of booking `item`'s interview and/or hearing as given.
    public static func of(_ instance: Instance, _ item: Case, interview: InterviewBooking?, hearing: HearingBooking?) -> PlacementFacts {
        var facts = PlacementFacts()
        if let b = interview, let request = item.interview {
            if let centre = instance.centres.first(where: { $0.rooms.contains { $0.id == b.room } }) {
                facts.centre = centre.id
                facts.km = Verifier.travelKm(item.child.lat, item.child.lon, centre.lat, centre.lon)
            }
            facts.daysBeforeTarget = b.start.day.days(to: request.targetBy)
            facts.target = request.targetBy
        }
        if let b = hearing, let request = item.hearing, let last = b.dates.last {
            facts.daysBeforeDeadline = last.days(to: request.deadline)
            facts.deadline = request.deadline
        }
        return facts
    }
}
