import Foundation
import Hummingbird
import SediaCore
import SediaStore

/// An error a page handler throws on purpose: a status and what to tell the person, as a translatable text (a key of
/// `Localization/*.strings` and its values) or, for words that come from elsewhere (the store, the rules), as they are.
struct PageError: Error {
    var status: HTTPResponse.Status
    var key: String?
    var values: [(name: String, value: String)]
    var literal: String?

    /// A text from the translation tables. A value named `field` is a form field's name and is shown by its label.
    init(_ status: HTTPResponse.Status, key: String, _ values: KeyValuePairs<String, String> = [:]) {
        self.status = status
        self.key = key
        self.values = values.map { ($0.key, $0.value) }
    }

    /// Words given as they are (a store refusal, a rule's own words).
    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.values = []
        self.literal = message
    }

    static let notFound = PageError(.notFound, key: "error.notFound")

    /// The message in the reader's language.
    func message(_ t: Localizer) -> String {
        if let literal { return t.storeMessage(literal) }
        guard let key else { return "" }
        var text = t(key)
        for (name, value) in values {
            let shown = name == "field" ? t.field(value) : value
            text = text.replacingOccurrences(of: "{\(name)}", with: shown)
        }
        return text
    }

    /// The English message, for logs and tests that read it without a page.
    var englishDescription: String { literal ?? key ?? "" }
}

extension Localizer {
    /// A form field's label ("childRef" → "Child's reference"), or its name when it has no label.
    func field(_ name: String) -> String {
        let label = self("field.\(name)")
        return label == "field.\(name)" ? name : label
    }

    /// A refusal from the store or the rules, in the reader's language where its form is known: a planning rule's
    /// refusal by the rule's translated title (its details, with ids and dates, as the checker wrote them); the
    /// store's common refusals by their own texts; otherwise "FIELD: words" with the field shown by its label.
    func storeMessage(_ message: String) -> String {
        if let match = message.wholeMatch(of: /rule (\d+): (.*)/) {
            let number = String(match.output.1)
            let title = self("rule.\(number)")
            if title != "rule.\(number)" { return self("store.rule", ["rule": number, "title": title, "detail": String(match.output.2)]) }
        }
        if let text = translated(message, Self.storePatterns) { return text }
        guard let colon = message.firstIndex(of: ":") else { return message }
        let name = String(message[..<colon])
        guard !name.contains(" "), table["field.\(name)"] != nil || fallback["field.\(name)"] != nil else { return message }
        return field(name) + message[colon...]
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

    /// The text of the first pattern `message` matches, its captures filled in ({1}, {2}…; ISO dates written as people
    /// write them), or nil.
    func translated(_ message: String, _ patterns: [(Regex<AnyRegexOutput>, String)]) -> String? {
        for (pattern, key) in patterns {
            guard let match = message.wholeMatch(of: pattern) ?? message.firstMatch(of: pattern) else { continue }
            let values = match.output.dropFirst().map { $0.substring.map(String.init) ?? "" }
            var text = self(key)
            for (i, value) in values.enumerated() {
                text = text.replacingOccurrences(of: "{\(i + 1)}", with: Day(iso: value).map(date) ?? value)
            }
            return text
        }
        return nil
    }

    /// The store's refusals that people meet on the pages (patterns) and their texts ({1}, {2}… are the captured values).
    static let storeTexts: [(pattern: String, key: String)] = [
        (#"^The planner found no plan within the budgets given\.$"#, "job.noPlan"),
        (#"^The planner gave no answer\.$"#, "job.noAnswer"),
        (#"^revision: case (\S+) was changed meanwhile by (\S+);"#, "store.stale"),
        (#"^reason: moving a booking needs a reason"#, "store.moveNeedsReason"),
        (#"^reason: a cancellation needs a reason"#, "store.cancelNeedsReason"),
        (#"^case (\S+): the interview is pinned"#, "store.interviewPinned"),
        (#"^case (\S+): the hearing is pinned"#, "store.hearingPinned"),
        (#"^case (\S+): (.+) is already booked on (\S+) at (\S+)"#, "store.alreadyBooked"),
        (#"^case (\S+): court (\S+) is full on (\S+)"#, "store.courtFull"),
        (#"^case (\S+): start (\S+) is not on the (\d+)-minute grid"#, "store.offGrid"),
        (#"^id: case (\S+) already exists"#, "store.caseExists"),
        (#"^case (\S+) has no booked interview"#, "store.noInterview"),
        (#"^case (\S+) has no booked hearing"#, "store.noHearing"),
    ]

    /// The patterns, compiled once (never mutated after; a `Regex` is only read).
    nonisolated(unsafe) static let storePatterns: [(Regex<AnyRegexOutput>, String)] = storeTexts.compactMap { entry in
        (try? Regex(entry.pattern)).map { ($0, entry.key) }
    }
}
