/// The weekly rest days of a state over one stretch of time, and which rest day a holiday is replaced for.
///
/// Johor is the reason this is a list of periods and not one set: Friday–Saturday from 2014 to 2024,
/// Saturday–Sunday since 1 January 2025.
public struct WorkWeekPeriod: Sendable, Equatable {
    /// First day the period applies; nil means since always.
    public var from: Day?
    /// Last day the period applies; nil means until further notice.
    public var to: Day?
    /// The weekly rest days (never all seven: validated by the loader and clamped here).
    public var restDays: Set<Weekday>
    /// A holiday falling on one of these rest days gives a replacement holiday on the next working day.
    public var inLieuFor: Set<Weekday>

    public init(from: Day?, to: Day?, restDays: Set<Weekday>, inLieuFor: Set<Weekday>) {
        self.from = from
        self.to = to
        self.restDays = restDays.count >= 7 ? [] : restDays
        self.inLieuFor = inLieuFor
    }

    public func contains(_ day: Day) -> Bool {
        if let from, day < from { return false }
        if let to, day > to { return false }
        return true
    }
}

/// A state's working week as data: its code, name, rest-day periods and where that was read.
public struct StateWorkWeek: Sendable, Equatable {
    public var code: StateInfo.ID
    public var name: String
    public var periods: [WorkWeekPeriod]
    public var source: String
    public var confidence: Confidence

    public init(code: StateInfo.ID, name: String, periods: [WorkWeekPeriod], source: String, confidence: Confidence) {
        self.code = code
        self.name = name
        self.periods = periods
        self.source = source
        self.confidence = confidence
    }

    /// The period in force on `day`; when none covers it, the nearest one (the first before any period, the last after).
    public func period(on day: Day) -> WorkWeekPeriod? {
        if let p = periods.first(where: { $0.contains(day) }) { return p }
        if let first = periods.first, let from = first.from, day < from { return first }
        return periods.last
    }

    /// Peninsular Malaysia or Sabah, Sarawak and Labuan (which the Chief Registrar's circular does not cover).
    public var region: Region { Region(state: code) }
}

/// The two halves of the country that court administration treats differently.
public enum Region: String, Sendable, Equatable, CaseIterable {
    case peninsular
    /// Sabah, Sarawak and the Federal Territory of Labuan (High Court in Sabah and Sarawak).
    case sabahSarawak = "sabah-sarawak"

    public init(state: StateInfo.ID) {
        switch state.rawValue {
        case "MY-12", "MY-13", "MY-15": self = .sabahSarawak
        default: self = .peninsular
        }
    }
}

/// Malaysia's ISO 3166-2:MY subdivision codes, MY-01 … MY-16.
public enum MalaysianStates {
    /// Code → name, in code order.
    public static let all: [(code: StateInfo.ID, name: String)] = [
        ("MY-01", "Johor"), ("MY-02", "Kedah"), ("MY-03", "Kelantan"), ("MY-04", "Melaka"), ("MY-05", "Negeri Sembilan"),
        ("MY-06", "Pahang"), ("MY-07", "Pulau Pinang"), ("MY-08", "Perak"), ("MY-09", "Perlis"), ("MY-10", "Selangor"),
        ("MY-11", "Terengganu"), ("MY-12", "Sabah"), ("MY-13", "Sarawak"), ("MY-14", "Kuala Lumpur"), ("MY-15", "Labuan"),
        ("MY-16", "Putrajaya"),
    ]

    public static func isValid(_ code: String) -> Bool { all.contains { $0.code.rawValue == code } }
}
