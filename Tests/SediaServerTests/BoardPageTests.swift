import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The deadline board ranks real risk (issue 22): late bookings first, then the fewest days to the disposal target, then
/// the overdue items still to act on; a long-overdue item many cases share is one line above the table; each row says
/// what to do next; filters by state, court, prosecutor, risk and shared item never reach past the user's scope.
@Suite struct BoardPageTests {
    /// 1 March 2027, 02:00 in Malaysia.
    static let firstOfMarch = Date(timeIntervalSince1970: 1_803_837_600)

    /// A case whose interview is held, with a trial still to book at `court`, registered on `registered`.
    static func trialCase(_ id: String, court: Court.ID = "SC-KB", registered: String, deadline: String) -> Case {
        Case(
            id: Case.ID(id),
            child: Child(
                ref: "C-\(id.suffix(4))", age: 9, gender: "F", languages: ["ms"], lat: 6.1, lon: 102.2, interviewerGender: nil,
                needsPsychologist: false, needsAccessibleRoom: false),
            interview: nil, interviewDoneOn: AppFixtures.day("2026-11-25"),
            hearing: HearingRequest(
                court: court, registeredOn: AppFixtures.day(registered), deadline: AppFixtures.day(deadline), days: 1,
                earliest: AppFixtures.day(registered), needsVideoLink: false, needsPsychologist: false))
    }

    /// On 1 March 2027 in Kelantan (the pre-trial conference is due 30 days after registration):
    /// - K-2027-0001 (fixture): its interview, due by 15 January, is not booked: late; 264 days to its target.
    /// - K-2027-0022: its disposal target (20 February) has passed with the trial unbooked: late, 9 days over.
    /// - K-2027-0021: trial unbooked 45 days before its target: at risk.
    /// - K-2027-0023: 184 days left; its only overdue item is the long-overdue conference it shares with three others.
    /// - K-2027-0025 and K-2027-0024: the same target (275 days); 0025's conference is 10 days overdue (to act on), 0024's
    ///   is not due yet.
    /// The conference is long overdue (registered 1 December, or 20 November) on 0001, 0021, 0022 and 0023.
    static func harness() throws -> Harness {
        let harness = try Harness()
        let db = harness.database
        let cases = [
            trialCase("K-2027-0021", registered: "2026-12-01", deadline: "2027-04-15"),
            trialCase("K-2027-0022", registered: "2026-12-01", deadline: "2027-02-20"),
            trialCase("K-2027-0023", registered: "2026-12-01", deadline: "2027-09-01"),
            trialCase("K-2027-0024", registered: "2027-02-10", deadline: "2027-12-01"),
            trialCase("K-2027-0025", registered: "2027-01-20", deadline: "2027-12-01"),
        ]
        for c in cases { try db.createCase(c, state: "MY-03", childName: nil, prosecutor: nil, actor: "test") }
        try db.createCase(
            trialCase("B-2027-0031", court: "SC-SA", registered: "2026-12-01", deadline: "2027-03-20"), state: "MY-10", childName: nil,
            prosecutor: nil, actor: "test")
        try db.setProsecutor(caseID: "K-2027-0021", prosecutor: "DPP-01", actor: "test")
        try db.addUser(
            username: "nat", passwordHash: Passwords.hash(Harness.password, cost: 4), role: .coordinator, state: nil, person: nil, actor: "test")
        harness.clock.now = Self.firstOfMarch
        return harness
    }

    /// The case ids of the board's rows, in order.
    static func rows(_ page: String) -> [String] {
        guard let table = page.range(of: "<table id=\"board\">") else { return [] }
        var ids: [String] = []
        var rest = page[table.upperBound...]
        while let row = rest.range(of: "<th scope=\"row\"><a href=\"/cases/") {
            let id = rest[row.upperBound...].prefix { $0 != "\"" }
            ids.append(String(id))
            rest = rest[row.upperBound...]
        }
        return ids
    }

