/// A moment in UTC, in whole seconds since 1970-01-01T00:00:00Z: `now`, DTSTAMP and LAST-MODIFIED.
///
/// Never read from the system clock in here: callers pass it in, so rendering is deterministic. The audit log's and
/// the outbox's times are written in its form too (`description`), and read back with `init?(iso:)`.
public struct UTCInstant: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`.
    public init?(iso text: String) {
        let u = Array(text.utf8)
        guard u.count == 20, u[10] == 0x54, u[13] == 0x3A, u[16] == 0x3A, u[19] == 0x5A,
            let day = Day(iso: String(decoding: u[0..<10], as: UTF8.self)),
            let h = Day.digits(u[11..<13]), let m = Day.digits(u[14..<16]), let s = Day.digits(u[17..<19]),
            h < 24, m < 60, s < 60
        else { return nil }
        seconds = Int64(day.ordinal) * 86_400 + Int64(h * 3600 + m * 60 + s)
    }

    public static func < (a: UTCInstant, b: UTCInstant) -> Bool { a.seconds < b.seconds }

    /// The UTC day and the second within it.
    public var utc: (day: Day, second: Int) {
        let d = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (Day(ordinal: Int(d)), Int(seconds - d * 86_400))
    }

    /// The local date at a fixed offset from UTC.
    public func localDay(offsetSeconds: Int) -> Day { UTCInstant(seconds: seconds + Int64(offsetSeconds)).utc.day }

    public func adding(seconds n: Int64) -> UTCInstant { UTCInstant(seconds: seconds + n) }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var description: String {
        let (day, s) = utc
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day)T\(pad(s / 3600)):\(pad(s / 60 % 60)):\(pad(s % 60))Z"
    }
}
