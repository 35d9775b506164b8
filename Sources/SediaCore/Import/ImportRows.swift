/// The kinds of people the database keeps: the planner's interviewers and psychologists, and the prosecutors and
/// coordinators the application signs in.
public enum StaffKind: String, Sendable, Equatable, CaseIterable {
    case interviewer, psychologist, prosecutor, coordinator
}

/// One person of `sedia import staff`. Leave is not here: it comes from `sedia import leave` (ICS) and is kept on update.
public struct StaffRow: Sendable, Equatable {
    public var id: String
    public var kind: StaffKind
    public var gender: String?
    public var languages: [String]
    public var trainedUntil: Day?
    public var centres: [String]
    public var courts: [String]
    public var maxPerDay: Int
    /// The person's name as colleagues know it (staff names are shown on the pages; children's never are).
    public var name: String?
    /// Given only when the file has the column: nil leaves the stored address alone.
    public var contact: ContactRow?
}

/// One centre of `sedia import centres`. Breaks are not here: an update keeps them (they come with an instance).
public struct CentreRow: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var state: String
    public var lat: Double
    public var lon: Double
    /// Opening and closing time, minutes after midnight.
    public var open: Int
    public var close: Int
}

/// One room of `sedia import rooms`, in a centre already in the database.
public struct RoomRow: Sendable, Equatable {
    public var id: String
    public var centre: String
    public var features: [String]
}

/// One court of `sedia import courts`. Closures are not here: they come from `sedia import leave --court` and are kept.
public struct CourtRow: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var state: String
    public var videoLink: Bool
    public var sittingDays: [Weekday]
    public var hearingsPerDay: Int
}

/// One case of `sedia import cases`: the intake form's fields. `childName` goes only to the one column nothing exports.
public struct CaseRow: Sendable, Equatable {
    public var item: Case
    public var state: String
    public var childName: String?
}

/// Parses the files of `sedia import staff|rooms|courts|cases` (CSV or JSON, see `ImportTable`) into rows, checking every
/// field; references to other records (centres, courts, states) are the store's to check, inside the import's transaction.
public enum ImportRows {
    public static let staffRequired = ["id", "kind", "languages"]
    public static let staffOptional = ["gender", "trainedUntil", "centres", "courts", "maxPerDay", "name", "email", "delivery"]

    public static func staff(_ bytes: [UInt8], file: String) throws(InputErrors) -> [Located<StaffRow>] {
        try ImportTable.rows(bytes, file: file, required: staffRequired, optional: staffOptional) { f in
            let id = f.id("id")
            let kindText = f.text("kind", required: true)
            let kind = kindText.flatMap { StaffKind(rawValue: $0.lowercased()) }
            if kindText != nil && kind == nil { f.fail("kind", "must be interviewer, psychologist, prosecutor or coordinator") }
            let gender = f.gender("gender", required: kind == .interviewer)
            let languages = f.languages("languages", required: true)
            let trainedUntil = f.date("trainedUntil", required: false)
            if trainedUntil != nil && kind != nil && kind != .interviewer { f.fail("trainedUntil", "only interviewers have a training expiry") }
            let centres = f.ids("centres")
            let courts = f.ids("courts")
            if kind == .interviewer && !courts.isEmpty { f.fail("courts", "interviewers work at centres, not courts") }
            let planned = kind == .interviewer || kind == .psychologist
            if planned && centres.isEmpty && courts.isEmpty { f.fail("centres", "an \(kind?.rawValue ?? "") needs at least one centre") }
            let maxPerDay = f.int("maxPerDay", 0...24, required: planned) ?? 0
            let name = f.text("name", required: false)
            if let name, let problem = NameRule.problem(name) { f.fail("name", problem) }
            let hasContact = f.has("email") || f.has("delivery")
            let email = f.email("email")
            let delivery = f.delivery("delivery")
            guard let id, let kind else { return nil }
            return StaffRow(
                id: id, kind: kind, gender: gender, languages: languages, trainedUntil: trainedUntil, centres: centres, courts: courts,
                maxPerDay: maxPerDay, name: name, contact: hasContact ? ContactRow(id: id, email: email, delivery: delivery) : nil)
        }
    }

    public static let contactRequired = ["id"]
    public static let contactOptional = ["email", "delivery"]

