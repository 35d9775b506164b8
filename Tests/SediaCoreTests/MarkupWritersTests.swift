import SediaTestSupport
import Testing

@testable import SediaCore

/// The HTML the core writes (the printed checklist, the disposal record's charts) is built from `Markup`: text from
/// the data is escaped by construction, whatever it holds.
@Suite struct MarkupWritersTests {
    @Test func interpolatedTextIsEscapedAndMarkupIsNot() {
        let cell: Markup = "<td>\("<b>&'\"")</td>"
        #expect(cell.text == "<td>&lt;b&gt;&amp;&#39;&quot;</td>")
        let row: Markup = "<tr>\(cell)\([cell])</tr>"
        #expect(row.text == "<tr>\(cell.text)\(cell.text)</tr>")
    }

    @Test func theChartsAndThePrintedChecklistEscapeWhatTheDataHolds() {
        let chart = RecordCharts.bars("a <chart>", [(label: "<script>x</script>", value: 3)]).text
        #expect(chart.contains("aria-label=\"a &lt;chart&gt;\""))
        #expect(chart.contains("&lt;script&gt;x&lt;/script&gt;") && !chart.contains("<script>"))
        let list = CaseChecklist(caseID: "K-<1>", prosecutor: nil, court: nil, trialStart: nil, trialEnd: nil, interview: nil, items: [])
        let words = ChecklistWords(texts: Texts(language: .en, table: ["printout.case": "Case {case}"], fallback: [:]))
        let page = ChecklistRenderer.html([list], today: Fixture.day("2027-01-04"), words: words)
        #expect(page.contains("<h2>Case K-&lt;1&gt;</h2>"))
        #expect(!page.contains("K-<1>"))
    }
}
