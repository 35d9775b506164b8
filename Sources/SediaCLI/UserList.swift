import Foundation
import SediaCore
public import SediaStore

/// What `sedia user list` prints: a tab-separated table, or JSON with every key in every object. Never a password hash
/// (`UserSummary` has none).
public enum UserList {
    public static func render(_ users: [UserSummary], json: Bool) -> String {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            let rows = users.map { u in
                ListedUser(
                    username: u.username, role: u.role.rawValue, state: u.state, person: u.person, language: u.language.rawValue,
                    disabled: u.disabled,
                    lastSignIn: u.lastSignIn)
            }
            return String(decoding: (try? encoder.encode(rows)) ?? Data("[]".utf8), as: UTF8.self) + "\n"
        }
        var out = "username\trole\tstate\tlanguage\tdisabled\tlast sign-in\n"
        for u in users {
            out +=
                "\(u.username)\t\(u.role.rawValue)\t\(u.state ?? "*")\t\(u.language.rawValue)\t\(u.disabled ? "yes" : "no")\t\(u.lastSignIn ?? "never")\n"
        }
        return out
    }
    /// One account in `--format json`: nulls written out, so every object has every key.
    struct ListedUser: Encodable {
        var username: String
        var role: String
        var state: String?
        var person: String?
        var language: String
        var disabled: Bool
        var lastSignIn: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(username, forKey: .username)
            try c.encode(role, forKey: .role)
            try c.encode(state, forKey: .state)
            try c.encode(person, forKey: .person)
            try c.encode(language, forKey: .language)
            try c.encode(disabled, forKey: .disabled)
            try c.encode(lastSignIn, forKey: .lastSignIn)
        }

        enum CodingKeys: String, CodingKey {
            case username, role, state, person, language, disabled, lastSignIn
        }
    }
}
