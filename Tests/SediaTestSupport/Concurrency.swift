public import Foundation
import Synchronization

/// Holds every arriving task until `parties` have arrived, then lets them all go at once: two writers start their
/// writes only when both connections are open and ready, so a race test really races.
public final class Barrier: Sendable {
    private let parties: Int
    private let state = Mutex<(arrived: Int, waiting: [CheckedContinuation<Void, Never>])>((0, []))

    public init(parties: Int) { self.parties = parties }

    public func arriveAndWait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let release: [CheckedContinuation<Void, Never>] = state.withLock { s in
                s.arrived += 1
                s.waiting.append(continuation)
                guard s.arrived >= parties else { return [] }
                defer { s.waiting = [] }
                return s.waiting
            }
            for waiting in release { waiting.resume() }
        }
    }
}

/// A clock a test sets by hand (a database's or a server's `clock`), read from whichever thread asks.
public final class MutableClock: Sendable {
    private let value: Mutex<Date>
    public init(_ value: Date) { self.value = Mutex(value) }
    public var now: Date {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
