import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// An error a page handler throws on purpose: a status and what to tell the person, as a translatable text (a key of
/// SediaTexts' `Strings/*.strings` and its values) or a store's refusal, rendered in the reader's language by its case.
struct PageError: Error {
    var status: HTTPResponse.Status
    var key: String?
    var values: [(name: String, value: String)]
    var refusal: StoreError.Refusal?

    /// A text from the translation tables. A value named `field` is a form field's name and is shown by its label.
    init(_ status: HTTPResponse.Status, key: String, _ values: KeyValuePairs<String, String> = [:]) {
        self.status = status
        self.key = key
        self.values = values.map { ($0.key, $0.value) }
    }

    /// A store's refusal.
    init(_ status: HTTPResponse.Status, _ refusal: StoreError.Refusal) {
        self.status = status
        self.values = []
        self.refusal = refusal
    }

    /// Words given as they are (a file's or a change's own words, which no table translates).
    init(_ status: HTTPResponse.Status, _ message: String) { self.init(status, .text(message)) }

    static let notFound = PageError(.notFound, key: "error.notFound")

    /// The message in the reader's language.
    func message(_ t: Localizer) -> String {
        if let refusal { return t.refusal(refusal) }
        guard let key else { return "" }
        return Placeholders.fill(t(key)) { name in
            guard let value = values.first(where: { $0.name == name })?.value else { return nil }
            return name == "field" ? t.field(value) : value
        }
    }

    /// The English message, for logs and tests that read it without a page.
    var englishDescription: String { refusal?.english ?? key ?? "" }
}

extension Localizer {
    /// A form field's label ("childRef" → "Child's reference"), or its name when it has no label.
    func field(_ name: String) -> String {
        let label = self("field.\(name)")
        return label == "field.\(name)" ? name : label
    }

    /// A refusal of the store in the reader's language: a broken planning rule by the rule's translated title and
    /// what is wrong, with its ids, dates and times; a field's problem after the field's label; words that no table
    /// translates as they are.
    func refusal(_ refusal: StoreError.Refusal) -> String {
        switch refusal {
        case .rules(let violations):
            return violations.map { v in
                let what = violation(v.kind)
                let detail = v.caseID.map { self("store.ruleCase", ["case": $0.rawValue]) + ": " + what } ?? what
                return self("store.rule", ["rule": String(v.rule), "title": self("rule.\(v.rule)"), "detail": detail])
            }.joined(separator: "\n")
        case .fields(let problems): return problems.map { field($0.field) + ": " + $0.problem }.joined(separator: "\n")
        case .text(let words): return words
        default:
            guard let (key, values) = Self.refusalText(refusal, date: date, time: time, resource: resource) else { return refusal.english }
            return self(key, values)
        }
    }

    /// The key of a refusal's text and its values ({1}, {2}…); nil for the refusals `refusal` writes itself.
    static func refusalText(
        _ refusal: StoreError.Refusal, date: (Day) -> String, time: (Int) -> String, resource: (StoreError.Resource) -> String
    ) -> (String, KeyValuePairs<String, String>)? {
        switch refusal {
        case .stale(let id, let by): ("store.stale", ["1": id.rawValue, "2": by])
        case .moveNeedsReason: ("store.moveNeedsReason", [:])
        case .cancelNeedsReason: ("store.cancelNeedsReason", [:])
        case .pinned(let id, let task, _): (task == .interview ? "store.interviewPinned" : "store.hearingPinned", ["1": id.rawValue])
        case .alreadyBooked(let id, let r, let day, let minute?):
            ("store.alreadyBooked", ["1": id.rawValue, "2": resource(r), "3": date(day), "4": time(minute)])
        case .alreadyBooked(let id, let r, let day, nil): ("store.alreadyBookedDay", ["1": id.rawValue, "2": resource(r), "3": date(day)])
        case .courtFull(let id, let court, let day): ("store.courtFull", ["1": id.rawValue, "2": court.rawValue, "3": date(day)])
        case .offGrid(let id, let start, let grid):
            ("store.offGrid", ["1": id.rawValue, "2": "\(date(start.day)), \(time(start.minute))", "3": String(grid)])
        case .caseExists(let id): ("store.caseExists", ["1": id.rawValue])
        case .notBooked(let id, let task): (task == .interview ? "store.noInterview" : "store.noHearing", ["1": id.rawValue])
        case .supplementaryNotHeld(let id): ("store.supplementaryNotHeld", ["1": id.rawValue])
        case .supplementaryPending(let id): ("store.supplementaryPending", ["1": id.rawValue])
        case .rules, .fields, .text: nil
        }
    }

