import Foundation
public import SediaCore
import Yams

/// Reads `rules/places/*.yaml`, the places a child's home is chosen from at intake (scripts/make-places.py writes
/// them from GeoNames). Not part of the rule book: the rule book reads only the `.yaml` files directly in `rules/`.
public enum PlaceFiles {
    /// One file's places, every problem reported with its line; nothing is returned when there is one.
    public static func places(yaml text: String, file: String) throws(RuleFileErrors) -> [Place] {
        let r = YAMLFields(file: file)
        guard let root = r.root(text) else { throw RuleFileErrors(r.errors) }
        r.onlyKeys(root, ["source", "licence", "places"])
        _ = r.text(root, "source")
        _ = r.text(root, "licence")
        var out: [Place] = []
        var seen: [Int: Int] = [:]
        for n in r.list(root, "places") ?? [] {
            r.onlyKeys(n, ["id", "name", "state", "lat", "lon"])
            let id = r.int(n, "id", in: 1...999_999_999)
            let name = r.text(n, "name")
            let state = r.state(n, "state")
            let lat = coordinate(n, "lat", -90...90, r)
            let lon = coordinate(n, "lon", -180...180, r)
            guard let id, let name, let state, let lat, let lon else { continue }
            if let first = seen[id] {
                r.fail(n, "place id \(id) is given twice (first at line \(first))")
                continue
            }
            seen[id] = r.line(n)
            out.append(Place(id: id, name: name, state: state, lat: lat, lon: lon))
        }
        guard r.errors.isEmpty else { throw RuleFileErrors(r.errors) }
        return out
    }

    static func coordinate(_ n: Node, _ key: String, _ range: ClosedRange<Double>, _ r: YAMLFields) -> Double? {
        guard let v = r.required(n, key) else { return nil }
        guard let value = v.scalar.flatMap({ Double($0.string) }), range.contains(value) else {
            r.fail(v, "`\(key)` must be a number from \(Int(range.lowerBound)) to \(Int(range.upperBound))")
            return nil
        }
        return value
    }
}

extension SediaHome {
    /// Every `rules/places/*.yaml`, as one list; an empty list when the folder is absent (the intake form then says
    /// that no place list is installed).
    public func loadPlaces() throws(RuleFileErrors) -> Gazetteer {
        let folder = (rules as NSString).appendingPathComponent("places")
        guard SediaHome.isDirectory(folder) else { return .empty }
        var places: [Place] = []
        var errors: [RuleFileError] = []
        for path in try SediaHome.files(in: folder, ext: "yaml") {
            do { places += try PlaceFiles.places(yaml: try SediaHome.read(path), file: path) } catch { errors += error.errors }
        }
        guard errors.isEmpty else { throw RuleFileErrors(errors) }
        return Gazetteer(places)
    }
}
