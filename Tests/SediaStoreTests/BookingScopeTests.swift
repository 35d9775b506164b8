import SediaCore
import SediaStore
import Testing

/// A booking's rule check reads only the booked case's neighbourhood; these show it refuses exactly what the verifier
/// on the whole instance refuses, on generated instances and random bookings.
struct BookingScopeTests {
    /// Random bookings drawn from an instance's own rooms, people, courts and first two weeks, so that they collide
    /// often and break every kind of rule, the rules between cases included.
    struct Draw {
        let instance: Instance
        var random: SeededGenerator
        /// How many days from the plan's start the bookings spread over (fewer: more collisions).
        var days = 14

        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

        mutating func interview(_ c: Case) -> InterviewBooking {
            let centre = pick(instance.centres)
            let local = instance.interviewers.filter { $0.centres.contains(centre.id) }
            let interviewer = chance(0.7) && !local.isEmpty ? pick(local) : pick(instance.interviewers)
            let psychologist = chance(c.child.needsPsychologist ? 0.9 : 0.1) ? pick(instance.psychologists).id : nil
            let day = instance.planStart.adding(days: Int.random(in: 0..<days, using: &random))
            let minute = 8 * 60 + instance.gridMinutes * Int.random(in: 0..<16, using: &random)
            return InterviewBooking(
                caseID: c.id, room: pick(centre.rooms).id, interviewer: interviewer.id, psychologist: psychologist,
                start: LocalDateTime(day: day, minute: minute))
        }

        mutating func hearing(_ c: Case, _ h: HearingRequest) -> HearingBooking {
            let first = instance.planStart.adding(days: 28 + Int.random(in: 0..<days, using: &random))
            let dates = (0..<h.days).map { first.adding(days: $0) }
            let psychologist = chance(h.needsPsychologist ? 0.9 : 0.1) ? pick(instance.psychologists).id : nil
            return HearingBooking(caseID: c.id, court: h.court, dates: dates, psychologist: psychologist)
        }
    }

    static func sorted(_ v: [Violation]) -> [Violation] {
        v.sorted { ($0.rule, $0.caseID?.rawValue ?? "", $0.detail) < ($1.rule, $1.caseID?.rawValue ?? "", $1.detail) }
    }

    /// National: a state's instance has one centre, where nobody can work at two centres a day (rule 7).
    @Test(arguments: [1, 2] as [UInt64])
    func theNeighbourhoodFindsWhatTheWholePlanFinds(seed: UInt64) {
        let instance = InstanceGenerator.generate(scale: .national, seed: seed)
        var draw = Draw(instance: instance, random: SeededGenerator(seed: seed))
        var plan = Plan(instance: nil, interviews: [], hearings: [], unassigned: [], score: nil)
        for c in instance.cases where draw.chance(0.6) {
            if c.interview != nil { plan.interviews.append(draw.interview(c)) }
            if let h = c.hearing, draw.chance(0.7) { plan.hearings.append(draw.hearing(c, h)) }
        }
        var rules = Set<Int>()
        var checked = 0
        for c in instance.cases.shuffled(using: &draw.random).prefix(80) {
            let whole = BookingCheck.problems(instance, plan, cases: [c.id])
            let around = BookingNeighbourhood.cases(around: [c.id], in: plan)
            let part = BookingNeighbourhood.restrict(instance, plan, to: around)
            let scoped = BookingCheck.problems(part.instance, part.plan, cases: [c.id])
            #expect(Self.sorted(scoped) == Self.sorted(whole), "case \(c.id)")
            rules.formUnion(whole.map(\.rule))
            checked += 1
        }
        #expect(checked == 80)
        // The draw reaches the rules between cases, which only a complete neighbourhood judges right.
        #expect(rules.contains(5) && (rules.contains(6) || rules.contains(7)), "rules seen: \(rules.sorted())")
        #expect(rules.contains(12) || rules.contains(13), "rules seen: \(rules.sorted())")
    }

    @Test(arguments: [4, 5] as [UInt64])
    func theStoreRefusesWhatTheWholeInstanceRefuses(seed: UInt64) throws {
        let generated = InstanceGenerator.generate(scale: .state, seed: seed)
        let database = try AppDatabase.inMemory()
        _ = try database.importInstance(generated, actor: "test")
        // Three days, so that bookings share days; the slot index keeps rooms and people from overlapping (rule 5)
        // before any rule is checked, and the rules between cases seen here are mostly the courts' (12, 13).
        var draw = Draw(instance: generated, random: SeededGenerator(seed: seed), days: 3)
        var outcomes: [String: Int] = [:]
        var rules = Set<Int>()
        for _ in 0..<150 {
            let c = draw.pick(generated.cases)
            var instance = try database.exportInstance()
            instance.previous = nil
            var plan = try database.bookings().plan
            let interview = c.interview != nil && (c.hearing == nil || draw.chance(0.6))
            let check: (Instance, Plan) -> [Violation] = { i, p in BookingCheck.problems(i, p, cases: [c.id]) }
            do {
                if interview {
                    let b = draw.interview(c)
                    plan.interviews.removeAll { $0.caseID == c.id }
                    plan.interviews.append(b)
                    let whole = BookingCheck.problems(instance, plan, cases: [c.id])
                    rules.formUnion(whole.map(\.rule))
                    try expectSame(whole, &outcomes) { try database.bookInterview(b, actor: "test", reason: "test", check: check) }
                } else if let h = c.hearing {
                    let b = draw.hearing(c, h)
                    plan.hearings.removeAll { $0.caseID == c.id }
                    plan.hearings.append(b)
                    let whole = BookingCheck.problems(instance, plan, cases: [c.id])
                    rules.formUnion(whole.map(\.rule))
                    try expectSame(whole, &outcomes) { try database.bookHearing(b, actor: "test", reason: "test", check: check) }
                }
            } catch let error as StoreError where error.code == .conflict {
                // Taken by the slot or seat indexes before any rule is checked, whichever check runs.
                outcomes["taken", default: 0] += 1
            }
        }
        #expect((outcomes["accepted"] ?? 0) > 0, "\(outcomes)")
        #expect((outcomes["refused"] ?? 0) > 5, "\(outcomes)")
        #expect(!rules.isDisjoint(with: [6, 7, 12, 13]), "rules seen: \(rules.sorted())")
    }

    /// Books through the store (which checks the neighbourhood) and expects the whole instance's verdict.
    func expectSame(_ whole: [Violation], _ outcomes: inout [String: Int], _ book: () throws -> Void) throws {
        do {
            try book()
            #expect(whole.isEmpty, "the store accepted what the whole instance refuses: \(whole)")
            outcomes["accepted", default: 0] += 1
        } catch let error as StoreError {
            guard case .rules(let problems) = error.refusal else { throw error }
            #expect(Self.sorted(problems) == Self.sorted(whole))
            outcomes["refused", default: 0] += 1
        }
    }
}
