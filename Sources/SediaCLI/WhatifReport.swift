import Foundation
import SediaCore

/// The answer of `sedia whatif`, ready to print as a table, JSON, a markdown briefing or an SVG chart.
struct WhatifReport: Encodable {
    /// The change in each measure, after minus before (negative is better).
    struct Difference: Encodable, Equatable {
        var unassigned: Int
        var lateInterviews: Int
        var lateHearings: Int
        var missedHearings: Int
        var interviewWaitMean: Double
        var interviewWaitP90: Double
        var hearingWaitMean: Double
        var hearingWaitP90: Double

        init(_ a: CapacityMetrics, _ b: CapacityMetrics) {
            unassigned = b.unassigned - a.unassigned
            lateInterviews = b.lateInterviews - a.lateInterviews
            lateHearings = b.lateHearings - a.lateHearings
            missedHearings = b.missedHearings - a.missedHearings
            interviewWaitMean = ((b.interviewWaitMean - a.interviewWaitMean) * 10).rounded() / 10
            interviewWaitP90 = b.interviewWaitP90 - a.interviewWaitP90
            hearingWaitMean = ((b.hearingWaitMean - a.hearingWaitMean) * 10).rounded() / 10
            hearingWaitP90 = b.hearingWaitP90 - a.hearingWaitP90
        }
    }

    /// One recommended addition and its marginal effect.
    struct Step: Encodable {
        var change: String
        var effect: Difference
        var after: CapacityMetrics
    }

    var instance: String
    /// With --recommend: the changes that set the scenario the additions are searched on.
    var scenario: [String]
    var objective: CapacityObjective?
    var before: CapacityMetrics
    var after: CapacityMetrics
    var changes: [String]
    var recommendations: [Step]?
    var solves: Int
    var difference: Difference { Difference(before, after) }

    enum CodingKeys: String, CodingKey {
        case instance, scenario, objective, before, after, changes, recommendations, difference, solves
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(instance, forKey: .instance)
        if !scenario.isEmpty { try c.encode(scenario, forKey: .scenario) }
        try c.encodeIfPresent(objective, forKey: .objective)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
        try c.encode(difference, forKey: .difference)
        try c.encode(changes, forKey: .changes)
        try c.encodeIfPresent(recommendations, forKey: .recommendations)
        try c.encode(solves, forKey: .solves)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    // MARK: text

    static func num(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x) }
    static func signed(_ x: Int) -> String { x > 0 ? "+\(x)" : "\(x)" }
    static func signed(_ x: Double) -> String { (x > 0 ? "+" : "") + num(x) }

    /// The bound's rows (issue 26): how many tasks no plan can place, or finish by their target, in each scenario.
    var boundRows: [(String, String, String, String)] {
        guard let a = before.bounds, let b = after.bounds else { return [] }
        return [
            ("unassigned in every plan (bound)", "\(a.unassigned)", "\(b.unassigned)", Self.signed(b.unassigned - a.unassigned)),
            ("late in every plan (bound, interviews + trials)", "\(a.late)", "\(b.late)", Self.signed(b.late - a.late)),
        ]
    }

    /// The bound after a step, for the recommendation tables: "–" when the step was not solved here.
    static func lateBound(_ m: CapacityMetrics) -> String { m.bounds.map { "\($0.late)" } ?? "–" }

    /// Rows of the summary: label, before, after, difference.
    var summaryRows: [(String, String, String, String)] {
        let d = difference
        return [
            ("unassigned", "\(before.unassigned)", "\(after.unassigned)", Self.signed(d.unassigned)),
            ("late interviews", "\(before.lateInterviews)", "\(after.lateInterviews)", Self.signed(d.lateInterviews)),
            ("late trials", "\(before.lateHearings)", "\(after.lateHearings)", Self.signed(d.lateHearings)),
            ("trials missing target (late or unplaced)", "\(before.missedHearings)", "\(after.missedHearings)", Self.signed(d.missedHearings)),
            (
                "interview wait, mean (working days)", Self.num(before.interviewWaitMean), Self.num(after.interviewWaitMean),
                Self.signed(d.interviewWaitMean)
            ),
            ("interview wait, 90th percentile", Self.num(before.interviewWaitP90), Self.num(after.interviewWaitP90), Self.signed(d.interviewWaitP90)),
            ("trial wait, mean (working days)", Self.num(before.hearingWaitMean), Self.num(after.hearingWaitMean), Self.signed(d.hearingWaitMean)),
            ("trial wait, 90th percentile", Self.num(before.hearingWaitP90), Self.num(after.hearingWaitP90), Self.signed(d.hearingWaitP90)),
        ] + boundRows
    }

