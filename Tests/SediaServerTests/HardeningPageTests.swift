import Foundation
import Hummingbird
import HummingbirdTesting
import SediaAppTestSupport
import SediaCore
import SediaServer
import SediaStore
import SediaTestSupport
import Testing

/// Issue #24, findings 8, 10 and 11 of the second attack, replayed on the pages.
struct HardeningPageTests {
    /// Finding 11: a child's name with a bidirectional override or a line break is refused, naming the field.
    @Test(arguments: ["Nur\u{202E}elpmaxE", "Nur\r\nExample", "Nur\u{1B}Example"])
    func theIntakeFormRefusesANameWithControlOrFormatCharacters(name: String) async throws {
        let harness = try Harness()
        try await harness.run { client in
            let kb = try await Browser.signIn(client, "kb")
            var fields = FormSecurityTests.validIntake.filter { $0.0 != "childName" }
            fields.append(("childName", name))
            let response = try await kb.post(client, "/cases", fields)
            #expect(response.status == .unprocessableContent)
            let page = String(buffer: response.body)
            // The field is named (by its label); ESC was already refused by the form reader, the others by the name rule.
            #expect(page.contains("Child&#39;s name"))
            #expect(page.contains("no control or formatting characters") || page.contains("contains control characters"))
        }
        #expect(try harness.database.caseRecord(id: "K-2027-0100") == nil)
    }
}
