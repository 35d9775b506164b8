/// A calendar date with no time zone: the unit every rule, calendar and plan counts in.
///
/// Stored as days since 1970-01-01 (proleptic Gregorian), so arithmetic and comparison are integer operations.
public struct Day: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01.
    public var ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// A date from its components, or nil when the date does not exist (2027-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else {
            return nil
        }
        ordinal = Day.ordinal(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`; nil for any other shape or an impossible date.
    public init?(iso text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D,
            let y = Day.digits(u[0..<4]), let m = Day.digits(u[5..<7]), let d = Day.digits(u[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for b in bytes {
            guard (0x30...0x39).contains(b) else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        return value
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Year, month and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var dayOfMonth: Int { components.day }

    /// Day of the week (1970-01-01 was a Thursday).
    public var weekday: Weekday {
        let w = ((ordinal % 7) + 7 + 3) % 7  // 0 = Monday
        return Weekday.allCases[w]
    }

    public func adding(days n: Int) -> Day { Day(ordinal: ordinal + n) }

    /// Calendar-month arithmetic with the end-of-month clamp: 31 Jan + 1 month = 28 (or 29) Feb.
    public func adding(months n: Int) -> Day {
        let c = components
        let total = c.year * 12 + (c.month - 1) + n
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        let d = min(c.day, Day.daysIn(month: m, year: y))
        return Day(ordinal: Day.ordinal(year: y, month: m, day: d))
    }

    /// Calendar days from `self` to `other` (positive when `other` is later).
    public func days(to other: Day) -> Int { other.ordinal - ordinal }
}

extension Day: CustomStringConvertible {
    /// `YYYY-MM-DD`.
    public var description: String {
        let c = components
        return Day.pad(c.year, 4) + "-" + Day.pad(c.month, 2) + "-" + Day.pad(c.day, 2)
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Day: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date YYYY-MM-DD: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A day of the week, spelled as the planning format spells it.
public enum Weekday: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    /// 0 for Monday … 6 for Sunday.
    public var index: Int {
        switch self {
        case .mon: 0
        case .tue: 1
        case .wed: 2
        case .thu: 3
        case .fri: 4
        case .sat: 5
        case .sun: 6
        }
    }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.index < b.index }
}

/// An inclusive range of days, as `unavailable` and `closed` are given.
public struct DayRange: Hashable, Sendable, Codable {
    public var from: Day
    public var to: Day

    public init(from: Day, to: Day) {
        self.from = from
        self.to = to
    }

    public func contains(_ d: Day) -> Bool { from <= d && d <= to }
}

/// A local wall-clock time in the instance's time zone (`YYYY-MM-DDTHH:MM`).
public struct LocalDateTime: Hashable, Comparable, Sendable {
    public var day: Day
    /// Minutes after midnight, 0..<1440.
    public var minute: Int

    public init(day: Day, minute: Int) {
        self.day = day
        self.minute = minute
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM`.
    public init?(iso text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 16, u[10] == 0x54, u[13] == 0x3A,
            let h = Day.digits(u[11..<13]), let m = Day.digits(u[14..<16]), h <= 23, m <= 59
        else { return nil }
        guard let d = Day(iso: String(decoding: u[0..<10], as: UTF8.self)) else { return nil }
        self.init(day: d, minute: h * 60 + m)
    }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { (a.day, a.minute) < (b.day, b.minute) }
}

extension LocalDateTime: CustomStringConvertible {
    public var description: String { day.description + "T" + clockText(minute) }
}

/// `HH:MM` for minutes after midnight.
public func clockText(_ minute: Int) -> String { Day.pad(minute / 60, 2) + ":" + Day.pad(minute % 60, 2) }

/// Malaysia's civil time, the zone of every date Sedia shows or counts: UTC+8 all year, with no daylight saving.
public enum MalaysianTime {
    public static let utcOffsetSeconds = 8 * 3600
    public static let tzid = "Asia/Kuala_Lumpur"

    /// The Malaysian day holding the instant `unixSeconds` (seconds since 1970-01-01T00:00:00Z). Callers pass their
    /// clock's reading in; the core never reads a clock.
    public static func day(unixSeconds: Int64) -> Day {
        let local = unixSeconds + Int64(utcOffsetSeconds)
        return Day(ordinal: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
    }

    /// The Malaysian date and time (to the minute) of the instant `unixSeconds`.
    public static func localTime(unixSeconds: Int64) -> LocalDateTime {
        let local = unixSeconds + Int64(utcOffsetSeconds)
        let day = Self.day(unixSeconds: unixSeconds)
        return LocalDateTime(day: day, minute: Int((local - Int64(day.ordinal) * 86_400) / 60))
    }
}
