import SediaCore
import SediaTexts
import Testing

@testable import SediaCalendar

struct ChecklistTests {
    func items(_ lists: [CaseChecklist], _ caseID: String) throws -> [String: ReadinessItem] {
        let list = try #require(lists.first { $0.caseID.rawValue == caseID })
        return Dictionary(uniqueKeysWithValues: list.items.map { ($0.rule, $0) })
    }

    @Test func itemsAreDatedFromThePlannedTrialWithOwnerRuleAndSource() throws {
        let k3 = try items(ChecklistFixtures.checklists(), "K-2027-0003")
        // Trial 2027-02-07; 14 days before is 2027-01-24, a holiday in the fixture: moved back to Thursday 2027-01-21
        // (Friday and Saturday are Kelantan's weekend).
        let transcript = try #require(k3["transcript-translation"])
        #expect(transcript.due == FeedFixtures.day("2027-01-21"))
        #expect(transcript.owner == "io")
        #expect(transcript.source == "EoCWA s.6(2)")
        #expect(transcript.status == .open)
        #expect(transcript.note?.contains("moved from 2027-01-24") == true)
        #expect(k3["psychologist"]?.due == FeedFixtures.day("2027-01-31"))
        #expect(k3["interpreter"] == nil, "the child speaks Malay")
        #expect(k3["disposal"]?.due == FeedFixtures.day("2027-11-20"))
        #expect(k3["case-management"]?.owner == "dpp")
    }

    @Test(arguments: [("2027-01-04", ChecklistStatus.open), ("2027-01-15", .atRisk), ("2027-01-21", .atRisk), ("2027-01-22", .overdue)])
    func statusFollowsTheDay(today: String, expected: ChecklistStatus) throws {
        let k3 = try items(ChecklistFixtures.checklists(today: FeedFixtures.day(today)), "K-2027-0003")
        #expect(k3["transcript-translation"]?.status == expected)
    }

    @Test func aDisposalTargetBeforeThePlannedTrialEndIsAtRisk() throws {
        var instance = FeedFixtures.instance()
        instance.cases[2].hearing?.registeredOn = FeedFixtures.day("2026-02-07")
        let k3 = try items(ChecklistFixtures.checklists(instance: instance), "K-2027-0003")
        let disposal = try #require(k3["disposal"])
        #expect(disposal.due == FeedFixtures.day("2027-02-07"))
        #expect(disposal.status == .atRisk)
        #expect(disposal.note?.contains("2027-02-08") == true)
    }

    @Test func anInterpreterItemAppearsForAChildWhoNeedsOne() throws {
        var instance = FeedFixtures.instance()
        instance.cases[2].child.languages = ["zh"]
        let k3 = try items(ChecklistFixtures.checklists(instance: instance), "K-2027-0003")
        #expect(k3["interpreter"]?.owner == "court-registry")
    }

