/// One capacity change to try on an instance, written as a `--change` spec.
///
/// Specs: `+interviewer@CIC-KB[:lang=ms,iban][:gender=F]`, `+psychologist@CIC-KCH[:courts=SC-KCH][:lang=ms,en]`,
/// `+room@CIC-KB[:accessible]`, `+sitting-day@SC-KCH:thu`, `-interviewer:IO-014`, `+cases:10%`.
public enum CapacityChange: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A newly trained interviewer at a centre; nil languages or gender take the defaults.
    case addInterviewer(centre: Centre.ID, languages: [String]?, gender: String?)
    /// A psychologist based at a centre who also supports trials at the given courts (nil: the centre's usual courts).
    case addPsychologist(centre: Centre.ID, courts: [Court.ID]?, languages: [String]?)
    /// A recording room at a centre.
    case addRoom(centre: Centre.ID, accessible: Bool)
    /// One more sitting day a week at a court.
    case addSittingDay(court: Court.ID, day: Weekday)
    /// An interviewer leaves.
    case removeInterviewer(Interviewer.ID)
    /// Caseload growth: this many percent more cases, generated like the instance's own.
    case addCases(percent: Int)

    /// The spec that gives this change back when parsed.
    public var description: String {
        switch self {
        case .addInterviewer(let c, let langs, let gender):
            return "+interviewer@\(c.rawValue)" + (langs.map { ":lang=" + $0.joined(separator: ",") } ?? "") + (gender.map { ":gender=\($0)" } ?? "")
        case .addPsychologist(let c, let courts, let langs):
            return "+psychologist@\(c.rawValue)" + (courts.map { ":courts=" + $0.map(\.rawValue).joined(separator: ",") } ?? "")
                + (langs.map { ":lang=" + $0.joined(separator: ",") } ?? "")
        case .addRoom(let c, let accessible): return "+room@\(c.rawValue)" + (accessible ? ":accessible" : "")
        case .addSittingDay(let court, let day): return "+sitting-day@\(court.rawValue):\(day.rawValue)"
        case .removeInterviewer(let id): return "-interviewer:\(id.rawValue)"
        case .addCases(let p): return "+cases:\(p)%"
        }
    }

    /// True for the kinds `--recommend` may propose (additions of staff, rooms or court time).
    public var isAddition: Bool {
        switch self {
        case .addInterviewer, .addPsychologist, .addRoom, .addSittingDay: return true
        case .removeInterviewer, .addCases: return false
        }
    }
}

/// A `--change` spec that cannot be read or does not fit the instance: names the spec and what is wrong.
public struct CapacitySpecError: Error, Equatable, CustomStringConvertible {
    public var spec: String
    public var message: String

    public init(spec: String, message: String) {
        self.spec = spec
        self.message = message
    }

    public var description: String { "--change '\(spec)': \(message)" }
}

extension CapacityChange {
    static let forms =
        "expected +interviewer@CENTRE[:lang=L,L][:gender=F|M], +psychologist@CENTRE[:courts=C,C][:lang=L,L], +room@CENTRE[:accessible], +sitting-day@COURT:DAY, -interviewer:ID or +cases:N%"

