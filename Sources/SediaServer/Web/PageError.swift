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

    /// Why the slot search found nothing, in the reader's language; as the core wrote it when its form is unknown.
    func reason(_ message: String) -> String { translated(message, Self.reasonPatterns) ?? message }

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

    /// The slot search's explanations (SediaCore's `Explain`) and their texts.
    static let reasonTexts: [(pattern: String, key: String)] = [
        (#"^(\S+) has no accessible room with recording$"#, "reason.noAccessibleRoom"),
        (#"^(\S+) has no room with recording$"#, "reason.noRoom"),
        (#"^no female interviewer who speaks (.+) works at (\S+)$"#, "reason.noWomanSpeaker"),
        (#"^no male interviewer who speaks (.+) works at (\S+)$"#, "reason.noManSpeaker"),
        (#"^no interviewer who speaks (.+) works at (\S+)$"#, "reason.noSpeaker"),
        (#"^no psychologist who speaks (.+) serves (\S+)$"#, "reason.noPsychologistSpeaker"),
        (#"^(\S+) is (\d+) km from the child, beyond the (\d+) km travel limit$"#, "reason.tooFar"),
        (#"^no centre has a room, an interviewer and a psychologist that fit this child$"#, "reason.noCentre"),
        (#"^the interview would have to be held (\d+) days before the trial on (\S+), before it may start on (\S+)$"#, "reason.beforeTrial"),
        (#"^the interview may not start before (\S+), after the planning horizon ends on (\S+)$"#, "reason.afterHorizon"),
        (#"^(\S+) has no working day between (\S+) and (\S+)$"#, "reason.noWorkingDay"),
        (#"^every interviewer who could take it at (\S+) is on leave or out of training between (\S+) and (\S+)$"#, "reason.allOnLeave"),
        (#"^no psychologist who serves (\S+) is available between (\S+) and (\S+)$"#, "reason.noPsychologistAvailable"),
        (#"^(\S+) is fully booked between (\S+) and (\S+) \("#, "reason.fullyBooked"),
        (#"^the hearing needs a video link and (\S+) has none$"#, "reason.noVideo"),
        (#"^no psychologist serves (\S+)$"#, "reason.noCourtPsychologist"),
        (#"^the case's interview is not planned, and the trial needs it held (\d+) days before$"#, "reason.interviewNotPlanned"),
        (#"^the case has no interview planned or held, and the trial needs one (\d+) days before$"#, "reason.noInterview"),
        (#"^the trial may not start before (\S+), after the planning horizon ends on (\S+)$"#, "reason.trialAfterHorizon"),
        (#"^(\S+) has fewer than (\d+) sitting days between (\S+) and (\S+)$"#, "reason.fewSittingDays"),
        (#"^(\S+) has no free sitting day between (\S+) and (\S+) for a (\d+)-day trial$"#, "reason.noFreeSitting"),
        (#"^no psychologist serving (\S+) is free on (\d+) consecutive sitting days between (\S+) and (\S+)$"#, "reason.noCourtPsychologistFree"),
    ]

    nonisolated(unsafe) static let reasonPatterns: [(Regex<AnyRegexOutput>, String)] = reasonTexts.compactMap { entry in
        (try? Regex(entry.pattern)).map { ($0, entry.key) }
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
        (#"^interview: the interview of case (\S+) was not held;"#, "store.supplementaryNotHeld"),
        (#"^interview: case (\S+) already has a supplementary interview to book"#, "store.supplementaryPending"),
    ]

    /// The patterns, compiled once (never mutated after; a `Regex` is only read).
    nonisolated(unsafe) static let storePatterns: [(Regex<AnyRegexOutput>, String)] = storeTexts.compactMap { entry in
        (try? Regex(entry.pattern)).map { ($0, entry.key) }
    }
}