    /// `sedia import contacts`: id, email (empty clears it), delivery (feed|invitations|both, empty: invitations when
    /// an address is known).
    public static func contacts(_ bytes: [UInt8], file: String) throws(InputErrors) -> [Located<ContactRow>] {
        try ImportTable.rows(bytes, file: file, required: contactRequired, optional: contactOptional) { f in
            let id = f.id("id")
            let email = f.email("email")
            let delivery = f.delivery("delivery")
            guard let id else { return nil }
            return ContactRow(id: id, email: email, delivery: delivery)
        }
    }

    public static let centreRequired = ["id", "state", "lat", "lon", "open", "close"]
    public static let centreOptional = ["name"]

    public static func centres(_ bytes: [UInt8], file: String) throws(InputErrors) -> [Located<CentreRow>] {
        try ImportTable.rows(bytes, file: file, required: centreRequired, optional: centreOptional) { f in
            let id = f.id("id")
            let name = f.text("name", required: false)
            if let name, let problem = NameRule.problem(name) { f.fail("name", problem) }
            let state = f.id("state")
            let lat = f.double("lat", -90...90)
            let lon = f.double("lon", -180...180)
            let open = f.clock("open")
            let close = f.clock("close")
            if let open, let close, open >= close { f.fail("close", "must be after open") }
            guard let id, let state, let lat, let lon, let open, let close else { return nil }
            return CentreRow(id: id, name: name, state: state, lat: lat, lon: lon, open: open, close: close)
        }
    }

    public static let roomRequired = ["id", "centre"]
    public static let roomOptional = ["features"]

