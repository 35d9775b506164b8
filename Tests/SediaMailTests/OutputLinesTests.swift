import Foundation
import Testing

/// The tests' line waiter: it resumes on the line, on the pipe closing, or on its task being cancelled (the test's
/// time limit), and never sleeps.
struct OutputLinesTests {
    @Test(.timeLimit(.minutes(1))) func aWaitEndsOnTheLineOnCancellationAndOnClose() async throws {
        let pipe = Pipe()
        let lines = OutputLines(pipe.fileHandleForReading)
        // A line that never comes: cancelling the waiting task ends the wait with false.
        let never = Task { await lines.wait(for: 1) { $0 == "never" } }
        never.cancel()
        #expect(await never.value == false)
        // The line arrives: the wait ends with true.
        let ready = Task { await lines.wait(for: 2) { $0.hasPrefix("RECEIVED ") } }
        pipe.fileHandleForWriting.write(Data("RECEIVED 1\nnoise\nRECEIVED 2\n".utf8))
        #expect(await ready.value)
        // The pipe closes before enough lines came: the wait ends with false.
        let short = Task { await lines.wait(for: 3) { $0.hasPrefix("RECEIVED ") } }
        try pipe.fileHandleForWriting.close()
        #expect(await short.value == false)
        #expect(lines.lines { $0.hasPrefix("RECEIVED ") } == ["RECEIVED 1", "RECEIVED 2"])
    }
}
