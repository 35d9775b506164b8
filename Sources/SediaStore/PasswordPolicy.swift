public import Foundation

/// What a new password must be, as NIST SP 800-63B (§5.1.1.2) asks: long enough, not known to attackers, and
/// nothing else (no composition rules, no expiry). Every place that sets a password asks `check(_:)`: `sedia user
/// add`, `sedia user password` and the page where a user changes their own.
public enum PasswordPolicy {
    /// The shortest password, in characters (Unicode code points, as NIST counts them).
    public static let minimumLength = 12
    /// The longest, in bytes: bcrypt reads only the first 72, so a longer one is refused rather than silently cut.
    public static let maximumBytes = 72

    /// Refuses `password` with a message naming the rule it breaks (a `StoreError` of kind `.invalid`: exit status 2 on
    /// the command line, 422 on a page). `username`, when given, is context a password must not contain.
    public static func check(_ password: String, username: String? = nil) throws(StoreError) {
        let characters = password.unicodeScalars.count
        if characters < minimumLength {
            throw StoreError(.invalid, field: "password", "use at least \(minimumLength) characters (this one has \(characters))")
        }
        if password.utf8.count > maximumBytes {
            throw StoreError(.invalid, field: "password", "use at most \(maximumBytes) bytes (bcrypt ignores the rest)")
        }
        if let first = password.unicodeScalars.first, password.unicodeScalars.allSatisfy({ $0 == first }) {
            throw StoreError(.invalid, field: "password", "a single character repeated is too easy to guess")
        }
        let lowered = password.lowercased()
        if let username, username.count >= 3, lowered.contains(username.lowercased()) {
            throw StoreError(.invalid, field: "password", "must not contain the username")
        }
        guard let common = commonPasswords else {
            throw StoreError(.database, "the list of common passwords is missing from this installation (common-passwords.txt)")
        }
        if common.contains(lowered) {
            throw StoreError(.invalid, field: "password", "this is one of the most common passwords, which attackers try first; choose another")
        }
    }

    /// The message `check` would refuse `password` with (it names the field), or nil when it may be used.
    public static func problem(_ password: String, username: String? = nil) -> String? {
        do {
            try check(password, username: username)
            return nil
        } catch {
            return error.message
        }
    }

    /// The bundled list (lowercase, one a line; see Resources/common-passwords-SOURCE.md), read once.
    static let commonPasswords: Set<String>? = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return nil }
        return Set(text.split(separator: "\n").map(String.init))
    }()
}
