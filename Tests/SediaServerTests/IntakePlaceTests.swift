import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// The intake form takes the child's home as a place from the shipped list and languages by name (issue 22), and
/// shows every problem of a refused form at once.
struct IntakePlaceTests {
    @Test func theFormOffersThePlacesOfTheUsersStatesAndLanguagesByNameNeverCoordinates() async throws {
        try await Harness().run { client in
            let kb = try await Browser.signIn(client, "kb")
            let page = String(buffer: try await kb.get(client, "/cases/new").body)
            #expect(page.contains("<option value=\"1736376\">Kota Bharu</option>"))
            // Selangor's towns are not offered to a Kelantan coordinator.
            #expect(!page.contains("Shah Alam"))
            #expect(!page.contains("name=\"lat\"") && !page.contains("name=\"lon\""))
            for label in ["Malay", "English", "Chinese (Mandarin)", "Tamil", "Iban", "Kadazan-Dusun"] {
                #expect(page.contains("> \(label)</label>"), "\(label)")
            }
            #expect(page.contains("name=\"lang.ms\""))
            _ = try await kb.post(client, "/language", [("language", "ms"), ("back", "/cases/new")])
            let malay = String(buffer: try await kb.get(client, "/cases/new").body)
            #expect(malay.contains("> Bahasa Melayu</label>") && malay.contains("> Bahasa Cina (Mandarin)</label>"))
            #expect(malay.contains("Tempat tinggal kanak-kanak"))
        }
    }

    @Test func theChosenPlaceIsTheChildsHomeAndTheCasePageNamesIt() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let fields = FormSecurityTests.validIntake.filter { !$0.0.hasPrefix("lang.") } + [("lang.en", "1"), ("otherLanguages", "bjn, MS")]
            #expect(try await kb.post(client, "/cases", fields).status == .seeOther)
            let page = String(buffer: try await kb.get(client, "/cases/K-2027-0100").body)
            #expect(page.contains("lives near Kota Bharu"))
            #expect(page.contains("speaks Malay, English, bjn"))
        }
        let child = try #require(try harness.database.caseRecord(id: "K-2027-0100")).item.child
        #expect(child.lat == 6.12361 && child.lon == 102.24333)
        // The named languages first in the form's order, then the others as typed (lower case).
        #expect(child.languages == ["ms", "en", "bjn"])
    }

    @Test func everyProblemOfARefusedFormIsShownAtOnceAndNothingIsCreated() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            let fields =
                FormSecurityTests.validIntake.filter { !["age", "home", "lang.ms", "lang.en", "earliest"].contains($0.0) } + [
                    ("age", "abc"), ("earliest", "2027-02-30"),
                ]
            let response = try await kb.post(client, "/cases", fields)
            #expect(response.status == .unprocessableContent)
            let page = String(buffer: response.body)
            let alert = try #require(page.range(of: "role=\"alert\"><ul>").map { String(page[$0.upperBound...].prefix(2000)) })
            // One item per field: age, languages, home, the earliest date.
            #expect(alert.components(separatedBy: "<li>").count - 1 == 4, "\(alert)")
            for label in ["Age", "Languages", "Child&#39;s home", "2027-02-30"] { #expect(alert.contains(label), "\(label)") }
            // What was typed stays in the form.
            #expect(page.contains("value=\"C-0100\""))
        }
        #expect(try harness.database.caseRecord(id: "K-2027-0100") == nil)
    }

    @Test func aPlaceNotOnTheListIsRefused() async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            for home in ["999999999", "-1", "1736376 ", "1e3"] {
                let fields = FormSecurityTests.validIntake.filter { $0.0 != "home" } + [("home", home)]
                let response = try await kb.post(client, "/cases", fields)
                if home == "1736376 " {
                    // Spaces around a value are trimmed as for every field.
                    #expect(response.status == .seeOther)
                } else {
                    #expect(response.status == .unprocessableContent, "\(home)")
                    #expect(String(buffer: response.body).contains("choose a town or area from the list"))
                }
            }
        }
    }
}