    public static func rooms(_ bytes: [UInt8], file: String) throws(InputErrors) -> [Located<RoomRow>] {
        try ImportTable.rows(bytes, file: file, required: roomRequired, optional: roomOptional) { f in
            let id = f.id("id")
            let centre = f.id("centre")
            let features = f.list("features").map { $0.lowercased() }
            if !features.allSatisfy({ (1...32).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) {
                f.fail("features", "features are words of letters, digits and '-', separated by ';', e.g. recording;accessible")
            }
            guard let id, let centre else { return nil }
            return RoomRow(id: id, centre: centre, features: features)
        }
    }

    public static let courtRequired = ["id", "state", "sittingDays", "hearingsPerDay"]
    public static let courtOptional = ["name", "videoLink"]

    public static func courts(_ bytes: [UInt8], file: String) throws(InputErrors) -> [Located<CourtRow>] {
        try ImportTable.rows(bytes, file: file, required: courtRequired, optional: courtOptional) { f in
            let id = f.id("id")
            let name = f.text("name", required: false)
            if let name, let problem = NameRule.problem(name) { f.fail("name", problem) }
            let state = f.id("state")
            let videoLink = f.bool("videoLink", default: false)
            let sitting = f.weekdays("sittingDays", required: true)
            let perDay = f.int("hearingsPerDay", 1...100, required: true)
            guard let id, let state, let perDay else { return nil }
            return CourtRow(id: id, name: name, state: state, videoLink: videoLink, sittingDays: sitting, hearingsPerDay: perDay)
        }
    }

    public static let caseRequired = ["id", "state", "child.ref", "child.age", "child.languages", "child.lat", "child.lon"]
    public static let caseOptional = [
        "childName", "child.gender", "child.interviewerGender", "child.needsPsychologist", "child.needsAccessibleRoom",
        "interview.durationMinutes", "interview.earliest", "interview.targetBy", "interviewDoneOn",
        "hearing.court", "hearing.registeredOn", "hearing.deadline", "hearing.days", "hearing.earliest", "hearing.needsVideoLink",
        "hearing.needsPsychologist",
    ]

    /// How empty targets are filled, as the intake form fills them: from the rule book (`RuleBook.interviewTarget`
    /// from `interview.earliest`, `RuleBook.disposalDue` from `hearing.registeredOn`).
    public struct Targets: Sendable {
        public var interview: @Sendable (_ state: StateInfo.ID, _ reportedOn: Day) -> Day?
        public var disposal: @Sendable (_ court: Court.ID, _ state: StateInfo.ID, _ registeredOn: Day) -> Day?

        public init(
            interview: @escaping @Sendable (StateInfo.ID, Day) -> Day?, disposal: @escaping @Sendable (Court.ID, StateInfo.ID, Day) -> Day?
        ) {
            self.interview = interview
            self.disposal = disposal
        }
    }

    /// Cases as the intake form takes them. An interview is planned when `interview.earliest` is given, a hearing when
    /// `hearing.court` is. Their targets (`interview.targetBy`, `hearing.deadline`) are given here, or, left empty,
    /// computed by `targets` (from `interview.earliest`, and from `hearing.registeredOn`, which is then required).
    public static func cases(_ bytes: [UInt8], file: String, targets: Targets? = nil) throws(InputErrors) -> [Located<CaseRow>] {
        try ImportTable.rows(bytes, file: file, required: caseRequired, optional: caseOptional, quoteNames: false) { f in
            let id = f.id("id")
            let state = f.id("state")
            let ref = f.id("child.ref")
            // The name is checked by the name rule and never quoted in a message.
            let name = f.text("childName", required: false)
            if let name, let problem = NameRule.problem(name) { f.fail("childName", problem) }
            let age = f.int("child.age", 0...17, required: true)
            let gender = f.gender("child.gender", required: false)
            let languages = f.languages("child.languages", required: true)
            let lat = f.double("child.lat", -90...90)
            let lon = f.double("child.lon", -180...180)
            let interviewerGender = f.gender("child.interviewerGender", required: false)
            let needsPsychologist = f.bool("child.needsPsychologist", default: false)
            let needsAccessibleRoom = f.bool("child.needsAccessibleRoom", default: false)
            var interview: InterviewRequest?
            let interviewFields = ["interview.durationMinutes", "interview.earliest", "interview.targetBy"]
            if interviewFields.contains(where: f.has) {
                let minutes = f.int("interview.durationMinutes", 15...480, required: true)
                let earliest = f.date("interview.earliest", required: true)
                var target = f.date("interview.targetBy", required: targets == nil)
                if target == nil, !f.has("interview.targetBy"), let targets, let state, let earliest {
                    target = targets.interview(StateInfo.ID(state), earliest)
                    if target == nil { f.fail("interview.targetBy", "empty, and the rules give no interview target for state \(state)") }
                }
                if let earliest, let target, earliest > target { f.fail("interview.targetBy", "must not be before interview.earliest") }
                if let minutes, let earliest, let target {
                    interview = InterviewRequest(durationMinutes: minutes, earliest: earliest, targetBy: target)
                }
            }
            let done = f.date("interviewDoneOn", required: false)
            if done != nil && interviewFields.contains(where: f.has) {
                f.fail("interviewDoneOn", "an interview already held cannot also be one to plan (leave the interview.* fields empty)")
            }
            var hearing: HearingRequest?
            let hearingFields = [
                "hearing.court", "hearing.registeredOn", "hearing.deadline", "hearing.days", "hearing.earliest", "hearing.needsVideoLink",
                "hearing.needsPsychologist",
            ]
            if hearingFields.contains(where: f.has) {
                let court = f.id("hearing.court")
                let registered = f.date("hearing.registeredOn", required: false)
                var deadline = f.date("hearing.deadline", required: targets == nil)
                if deadline == nil, !f.has("hearing.deadline"), let targets, let state, let court {
                    if let registered {
                        deadline = targets.disposal(Court.ID(court), StateInfo.ID(state), registered)
                        if deadline == nil { f.fail("hearing.deadline", "empty, and the rules give no disposal target for court \(court)") }
                    } else {
                        f.fail("hearing.deadline", "empty: give it, or hearing.registeredOn to compute it from the rules")
                    }
                }
                let days = f.int("hearing.days", 1...60, required: true)
                let earliest = f.date("hearing.earliest", required: true)
                if let earliest, let deadline, earliest > deadline { f.fail("hearing.deadline", "must not be before hearing.earliest") }
                let video = f.bool("hearing.needsVideoLink", default: false)
                let psychologist = f.bool("hearing.needsPsychologist", default: false)
                if let court, let deadline, let days, let earliest {
                    hearing = HearingRequest(
                        court: Court.ID(court), registeredOn: registered, deadline: deadline, days: days, earliest: earliest, needsVideoLink: video,
                        needsPsychologist: psychologist)
                }
            }
            if !interviewFields.contains(where: f.has) && !hearingFields.contains(where: f.has) {
                f.fail("interview.earliest", "a case needs an interview to plan (interview.*), a hearing (hearing.*), or both")
            }
            guard let id, let state, let ref, let age, let lat, let lon, f.errors.isEmpty else { return nil }
            let child = Child(
                ref: ref, age: age, gender: gender, languages: languages, lat: lat, lon: lon, interviewerGender: interviewerGender,
                needsPsychologist: needsPsychologist, needsAccessibleRoom: needsAccessibleRoom)
            return CaseRow(
                item: Case(id: Case.ID(id), child: child, interview: interview, interviewDoneOn: done, hearing: hearing), state: state,
                childName: name.flatMap { $0.isEmpty ? nil : $0 })
        }
    }
}
