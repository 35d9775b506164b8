import SediaCore
import Testing

struct DayTests {
    @Test(arguments: [
        ("2027-01-31", 1, "2027-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2026-11-20", 12, "2027-11-20"),
        ("2027-03-31", -1, "2027-02-28"),
    ])
    func monthArithmeticClampsToTheLastDay(start: String, months: Int, expected: String) throws {
        let day = try #require(Day(iso: start))
        #expect(day.adding(months: months).description == expected)
    }

    @Test(arguments: ["2027-02-30", "2027-13-01", "2027-1-01", "27-01-01", "2027-01-01T00:00", "", "2027/01/01"])
    func rejectsImpossibleOrMalformedDates(text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func weekdaysAndRoundTrip() throws {
        let d = try #require(Day(iso: "2027-01-04"))
        #expect(d.weekday == .mon)
        #expect(d.adding(days: 4).weekday == .fri)
        #expect(Day(iso: "1970-01-01")?.weekday == .thu)
        for o in stride(from: -719_000, to: 2_900_000, by: 997) {  // years 1…9999
            let day = Day(ordinal: o)
            #expect(Day(iso: day.description) == day)
        }
    }

    @Test func localDateTimeParsing() throws {
        let t = try #require(LocalDateTime(iso: "2027-01-06T09:30"))
        #expect(t.minute == 570)
        #expect(t.description == "2027-01-06T09:30")
        #expect(LocalDateTime(iso: "2027-01-06T24:00") == nil)
        #expect(LocalDateTime(iso: "2027-02-29T09:00") == nil)
    }
}

struct DayPartTests {
    @Test(arguments: [
        (0, DayPart.midnight, 12), (1, .morning, 1), (11, .morning, 11), (12, .noon, 12), (13, .noon, 1), (14, .afternoon, 2),
        (18, .afternoon, 6), (19, .night, 7), (23, .night, 11), (24, .midnight, 12),
    ])
    func everyHourHasOnePartAndATwelveHourReading(hour: Int, part: DayPart, twelve: Int) {
        #expect(DayPart(hour: hour) == part)
        #expect(DayPart.twelveHour(hour) == twelve)
    }
}
