/// A problem at a line of a text file (an ICS calendar, a rule file, a CSV import), written `file:line: message`.
public struct FileLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line of the problem (or of the component holding it); 0 when it is about the file as a whole.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the shape compilers use, so editors can jump to it.
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// Every problem found in a set of files: one bad line rejects the whole input, so nothing is half-loaded.
public struct FileLineErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [FileLineError]

    public init(_ errors: [FileLineError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
