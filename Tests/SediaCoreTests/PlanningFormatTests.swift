import SediaCore
import SediaTestSupport
import Testing

struct PlanningFormatTests {
    @Test func instanceAndPlanRoundTrip() throws {
        let instance = InstanceGenerator.generate(scale: .tiny, seed: 4, replan: true)
        let decoded = try PlanningFormat.decodeInstance(PlanningFormat.encode(instance), file: "x.json")
        #expect(decoded == instance)
        let plan = Fixtures.plan()
        #expect(try PlanningFormat.decodePlan(PlanningFormat.encode(plan), file: "p.json") == plan)
    }

    /// Each class of bad input the spec names: where to put a bad value, the value, and the JSON path the error must name.
    static let badInputs: [([PathStep], JSONValue, String)] = [
        ([.key("planStart")], .string("2027-02-30"), "planStart"),
        ([.key("horizonDays")], .int(-5), "horizonDays"),
        ([.key("gridMinutes")], .string("thirty"), "gridMinutes"),
        ([.key("cases"), .index(0), .key("interview"), .key("durationMinutes")], .int(-5), "cases[0].interview.durationMinutes"),
        ([.key("cases"), .index(0), .key("interview"), .key("durationMinutes")], .double(90.5), "cases[0].interview.durationMinutes"),
        ([.key("maxMoves")], .int(-1), "maxMoves"),
        ([.key("cases"), .index(0), .key("hearing"), .key("days")], .int(0), "cases[0].hearing.days"),
        ([.key("cases"), .index(0), .key("child"), .key("age")], .int(400), "cases[0].child.age"),
        ([.key("centres"), .index(0), .key("lat")], .int(91), "centres[0].lat"),
        ([.key("cases"), .index(0), .key("hearing"), .key("court")], .string("SES-ZZ"), "cases[0].hearing.court"),
        ([.key("cases"), .index(1), .key("id")], .string("K-1"), "cases[1].id"),
        ([.key("cases"), .index(1), .key("interviewDoneOn")], .string("2026-12-01"), "cases[1].interviewDoneOn"),
        ([.key("cases"), .index(0), .key("interview"), .key("earliest")], .string("2027-01-09"), "cases[0].interview.earliest"),
        ([.key("cases"), .index(2), .key("hearing"), .key("earliest")], .string("2027-03-02"), "cases[2].hearing.earliest"),
        ([.key("cases"), .index(0), .key("hearing"), .key("needsVideoLink")], .string("yes"), "cases[0].hearing.needsVideoLink"),
        ([.key("states"), .index(0), .key("weekend")], .array([.string("saturday")]), "states[0].weekend"),
        ([.key("interviewers"), .index(0), .key("centres"), .index(0)], .string("CIC-Z"), "interviewers[0].centres[0]"),
        (
            [.key("cases"), .index(0), .key("interview"), .key("pinned")],
            .object([("room", .string("Z-9")), ("interviewer", .string("IO-1")), ("psychologist", .null), ("start", .string("2027-01-04T09:00"))]),
            "cases[0].interview.pinned.room"
        ),
        ([.key("cases")], .string("none"), "cases"),
        ([.key("holidays"), .index(0), .key("states"), .index(0)], .string("MY-99"), "holidays[0].states[0]"),
        ([.key("maxTravelKm")], .int(0), "maxTravelKm"),
        ([.key("maxTravelKm")], .string("250 km"), "maxTravelKm"),
    ]

    @Test(arguments: 0..<badInputs.count)
    func badInputIsNamedByFileAndPath(_ index: Int) throws {
        let (steps, value, path) = Self.badInputs[index]
        var json = PlanningFormat.json(Fixtures.instance())
        json.set(steps, value)
        do {
            _ = try PlanningFormat.decodeInstance(JSONWriter.render(json), file: "bad.json")
            Issue.record("accepted bad input at \(path)")
        } catch {
            #expect(error.errors.contains { $0.file == "bad.json" && $0.path == path }, "\(error.errors)")
            #expect(error.errors.allSatisfy { $0.description.hasPrefix("bad.json: ") })
        }
    }

    @Test func malformedJSONIsOneErrorWithALine() {
        do {
            _ = try PlanningFormat.decodeInstance(Array("{\n  \"format\": \"sedia-instance/1\",\n  oops\n}".utf8), file: "i.json")
            Issue.record("accepted malformed JSON")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.description.hasPrefix("i.json: $: not valid JSON at line 3"))
        }
    }

    @Test func missingFieldsAreEachReported() {
        do {
            _ = try PlanningFormat.decodeInstance(Array(#"{"format": "sedia-instance/1"}"#.utf8), file: "i.json")
            Issue.record("accepted an empty instance")
        } catch {
            let paths = Set(error.errors.map(\.path))
            for p in ["name", "timezone", "planStart", "horizonDays", "gridMinutes", "minPrepDays", "states", "cases"] {
                #expect(paths.contains(p), "\(p)")
            }
        }
    }

    @Test func aPlanWithUnknownReferencesIsNotAnInputError() throws {
        let text =
            #"{"format": "sedia-plan/1", "interviews": [{"case": "K-404", "room": "R", "interviewer": "I", "psychologist": null, "start": "2027-01-05T09:00"}], "hearings": []}"#
        let plan = try PlanningFormat.decodePlan(Array(text.utf8), file: "p.json")
        let report = Verifier.verify(Fixtures.instance(), plan)
        #expect(report.violations.contains { $0.rule == 0 && $0.caseID == "K-404" })
    }

    @Test(arguments: ["[", "{\"a\": 1e999}", "\"\\ud800\"", String(repeating: "[", count: 10_000)])
    func hostileJSONIsRefusedWithoutCrashing(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { _ = try JSONReader.parse(Array(text.utf8)) }
    }
}

enum PathStep: Sendable {
    case key(String)
    case index(Int)
}

extension JSONValue {
    /// Replaces the value at `path` (which must exist up to its last step).
    mutating func set(_ path: [PathStep], _ value: JSONValue) {
        guard let step = path.first else {
            self = value
            return
        }
        let rest = Array(path.dropFirst())
        switch (self, step) {
        case (.object(var members), .key(let k)):
            if let i = members.firstIndex(where: { $0.0 == k }) {
                members[i].1.set(rest, value)
            } else {
                var v = JSONValue.null
                v.set(rest, value)
                members.append((k, v))
            }
            self = .object(members)
        case (.array(var items), .index(let i)) where i < items.count:
            items[i].set(rest, value)
            self = .array(items)
        default:
            break
        }
    }
}