    @Test func jsonHasTheFieldsTheIssueNames() throws {
        let lists = try ChecklistFixtures.checklists()
        let json = ChecklistRenderer.json(lists, today: FeedFixtures.day("2027-01-04"))
        guard case .array(let cases)? = json["cases"], let first = cases.first(where: { $0["case"] == .string("K-2027-0003") }),
            case .array(let items)? = first["items"], let item = items.first
        else {
            Issue.record("no items in \(json)")
            return
        }
        for key in ["item", "owner", "due", "status", "source", "rule"] { #expect(item[key] != nil, "\(key)") }
        if case .string(let due)? = item["due"] { #expect(Day(iso: due) != nil) }
    }

    /// The same sentinel names as the feeds: none may reach a checklist in any format.
    @Test(arguments: ChecklistFormat.allCases)
    func noSentinelReachesAChecklist(format: ChecklistFormat) throws {
        var instance = FeedFixtures.instance()
        instance.cases[2].child.languages = ["zh"]
        let bytes = ChecklistRenderer.render(
            try ChecklistFixtures.checklists(instance: instance), today: FeedFixtures.day("2027-01-04"), format: format,
            words: try ChecklistWords.load(.en))
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        for sentinel in FeedFixtures.sentinels { #expect(!text.contains(sentinel.lowercased()), "\(sentinel)") }
        #expect(!text.contains("zh"), "the child's language")
    }

    @Test func htmlEscapesAndPrintsOnA4() throws {
        var lists = try ChecklistFixtures.checklists()
        lists[0].caseID = "K-<script>&"
        let html = ChecklistRenderer.html(lists, today: FeedFixtures.day("2027-01-04"), words: try ChecklistWords.load(.en))
        #expect(html.contains("K-&lt;script&gt;&amp;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("@page { size: A4"))
    }

    /// `sedia checklist --language ms`: every fixed word, date, status, role and note in Malay; the items' titles from
    /// the rule file's `titleMs`; JSON unchanged; English byte for byte the default.
    @Test func aPrintedChecklistInMalay() throws {
        let ms = try ChecklistWords.load(.ms)
        let en = try ChecklistWords.load(.en)
        let tables = try TextTables.tables.get()
        for language in Language.allCases {
            #expect(ChecklistWords.keys.filter { tables[language]?[$0] == nil } == [], "\(language)")
        }
        var lists = try ChecklistFixtures.checklists()
        let withItems = try #require(lists.firstIndex { !$0.items.isEmpty })
        lists[withItems].items[0].itemMs = "Perkara dalam Bahasa Malaysia"
        lists[withItems].items[0].notes = [.moved(from: FeedFixtures.day("2027-08-31"), reason: .holiday("Hari Kebangsaan"), state: "MY-03")]
        let today = FeedFixtures.day("2027-01-04")
        let md = String(decoding: ChecklistRenderer.render(lists, today: today, format: .md, words: ms), as: UTF8.self)
        #expect(md.hasPrefix("# Senarai semak kesediaan\n\nStatus pada Isnin, 4 Jan 2027."))
        #expect(md.contains("## Kes \(lists[withItems].caseID.rawValue)"))
        #expect(md.contains("| # | Perkara | Pihak bertanggungjawab | Tarikh akhir | Status | Peraturan | Sumber |"))
        #expect(md.contains("Perkara dalam Bahasa Malaysia"))
        #expect(md.contains("dianjakkan dari Selasa, 31 Ogo 2027 (cuti umum: Hari Kebangsaan di MY-03)"))
        #expect(!md.contains("Readiness checklist"))
        #expect(!md.contains("| open |") && !md.contains("| io |"))
        let html = String(decoding: ChecklistRenderer.render(lists, today: today, format: .html, words: ms), as: UTF8.self)
        #expect(html.contains("<html lang=\"ms\">"))
        #expect(html.contains("<th>Peraturan dan sumber</th>"))
        #expect(
            ChecklistRenderer.render(lists, today: today, format: .json, words: ms)
                == ChecklistRenderer.render(lists, today: today, format: .json, words: en))
        let english = ChecklistRenderer.markdown(lists, today: today, words: en)
        #expect(english.contains("moved from 2027-08-31 (public holiday: Hari Kebangsaan in MY-03)"))
        #expect(!english.contains("Perkara dalam Bahasa Malaysia"))
    }

    @Test func dueDatesGoOnlyToTheProsecutorsDeadlinesFeed() throws {
        let due = FeedExport.dueDates(from: try ChecklistFixtures.checklists())
        #expect(!due.isEmpty)
        for event in due {
            #expect(event.feeds.map(\.kind).sorted() == [.deadlines, .tasks])
            if case .allDay = event.when {} else { Issue.record("\(event.task) is not all-day") }
        }
        // One event per case and day (`due/K-2027-0003/2027-…`), the item among those it lists.
        #expect(
            due.contains {
                $0.task == FeedEvent.dueTask("K-2027-0003", day: $0.when.firstDay) && $0.prosecutor == "DPP-01"
                    && $0.dueItems.contains { $0.source?.hasPrefix("transcript-translation: ") == true }
            })
    }
}
