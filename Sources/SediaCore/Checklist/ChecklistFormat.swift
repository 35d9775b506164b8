/// The output formats of `sedia checklist`.
public enum ChecklistFormat: String, Sendable, CaseIterable {
    case md, html, json
}

/// Renders checklists as Markdown, printable HTML (A4) or JSON. Pure and deterministic: the same checklists and day
/// give the same bytes.
public enum ChecklistRenderer {
    /// `words` sets the language of Markdown and HTML (JSON is for programs: its fields and values do not change).
    public static func render(_ lists: [CaseChecklist], today: Day, format: ChecklistFormat, words: ChecklistWords) -> [UInt8] {
        switch format {
        case .json: JSONWriter.render(json(lists, today: today), pretty: true) + [0x0A]
        case .md: Array(markdown(lists, today: today, words: words).utf8)
        case .html: Array(html(lists, today: today, words: words).utf8)
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

    public static func markdown(_ lists: [CaseChecklist], today: Day, words w: ChecklistWords) -> String {
        var out = "# \(w("title"))\n\n\(statusOn(today, w))\n"
        for list in lists {
            out += "\n## \(mdCell(w("case", ["case": list.caseID.rawValue])))\n\n"
            out += header(list, w).map { "- " + mdCell($0) }.joined(separator: "\n") + "\n\n"
            if list.items.isEmpty {
                out += noItems(w) + "\n"
                continue
            }
            let heads = [
                "#", w("head.item"), w("head.owner"), w("head.due"), w("head.status"), w("head.rule"), w("head.source"),
            ]
            out += "| " + heads.joined(separator: " | ") + " |\n|---|---|---|---|---|---|---|\n"
            for (n, i) in list.items.enumerated() {
                let status = w.status(i.status) + (w.notes(i.notes).map { " (" + $0 + ")" } ?? "")
                let cells = [
                    String(n + 1), w.title(i), w.owner(i.owner), i.due.map(w.date) ?? "–", status, i.rule,
                    i.source + " [" + w.confidence(i.confidence) + "]",
                ]
                out += "| " + cells.map(mdCell).joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    public static func html(_ lists: [CaseChecklist], today: Day, words w: ChecklistWords) -> String {
        var out: Markup = """
            <!DOCTYPE html>
            <html lang="\(w.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(w("titleDated", ["date": w.date(today)]))</title>
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
            <h1>\(w("title"))</h1>
            <p class="meta">\(statusOn(today, w))</p>

            """
        for list in lists {
            out += "<section class=\"case\">\n<h2>\(w("case", ["case": list.caseID.rawValue]))</h2>\n<ul class=\"meta\">\n"
            for line in header(list, w) { out += "<li>\(line)</li>\n" }
            out += "</ul>\n"
            if list.items.isEmpty {
                out += "<p>\(noItems(w))</p>\n</section>\n"
                continue
            }
            let heads = [
                "#", w("head.item"), w("head.owner"), w("head.due"), w("head.status"), w("head.ruleAndSource"),
            ]
            out += "<table>\n<thead><tr>\(heads.map { head -> Markup in "<th>\(head)</th>" })</tr></thead>\n<tbody>\n"
            for (n, i) in list.items.enumerated() {
                let cls = "status-" + i.status.rawValue.replacing(" ", with: "-")
                out += "<tr><td>\(n + 1)</td><td>\(w.title(i))</td><td>\(w.owner(i.owner))</td>"
                out += "<td class=\"due\">\(i.due.map(w.date) ?? "–")</td>"
                out += "<td class=\"\(cls)\">\(w.status(i.status))"
                if let note = w.notes(i.notes) { out += "<br><span class=\"small\">\(note)</span>" }
                out += "</td><td class=\"small\">\(i.rule): \(i.source) [\(w.confidence(i.confidence))]</td></tr>\n"
            }
            out += "</tbody>\n</table>\n</section>\n"
        }
        out += "</body>\n</html>\n"
        return out.text
    }

    static func statusOn(_ today: Day, _ w: ChecklistWords) -> String {
        w("statusOn", ["date": w.date(today)])
    }

    static func noItems(_ w: ChecklistWords) -> String {
        w("noItems")
    }

    static func header(_ list: CaseChecklist, _ w: ChecklistWords) -> [String] {
        var lines: [String] = []
        if let p = list.prosecutor { lines.append(w("prosecutor", ["id": p])) }
        if let c = list.court { lines.append(w("court", ["id": c.rawValue])) }
        if let i = list.interview { lines.append(w("interview", ["date": w.date(i)])) }
        if let s = list.trialStart, let e = list.trialEnd {
            lines.append(
                s == e
                    ? w("trial", ["date": w.date(s)])
                    : w("trialSpan", ["from": w.date(s), "to": w.date(e)]))
        }
        let counts: KeyValuePairs<String, String> = [
            "overdue": String(list.overdue), "atRisk": String(list.atRisk), "advisory": String(list.advisory),
        ]
        lines.append(
            list.advisory > 0
                ? w("countsAdvisory", counts)
                : w("counts", counts))
        return lines
    }

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
