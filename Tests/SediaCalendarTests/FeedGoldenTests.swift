import Foundation
import SediaCore
import SediaTexts
import Testing

@testable import SediaCalendar

/// The fixture's feeds compared byte for byte with reviewed files in `Golden/`.
///
/// On a mismatch the new bytes are written to `/tmp/sedia-golden/` for review; a golden file changes only after a
/// person has read the difference, never by copying blindly.
struct FeedGoldenTests {
    static let names = [
        "interviewer-IO-014.ics", "psychologist-PSY-03.ics", "psychologist-PSY-03.busy.ics", "court-SC-KB.ics", "centre-CIC-KB.ics",
        "prosecutor-DPP-01.ics", "deadlines-DPP-01.ics", "tasks-DPP-01.ics",
    ]

    @Test(arguments: names)
    func matchesTheReviewedFile(name: String) throws {
        let (files, _) = try FeedFixtures.export()
        try compare(try #require(FeedFixtures.file(name, in: files)).bytes, golden: name)
    }

    @Test(arguments: ChecklistFormat.allCases)
    func checklistMatchesTheReviewedFile(format: ChecklistFormat) throws {
        let lists = try ChecklistFixtures.checklists(today: FeedFixtures.day("2027-01-18"))
        try compare(
            ChecklistRenderer.render(lists, today: FeedFixtures.day("2027-01-18"), format: format, words: try ChecklistWords.load(.en)),
            golden: "checklist.\(format.rawValue)")
    }

    func compare(_ actual: [UInt8], golden name: String) throws {
        let golden = try #require(Bundle.module.resourceURL).appendingPathComponent("Golden").appendingPathComponent(name)
        let expected = (try? Data(contentsOf: golden)).map { [UInt8]($0) }
        var written = ""
        if actual != expected {
            // A folder of this run's own (never a fixed path that two runs could share), kept for the reviewer to diff.
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-golden-\(UUID().uuidString)")
            try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try? Data(actual).write(to: dir.appendingPathComponent(name))
            written = dir.appendingPathComponent(name).path
        }
        let same = actual == expected
        #expect(same, "differs from Golden/\(name); new output in \(written)")
    }
}
