import SediaCore
import Testing

/// `StateScope`: national contains every state and covers every job's scope; a state's only its own.
struct StateScopeValueTests {
    @Test func nationalContainsEveryStateAndCoversEveryScope() {
        let scope = StateScope.national
        #expect(scope.isNational)
        #expect(scope.state == nil)
        #expect(scope.contains("MY-03") && scope.contains("MY-14") && scope.contains(StateInfo.ID("MY-10")))
        #expect(scope.covers(nil) && scope.covers("MY-03"))
    }

    @Test func oneStateContainsOnlyItself() {
        let scope = StateScope.state("MY-03")
        #expect(!scope.isNational)
        #expect(scope.state == "MY-03")
        #expect(scope.contains("MY-03") && scope.contains(StateInfo.ID("MY-03")))
        #expect(!scope.contains("MY-14") && !scope.contains(StateInfo.ID("MY-10")) && !scope.contains(""))
        // A state coordinator follows its own state's jobs, never a national one nor another state's.
        #expect(scope.covers("MY-03"))
        #expect(!scope.covers(nil) && !scope.covers("MY-14"))
    }

    @Test func anOptionalCodeMakesTheScope() {
        #expect(StateScope(nil) == .national)
        #expect(StateScope("MY-03") == .state("MY-03"))
        #expect(StateScope("MY-03") != StateScope("MY-14"))
    }
}
