import Dispatch
import Synchronization

/// Values kept for one generation of the data, each computed once however many ask for it at the same time: the first
/// request for a key computes it, and the requests that arrive while it does wait for its result instead of
/// computing it again. For the Reports page, whose first view after a write reads every case of its scope (eight
/// readers arriving together on a cold cache used to cost eight computations, each slowing the others), and the
/// deadline board, whose first view computes every case's checklist.
///
/// Waiting blocks the caller's thread, so `value` is called from the blocking pool (`PageArea.blocking`), never
/// from a task of the event loops.
final class SingleFlightCache<Generation: Hashable & Sendable, Value: Sendable>: Sendable {
    /// One computation in progress, and its result once it ends.
    private final class Flight: Sendable {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<Value, any Error>?>(nil)
    }

    private struct State {
        var generation: Generation?
        var values: [String: Value] = [:]
        var flights: [String: Flight] = [:]
    }

    private enum Step {
        case hit(Value)
        case join(Flight)
        case lead(Flight)
    }

    private let state = Mutex(State())
    /// Called when a request joins a computation in progress instead of starting one (tests count the joiners).
    private let onJoin: @Sendable (_ key: String) -> Void

    init(onJoin: @escaping @Sendable (_ key: String) -> Void = { _ in }) {
        self.onJoin = onJoin
    }

    /// The value of `key` for `generation`: kept, being computed by another request (then its result, error included),
    /// or computed here by `make`. A new generation drops the values of the old one; a computation that ends after
    /// its generation was replaced gives its result to its own waiters but is not kept.
    func value(generation: Generation, key: String, make: () throws -> Value) throws -> Value {
        let step = state.withLock { s -> Step in
            if s.generation != generation { s = State(generation: generation) }
            if let hit = s.values[key] { return .hit(hit) }
            if let flight = s.flights[key] { return .join(flight) }
            let flight = Flight()
            s.flights[key] = flight
            return .lead(flight)
        }
        switch step {
        case .hit(let value):
            return value
        case .join(let flight):
            onJoin(key)
            flight.done.wait()
            // Pass the signal on, so every waiter of this flight wakes in turn.
            flight.done.signal()
            guard let result = flight.result.withLock({ $0 }) else { throw SingleFlightError.noResult }
            return try result.get()
        case .lead(let flight):
            let result = Result { try make() }
            flight.result.withLock { $0 = result }
            state.withLock { s in
                guard s.generation == generation else { return }
                s.flights[key] = nil
                if case .success(let value) = result { s.values[key] = value }
            }
            flight.done.signal()
            return try result.get()
        }
    }
}

/// A flight that signalled without a result: cannot happen, since the result is set before the signal.
enum SingleFlightError: Error {
    case noResult
}
