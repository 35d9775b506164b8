/// One problem with an input file: which file, where in it (a JSON path such as
/// `cases[12].interview.durationMinutes`, or a line), and what is wrong.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var path: String
    public var message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// `file: path: message`, the one-line form every command prints.
    public var description: String { "\(file): \(path): \(message)" }
}

/// Every problem found in one input, reported together so a user can fix them in one go.
public struct InputErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [InputError]

    public init(_ errors: [InputError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// The one size limit for a file Sedia reads: planning instances and plans, table imports, ICS files, CSV mappings.
/// A national instance is under 2 MB; a file ten times that is refused before it is read, so a hostile one cannot
/// make a command or the server hold hundreds of megabytes while parsing it.
public enum InputLimits {
    public static let maxFileBytes = 20 * 1024 * 1024

    /// The error for a file of `size` bytes, or nil when it is within the limit.
    public static func tooLarge(_ size: Int, file: String) -> InputError? {
        guard size > maxFileBytes else { return nil }
        return InputError(file: file, path: "$", message: "\(size) bytes is more than the \(maxFileBytes / 1024 / 1024) MB an input file may be")
    }
}