    /// Per state or court: unassigned/late interviews/late trials/mean interview wait/mean trial wait, before → after.
    static func groupRows(_ a: [String: GroupMetrics], _ b: [String: GroupMetrics]) -> [[String]] {
        Set(a.keys).union(b.keys).sorted().compactMap { key in
            let x = a[key] ?? GroupMetrics()
            let y = b[key] ?? GroupMetrics()
            func pair(_ p: Int, _ q: Int) -> String { p == q ? "\(p)" : "\(p) → \(q)" }
            func pair(_ p: Double, _ q: Double) -> String { p == q ? num(p) : "\(num(p)) → \(num(q))" }
            return [
                key, pair(x.unassigned, y.unassigned), pair(x.lateInterviews, y.lateInterviews), pair(x.lateHearings, y.lateHearings),
                pair(x.interviewWaitMean, y.interviewWaitMean), pair(x.hearingWaitMean, y.hearingWaitMean),
            ]
        }
    }

    static let groupHeader = ["unassigned", "late interviews", "late trials", "interview wait", "trial wait"]

    static func aligned(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = (0..<first.count).map { k in rows.map { $0.count > k ? $0[k].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { k, cell in
                k == 0 ? cell.padding(toLength: widths[k], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[k] - cell.count) + cell
            }
            .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    func table() -> String {
        var out = "instance \(instance)\n"
        if !scenario.isEmpty { out += "scenario: " + scenario.joined(separator: "  ") + "\n" }
        if !changes.isEmpty {
            out += (recommendations == nil ? "changes: " : "recommended, applied together: ") + changes.joined(separator: "  ") + "\n"
        }
        out += "\n" + Self.aligned([["", "before", "after", "difference"]] + summaryRows.map { [$0.0, $0.1, $0.2, $0.3] })
        if let recs = recommendations {
            out += "\nrecommended additions (\(objective?.rawValue ?? "late")), each measured on top of the ones above:\n"
            if recs.isEmpty { out += "  none: no single addition improves the plan\n" }
            var rows = [
                [
                    "#", "change (--change spec)", "late trials", "missed trials", "late interviews", "unassigned", "trial wait", "interview wait",
                    "late in every plan",
                ]
            ]
            for (k, s) in recs.enumerated() {
                rows.append([
                    "\(k + 1)", s.change, Self.signed(s.effect.lateHearings), Self.signed(s.effect.missedHearings),
                    Self.signed(s.effect.lateInterviews),
                    Self.signed(s.effect.unassigned), Self.signed(s.effect.hearingWaitMean), Self.signed(s.effect.interviewWaitMean),
                    Self.lateBound(s.after),
                ])
            }
            if !recs.isEmpty { out += Self.aligned(rows) }
        }
        let states = Self.groupRows(before.perState, after.perState)
        if !states.isEmpty { out += "\nper state (before → after)\n" + Self.aligned([["state"] + Self.groupHeader] + states) }
        let courts = Self.groupRows(before.perCourt, after.perCourt)
        if !courts.isEmpty { out += "\nper court (before → after)\n" + Self.aligned([["court"] + Self.groupHeader] + courts) }
        return out
    }

    static func mdTable(_ rows: [[String]]) -> String {
        guard let head = rows.first else { return "" }
        var out = "| " + head.joined(separator: " | ") + " |\n|" + head.map { _ in "---|" }.joined() + "\n"
        for r in rows.dropFirst() { out += "| " + r.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        return out
    }

    func markdown(chart: String?) -> String {
        var out = "# Capacity: \(instance)\n\n"
        if let recs = recommendations {
            if !scenario.isEmpty { out += "Scenario: " + scenario.map { "`\($0)`" }.joined(separator: ", ") + "\n\n" }
            out += "Greedy search over single additions (objective: \(objective?.rawValue ?? "late")), \(solves) solves.\n\n"
            if recs.isEmpty {
                out += "No single addition improves the plan.\n\n"
            } else {
                out += "## Recommended additions\n\nEach is measured on top of the ones above it.\n\n"
                var rows = [
                    [
                        "#", "addition", "late trials", "trials missing target", "late interviews", "unassigned", "mean trial wait",
                        "mean interview wait", "late in every plan (bound)",
                    ]
                ]
                for (k, s) in recs.enumerated() {
                    rows.append([
                        "\(k + 1)", "`\(s.change)`", "\(s.after.lateHearings) (\(Self.signed(s.effect.lateHearings)))",
                        "\(s.after.missedHearings) (\(Self.signed(s.effect.missedHearings)))",
                        "\(s.after.lateInterviews) (\(Self.signed(s.effect.lateInterviews)))",
                        "\(s.after.unassigned) (\(Self.signed(s.effect.unassigned)))", Self.num(s.after.hearingWaitMean),
                        Self.num(s.after.interviewWaitMean), Self.lateBound(s.after),
                    ])
                }
                out += Self.mdTable(rows) + "\n"
            }
        } else {
            out += "Changes: " + changes.map { "`\($0)`" }.joined(separator: ", ") + "\n\n"
        }
        out +=
            "## Before and after\n\n" + Self.mdTable([["", "before", "after", "difference"]] + summaryRows.map { [$0.0, $0.1, $0.2, $0.3] }) + "\n"
        if let chart { out += "![Late trials against added capacity](\(chart))\n\n" }
        let states = Self.groupRows(before.perState, after.perState)
        if !states.isEmpty { out += "## Per state\n\n" + Self.mdTable([["state"] + Self.groupHeader] + states) + "\n" }
        let courts = Self.groupRows(before.perCourt, after.perCourt)
        if !courts.isEmpty { out += "## Per court\n\n" + Self.mdTable([["court"] + Self.groupHeader] + courts) + "\n" }
        out += "Waits are in working days of the state (mean and 90th percentile). Trials missing target are late or could not be placed.\n"
        if !boundRows.isEmpty {
            out +=
                "\"In every plan\" is a proven lower bound: no plan of that scenario, however long it is searched, does better."
                + " Late tasks above it may still be saved by better planning; the bound itself falls only with more capacity.\n"
        }
        return out
    }

    /// A bar chart: trials missing their target, as is and after each addition (or with the changes).
    func svg() -> String {
        var bars: [(String, Int, Int)] = [("as is", before.missedHearings, before.lateHearings)]
        if let recs = recommendations {
            for (k, s) in recs.enumerated() { bars.append(("+\(k + 1): \(s.change)", s.after.missedHearings, s.after.lateHearings)) }
        } else {
            bars.append(("with changes", after.missedHearings, after.lateHearings))
        }
        let top = max(1, bars.map(\.1).max() ?? 1)
        let barW = 60
        let gap = 30
        let left = 60
        let plotH = 240
        let width = left + bars.count * (barW + gap) + 20
        let height = plotH + 150
        var out: Markup = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
            <title>Trials missing the disposal target against added capacity: \(instance)</title>
            <text x="\(left)" y="20" font-size="14">Trials missing the disposal target (dark: held late; light: not placed)</text>
            <line x1="\(left)" y1="\(plotH + 30)" x2="\(width - 10)" y2="\(plotH + 30)" stroke="#333"/>
            <line x1="\(left)" y1="30" x2="\(left)" y2="\(plotH + 30)" stroke="#333"/>
            <text x="\(left - 8)" y="\(plotH + 34)" text-anchor="end">0</text>
            <text x="\(left - 8)" y="38" text-anchor="end">\(top)</text>

            """
        for (k, bar) in bars.enumerated() {
            let x = left + gap / 2 + k * (barW + gap)
            let h = bar.1 * plotH / top
            let lateH = bar.2 * plotH / top
            let y = plotH + 30 - h
            out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(barW)\" height=\"\(h)\" fill=\"#9bbbd4\"/>\n"
            out += "<rect x=\"\(x)\" y=\"\(plotH + 30 - lateH)\" width=\"\(barW)\" height=\"\(lateH)\" fill=\"#2c5d87\"/>\n"
            out += "<text x=\"\(x + barW / 2)\" y=\"\(y - 4)\" text-anchor=\"middle\">\(bar.1)</text>\n"
            out += "<text transform=\"translate(\(x + barW / 2),\(plotH + 44)) rotate(30)\">\(bar.0)</text>\n"
        }
        out += "</svg>\n"
        return out.text
    }
}