    /// The row of `id`, from its `<tr` on.
    static func row(_ page: String, _ id: String) throws -> String {
        let header = try #require(page.range(of: "<th scope=\"row\"><a href=\"/cases/\(id)\">"))
        let start = try #require(page[..<header.lowerBound].range(of: "<tr", options: .backwards))
        let end = try #require(page[header.upperBound...].range(of: "</tr>"))
        return String(page[start.lowerBound..<end.lowerBound])
    }

    @Test func lateFirstThenDaysLeftThenOverdueItemsToActOn() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/board").body)
            #expect(Self.rows(page) == ["K-2027-0022", "K-2027-0001", "K-2027-0021", "K-2027-0023", "K-2027-0025", "K-2027-0024"])
            #expect(page.contains("6 cases with a trial · 2 late · 2 at risk"))
            // Each row says the one thing to do next: the booking problem with its link, else the item to tick.
            let late = try Self.row(page, "K-2027-0022")
            #expect(late.contains("(late)"))
            #expect(late.contains("href=\"/cases/K-2027-0022/slots?task=hearing\">Book the trial"))
            #expect(try Self.row(page, "K-2027-0001").contains("href=\"/cases/K-2027-0001/slots?task=interview\">Book the interview"))
            let act = try Self.row(page, "K-2027-0025")
            #expect(act.contains("(at risk)"))
            #expect(act.contains("href=\"/cases/K-2027-0025/checklist#item-ptc\""))
            #expect(act.contains("Do it and mark it done: Pre-trial conference within 30 days of registration"))
            #expect(!(try Self.row(page, "K-2027-0024")).contains("class=\"risk\""))
            // The prosecutor column, and the checklist's anchor the row links to.
            #expect(try Self.row(page, "K-2027-0021").contains("<td>DPP-01</td>"))
            let checklist = String(buffer: try await kb.get(client, "/cases/K-2027-0025/checklist").body)
            #expect(checklist.contains("<tr id=\"item-ptc\""))
            // A prosecutor is not sent to find a slot (a coordinator's page): the problem is said, without the link.
            let dpp = String(buffer: try await Browser.signIn(client, "dpp").get(client, "/board").body)
            #expect(try Self.row(dpp, "K-2027-0022").contains("Trial not booked; the disposal target"))
            #expect(!dpp.contains("/slots?"))
        }
    }

    @Test func aLongOverdueItemManyCasesShareIsOneLine() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/board").body)
            let shared = try #require(page.range(of: "id=\"board-shared\"")).upperBound
            let table = try #require(page.range(of: "<table id=\"board\"")).lowerBound
            let line = String(page[shared..<table])
            #expect(line.contains("href=\"/board?item=ptc\">4 cases: Pre-trial conference within 30 days of registration overdue since"))
            // Not on the rows: K-2027-0023's only overdue item is the shared one, so it is on track with nothing to do now.
            let quiet = try Self.row(page, "K-2027-0023")
            #expect(!quiet.contains("Pre-trial conference"))
            #expect(!quiet.contains("class=\"risk\""))
            // The line's link lists those four cases, most at risk first.
            let those = String(buffer: try await kb.get(client, "/board?item=ptc").body)
            #expect(Self.rows(those) == ["K-2027-0022", "K-2027-0001", "K-2027-0021", "K-2027-0023"])
            #expect(those.contains("href=\"/board\">Show every case again") || those.contains("Show every case again"))
            // An item that is no shared line is refused, naming the field.
            let unknown = try await kb.get(client, "/board?item=transcript-translation")
            #expect(unknown.status == .badRequest)
            #expect(String(buffer: unknown.body).contains("item"))
        }
    }

    @Test func filtersByRiskProsecutorCourtAndState() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            #expect(Self.rows(String(buffer: try await kb.get(client, "/board?level=late").body)) == ["K-2027-0022", "K-2027-0001"])
            let risky = String(buffer: try await kb.get(client, "/board?level=at-risk").body)
            #expect(Self.rows(risky) == ["K-2027-0022", "K-2027-0001", "K-2027-0021", "K-2027-0025"])
            // The filters stay in the form and in the shared line's link.
            #expect(risky.contains("<option value=\"at-risk\" selected>"))
            #expect(risky.contains("href=\"/board?level=at-risk&amp;item=ptc\"") || risky.contains("href=\"/board?level=at-risk&item=ptc\""))
            #expect(Self.rows(String(buffer: try await kb.get(client, "/board?prosecutor=DPP-01").body)) == ["K-2027-0021"])
            let none = Self.rows(String(buffer: try await kb.get(client, "/board?prosecutor=none").body))
            #expect(none.count == 5 && !none.contains("K-2027-0021"))
            #expect(Self.rows(String(buffer: try await kb.get(client, "/board?court=SC-KB&level=late").body)) == ["K-2027-0022", "K-2027-0001"])
            #expect(try await kb.get(client, "/board?level=soon").status == .badRequest)
            // A national coordinator has every state, and a state filter.
            let nat = try await Browser.signIn(client, "nat")
            let all = String(buffer: try await nat.get(client, "/board").body)
            #expect(all.contains("id=\"f-state\""))
            #expect(Self.rows(all).count == 8)
            #expect(Self.rows(String(buffer: try await nat.get(client, "/board?state=MY-10").body)) == ["B-2027-0031", "B-2027-0003"])
            #expect(Self.rows(String(buffer: try await nat.get(client, "/board?court=SC-SA").body)) == ["B-2027-0031", "B-2027-0003"])
        }
    }

    @Test func aStateCoordinatorNeverSeesAnotherStateThroughAnyFilter() async throws {
        let harness = try Self.harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let board = String(buffer: try await kb.get(client, "/board").body)
            #expect(!board.contains("id=\"f-state\""))
            #expect(!board.contains("SC-SA"))
            for query in ["", "?prosecutor=none", "?level=at-risk", "?level=late", "?item=ptc", "?court=SC-KB", "?state=MY-03", "?page=2"] {
                let response = try await kb.get(client, "/board\(query)")
                #expect(response.status == .ok, "\(query)")
                #expect(!String(buffer: response.body).contains("B-2027-"), "\(query)")
            }
            // Another state or its court is no choice of theirs.
            #expect(try await kb.get(client, "/board?state=MY-10").status == .badRequest)
            #expect(try await kb.get(client, "/board?court=SC-SA").status == .badRequest)
            let sel = String(buffer: try await Browser.signIn(client, "sel").get(client, "/board").body)
            #expect(Self.rows(sel) == ["B-2027-0031", "B-2027-0003"])
            #expect(!sel.contains("K-2027-"))
        }
    }

    @Test func theBoardSpeaksMalay() async throws {
        let harness = try Self.harness()
        let account = try #require(try harness.database.users().first { $0.username == "kb" })
        try harness.database.setLanguage(userID: account.id, language: .ms, actor: "test")
        try await harness.run { client in
            let page = String(buffer: try await Browser.signIn(client, "kb").get(client, "/board").body)
            #expect(page.contains("<h1>Papan tarikh akhir</h1>"))
            #expect(page.contains("6 kes dengan perbicaraan · 2 lewat · 2 berisiko"))
            #expect(page.contains("Lewat pada banyak kes"))
            #expect(page.contains(">4 kes: "))
            #expect(page.contains("Langkah seterusnya"))
            #expect(page.contains("Timbalan Pendakwa Raya"))
            #expect(try Self.row(page, "K-2027-0022").contains("Tempah perbicaraan"))
            #expect(try Self.row(page, "K-2027-0025").contains("Laksanakan dan tandakan selesai: "))
            #expect(!page.contains("Next step"))
        }
    }
}
