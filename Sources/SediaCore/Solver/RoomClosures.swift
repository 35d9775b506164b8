extension CompiledProblem {
    /// Whether each room (in the order of the centres and their rooms) is closed on each day of the horizon, indexed
    /// `room * horizon + day`.
    static func roomClosures(_ inst: Instance, start: Day, horizon: Int) -> [Bool] {
        let rooms = inst.centres.flatMap(\.rooms)
        var shut = [Bool](repeating: false, count: rooms.count * horizon)
        for (k, room) in rooms.enumerated() {
            for range in room.closed {
                let a = max(0, range.from.ordinal - start.ordinal)
                let b = min(horizon - 1, range.to.ordinal - start.ordinal)
                if a <= b { for d in a...b { shut[k * horizon + d] = true } }
            }
        }
        return shut
    }
}
