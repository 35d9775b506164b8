public import SediaCore

/// The kinds of calendar feed Sedia publishes; the raw value is the file-name prefix (`interviewer-IO-014.ics`).
public enum FeedKind: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case interviewer, psychologist, room, centre, court, prosecutor
    /// A prosecutor's due dates (readiness items and stage deadlines) as all-day events.
    case deadlines
    /// The same due dates as VTODO, for clients that show tasks (Thunderbird).
    case tasks
    /// Every interview at a state's centres and every hearing day at its courts (owner: the state code, `MY-03`).
    ///
    /// A kind of its own rather than a merge of centre and court feeds: one subscription for a state's coordinators,
    /// with the same privacy templates as the centre and court feeds (no case reference). Membership needs the place →
    /// state map (`FeedPlaces`), which the server has; the CLI writes no state feeds.
    case state

    public static func < (a: FeedKind, b: FeedKind) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    /// Case references appear only in the feeds of the case's own prosecutor.
    public var showsCaseReference: Bool {
        switch self {
        case .prosecutor, .deadlines, .tasks: true
        case .interviewer, .psychologist, .room, .centre, .court, .state: false
        }
    }
}

/// Which state each centre and court lies in: what puts an interview or hearing into a `state` feed.
public struct FeedPlaces: Sendable, Equatable {
    public var centreStates: [String: String]
    public var courtStates: [String: String]
    /// Where each centre is, for its interviews' LOCATION and GEO (`FeedLocation`).
    public var centreLocations: [String: FeedLocation]

    public init(centreStates: [String: String] = [:], courtStates: [String: String] = [:], centreLocations: [String: FeedLocation] = [:]) {
        self.centreStates = centreStates
        self.courtStates = courtStates
        self.centreLocations = centreLocations
    }

    /// The centres' and courts' states as the instance gives them, and each centre's location named from `gazetteer`.
    public init(instance: Instance, gazetteer: Gazetteer = .empty) {
        var centres: [String: String] = [:]
        var locations: [String: FeedLocation] = [:]
        let stateNames = Dictionary(instance.states.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        for centre in instance.centres {
            centres[centre.id.rawValue] = centre.state.rawValue
            locations[centre.id.rawValue] = FeedLocation(centre: centre, stateName: stateNames[centre.state], gazetteer: gazetteer)
        }
        var courts: [String: String] = [:]
        for court in instance.courts { courts[court.id.rawValue] = court.state.rawValue }
        self.init(centreStates: centres, courtStates: courts, centreLocations: locations)
    }

    /// The state an event takes place in, if any: its centre's state for an interview, its court's for a hearing.
    public func state(of event: FeedEvent) -> String? {
        switch event.kind {
        case .interview: event.centre.flatMap { centreStates[$0] }
        case .hearing: event.court.flatMap { courtStates[$0] }
        case .readiness, .deadline: nil
        }
    }

    /// The `state` feed an event belongs to, if any (`state(of:)`).
    public func stateFeed(of event: FeedEvent) -> FeedID? {
        state(of: event).map { FeedID(kind: .state, owner: $0) }
    }
}

/// Where an interview takes place, as Sedia honestly knows it: the centre's id, the nearest town of the shipped
/// gazetteer (`rules/places/`, GeoNames) and the state, "CIC-SA, Shah Alam, Selangor", and the centre's coordinates.
/// Sedia keeps no street addresses; never anything of the child (their home is not a place of the feed).
public struct FeedLocation: Sendable, Hashable {
    public var text: String
    public var lat: Double
    public var lon: Double

    public init(text: String, lat: Double, lon: Double) {
        self.text = text
        self.lat = lat
        self.lon = lon
    }

    /// A town farther than this from the centre is not named: "near" a town 60 km away would mislead.
    public static let townRadiusKm = 25.0

