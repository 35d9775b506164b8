import SediaCore
import Testing

@testable import SediaMail

/// Mail writes dates and times as the pages do ("Isnin, 11 Jan 2027, 2:00 ptg", never "jam 14:00"); the pages' side is
/// asserted with the same strings in the server's `ConfirmationTests`.
struct MailTimeWordsTests {
    @Test(arguments: [
        (Language.ms, "2027-01-11T14:00", "Isnin, 11 Jan 2027, 2:00 ptg"), (Language.ms, "2027-01-11T08:30", "Isnin, 11 Jan 2027, 8:30 pagi"),
        (Language.en, "2027-01-11T14:00", "Mon 11 Jan 2027, 14:00"), (Language.en, "2027-01-11T08:30", "Mon 11 Jan 2027, 08:30"),
    ])
    func timesReadAsOnThePages(language: Language, at: String, expected: String) throws {
        let moment = try #require(LocalDateTime(iso: at))
        #expect(MailText.forLanguage(language).dateTime(moment) == expected)
    }
}
