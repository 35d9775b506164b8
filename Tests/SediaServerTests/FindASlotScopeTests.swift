import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

@testable import SediaServer

/// Find a slot offers a state coordinator only their state's centres, officers and psychologists, nearest first.
@Suite struct FindASlotScopeTests {
    @Test(.timeLimit(.minutes(2)))
    func aKelantanCoordinatorIsOfferedOnlyKelantan() async throws {
        let harness = try Harness()
        // No travel limit to speak of: only the scope keeps Shah Alam out.
        try harness.database.setTravelLimit(state: nil, km: 100_000, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/cases/K-2027-0001/slots?task=interview").body)
            #expect(page.contains("Book option 1"))
            let rooms = page.components(separatedBy: "name=\"room\" value=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(!rooms.isEmpty)
            #expect(rooms.allSatisfy { $0.hasPrefix("CIC-KB") }, "\(rooms)")
        }
    }

    @Test func placementsOutsideTheScopeAreLeftOutAndTheNearestComeFirst() {
        let instance = AppFixtures.instance
        func option(_ room: String, _ officer: String, km: Int) -> SlotSuggestions.Placement {
            SlotSuggestions.Placement(
                interview: InterviewBooking(
                    caseID: "K-2027-0001", room: .init(room), interviewer: .init(officer), psychologist: nil,
                    start: LocalDateTime(day: instance.planStart, minute: 540)),
                hearing: nil, scoreChange: "", why: [], facts: PlacementFacts(km: km))
        }
        let officerKB = instance.interviewers.first { $0.centres == ["CIC-KB"] }?.id.rawValue ?? ""
        let officerSA = instance.interviewers.first { $0.centres == ["CIC-SA"] }?.id.rawValue ?? ""
        let offered = [option("CIC-SA-1", officerSA, km: 5), option("CIC-KB-2", officerKB, km: 30), option("CIC-KB-1", officerKB, km: 12)]
        let kept = BookingController.bookable(offered, by: "MY-03", in: instance)
        #expect(kept.map { $0.interview?.room.rawValue } == ["CIC-KB-1", "CIC-KB-2"])
        #expect(BookingController.bookable(offered, by: nil, in: instance).count == 3)
    }

    /// A case whose target is a Kelantan Friday (rest day): the first slot is two days late, and the page says so.
    @Test(.timeLimit(.minutes(2)))
    func whenNothingIsOnTimeThePageNamesTheFirstFreeSlot() async throws {
        let harness = try Harness()
        var item = AppFixtures.unbookedKelantanCase
        item.interview?.earliest = AppFixtures.day("2027-01-08")
        item.interview?.targetBy = AppFixtures.day("2027-01-08")
        try harness.database.createCase(item, state: "MY-03", childName: nil, prosecutor: nil, actor: "test")
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/cases/K-2027-0009/slots?task=interview").body)
            #expect(page.contains("the first free slot at CIC-KB is Sun 10 Jan 2027"), "\(page)")
            #expect(page.contains("2 days after the target"))
        }
    }
}

/// My page links to a week view only where one exists.
@Suite struct MyWeekLinkTests {
    @Test(.timeLimit(.minutes(2)))
    func aProsecutorsPageHasNoBrokenWeekLinkAndAnOfficersLinkWorks() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let dpp = try await Browser.signIn(client, "dpp01")
            let page = String(buffer: try await dpp.get(client, "/me").body)
            #expect(!page.contains("/week/officer/DPP-01"))
            let io = try await Browser.signIn(client, "io14")
            let mine = String(buffer: try await io.get(client, "/me").body)
            #expect(mine.contains("href=\"/week/officer/IO-014\""))
            #expect(try await io.get(client, "/week/officer/IO-014").status == .ok)
        }
    }
}
