import Foundation
import SediaAppTestSupport
import SediaCLI
import SediaCore
import SediaStore
import SediaTestSupport
import Testing

/// `sedia import contacts` and `sedia mail status|send`, in-process.
struct MailCommandTests {
    static func database(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.file("sedia.sqlite")
        let db = try AppDatabase.open(path: path)
        _ = try db.importInstance(AppFixtures.instance, actor: "test")
        return path
    }

    @Test func contactsAreImportedByIdAndAudited() throws {
        try TemporaryDirectory.with("contacts") { dir in
            let db = try Self.database(dir)
            let csv = try dir.write("contacts.csv", "id,email,delivery\nIO-014,io014@polis.gov.my,\nIO-020,io020@polis.gov.my,both\n")
            let ran = SediaRun.run(["import", "contacts", csv, "--db", db])
            #expect(ran.status == 0, "\(ran.stderr)")
            let store = try AppDatabase.open(path: db)
            #expect(try store.contact(person: "IO-020")?.delivery == .both)
            #expect(try store.contact(person: "IO-014")?.getsInvitations == true)
            #expect(try store.auditLog(subject: "person:IO-014").first?.action == "import-contact")
        }
    }

    @Test func aBadContactsFileNamesLineAndFieldAndChangesNothing() throws {
        try TemporaryDirectory.with("contacts-bad") { dir in
            let db = try Self.database(dir)
            let csv = try dir.write(
                "contacts.csv", "id,email,delivery\nIO-014,io014@polis.gov.my,\nIO-020,not an address,sometimes\nNOBODY,n@x.my,feed\n")
            let ran = SediaRun.run(["import", "contacts", csv, "--db", db])
            #expect(ran.status == 2)
            #expect(ran.stderr.contains("contacts.csv: line 3: email:"))
            #expect(ran.stderr.contains("contacts.csv: line 3: delivery:"))
            #expect(!ran.stderr.contains("not an address"))
            #expect(try AppDatabase.open(path: db).contact(person: "IO-014")?.email == nil)
            let unknown = try dir.write("unknown.csv", "id,email\nNOBODY,n@x.my\n")
            let refused = SediaRun.run(["import", "contacts", unknown, "--db", db])
            #expect(refused.status == 2 && refused.stderr.contains("unknown person NOBODY"))
        }
    }

    @Test func staffFilesMayCarryAddressesAndOnlyThoseThatDoTouchThem() throws {
        try TemporaryDirectory.with("staff-email") { dir in
            let db = try Self.database(dir)
            let with = try dir.write("staff.csv", "id,kind,languages,email,delivery\nDPP-07,prosecutor,ms,dpp07@agc.gov.my,both\n")
            #expect(SediaRun.run(["import", "staff", with, "--db", db]).status == 0)
            let without = try dir.write("again.csv", "id,kind,languages\nDPP-07,prosecutor,ms;en\n")
            #expect(SediaRun.run(["import", "staff", without, "--db", db]).status == 0)
            let contact = try AppDatabase.open(path: db).contact(person: "DPP-07")
            #expect(contact?.email == "dpp07@agc.gov.my" && contact?.delivery == .both)
            let bad = try dir.write("bad.csv", "id,kind,languages,email\nDPP-08,prosecutor,ms,dpp08 at agc\n")
            let ran = SediaRun.run(["import", "staff", bad, "--db", db])
            #expect(ran.status == 2 && ran.stderr.contains("bad.csv: line 2: email:"))
        }
    }

    @Test func statusCountsAndListsWithoutBodies() throws {
        try TemporaryDirectory.with("mail-status") { dir in
            let db = try Self.database(dir)
            let store = try AppDatabase.open(path: db)
            try store.setContact(person: "IO-020", email: "io020@polis.gov.my", delivery: nil, actor: "test")
            try store.bookInterview(
                InterviewBooking(
                    caseID: "K-2027-0001", room: "CIC-KB-1", interviewer: "IO-020", psychologist: "PSY-03", start: AppFixtures.at("2027-01-06T09:00")),
                actor: "test")
            let ran = SediaRun.run(["mail", "status", "--db", db, "--format", "json"])
            #expect(ran.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(ran.stdout.utf8)) as? [String: Any])
            #expect(object["queued"] as? Int == 1 && object["sent"] as? Int == 0 && object["failed"] as? Int == 0)
            let messages = try #require(object["messages"] as? [[String: Any]])
            #expect(messages.count == 1 && messages.first?["recipient"] as? String == "IO-020")
            #expect(!ran.stdout.contains("BEGIN:VCALENDAR") && !ran.stdout.contains("payload"))
            let table = SediaRun.run(["mail", "status", "--db", db])
            #expect(table.stdout.hasPrefix("queued 1, sent 0, failed 0"))
        }
    }
}