    /// A booked room or person: "room CIC-KB-1", "bilik CIC-KB-1".
    func resource(_ resource: StoreError.Resource) -> String {
        switch resource {
        case .room(let id): self("store.room", ["1": id.rawValue])
        case .interviewer(let id): self("store.interviewer", ["1": id.rawValue])
        case .psychologist(let id): self("store.psychologist", ["1": id.rawValue])
        }
    }

    /// Why a background job failed, in the reader's language.
    func jobFailure(_ failure: JobFailure) -> String {
        switch failure {
        case .noPlan: self("job.noPlan")
        case .noAnswer: self("job.noAnswer")
        case .change(let words): words
        }
    }

    /// Why the slot search found nothing, in the reader's language, with its ids, dates and distances.
    func reason(_ reason: UnplacedReason) -> String {
        let (key, values) = Self.reasonText(reason, date: date, list: list)
        return self(key, values)
    }

    /// "ms", "ms or ta", "ms, ta or iba" with the reader's "or".
    func list(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " \(self("list.or")) " + (items.last ?? "")
    }

    /// The key of a reason's text and its values ({1}, {2}…), dates written by `date` and lists by `list`.
    static func reasonText(_ reason: UnplacedReason, date: (Day) -> String, list: ([String]) -> String) -> (String, KeyValuePairs<String, String>) {
        switch reason {
        case .tooFar(let centre, let km, let limit): ("reason.tooFar", ["1": centre.rawValue, "2": String(km), "3": String(limit)])
        case .noRoom(let centre, let accessible): (accessible ? "reason.noAccessibleRoom" : "reason.noRoom", ["1": centre.rawValue])
        case .noSpeaker(let centre, let languages, let gender):
            (
                gender == "F" ? "reason.noWomanSpeaker" : gender == "M" ? "reason.noManSpeaker" : "reason.noSpeaker",
                ["1": list(languages), "2": centre.rawValue]
            )
        case .noPsychologistSpeaker(let centre, let languages): ("reason.noPsychologistSpeaker", ["1": list(languages), "2": centre.rawValue])
        case .noCentre: ("reason.noCentre", [:])
        case .beforeTrial(let prep, let trial, let earliest): ("reason.beforeTrial", ["1": String(prep), "2": date(trial), "3": date(earliest)])
        case .afterHorizon(let earliest, let end): ("reason.afterHorizon", ["1": date(earliest), "2": date(end)])
        case .noWorkingDay(let centre, let from, let to): ("reason.noWorkingDay", ["1": centre.rawValue, "2": date(from), "3": date(to)])
        case .allOnLeave(let centre, let from, let to): ("reason.allOnLeave", ["1": centre.rawValue, "2": date(from), "3": date(to)])
        case .noPsychologistAvailable(let centre, let from, let to):
            ("reason.noPsychologistAvailable", ["1": centre.rawValue, "2": date(from), "3": date(to)])
        case .fullyBooked(let centre, let from, let to, _): ("reason.fullyBooked", ["1": centre.rawValue, "2": date(from), "3": date(to)])
        case .noVideo(let court): ("reason.noVideo", ["1": court.rawValue])
        case .noCourtPsychologist(let court): ("reason.noCourtPsychologist", ["1": court.rawValue])
        case .interviewNotPlanned(let prep): ("reason.interviewNotPlanned", ["1": String(prep)])
        case .noInterview(let prep): ("reason.noInterview", ["1": String(prep)])
        case .trialAfterHorizon(let earliest, let end): ("reason.trialAfterHorizon", ["1": date(earliest), "2": date(end)])
        case .fewSittingDays(let court, let days, let from, let to):
            ("reason.fewSittingDays", ["1": court.rawValue, "2": String(days), "3": date(from), "4": date(to)])
        case .noFreeSitting(let court, let from, let to, let days):
            ("reason.noFreeSitting", ["1": court.rawValue, "2": date(from), "3": date(to), "4": String(days)])
        case .noCourtPsychologistFree(let court, let days, let from, let to):
            ("reason.noCourtPsychologistFree", ["1": court.rawValue, "2": String(days), "3": date(from), "4": date(to)])
        case .failed(.unknownCase(let id)): ("slots.unknownCase", ["1": id])
        case .failed(.taskNotRequired(let id, let task)): (task == .interview ? "slots.noInterviewToPlan" : "slots.noTrialToPlan", ["1": id])
        case .failed(.pinned(let id, let task)): (task == .interview ? "slots.interviewPinned" : "slots.trialPinned", ["1": id])
        }
    }
}
