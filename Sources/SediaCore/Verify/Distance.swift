#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The travel term of the score and the travel limit (rule 2): distances as the spec defines them.
extension Verifier {
    /// Great-circle distance in km (haversine, Earth radius 6371.0 km), the travel term of the score.
    public static func haversineKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let r = 6371.0
        let rad = Double.pi / 180  // as Python's math.radians, so both referees round alike
        let p1 = lat1 * rad
        let p2 = lat2 * rad
        let dphi = p2 - p1
        let dl = (lon2 - lon1) * rad
        let s1 = sin(dphi / 2)
        let s2 = sin(dl / 2)
        let a = s1 * s1 + cos(p1) * cos(p2) * s2 * s2
        return 2 * r * asin(min(1.0, a.squareRoot()))
    }

    /// Kilometres rounded to the nearest whole km, halves up.
    public static func travelKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Int {
        roundedHalfUp(haversineKm(lat1, lon1, lat2, lon2))
    }

    /// The nearest whole number, halves up (2.5 is 3, where banker's rounding would give 2), as the spec says.
    public static func roundedHalfUp(_ km: Double) -> Int { Int((km + 0.5).rounded(.down)) }
}
