import Foundation
import SediaCore

/// A time grid: a column per day and lane (room or person), a row per half hour from opening to closing; bookings
/// drawn at their times and lengths, holidays and rest days across the whole day.
struct TimeGrid {
    struct Item {
        var lane: String
        var start: LocalDateTime
        var minutes: Int
        var content: Markup
        var mine: Bool
    }

    let days: [Day]
    let lanes: [(id: String, label: String)]
    let open: Int
    let close: Int
    let state: StateInfo.ID
    let instance: Instance
    let t: Localizer
    /// Why a lane takes nothing on a day (its person away, its room closed); nil when it is open.
    var laneClosed: ((Day, String) -> String?)? = nil
    /// The centre's breaks (lunch, the Friday prayers): drawn across every lane, never offered.
    var breaks: [Break] = []

    var slot: Int { BookingController.slotMinutes }
    var rows: Int { max(1, (close - open + slot - 1) / slot) }

    func render(items: [TimeGrid.Item], empty: ((Day, String, Int) -> Markup)?) -> Markup {
        let laneCount = lanes.count
        let headRows = laneCount > 1 ? 2 : 1
        var cells: [Markup] = []
        // Column heads: the day (with its holiday or rest day), then the lanes under it.
        for (d, day) in days.enumerated() {
            let column = 2 + d * laneCount
            let closedReason = reason(day)
            cells.append(
                "<div class=\"head\" style=\"grid-column:\(column) / span \(laneCount);grid-row:1\"><a href=\"?day=\(day.description)\">\(t.date(day))</a>\(closedReason.map { "<br><span class=\"small\">\($0)</span>" as Markup } ?? .empty)</div>"
            )
            if laneCount > 1 {
                for (l, lane) in lanes.enumerated() {
                    cells.append("<div class=\"head small\" style=\"grid-column:\(column + l);grid-row:2\">\(lane.label)</div>")
                }
            }
        }
        for r in 0..<rows {
            cells.append("<div class=\"time\" style=\"grid-column:1;grid-row:\(headRows + 1 + r)\">\(t.time(open + r * slot))</div>")
        }
        for (d, day) in days.enumerated() {
            let closedReason = reason(day)
            for (l, lane) in lanes.enumerated() {
                let column = 2 + d * laneCount + l
                if let closedReason {
                    cells.append(
                        "<div class=\"closed\" style=\"grid-column:\(column);grid-row:\(headRows + 1) / span \(rows)\">\(closedReason)</div>")
                    continue
                }
                var taken = [Bool](repeating: false, count: rows)
                let here = items.filter { $0.lane == lane.id && $0.start.day == day }.sorted { $0.start < $1.start }
                for item in here {
                    let first = max(0, (item.start.minute - open) / slot)
                    let span = max(1, min(rows - first, (item.start.minute + item.minutes - open + slot - 1) / slot - first))
                    guard first < rows else { continue }
                    for r in first..<min(rows, first + span) { taken[r] = true }
                    cells.append(
                        "<div class=\"\(item.mine ? "booking" : "busy")\" style=\"grid-column:\(column);grid-row:\(headRows + 1 + first) / span \(span)\">\(item.content)</div>"
                    )
                }
                // A lane closed that day (leave, a closed room) keeps its bookings in view: those are what the closure breaks.
                if let away = laneClosed?(day, lane.id) {
                    for (k, r) in (0..<rows).filter({ !taken[$0] }).enumerated() {
                        cells.append(
                            "<div class=\"closed small\" style=\"grid-column:\(column);grid-row:\(headRows + 1 + r)\">\(k == 0 ? away : "")</div>")
                    }
                    continue
                }
                // A break covers the rows that start inside it, labelled once per run of rows.
                for b in breaks where b.days.contains(day.weekday) {
                    let inside = (0..<rows).filter { r in !taken[r] && b.start <= open + r * slot && open + r * slot < b.end }
                    guard let first = inside.first else { continue }
                    for r in inside { taken[r] = true }
                    cells.append(
                        "<div class=\"closed small\" style=\"grid-column:\(column);grid-row:\(headRows + 1 + first) / span \(inside.count)\">\(t.breakLabel(b))</div>"
                    )
                }
                for r in 0..<rows where !taken[r] {
                    cells.append(
                        "<div style=\"grid-column:\(column);grid-row:\(headRows + 1 + r)\">\(empty?(day, lane.id, open + r * slot) ?? .empty)</div>")
                }
            }
        }
        let columns = days.count * laneCount
        return """
            <div class="scroll" role="region" aria-label="\(t("week.gridLabel"))" tabindex="0"><div class="grid" style="grid-template-columns:4.5rem repeat(\(columns), minmax(6.5rem, 1fr))">
            \(Markup.join(cells, separator: "\n"))
            </div></div>
            """
    }

    /// Why nobody works on `day` in this state: its public holiday or the weekend; nil on a working day.
    func reason(_ day: Day) -> String? {
        if let holiday = instance.holiday(on: day, state: state) { return t("week.holiday", ["name": holiday.name ?? ""]) }
        if instance.isRestDay(day, state: state) { return t("week.restDay") }
        return nil
    }
}
