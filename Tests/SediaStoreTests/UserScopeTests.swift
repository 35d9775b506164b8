import Foundation
import SediaCore
import Testing

@testable import SediaStore

/// `User.scope` decides the state scope once for every role, and `canSee(caseState:)` is built on it; the rule
/// ("an admin, or an account without a state, is national; otherwise its own state") is written nowhere else in Sources.
struct UserScopeTests {
    static func user(_ role: Role, _ state: String?) -> User {
        User(id: 1, username: "u", role: role, state: state, person: role == .staff ? "IO-1" : nil)
    }

    @Test(arguments: Role.allCases)
    func everyRoleWithAndWithoutAState(_ role: Role) {
        let national = Self.user(role, nil)
        let selangor = Self.user(role, "MY-10")
        #expect(national.scope == .national)
        // An admin is national even when the account names a state; any other role covers its own state.
        #expect(selangor.scope == (role == .admin ? .national : .state("MY-10")))
        switch role {
        case .admin:
            #expect(selangor.canSee(caseState: "MY-10") && selangor.canSee(caseState: "MY-03"))
            #expect(national.canSee(caseState: "MY-03"))
        case .coordinator, .prosecutor:
            #expect(selangor.canSee(caseState: "MY-10") && !selangor.canSee(caseState: "MY-03"))
            #expect(national.canSee(caseState: "MY-10") && national.canSee(caseState: "MY-03"))
        case .staff:
            // Staff see their own bookings, never cases by state, whatever their scope.
            #expect(!selangor.canSee(caseState: "MY-10") && !selangor.canSee(caseState: "MY-03"))
            #expect(!national.canSee(caseState: "MY-10"))
        }
    }

    /// The scope rule written out again (`user.state == nil ||`, `role == .admin ? nil : user.state`, `role != .admin,
    /// let state = user.state`) would drift from `User.scope`; only Users.swift may decide it.
    @Test func noSourceWritesTheScopeRuleOutAgain() throws {
        let sources = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources").standardized
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)).compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        let patterns: [Regex<Substring>] = [
            /state == nil \|\|/, /role == \.admin \|\| \w*\.?state == nil/, /role == \.admin \? nil : \w*\.?state/,
            /role != \.admin, let \w+ = \w*\.?state\b/,
        ]
        var found: [String] = []
        for file in files where file.lastPathComponent != "Users.swift" {
            let code = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where patterns.contains(where: { line.contains($0) }) {
                found.append("\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}
