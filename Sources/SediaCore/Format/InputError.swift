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