    public init(centre: Centre, stateName: String?, gazetteer: Gazetteer) {
        // Not the centre's name: like every name a person types, it stays out of feeds (the privacy tests plant
        // sentinels there); the id, the shipped town and the state say where to go.
        var parts = [centre.id.rawValue]
        if let town = gazetteer.nearest(lat: centre.lat, lon: centre.lon), town.km <= Self.townRadiusKm,
            !parts.contains(where: { $0.lowercased().contains(town.place.name.lowercased()) })
        {
            parts.append(town.place.name)
        }
        if let stateName, !parts.contains(stateName) { parts.append(stateName) }
        self.init(text: parts.joined(separator: ", "), lat: centre.lat, lon: centre.lon)
    }
}

/// One feed: a kind and the id of the person, room, centre, court or prosecutor it is for.
public struct FeedID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: FeedKind
    public var owner: String
    /// The "busy only" variant: times and nothing else.
    public var busyOnly: Bool
    /// The feed as a coordinator of this state sees it (a person who serves several states): events in other states'
    /// centres and courts, or in none known, are busy time only. Nil: every event as the kind shows it. Served feeds
    /// only; never a file name.
    public var viewerState: String?

    public init(kind: FeedKind, owner: String, busyOnly: Bool = false, viewerState: String? = nil) {
        self.kind = kind
        self.owner = owner
        self.busyOnly = busyOnly
        self.viewerState = viewerState
    }

    public static func < (a: FeedID, b: FeedID) -> Bool {
        (a.kind, a.owner, a.busyOnly ? 1 : 0, a.viewerState ?? "") < (b.kind, b.owner, b.busyOnly ? 1 : 0, b.viewerState ?? "")
    }

    /// `interviewer-IO-014`, `room-CIC-KB-1.busy`.
    public var description: String { kind.rawValue + "-" + owner + (busyOnly ? ".busy" : "") }

    /// The file name in the export directory. Bytes other than `A-Z a-z 0-9 - _ .` are percent-encoded, so an id can
    /// never name a path outside the directory (no `/`) and two ids never share a file.
    public var fileName: String {
        var out = kind.rawValue + "-"
        for byte in owner.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out + (busyOnly ? ".busy.ics" : ".ics")
    }
}

extension FeedEvent {
    /// The feeds this event belongs to (the busy variants are added by the exporter).
    public var feeds: [FeedID] {
        var out: [FeedID] = []
        switch kind {
        case .interview, .hearing:
            if let interviewer { out.append(FeedID(kind: .interviewer, owner: interviewer)) }
            if let psychologist { out.append(FeedID(kind: .psychologist, owner: psychologist)) }
            if let room { out.append(FeedID(kind: .room, owner: room)) }
            if let centre { out.append(FeedID(kind: .centre, owner: centre)) }
            if let court { out.append(FeedID(kind: .court, owner: court)) }
            if let prosecutor { out.append(FeedID(kind: .prosecutor, owner: prosecutor)) }
        case .readiness, .deadline:
            if let prosecutor {
                out.append(FeedID(kind: .deadlines, owner: prosecutor))
                out.append(FeedID(kind: .tasks, owner: prosecutor))
            }
        }
        return out
    }
}

/// How an export is shaped: the rolling window, the cancellation grace period, the refresh hint, variants.
public struct FeedOptions: Sendable, Hashable {
    /// Days before today (in the instance's zone) still published.
    public var daysBack: Int
    /// Days after today published.
    public var daysAhead: Int
    /// How long a cancelled booking stays in feeds as STATUS:CANCELLED before it is dropped.
    public var graceDays: Int
    /// REFRESH-INTERVAL and X-PUBLISHED-TTL, in minutes.
    public var refreshMinutes: Int
    /// Also publish a "busy only" variant of every staff, room, centre and court feed.
    public var busyVariants: Bool
    /// Also publish each prosecutor's due dates as a VTODO feed.
    public var todoFeeds: Bool
    /// The language of the feeds' fixed words (see `FeedWords`).
    public var language: Language
    /// Interviews in the feeds of the people who attend them (interviewer, psychologist, prosecutor) carry reminders
    /// (VALARM) a day and an hour before; a subscriber turns them off with `?reminders=0` on the feed's address.
    public var reminders: Bool

    public init(
        daysBack: Int = 30, daysAhead: Int = 180, graceDays: Int = 14, refreshMinutes: Int = 60, busyVariants: Bool = false,
        todoFeeds: Bool = false, language: Language = .en, reminders: Bool = true
    ) {
        self.reminders = reminders
        self.language = language
        self.daysBack = daysBack
        self.daysAhead = daysAhead
        self.graceDays = graceDays
        self.refreshMinutes = refreshMinutes
        self.busyVariants = busyVariants
        self.todoFeeds = todoFeeds
    }
}
