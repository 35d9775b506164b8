import SediaCore

/// Why a start or a person does not fit an interview (`InterviewSlotFit`), in the reader's language.
extension Localizer {
    /// "runs into the Friday prayers (12:15–2:45 ptg)".
    func slotProblem(_ problem: InterviewSlotFit.SlotProblem) -> String {
        switch problem {
        case .outsideWindow(let from, let to): self("fit.outsideWindow", ["from": date(from), "to": date(to)])
        case .beforeEarliest(let day): self("fit.beforeEarliest", ["date": date(day)])
        case .notWorkingDay: self("fit.notWorkingDay")
        case .offGrid(let grid): self("fit.offGrid", ["grid": String(grid)])
        case .outsideHours(let open, let close): self("fit.outsideHours", ["hours": timeSpan(open, close)])
        case .crossesBreak(let b): self(Self.isPrayers(b) ? "fit.crossesPrayers" : "fit.crossesBreak", ["hours": timeSpan(b.start, b.end)])
        case .roomClosed: self("fit.roomClosed")
        case .roomTaken: self("fit.roomTaken")
        case .roomUnfit(let accessible): self(accessible ? "fit.roomNotAccessible" : "fit.roomUnfit")
        case .tooFar(let km, let limit): self("fit.tooFar", ["km": String(km), "limit": String(limit)])
        case .tooCloseToTrial(let trial, let prep): self("fit.tooCloseToTrial", ["days": String(prep), "date": date(trial)])
        case .noOfficerFree: self("fit.noOfficerFree")
        case .noPsychologistFree: self("fit.noPsychologistFree")
        }
    }

    /// "on leave", "already booked 9:00–10:00 pg", "does not speak iban".
    func personProblem(_ problem: InterviewSlotFit.PersonProblem, languages: [String]) -> String {
        switch problem {
        case .onLeave: self("fit.onLeave")
        case .notTrained(let until): self("fit.notTrained", ["date": date(until)])
        case .noLanguage: self("fit.noLanguage", ["languages": list(languages)])
        case .wrongGender(let required): self(required == "F" ? "fit.notWoman" : "fit.notMan")
        case .booked(let from, let to): self("fit.booked", ["hours": timeSpan(from, to)])
        case .fullDay(let max): self("fit.fullDay", ["max": String(max)])
        case .otherCentre(let centre): self("fit.otherCentre", ["centre": centre.rawValue])
        case .inCourt(let court): self("fit.inCourt", ["court": court.rawValue])
        }
    }

    /// A break on Fridays only is the Friday prayers; any other is a break.
    static func isPrayers(_ b: Break) -> Bool { b.days == [.fri] }

    /// The label of a break drawn on the calendar.
    func breakLabel(_ b: Break) -> String { self(Self.isPrayers(b) ? "week.fridayPrayers" : "week.break") }
}
