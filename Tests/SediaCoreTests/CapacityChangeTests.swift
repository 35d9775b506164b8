import SediaCore
import SediaTestSupport
import Testing

struct CapacityChangeTests {
    static func applied(_ spec: String, to inst: Instance = Fixtures.instance()) throws(CapacitySpecError) -> Instance {
        try CapacityChange.parse(spec).apply(to: inst)
    }

    @Test func addInterviewerAddsExactlyThatOfficer() throws {
        let base = Fixtures.instance()
        var expected = base
        expected.interviewers.append(
            Interviewer(id: "IO-NEW-1", gender: "M", languages: ["ms", "iban"], centres: ["CIC-B"], trainedUntil: nil, maxPerDay: 2, unavailable: []))
        #expect(try Self.applied("+interviewer@CIC-B:lang=ms,iban:gender=M") == expected)
    }

    @Test func addInterviewerDefaultsToTheCentresLanguagesAndAWoman() throws {
        var expected = Fixtures.instance()
        expected.interviewers.append(
            Interviewer(id: "IO-NEW-1", gender: "F", languages: ["ms", "en"], centres: ["CIC-A"], trainedUntil: nil, maxPerDay: 2, unavailable: []))
        #expect(try Self.applied("+interviewer@CIC-A") == expected)
    }

    @Test func addPsychologistServesTheNamedCourts() throws {
        var expected = Fixtures.instance()
        expected.psychologists.append(
            Psychologist(id: "PSY-NEW-1", languages: ["ms"], centres: ["CIC-A"], courts: ["SES-N"], maxPerDay: 2, unavailable: []))
        #expect(try Self.applied("+psychologist@CIC-A:courts=SES-N") == expected)
        // Without courts=, the courts the centre's psychologists already serve.
        expected.psychologists[expected.psychologists.count - 1].courts = ["SES-A"]
        #expect(try Self.applied("+psychologist@CIC-A") == expected)
    }

    @Test func addRoomAddsOneRoomAtThatCentre() throws {
        var expected = Fixtures.instance()
        expected.centres[1].rooms.append(Room(id: "CIC-B-2", features: ["recording", "accessible"]))
        #expect(try Self.applied("+room@CIC-B:accessible") == expected)
        expected.centres[1].rooms[1].features = ["recording"]
        #expect(try Self.applied("+room@CIC-B") == expected)
    }

    @Test func addSittingDayAddsOneWeekday() throws {
        var expected = Fixtures.instance()
        expected.courts[0].sittingDays = [.mon, .tue, .wed, .thu, .fri]
        #expect(try Self.applied("+sitting-day@SES-A:fri") == expected)
    }

    @Test func removeInterviewerRemovesOnlyThatOfficer() throws {
        var expected = Fixtures.instance()
        expected.interviewers.removeAll { $0.id == "IO-2" }
        #expect(try Self.applied("-interviewer:IO-2") == expected)
    }

    @Test func removingAnInterviewerUnpinsTheirInterviews() throws {
        var base = Fixtures.instance()
        let pin = PinnedInterview(room: "A-2", interviewer: "IO-2", psychologist: nil, start: Fixtures.at("2027-01-05T09:00"))
        base.cases[1].interview?.pinned = pin
        var expected = base
        expected.interviewers.removeAll { $0.id == "IO-2" }
        expected.cases[1].interview?.pinned = nil
        #expect(try Self.applied("-interviewer:IO-2", to: base) == expected)
    }

    @Test func addCasesGrowsTheCaseloadWithGeneratedCasesForTheSamePlaces() throws {
        let base = InstanceGenerator.generate(scale: .tiny, seed: 3)
        let grown = try Self.applied("+cases:10%", to: base)
        #expect(grown.cases.count == base.cases.count + 3)
        var rest = grown
        rest.cases = Array(grown.cases.prefix(base.cases.count))
        #expect(rest == base)
        let courts = Set(base.courts.map(\.id))
        let added = grown.cases.dropFirst(base.cases.count)
        #expect(Set(grown.cases.map(\.id)).count == grown.cases.count)
        #expect(Set(grown.cases.map(\.child.ref)).count == grown.cases.count)
        for c in added {
            #expect(c.interview != nil || c.hearing != nil)
            if let h = c.hearing { #expect(courts.contains(h.court)) }
            if let iv = c.interview { #expect(iv.earliest <= iv.targetBy && iv.earliest <= base.planEnd) }
        }
        // The same seed gives the same cases.
        #expect(try Self.applied("+cases:10%", to: base) == grown)
    }

    @Test func changesThatDoNotFitTheInstanceNameTheSpec() {
        for spec in [
            "+interviewer@CIC-Z", "+sitting-day@SES-A:mon", "+sitting-day@SES-A:sat", "-interviewer:IO-99", "+psychologist@CIC-A:courts=SC-X",
        ] {
            #expect(throws: CapacitySpecError.self) { try Self.applied(spec) }
            do {
                _ = try Self.applied(spec)
            } catch {
                #expect(error.description.hasPrefix("--change '"))
            }
        }
    }

    @Test(arguments: [
        "", "+interviewer", "+interviewer@", "interviewer@CIC-KB", "+interviewer@CIC-KB:gender=X", "+interviewer@CIC-KB:lang=",
        "+interviewer@CIC-KB:shift=night", "+room@CIC-KB:big", "+sitting-day@SC-KCH", "+sitting-day@SC-KCH:funday", "+cases:ten%", "+cases:10",
        "+cases:0%", "+teleporter@CIC-KB", "-interviewer:", "-psychologist:PSY-1", "+interviewer@CIC KB",
    ])
    func malformedSpecsAreRejected(spec: String) {
        #expect(throws: CapacitySpecError.self) { try CapacityChange.parse(spec) }
    }

    @Test(arguments: [
        "+interviewer@CIC-KB:lang=ms,iban:gender=F", "+interviewer@CIC-KB", "+psychologist@CIC-KCH:courts=SC-KCH", "+room@CIC-KB:accessible",
        "+room@CIC-KB",
        "+sitting-day@SC-KCH:thu", "-interviewer:IO-014", "+cases:10%",
    ])
    func specsReadBackAsWritten(spec: String) throws {
        #expect(try CapacityChange.parse(spec).description == spec)
    }
}
