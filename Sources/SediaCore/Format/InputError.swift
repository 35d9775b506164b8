/// One problem with an input: which file, where in it, and what is wrong. "Where" is a line (ICS calendars, rule files,
/// CSV imports; 0 when the problem is not at a line), a field (a JSON path such as
/// `cases[12].interview.durationMinutes`, or a CSV column), or both. Every reader of every input reports with this one
/// type, so every command prints problems the same way and tests assert on the same fields.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line of the problem (or of the component holding it); 0 when it is not about a line.
    public var line: Int
    /// The JSON path or CSV column of the problem; empty when it is about the line or the file as a whole.
    public var path: String
    public var message: String

    /// A problem at a field of a structured file (JSON): `file: path: message`.
    public init(file: String, path: String, message: String) {
        self.init(file: file, line: 0, column: path, message: message)
    }

    /// A problem at a line of a text file: `file:line: message` (the shape compilers use, so editors can jump to it).
    public init(file: String, line: Int, message: String) {
        self.init(file: file, line: line, column: nil, message: message)
    }

    /// A problem at a column of a line of a CSV file: `file:line: column: message`.
    public init(file: String, line: Int, column: String?, message: String) {
        self.file = file
        self.line = line
        self.path = column ?? ""
        self.message = message
    }

    /// The CSV column (or JSON path) of the problem, nil when it is about the whole line or file.
    public var column: String? { path.isEmpty ? nil : path }

    public var description: String {
        let place = line > 0 ? "\(file):\(line): " : "\(file): "
        return place + (path.isEmpty ? "" : "\(path): ") + message
    }
}

/// Every problem found in one input, reported together so a user can fix them in one go; one bad line rejects the
/// whole input, so nothing is half-loaded.
public struct InputErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [InputError]

    public init(_ errors: [InputError]) { self.errors = errors }
    public init(errors: [InputError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A problem at a line of a text file: the same type as every other input problem.
public typealias FileLineError = InputError
public typealias FileLineErrors = InputErrors

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
