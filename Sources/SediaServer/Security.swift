import Crypto
import Foundation
import HummingbirdBcrypt
import SediaStore

/// Random secrets and their hashes: session cookies, CSRF secrets and feed tokens.
///
/// Tokens are 256 random bits from the system's cryptographic generator, written base64url without padding
/// (43 characters). Only their SHA-256 is stored, so a copy of the database opens no session and no feed.
public enum Secrets {
    /// A fresh 256-bit token, base64url.
    public static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return base64url(bytes)
    }

    /// SHA-256 of the token's text.
    public static func hash(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// Whether `text` has the shape of a token (so that junk is refused before any lookup).
    public static func looksLikeToken(_ text: Substring) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy { isBase64url($0) }
    }

    static func isBase64url(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// bcrypt password hashing (hummingbird-auth's HummingbirdBcrypt).
public enum Passwords {
    /// The cost used for new passwords: about a quarter of a second on this class of machine.
    public static let cost: UInt8 = 11

    public static func hash(_ password: String, cost: UInt8 = Passwords.cost) -> String { Bcrypt.hash(password, cost: cost) }

    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// Checks a new password: the store's `PasswordPolicy`, the one rule for every way a password is set.
    public static func validate(_ password: String) -> String? { PasswordPolicy.problem(password) }
}
