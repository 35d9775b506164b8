/// The part of the day a 12-hour clock names after the time ("3:30 ptg", "12:15 tengah malam"), one rule for pages, mail
/// and printouts. The boundaries are Dewan Bahasa dan Pustaka's: *tengah malam* 00:00–00:59, *pagi* to 11:59,
/// *tengah hari* 12:00–13:59, *petang* 14:00–18:59, *malam* from 19:00. The raw value is the text key's suffix
/// (`time.midnight`, `time.morning`, ...).
public enum DayPart: String, CaseIterable, Sendable {
    case midnight, morning, noon, afternoon, night

    /// The part of the day `hour` (0–23, taken modulo 24) falls in.
    public init(hour: Int) {
        switch (hour % 24 + 24) % 24 {
        case 0: self = .midnight
        case 1..<12: self = .morning
        case 12..<14: self = .noon
        case 14..<19: self = .afternoon
        default: self = .night
        }
    }

    /// The hour on a 12-hour clock: 0 and 12 read 12.
    public static func twelveHour(_ hour: Int) -> Int {
        let h = (hour % 24 + 24) % 24 % 12
        return h == 0 ? 12 : h
    }
}
