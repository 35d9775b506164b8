import SediaCore
import Testing

/// The project's one CSV reader, as spreadsheets write CSV.
struct CSVTests {
    @Test func quotesEmbeddedCommasNewlinesCRLFAndABOM() {
        let text = "\u{FEFF}id,name\r\nA-1,\"Court, \"\"Shah\"\" Alam\"\r\nA-2,\"two\r\nlines\"\r\nA-3,plain\r\n"
        let parsed = CSV.parse(text)
        #expect(parsed.unclosedQuoteLine == nil)
        #expect(
            parsed.records == [
                CSV.Record(line: 1, fields: ["id", "name"]), CSV.Record(line: 2, fields: ["A-1", "Court, \"Shah\" Alam"]),
                CSV.Record(line: 3, fields: ["A-2", "two\r\nlines"]), CSV.Record(line: 5, fields: ["A-3", "plain"]),
            ])
    }

    @Test func anUnclosedQuoteIsReportedWithItsLine() {
        let parsed = CSV.parse("a,b\n1,2\n3,\"open\n")
        #expect(parsed.unclosedQuoteLine == 3)
    }

    @Test func aLastLineWithoutNewlineIsARecord() {
        #expect(CSV.records("a,b\n1,") == [CSV.Record(line: 1, fields: ["a", "b"]), CSV.Record(line: 2, fields: ["1", ""])])
    }
}