    /// Reads one spec. Only the syntax is checked here; `apply` checks the names against an instance.
    public static func parse(_ spec: String) throws(CapacitySpecError) -> CapacityChange {
        func fail(_ m: String) -> CapacitySpecError { CapacitySpecError(spec: spec, message: m) }
        let text = String(spec.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        if text.isEmpty { throw fail("empty spec; " + forms) }
        if text.hasPrefix("-interviewer:") {
            let id = String(text.dropFirst("-interviewer:".count))
            guard isName(id) else { throw fail("'\(id)' is not an interviewer id") }
            return .removeInterviewer(.init(id))
        }
        if text.hasPrefix("+cases:") {
            let rest = text.dropFirst("+cases:".count)
            guard rest.hasSuffix("%"), let p = Int(rest.dropLast()) else { throw fail("expected a whole percentage such as +cases:10%") }
            guard p >= 1 && p <= 500 else { throw fail("growth must be 1…500 %, got \(p) %") }
            return .addCases(percent: p)
        }
        guard text.hasPrefix("+"), let at = text.firstIndex(of: "@") else { throw fail(forms) }
        let kind = String(text[text.index(after: text.startIndex)..<at])
        let parts = text[text.index(after: at)...].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let place = parts[0]
        guard isName(place) else { throw fail("'\(place)' is not a centre or court id") }
        var options: [String: String] = [:]
        var flags: Set<String> = []
        for opt in parts.dropFirst() {
            if opt.isEmpty { throw fail("empty option after ':'") }
            if let eq = opt.firstIndex(of: "=") {
                let key = String(opt[..<eq])
                if options[key] != nil { throw fail("option '\(key)' given twice") }
                options[key] = String(opt[opt.index(after: eq)...])
            } else {
                flags.insert(opt)
            }
        }
        func list(_ key: String) throws(CapacitySpecError) -> [String]? {
            guard let v = options.removeValue(forKey: key) else { return nil }
            let items = v.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard !items.isEmpty, items.allSatisfy(isName) else { throw fail("'\(key)=' needs a comma-separated list, got '\(v)'") }
            return items
        }
        func leftovers() throws(CapacitySpecError) {
            if let k = options.keys.sorted().first { throw fail("unknown option '\(k)=' for +\(kind)") }
            if let f = flags.sorted().first { throw fail("unknown option '\(f)' for +\(kind)") }
        }
        switch kind {
        case "interviewer":
            let langs = try list("lang")
            var gender: String?
            if let g = options.removeValue(forKey: "gender") {
                guard g == "F" || g == "M" else { throw fail("gender must be F or M, got '\(g)'") }
                gender = g
            }
            try leftovers()
            return .addInterviewer(centre: .init(place), languages: langs, gender: gender)
        case "psychologist":
            let courts = try list("courts")
            let langs = try list("lang")
            try leftovers()
            return .addPsychologist(centre: .init(place), courts: courts?.map { Court.ID($0) }, languages: langs)
        case "room":
            let accessible = flags.remove("accessible") != nil
            try leftovers()
            return .addRoom(centre: .init(place), accessible: accessible)
        case "sitting-day":
            guard parts.count == 2, let day = Weekday(rawValue: parts[1].lowercased()) else {
                throw fail("expected +sitting-day@COURT:DAY with DAY one of mon, tue, wed, thu, fri, sat, sun")
            }
            return .addSittingDay(court: .init(place), day: day)
        default:
            throw fail("unknown resource '+\(kind)'; " + forms)
        }
    }

    static func isName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64
            && s.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
            }
    }
}

extension CapacityChange {
    /// The instance with this change made, and nothing else changed.
    ///
    /// Removing an interviewer also unpins the interviews pinned to them: they have left, so those
    /// interviews must be planned again. New cases come from `InstanceGenerator` (same places,
    /// same rules), with ids after the instance's own.
    public func apply(to instance: Instance, seed: UInt64 = 1, rules: GeneratorRules = .builtIn) throws(CapacitySpecError) -> Instance {
        func fail(_ m: String) -> CapacitySpecError { CapacitySpecError(spec: description, message: m) }
        var inst = instance
        func centreIndex(_ id: Centre.ID) throws(CapacitySpecError) -> Int {
            guard let k = inst.centres.firstIndex(where: { $0.id == id }) else {
                throw fail("no centre '\(id.rawValue)' in the instance (centres: \(inst.centres.map(\.id.rawValue).joined(separator: ", ")))")
            }
            return k
        }
        switch self {
        case .addInterviewer(let centre, let langs, let gender):
            let k = try centreIndex(centre)
            let local = inst.interviewers.filter { $0.centres.contains(centre) }
            // By default a new officer speaks what the centre's officers speak, and is a woman: most children ask for one.
            let languages = langs ?? orderedUnion(local.map(\.languages), fallback: ["ms", "en"])
            let id = freshID(prefix: "IO-NEW-", taken: Set(inst.interviewers.map(\.id.rawValue)))
            inst.interviewers.append(
                Interviewer(
                    id: .init(id), gender: gender ?? "F", languages: languages, centres: [inst.centres[k].id], trainedUntil: nil, maxPerDay: 2,
                    unavailable: []))
        case .addPsychologist(let centre, let courts, let langs):
            _ = try centreIndex(centre)
            for c in courts ?? [] where !inst.courts.contains(where: { $0.id == c }) {
                throw fail("no court '\(c.rawValue)' in the instance")
            }
            let local = inst.psychologists.filter { $0.centres.contains(centre) }
            let usualCourts = orderedUnion(local.map { $0.courts.map(\.rawValue) }, fallback: []).map { Court.ID($0) }
            let languages = langs ?? orderedUnion(local.map(\.languages), fallback: ["ms", "en"])
            let id = freshID(prefix: "PSY-NEW-", taken: Set(inst.psychologists.map(\.id.rawValue)))
            inst.psychologists.append(
                Psychologist(id: .init(id), languages: languages, centres: [centre], courts: courts ?? usualCourts, maxPerDay: 2, unavailable: []))
        case .addRoom(let centre, let accessible):
            let k = try centreIndex(centre)
            let taken = Set(inst.centres.flatMap { $0.rooms.map(\.id.rawValue) })
            var n = inst.centres[k].rooms.count + 1
            while taken.contains("\(centre.rawValue)-\(n)") { n += 1 }
            inst.centres[k].rooms.append(
                Room(id: .init("\(centre.rawValue)-\(n)"), features: accessible ? ["recording", "accessible"] : ["recording"]))
        case .addSittingDay(let court, let day):
            guard let k = inst.courts.firstIndex(where: { $0.id == court }) else {
                throw fail("no court '\(court.rawValue)' in the instance (courts: \(inst.courts.map(\.id.rawValue).joined(separator: ", ")))")
            }
            if inst.courts[k].sittingDays.contains(day) { throw fail("\(court.rawValue) already sits on \(day.rawValue)") }
            if let st = inst.states.first(where: { $0.code == inst.courts[k].state }), st.weekend.contains(day) {
                throw fail("\(day.rawValue) is a rest day in \(st.code.rawValue), where \(court.rawValue) sits")
            }
            inst.courts[k].sittingDays.append(day)
            inst.courts[k].sittingDays.sort()
        case .removeInterviewer(let id):
            guard let k = inst.interviewers.firstIndex(where: { $0.id == id }) else { throw fail("no interviewer '\(id.rawValue)' in the instance") }
            inst.interviewers.remove(at: k)
            for c in inst.cases.indices where inst.cases[c].interview?.pinned?.interviewer == id {
                inst.cases[c].interview?.pinned = nil
            }
        case .addCases(let percent):
            let want = max(1, (instance.cases.count * percent + 50) / 100)
            inst.cases.append(contentsOf: try growthCases(for: instance, count: want, seed: seed, rules: rules))
        }
        return inst
    }

