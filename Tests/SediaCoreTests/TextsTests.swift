import SediaCore
import Testing

/// One way to write a date and a time, for the pages and the mail alike.
struct TextsTests {
    static let ms = Texts(
        language: .ms,
        table: [
            "format.date": "{weekday}, {day} {month} {year}", "format.date.weekday": "long", "format.dateTime": "{date}, {time}",
            "format.clock": "12", "weekday.mon": "Isnin", "weekday.short.mon": "Isn", "month.8": "Ogo", "month.1": "Jan",
            "time.midnight": "tengah malam", "time.morning": "pagi", "time.noon": "tgh", "time.afternoon": "ptg", "time.night": "mlm",
            "case.one": "{n} kes", "case.other": "{n} kes",
        ],
        fallback: ["only.english": "In English {x}", "case.one": "{n} case"])
    static let en = Texts(
        language: .en,
        table: [
            "format.date": "{weekday} {day} {month} {year}", "format.date.weekday": "short", "format.dateTime": "{date}, {time}",
            "format.clock": "24", "weekday.mon": "Monday", "weekday.short.mon": "Mon", "month.1": "Jan",
            "case.one": "{n} case", "case.other": "{n} cases",
        ],
        fallback: [:])

    @Test func datesAndTimesAreWrittenAsPeopleWriteThem() throws {
        let day = try #require(Day(iso: "2027-01-04"))
        #expect(Self.ms.date(day) == "Isnin, 4 Jan 2027")
        #expect(Self.en.date(day) == "Mon 4 Jan 2027")
        #expect(Self.ms.dateTime(LocalDateTime(day: day, minute: 15 * 60 + 30)) == "Isnin, 4 Jan 2027, 3:30 ptg")
        #expect(Self.en.dateTime(LocalDateTime(day: day, minute: 9 * 60)) == "Mon 4 Jan 2027, 09:00")
        #expect(Self.ms.time(12 * 60 + 30) == "12:30 tgh")
        #expect(Self.ms.time(20 * 60) == "8:00 mlm")
        #expect(Self.ms.time(15) == "12:15 tengah malam")
    }

    /// A time past midnight (an end at 24:15) reads as the clock shows it.
    @Test func timesAfterMidnightWrap() {
        #expect(Self.ms.time(24 * 60 + 15) == "12:15 tengah malam")
        #expect(Self.en.time(24 * 60 + 15) == "00:15")
    }

    @Test func aMissingKeyReadsAsInEnglishThenAsTheKey() {
        #expect(Self.ms("only.english", ["x": "1"]) == "In English 1")
        #expect(Self.ms("no.such.key") == "no.such.key")
        #expect(Self.en("case", count: 1) == "1 case")
        #expect(Self.en("case", count: 3) == "3 cases")
        #expect(Self.ms("case", count: 1) == "1 kes")
    }
}
