/// The disposal record as `sedia report` prints it: JSON (`{"from","to","groups":[…]}`), CSV, a table, or a printable
/// A4 HTML page with inline SVG charts.
extension DisposalRecord {
    public func json() -> String {
        func number(_ d: Double?) -> JSONValue {
            guard let d else { return .null }
            return d == d.rounded() ? .int(Int(d)) : .double(d)
        }
        let groups: [JSONValue] = groups.map { g in
            .object([
                ("key", .string(g.key)), ("registered", .int(g.registered)), ("disposed", .int(g.disposed)),
                ("disposedWithinTarget", .int(g.disposedWithinTarget)), ("pending", .int(g.pending)),
                ("pendingByAge", .object(zip(RecordGroup.ageBands, g.pendingByAge).map { ($0, JSONValue.int($1)) })),
                ("adjournments", .int(g.adjournments)),
                ("adjournmentReasons", .object(g.adjournmentReasons.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int($0.value)) })),
                ("medianDaysToDisposal", number(g.medianDaysToDisposal)),
                ("medianDaysReportToInterview", number(g.medianDaysReportToInterview)),
                ("medianDaysRegistrationToFirstTrial", number(g.medianDaysRegistrationToFirstTrial)),
            ])
        }
        let value = JSONValue.object([("from", .string(from.description)), ("to", .string(to.description)), ("groups", .array(groups))])
        return String(decoding: JSONWriter.render(value, pretty: true), as: UTF8.self)
    }

    static let columns = [
        "key", "registered", "disposed", "disposedWithinTarget", "pending", "pending0-3", "pending3-6", "pending6-9", "pending9-12",
        "pending12+", "adjournments", "adjournmentReasons", "medianDaysToDisposal", "medianDaysReportToInterview",
        "medianDaysRegistrationToFirstTrial",
    ]

    static func text(_ d: Double?) -> String {
        guard let d else { return "" }
        return d == d.rounded() ? String(Int(d)) : String(d)
    }

    func cells(_ g: RecordGroup) -> [String] {
        [g.key, String(g.registered), String(g.disposed), String(g.disposedWithinTarget), String(g.pending)] + g.pendingByAge.map(String.init)
            + [
                String(g.adjournments), g.adjournmentReasons.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";"),
                Self.text(g.medianDaysToDisposal), Self.text(g.medianDaysReportToInterview), Self.text(g.medianDaysRegistrationToFirstTrial),
            ]
    }

    public func csv() -> String {
        groups.reduce(CSV.line(Self.columns)) { $0 + CSV.line(cells($1)) }
    }

    public func table() -> String {
        let head = ["GROUP", "REGISTERED", "DISPOSED", "IN TARGET", "PENDING", "0-3", "3-6", "6-9", "9-12", "12+", "ADJOURNED", "MEDIAN DAYS"]
        let rows = [head] + groups.map { Array(cells($0).prefix(11)) + [Self.text($0.medianDaysToDisposal)] }
        var widths = [Int](repeating: 0, count: head.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = "Disposal record \(from) to \(to)\n"
        for r in rows {
            out += r.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: "  ") + "\n"
        }
        return out
    }
}

/// The record's charts as inline SVG (no script, no external file), each with a title and a text table for readers
/// who cannot see it.
public enum RecordCharts {
    /// A horizontal bar chart of labelled counts.
    public static func bars(_ title: String, _ items: [(label: String, value: Int)], total: Int? = nil) -> Markup {
        let height = 24 * max(items.count, 1) + 8
        let top = max(total ?? items.map { $0.value }.max() ?? 1, 1)
        var svg: Markup =
            "<svg role=\"img\" aria-label=\"\(title)\" viewBox=\"0 0 520 \(height)\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (i, item) in items.enumerated() {
            let y = 4 + i * 24
            let w = Int((Double(item.value) / Double(top) * 300).rounded())
            svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(item.label)</text>"
            svg += "<rect x=\"170\" y=\"\(y + 2)\" width=\"\(w)\" height=\"16\" fill=\"#1d5e8c\"></rect>"
            svg += "<text x=\"\(176 + w)\" y=\"\(y + 15)\" font-size=\"12\">\(item.value)</text>"
        }
        svg += "</svg>"
        return svg
    }
}

extension DisposalRecord {
    /// A printable A4 page: the figures by group, and three charts (within target by quarter, pending by age,
    /// adjournments by reason). `quarters` is the same record grouped by quarter, for the first chart.
    public func html(quarters: DisposalRecord, title: String = "Disposal record") -> String {
        let all = groups.reduce(RecordGroup(key: "all")) { sum, g in
            var s = sum
            for i in 0..<5 { s.pendingByAge[i] += g.pendingByAge[i] }
            for (k, v) in g.adjournmentReasons { s.adjournmentReasons[k, default: 0] += v }
            return s
        }
        let withinTarget = quarters.groups.map { g in
            (label: "\(g.key) (\(g.disposedWithinTarget)/\(g.disposed))", value: g.disposed == 0 ? 0 : g.disposedWithinTarget * 100 / g.disposed)
        }
        let pending = zip(RecordGroup.ageBands, all.pendingByAge).map { (label: "\($0) months", value: $1) }
        let reasons = all.adjournmentReasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { (label: $0.key, value: $0.value) }
        let header = Markup.join(Self.columns.map { column -> Markup in "<th scope=\"col\">\(column)</th>" })
        let rows = Markup.join(
            groups.map { g -> Markup in "<tr>\(cells(g).map { cell -> Markup in "<td>\(cell)</td>" })</tr>" }, separator: "\n")
        let (from, to) = (self.from.description, self.to.description)
        let page: Markup = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(title) \(from) – \(to)</title>
            <style>
            @page { size: A4; margin: 15mm; }
            body { font-family: sans-serif; font-size: 10pt; color: #111; max-width: 180mm; margin: auto; }
            table { border-collapse: collapse; width: 100%; font-size: 8pt; }
            th, td { border: 1px solid #999; padding: 2px 4px; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            figure { break-inside: avoid; margin: 6mm 0; }
            </style></head><body>
            <h1>\(title): \(from) – \(to)</h1>
            <table><thead><tr>\(header)</tr></thead><tbody>
            \(rows)
            </tbody></table>
            <figure><figcaption>Disposed within target, % by quarter</figcaption>\(RecordCharts.bars("Disposed within target by quarter", withinTarget, total: 100))</figure>
            <figure><figcaption>Pending by age at \(to)</figcaption>\(RecordCharts.bars("Pending by age", pending))</figure>
            <figure><figcaption>Adjournments by reason</figcaption>\(RecordCharts.bars("Adjournments by reason", reasons))</figure>
            </body></html>

            """
        return page.text
    }
}