    /// New cases for `+cases:N%`: the generator's cases for the same places (courts and centres
    /// the instance has), shifted to the instance's plan start, with fresh ids and child references.
    func growthCases(for instance: Instance, count want: Int, seed: UInt64, rules: GeneratorRules) throws(CapacitySpecError) -> [Case] {
        let centreIDs = Set(instance.centres.map(\.id))
        let courtIDs = Set(instance.courts.map(\.id))
        let scale: InstanceScale = instance.centres.count >= 8 ? .national : (instance.cases.count >= 150 ? .state : .tiny)
        var takenIDs = Set(instance.cases.map(\.id.rawValue))
        var takenRefs = Set(instance.cases.map(\.child.ref))
        var out: [Case] = []
        var n = instance.cases.count
        // The tiny and state scales pick one place per seed: try seeds until the place is one of ours.
        for attempt in 0..<256 where out.count < want {
            let generated = InstanceGenerator.generate(scale: scale, seed: seed &* 7919 &+ UInt64(attempt), rules: rules)
            guard generated.centres.contains(where: { centreIDs.contains($0.id) }) else { continue }
            let shift = generated.planStart.days(to: instance.planStart)
            for var c in generated.cases where out.count < want {
                if let h = c.hearing, !courtIDs.contains(h.court) { continue }
                if var iv = c.interview {
                    iv.earliest = iv.earliest.adding(days: shift)
                    iv.targetBy = iv.targetBy.adding(days: shift)
                    c.interview = iv
                }
                c.interviewDoneOn = c.interviewDoneOn?.adding(days: shift)
                if var h = c.hearing {
                    h.registeredOn = h.registeredOn?.adding(days: shift)
                    h.deadline = h.deadline.adding(days: shift)
                    h.earliest = h.earliest.adding(days: shift)
                    c.hearing = h
                }
                repeat {
                    n += 1
                } while takenIDs.contains(InstanceGenerator.caseID(n)) || takenRefs.contains(InstanceGenerator.format3("C-", n))
                c.id = .init(InstanceGenerator.caseID(n))
                c.child.ref = InstanceGenerator.format3("C-", n)
                takenIDs.insert(c.id.rawValue)
                takenRefs.insert(c.child.ref)
                out.append(c)
            }
        }
        guard out.count == want else {
            throw CapacitySpecError(
                spec: description, message: "cannot generate cases like this instance's: its centres and courts are not among the generator's places")
        }
        return out
    }
}

func orderedUnion(_ lists: [[String]], fallback: [String]) -> [String] {
    var seen = Set<String>()
    var out: [String] = []
    for l in lists { for x in l where seen.insert(x).inserted { out.append(x) } }
    return out.isEmpty ? fallback : out
}

func freshID(prefix: String, taken: Set<String>) -> String {
    var n = 1
    while taken.contains(prefix + String(n)) { n += 1 }
    return prefix + String(n)
}
