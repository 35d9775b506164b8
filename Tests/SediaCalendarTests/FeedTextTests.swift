import SediaCore
import Testing

@testable import SediaCalendar

struct FeedTextTests {
    // Checks that the UID key is wired to HMAC-SHA-256 (swift-crypto) as RFC 4231 defines it.
    @Test func sha256AndHMACMatchThePublishedVectors() {
        #expect(Hex.encode(FeedHash.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.encode(FeedHash.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Hex.encode(FeedHash.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // RFC 4231 test cases 2 and 6 (a key longer than the block).
        #expect(
            Hex.encode(FeedHash.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            Hex.encode(
                FeedHash.hmacSHA256(
                    key: Array(repeating: 0xaa, count: 131), message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// Every child reference holds a name (a user may type one where a reference belongs); none may reach a feed.
    @Test func noSentinelReachesAnyFeedAndEveryPropertyIsAllowed() throws {
        let (files, _) = try FeedFixtures.export()
        for file in files {
            let text = String(decoding: file.bytes, as: UTF8.self)
            for sentinel in FeedFixtures.sentinels {
                #expect(!text.localizedStandardContainsFree(sentinel), "\(sentinel) in \(file.fileName)")
            }
            let parsed = try #require(FeedInspection.parse(file.bytes))
            for property in parsed.properties {
                #expect(FeedCalendar.allowedProperties[property.component]?.contains(property.name) == true, "\(property.name) in \(file.fileName)")
            }
            if !file.id.kind.showsCaseReference {
                #expect(!text.contains("K-2027"), "case reference in \(file.fileName)")
            }
        }
    }

    @Test func caseReferencesAppearOnlyForTheCasesOwnProsecutor() throws {
        let (files, _) = try FeedFixtures.export()
        let dpp2 = String(decoding: try #require(FeedFixtures.file("prosecutor-DPP-02.ics", in: files)).bytes, as: UTF8.self)
        #expect(dpp2.contains("K-2027-0002"))
        #expect(!dpp2.contains("K-2027-0001") && !dpp2.contains("K-2027-0003"))
        let (none, _) = try FeedFixtures.export(prosecutors: [:])
        for file in none { #expect(!String(decoding: file.bytes, as: UTF8.self).contains("K-2027")) }
    }

    @Test func longNonASCIITextFoldsAt75OctetsWithoutSplittingCharacters() throws {
        let room = String(repeating: "会議室😀é", count: 12)
        var instance = FeedFixtures.instance()
        instance.centres[0].rooms.append(Room(id: Room.ID(room), features: ["recording"]))
        var plan = FeedFixtures.plan()
        plan.interviews[0].room = Room.ID(room)
        let (files, _) = try FeedFixtures.export(instance: instance, plan: plan)
        let file = try #require(files.first { $0.id == FeedID(kind: .room, owner: room) })
        var folded = 0
        for line in file.bytes.split(separator: 0x0A) {
            #expect(line.last == 0x0D)
            let content = line.dropLast()
            #expect(content.count <= 75)
            if content.first == 0x20 { folded += 1 }
            // Each physical line on its own is valid UTF-8: no character was cut in two.
            #expect(String(validating: content, as: UTF8.self) != nil)
        }
        #expect(folded >= 4)
        let parsed = try #require(FeedInspection.parse(file.bytes))
        #expect(parsed.errors.isEmpty)
        #expect(parsed.events.first?.value("SUMMARY") == "Interview – CIC-KB room " + room)
    }

    /// Identifiers full of what breaks feeds: separators, backslashes, newlines, emoji, CJK. Every one must come back
    /// from libical's parser exactly as the template made it.
    @Test func fuzzedTextRoundTripsThroughLibical() throws {
        let alphabet: [String] = [",", ";", "\\", "\n", "\r\n", ":", "\"", "a", "Z", "9", " ", "–", "😀", "👩‍⚖️", "会", "議", "é", "ß", "\t", "="]
        var rng = SplitMix64(seed: 0x5ED1A)
        for round in 0..<150 {
            let length = Int(rng.next() % 90) + 1
            var owner = ""
            for _ in 0..<length { owner += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let event = FeedEvent(
                task: "interview/fuzz-\(round)", kind: .interview, caseID: "K-\(owner)",
                when: .timed(start: FeedFixtures.time("2027-01-06T09:00"), end: FeedFixtures.time("2027-01-06T10:00")), centre: owner,
                room: owner + "-1", interviewer: owner, prosecutor: owner)
            let feed = FeedID(kind: .prosecutor, owner: owner)
            let entry = FeedState.Entry(uid: "u\(round)@sedia", sequence: 0, lastModified: FeedFixtures.now, event: event)
            let bytes = FeedCalendar.render(feed: feed, entries: [entry], options: FeedOptions())
            let parsed = try #require(FeedInspection.parse(bytes))
            #expect(parsed.errors.isEmpty, "round \(round): \(parsed.errors)")
            let summary = FeedCalendar.clean(FeedCalendar.summary(of: event, in: feed))
            #expect(parsed.events.first?.value("SUMMARY") == summary, "round \(round)")
            #expect(parsed.components.first?.value("NAME") == FeedCalendar.clean(FeedCalendar.title(of: feed)), "round \(round)")
            for line in bytes.split(separator: 0x0A) { #expect(line.count <= 76) }
        }
    }

    @Test func refoldKeepsContentAndSplitsOnlyBetweenCharacters() {
        let text = "SUMMARY:" + String(repeating: "é会😀", count: 40) + "\r\nEND:X\r\n"
        let out = Array(text.utf8).withUnsafeBytes { FeedCalendar.refold($0) }
        var unfolded = String(decoding: out, as: UTF8.self)
        unfolded = unfolded.replacingAll("\r\n ", with: "")
        #expect(unfolded == text)
        for line in out.split(separator: 0x0A) {
            let content = line.last == 0x0D ? line.dropLast() : line[...]
            #expect(content.count <= 75)
            #expect(String(validating: content, as: UTF8.self) != nil)
        }
    }
}

/// A tiny deterministic generator, so a failing fuzz round can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    /// Case-insensitive containment without Foundation, so the check does not depend on a locale either.
    func localizedStandardContainsFree(_ needle: String) -> Bool { lowercased().contains(needle.lowercased()) }

    func replacingAll(_ target: String, with replacement: String) -> String {
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
