import SediaCore
import Testing

/// The one placeholder syntax of every text: `{name}`, filled in one pass.
struct PlaceholdersTests {
    @Test func namesAreFilledAndOthersLeftAsWritten() {
        #expect(Placeholders.fill("Booked: {case} on {date}", ["case": "K-1", "date": "Isnin, 4 Jan 2027"]) == "Booked: K-1 on Isnin, 4 Jan 2027")
        #expect(Placeholders.fill("{missing} and {case}", ["case": "K-1"]) == "{missing} and K-1")
        #expect(Placeholders.fill("no braces", ["case": "K-1"]) == "no braces")
        #expect(Placeholders.fill("{case}{case}", ["case": "K-1"]) == "K-1K-1")
    }

    /// A value is never read again: a reason a user typed as "{case}" is shown as typed, not filled with the case.
    @Test func aValueIsNeverFilledInItself() {
        #expect(Placeholders.fill("{reason} ({case})", ["reason": "see {case}", "case": "K-1"]) == "see {case} (K-1)")
        #expect(Placeholders.fill("{a}", ["a": "{b}", "b": "x"]) == "{b}")
    }

    @Test func strayBracesAreText() {
        #expect(Placeholders.fill("{ open", ["case": "K-1"]) == "{ open")
        #expect(Placeholders.fill("{{case}}", ["case": "K-1"]) == "{K-1}")
        #expect(Placeholders.fill("a } b {case", ["case": "K-1"]) == "a } b {case")
        #expect(Placeholders.fill("{}", ["": "empty"]) == "empty")
    }

    @Test func theFirstValueForANameWins() {
        #expect(Placeholders.fill("{n}", ["n": "1", "n": "2"]) == "1")
        #expect(Placeholders.fill("{n} of {total}") { $0 == "n" ? "3" : nil } == "3 of {total}")
    }
}
