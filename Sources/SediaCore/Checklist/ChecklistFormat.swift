/// The output formats of `sedia checklist`.
public enum ChecklistFormat: String, Sendable, CaseIterable {
    case md, html, json
}

/// Renders checklists as Markdown, printable HTML (A4) or JSON. Pure and deterministic: the same checklists and day
/// give the same bytes.
public enum ChecklistRenderer {
    public static func render(_ lists: [CaseChecklist], today: Day, format: ChecklistFormat) -> [UInt8] {
        switch format {
        case .json: JSONWriter.render(json(lists, today: today), pretty: true) + [0x0A]
        case .md: Array(markdown(lists, today: today).utf8)
        case .html: Array(html(lists, today: today).utf8)
        }
    }

    /// `sedia-checklist/1`: each case with its items; each item has `item`, `owner`, `due` (`YYYY-MM-DD` or null),
    /// `status`, `source`, and also `rule`, `kind`, `daysLeft`, `confidence`, `note`. Statuses: done, open, at risk,
    /// overdue, advisory (never overdue: the law allows the step later or makes it optional), no target, timeline not
    /// published. Each case also counts `overdue`, `atRisk` and `advisory` items.
    public static func json(_ lists: [CaseChecklist], today: Day) -> JSONValue {
        func day(_ d: Day?) -> JSONValue { d.map { .string($0.description) } ?? .null }
        func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        let cases: [JSONValue] = lists.map { list in
            .object([
                ("case", .string(list.caseID.rawValue)),
                ("prosecutor", text(list.prosecutor)),
                ("court", text(list.court?.rawValue)),
                ("interview", day(list.interview)),
                ("trialStart", day(list.trialStart)),
                ("trialEnd", day(list.trialEnd)),
                ("overdue", .int(list.overdue)),
                ("atRisk", .int(list.atRisk)),
                ("advisory", .int(list.advisory)),
                (
                    "items",
                    .array(
                        list.items.map { i in
                            .object([
                                ("item", .string(i.item)),
                                ("rule", .string(i.rule)),
                                ("kind", .string(i.kind.rawValue)),
                                ("owner", .string(i.owner)),
                                ("due", day(i.due)),
                                ("daysLeft", i.daysLeft.map { .int($0) } ?? .null),
                                ("status", .string(i.status.rawValue)),
                                ("source", .string(i.source)),
                                ("confidence", .string(i.confidence.rawValue)),
                                ("note", text(i.note)),
                            ])
                        })
                ),
            ])
        }
        return .object([("format", .string("sedia-checklist/1")), ("today", .string(today.description)), ("cases", .array(cases))])
    }

    public static func markdown(_ lists: [CaseChecklist], today: Day) -> String {
        var out = "# Readiness checklist\n\nStatus on \(today). Case references only; case details are in Sedia.\n"
        for list in lists {
            out += "\n## Case \(mdCell(list.caseID.rawValue))\n\n"
            out += header(list).map { "- " + mdCell($0) }.joined(separator: "\n") + "\n\n"
            if list.items.isEmpty {
                out += "No dated items: the case has no planned trial or interview the rules count from.\n"
                continue
            }
            out += "| # | Item | Owner | Due | Status | Rule | Source |\n|---|---|---|---|---|---|---|\n"
            for (n, i) in list.items.enumerated() {
                let status = i.status.rawValue + (i.note.map { " (" + $0 + ")" } ?? "")
                let cells = [
                    String(n + 1), i.item, i.owner, i.due?.description ?? "–", status, i.rule, i.source + " [" + i.confidence.rawValue + "]",
                ]
                out += "| " + cells.map(mdCell).joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    public static func html(_ lists: [CaseChecklist], today: Day) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Readiness checklist – \(today)</title>
            <style>
            body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; color: #000; margin: 2em; }
            h1 { font-size: 16pt; margin: 0 0 .3em; }
            h2 { font-size: 13pt; margin: 1.2em 0 .3em; }
            p.meta, ul.meta { margin: .2em 0; color: #222; }
            ul.meta { list-style: none; padding: 0; }
            table { border-collapse: collapse; width: 100%; margin-top: .4em; }
            th, td { border: 1px solid #555; padding: 3pt 4pt; text-align: left; vertical-align: top; }
            th { background: #e8e8e8; }
            td.due { white-space: nowrap; }
            td.status-overdue { font-weight: bold; }
            td.status-at-risk { font-style: italic; }
            td.status-advisory { color: #444; }
            .small { font-size: 8.5pt; }
            @page { size: A4; margin: 15mm 12mm 15mm 12mm; }
            @media print {
              body { margin: 0; font-size: 9.5pt; }
              section.case { break-inside: avoid-page; page-break-inside: avoid; }
              section.case + section.case { break-before: page; page-break-before: always; }
              thead { display: table-header-group; }
              tr { break-inside: avoid; page-break-inside: avoid; }
              th { background: none; }
            }
            </style>
            </head>
            <body>
            <h1>Readiness checklist</h1>
            <p class="meta">Status on \(today). Case references only; case details are in Sedia.</p>

            """
        for list in lists {
            out += "<section class=\"case\">\n<h2>Case \(esc(list.caseID.rawValue))</h2>\n<ul class=\"meta\">\n"
            for line in header(list) { out += "<li>\(esc(line))</li>\n" }
            out += "</ul>\n"
            if list.items.isEmpty {
                out += "<p>No dated items: the case has no planned trial or interview the rules count from.</p>\n</section>\n"
                continue
            }
            out +=
                "<table>\n<thead><tr><th>#</th><th>Item</th><th>Owner</th><th>Due</th><th>Status</th><th>Rule and source</th></tr></thead>\n<tbody>\n"
            for (n, i) in list.items.enumerated() {
                let cls = "status-" + i.status.rawValue.replacing(" ", with: "-")
                out += "<tr><td>\(n + 1)</td><td>\(esc(i.item))</td><td>\(esc(i.owner))</td><td class=\"due\">\(esc(i.due?.description ?? "–"))</td>"
                out += "<td class=\"\(cls)\">\(esc(i.status.rawValue))"
                if let note = i.note { out += "<br><span class=\"small\">\(esc(note))</span>" }
                out += "</td><td class=\"small\">\(esc(i.rule)): \(esc(i.source)) [\(esc(i.confidence.rawValue))]</td></tr>\n"
            }
            out += "</tbody>\n</table>\n</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    static func header(_ list: CaseChecklist) -> [String] {
        var lines: [String] = []
        if let p = list.prosecutor { lines.append("Prosecutor: " + p) }
        if let c = list.court { lines.append("Court: " + c.rawValue) }
        if let i = list.interview { lines.append("Interview: \(i)") }
        if let s = list.trialStart, let e = list.trialEnd { lines.append(s == e ? "Trial: \(s)" : "Trial: \(s) to \(e)") }
        lines.append("Overdue: \(list.overdue), at risk: \(list.atRisk)" + (list.advisory > 0 ? ", advisory: \(list.advisory)" : ""))
        return lines
    }

    static func esc(_ s: String) -> String { HTML.escape(s) }

    static func mdCell(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            case "<": out += "&lt;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
