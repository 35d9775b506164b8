import SediaCore
import Testing

/// Issue #24, finding 11: the e-mail rule enforces what its message says, and names refuse control and format
/// characters with the identifier rule's own check.
struct InputRuleTests {
    @Test(arguments: [
        "a|b@x.my", "a'b@x.my", "a`b@x.my", "a$b@x.my", "a{b@x.my", "a}b@x.my", "a=b@x.my", "a!b@x.my", "-oQ@x.my", "|sh@b.cc",
        "=cmd|x@b.cc", "a#b@x.my", "a*b@x.my", "a/b@x.my", "a?b@x.my", "a^b@x.my", "a~b@x.my", "a&b@x.my", "a%b@x.my",
    ])
    func addressesWithCharactersTheMessageDoesNotAllowAreRefused(address: String) {
        #expect(EmailRule.problem(address) == "the part before @ may hold letters, digits and . _ + - only, and may not start with - or .")
    }

    @Test(arguments: ["siti.aminah@jpn.gov.my", "io_014+cic@example.my", "a-b@x.my", "A1@x.my"])
    func ordinaryAddressesPass(address: String) {
        #expect(EmailRule.problem(address) == nil)
    }

    @Test(arguments: [
        ("Aminah\u{1B}[2J", "U+001B"), ("Aminah\u{202E}dammahoM", "U+202E"), ("Aminah\u{200B}", "U+200B"), ("A\u{7F}", "U+007F"),
        ("A\u{2028}B", "U+2028"),
    ])
    func namesRefuseControlAndFormatCharacters(name: String, code: String) {
        #expect(NameRule.problem(name) == "a name may hold printable characters and spaces only, not \(code)")
    }

    @Test(arguments: ["Siti Aminah binti Abdullah", "Tan Mei\u{00A0}Ling", "Nur 'Ain", "Ravi s/o Muthu", "陈美玲"])
    func ordinaryNamesPass(name: String) {
        #expect(NameRule.problem(name) == nil)
    }

    @Test func theStaffImportRefusesANameWithEscapeLineBreaksOrAnOverrideNamingTheField() throws {
        let csv =
            "id,kind,gender,languages,centres,maxPerDay,name\n"
            + "IO-201,interviewer,F,ms,CIC-KB,2,Siti\u{1B}[31m\n"
            + "IO-202,interviewer,F,ms,CIC-KB,2,\"Siti\r\nFrom: x\"\n"
            + "IO-203,interviewer,F,ms,CIC-KB,2,Siti \u{202E}nimda\n"
            + "IO-204,interviewer,F,ms,CIC-KB,2,Siti Aminah\n"
        let error = #expect(throws: InputErrors.self) { try ImportRows.staff(Array(csv.utf8), file: "staff.csv") }
        let errors = try #require(error).errors
        #expect(errors.count == 3)
        #expect(errors.allSatisfy { $0.path.hasSuffix("name") && $0.message.hasPrefix("a name may hold printable characters") })
        #expect(!errors.contains { $0.description.contains("Siti") })
    }
}
