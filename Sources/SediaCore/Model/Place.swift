/// A populated place a child's home is given as at intake: a town's name, its state and its coordinates, from the
/// list that ships in `rules/places/` (GeoNames, CC BY 4.0). The planner measures travel from the place; an exact
/// address is never asked for.
public struct Place: Sendable, Equatable, Hashable {
    /// GeoNames' id: stable across releases of the list, so a form posted before an update still names the same place.
    public var id: Int
    public var name: String
    public var state: StateInfo.ID
    public var lat: Double
    public var lon: Double

    public init(id: Int, name: String, state: StateInfo.ID, lat: Double, lon: Double) {
        self.id = id
        self.name = name
        self.state = state
        self.lat = lat
        self.lon = lon
    }
}

/// Every place of the shipped list, looked up by id, listed by state and found nearest to a point.
public struct Gazetteer: Sendable, Equatable {
    public private(set) var places: [Place]
    private var byID: [Int: Int]

    /// Places keep the given order (the file's: by state, then name); a repeated id keeps its first place.
    public init(_ places: [Place]) {
        var byID: [Int: Int] = [:]
        var kept: [Place] = []
        for place in places where byID[place.id] == nil {
            byID[place.id] = kept.count
            kept.append(place)
        }
        self.places = kept
        self.byID = byID
    }

    public static let empty = Gazetteer([])

    public var isEmpty: Bool { places.isEmpty }

    public func place(id: Int) -> Place? { byID[id].map { places[$0] } }

    /// The places of the given states, in the list's order; nil: every state.
    public func places(in states: Set<StateInfo.ID>?) -> [Place] {
        guard let states else { return places }
        return places.filter { states.contains($0.state) }
    }

    /// The place nearest to a point (a case's home as stored), with its distance in km; nil for an empty list.
    public func nearest(lat: Double, lon: Double) -> (place: Place, km: Double)? {
        var best: (place: Place, km: Double)?
        for place in places {
            let km = Verifier.haversineKm(lat, lon, place.lat, place.lon)
            if km < best?.km ?? .infinity { best = (place, km) }
        }
        return best
    }
}
