import GRDB

/// Why the store refused or failed a request, in words a coordinator or operator can act on.
///
/// Lower-level `DatabaseError`s are wrapped here: callers never see SQLite's codes.
public struct StoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The kind of failure, for mapping to an exit status or an HTTP status.
    public enum Code: String, Sendable {
        /// The request breaks a rule or names something invalid (exit 2, HTTP 400/422).
        case invalid
        /// Something named does not exist (HTTP 404).
        case notFound
        /// The request collides with something already booked or existing (HTTP 409).
        case conflict
        /// The thing changed since the page that sent the change was shown (HTTP 409; nothing was written).
        case stale
        /// The signed-in person's role or scope does not allow the change (HTTP 403).
        case forbidden
        /// The database itself failed (I/O, corruption).
        case database
    }

    public var code: Code
    /// What was refused, with its facts; the server renders it in the reader's language.
    public var refusal: Refusal

    public init(_ code: Code, _ refusal: Refusal) {
        self.code = code
        self.refusal = refusal
    }

    /// Words as they are, for failures no page translates (the database, files, imports).
    public init(_ code: Code, _ message: String) { self.init(code, .text(message)) }

    /// A problem with one field of a form or file: the field's name and the problem in English.
    public init(_ code: Code, field: String, _ problem: String) { self.init(code, .fields([FieldProblem(field: field, problem: problem)])) }

    /// The refusal in English, for the CLI and the logs.
    public var message: String { refusal.english }

    public var description: String { message }

    /// Two refusals are the same when they say the same (a typed refusal equals its words given as text).
    public static func == (a: StoreError, b: StoreError) -> Bool { a.code == b.code && a.message == b.message }

    static func describe(_ error: any Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? "SQLite error \(db.resultCode)" }
        if let store = error as? StoreError { return store.message }
        return String(describing: error)
    }

    static func wrap(_ error: any Error) -> StoreError {
        if let store = error as? StoreError { return store }
        if let db = error as? DatabaseError {
            switch db.extendedResultCode {
            case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
                return StoreError(.conflict, "already exists or already booked (\(db.message ?? "unique constraint"))")
            case .SQLITE_CONSTRAINT_FOREIGNKEY:
                return StoreError(.invalid, "refers to something that does not exist")
            case .SQLITE_CONSTRAINT_CHECK, .SQLITE_CONSTRAINT_NOTNULL:
                return StoreError(.invalid, "a value is missing or out of range (\(db.message ?? "check constraint"))")
            case .SQLITE_CONSTRAINT_TRIGGER:
                return StoreError(.conflict, db.message ?? "refused by a schema rule")
            default:
                return StoreError(.database, db.message ?? "SQLite error \(db.resultCode)")
            }
        }
        return StoreError(.database, String(describing: error))
    }
}
