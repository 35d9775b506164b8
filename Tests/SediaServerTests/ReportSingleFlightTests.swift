import Dispatch
import Foundation
import Synchronization
import Testing

@testable import SediaServer

/// The Reports page's cache computes a cold report once, however many readers ask for it together.
struct ReportSingleFlightTests {
    /// Runs `body(i)` for `0..<count` on threads of their own (waiting blocks a thread, as on the page's pool) and
    /// returns when all have ended.
    func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for i in 0..<count {
            group.enter()
            Thread {
                body(i)
                group.leave()
            }.start()
        }
        group.wait()
    }

    @Test func eightReadersOfAColdReportComputeItOnce() {
        let readers = 8
        let joined = Mutex(0)
        let everyoneWaits = DispatchSemaphore(value: 0)
        // The first computation holds until every other reader has joined it, so all eight really arrive cold.
        let cache = SingleFlightCache<Int, String>(onJoin: { _ in
            let all = joined.withLock { n in
                n += 1
                return n == readers - 1
            }
            if all { everyoneWaits.signal() }
        })
        let computations = Mutex(0)
        let results = Mutex<[String]>([])
        onThreads(readers) { _ in
            let value = try? cache.value(generation: 1, key: "en:*:2026") {
                everyoneWaits.wait()
                computations.withLock { $0 += 1 }
                return "record"
            }
            results.withLock { $0.append(value ?? "failed") }
        }
        #expect(computations.withLock { $0 } == 1)
        #expect(joined.withLock { $0 } == readers - 1)
        #expect(results.withLock { $0 } == Array(repeating: "record", count: readers))
        // Kept for the generation: a later reader computes nothing.
        #expect((try? cache.value(generation: 1, key: "en:*:2026") { "again" }) == "record")
    }

    @Test func aFailureReachesEveryWaiterAndIsNotKept() {
        struct Broken: Error {}
        let readers = 4
        let joined = Mutex(0)
        let everyoneWaits = DispatchSemaphore(value: 0)
        let cache = SingleFlightCache<Int, String>(onJoin: { _ in
            if joined.withLock({ n in
                n += 1
                return n == readers - 1
            }) {
                everyoneWaits.signal()
            }
        })
        let computations = Mutex(0)
        let failures = Mutex(0)
        onThreads(readers) { _ in
            do {
                _ = try cache.value(generation: 1, key: "k") {
                    everyoneWaits.wait()
                    computations.withLock { $0 += 1 }
                    throw Broken()
                }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(computations.withLock { $0 } == 1)
        #expect(failures.withLock { $0 } == readers)
        #expect((try? cache.value(generation: 1, key: "k") { "fixed" }) == "fixed")
    }

    @Test func aNewGenerationComputesAgainAndKeysAreApart() throws {
        let cache = SingleFlightCache<Int, String>()
        let computations = Mutex(0)
        func value(_ generation: Int, _ key: String) throws -> String {
            try cache.value(generation: generation, key: key) {
                computations.withLock { $0 += 1 }
                return "\(key)@\(generation)"
            }
        }
        #expect(try value(1, "en") == "en@1")
        #expect(try value(1, "ms") == "ms@1")
        #expect(try value(1, "en") == "en@1")
        #expect(try value(2, "en") == "en@2")
        #expect(computations.withLock { $0 } == 3)
    }
}
