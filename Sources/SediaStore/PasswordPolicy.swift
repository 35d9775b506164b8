/// The one rule every new password passes (the command line, the admin page, "change my password"), whoever sets it.
///
/// At least 12 characters, as NIST SP 800-63B asks of passwords chosen by their users; at most 72 bytes, because bcrypt
/// reads no further and a longer password would be cut silently; not one character repeated.
public enum PasswordPolicy {
    /// The problem with `password`, naming the field, or nil when it may be used.
    public static func check(_ password: String) -> String? {
        if password.count < 12 { return "password: use at least 12 characters" }
        if password.utf8.count > 72 { return "password: use at most 72 bytes (bcrypt ignores the rest)" }
        if Set(password).count == 1 { return "password: not one character repeated" }
        return nil
    }
}
