import ArgumentParser
import SediaCLI
import Testing

struct CommandTreeTests {
    @Test func rejectsAnUnknownSubcommand() {
        #expect(throws: (any Error).self) { try SediaCommand.parseAsRoot(["no-such-command"]) }
    }
}
