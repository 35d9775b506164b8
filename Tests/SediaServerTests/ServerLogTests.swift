import Logging
import SediaServer
import Synchronization
import Testing

/// Log lines under systemd: journald reads a `<N>` prefix as the line's priority (issue 25).
struct ServerLogTests {
    static func lines(environment: [String: String], _ body: (Logger) -> Void) -> [String] {
        let captured = Mutex<[String]>([])
        var handler = ServerLogHandler.standardError(label: "sedia", environment: environment)
        let journal = handler.journalPriorities
        handler = ServerLogHandler(label: "sedia") { line in captured.withLock { $0.append(line) } }
        handler.journalPriorities = journal
        let logger = Logger(label: "sedia") { _ in handler }
        body(logger)
        return captured.withLock { $0 }
    }

    @Test func underTheJournalEveryLineStartsWithItsPriority() {
        let lines = Self.lines(environment: ["JOURNAL_STREAM": "8:12345"]) { logger in
            logger.error("mail: not delivered")
            logger.warning("slow")
            logger.notice("on stop")
            logger.info("serving")
        }
        #expect(lines.map { String($0.prefix(3)) } == ["<3>", "<4>", "<5>", "<6>"])
        #expect(lines[0].hasSuffix(" error sedia: mail: not delivered\n"))
    }

    @Test func withoutTheJournalLinesHaveNoPrefix() {
        let lines = Self.lines(environment: [:]) { logger in logger.error("mail: not delivered") }
        #expect(lines.count == 1)
        #expect(lines.allSatisfy { !$0.hasPrefix("<") })
    }
}
