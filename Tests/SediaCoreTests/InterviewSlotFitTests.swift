import SediaCore
import SediaTestSupport
import Testing

/// One interview against what is booked: rules 1–7 typed, for the booking calendar and its pickers.
struct InterviewSlotFitTests {
    static let tuesday = AppFixtures.day("2027-01-05")

    static func fit(_ item: Case, _ booked: [InterviewBooking] = []) -> InterviewSlotFit {
        let instance = AppFixtures.instance
        let minutes = Dictionary(uniqueKeysWithValues: instance.cases.map { ($0.id, $0.interview?.durationMinutes ?? 0) })
        return InterviewSlotFit(
            instance: instance, item: item, interviews: booked.map { .init(booking: $0, minutes: minutes[$0.caseID] ?? 60) }, hearings: [],
            days: [tuesday, AppFixtures.day("2027-02-01")])
    }

    @Test func aStartThatRunsIntoTheBreakOrPastClosingDoesNotFit() throws {
        let fit = Self.fit(AppFixtures.unbookedKelantanCase)
        let lunch = try #require(AppFixtures.instance.centres.first?.breaks.first)
        #expect(fit.problems(room: "CIC-KB-1", start: AppFixtures.at("2027-01-05T12:30")) == [.crossesBreak(lunch)])
        #expect(fit.problems(room: "CIC-KB-1", start: AppFixtures.at("2027-01-05T16:30")) == [.outsideHours(open: 480, close: 1020)])
        #expect(fit.fits(room: "CIC-KB-1", start: AppFixtures.at("2027-01-05T12:00")))
        #expect(fit.problems(room: "CIC-KB-1", start: AppFixtures.at("2027-01-08T09:00")).contains(.notWorkingDay))
    }

    @Test func busyPeopleComeLastWithWhy() {
        let booked = [
            InterviewBooking(
                caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-014", psychologist: "PSY-03", start: AppFixtures.at("2027-01-05T10:00")),
            InterviewBooking(
                caseID: "K-2027-0002", room: "CIC-KB-2", interviewer: "IO-020", psychologist: nil, start: AppFixtures.at("2027-01-05T10:00")),
        ]
        let fit = Self.fit(AppFixtures.unbookedKelantanCase, booked)
        let centre = AppFixtures.instance.centres[0]
        let eleven = fit.officers(at: centre, start: AppFixtures.at("2027-01-05T11:00"))
        #expect(eleven.map(\.id) == ["IO-020", "IO-014"])
        #expect(eleven.map(\.problems) == [[], [.booked(from: 600, to: 690)]])
        #expect(fit.problems(room: "CIC-KB-1", start: AppFixtures.at("2027-01-05T10:30")) == [.roomTaken, .noOfficerFree])
        #expect(fit.officers(at: centre, start: AppFixtures.at("2027-02-01T09:00")).last?.problems == [.onLeave])
        // The case's own booking is not in its way: moving it is checked like a new booking.
        let moving = Self.fit(AppFixtures.instance.cases[0], booked)
        #expect(moving.officers(at: centre, start: AppFixtures.at("2027-01-05T10:30")).first { $0.id == "IO-014" }?.isFree == true)
        #expect(
            moving.officers(at: centre, start: AppFixtures.at("2027-01-05T11:30")).first { $0.id == "IO-020" }?.problems == [
                .wrongGender(required: "F")
            ])
        #expect(moving.psychologists(at: centre, start: AppFixtures.at("2027-01-05T10:30")).map(\.isFree) == [true])
    }
}
