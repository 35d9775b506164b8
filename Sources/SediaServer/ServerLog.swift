public import Foundation
public import Logging
import SediaCore

/// The server's log lines, one event per line whatever the values hold.
///
/// Log messages and metadata carry what clients sent (a username typed at sign-in, a path, an id in an error), so
/// every message and every metadata value is escaped here, where the line is made: a newline in a username cannot
/// start a forged line, and control or bidirectional characters cannot hide or reorder what a reader sees. `sedia
/// serve` logs through it; tests give it their own `write` to read what would have been logged.
public struct ServerLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let write: @Sendable (String) -> Void
    /// Starts each line with its syslog priority (`<3>` error, `<4>` warning, `<6>` info, …), which journald reads
    /// from a service's standard error as the entry's priority: set when `JOURNAL_STREAM` says stderr is the journal.
    public var journalPriorities = false

    /// A handler that hands each finished line (with its newline) to `write`.
    public init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.write = write
    }

    /// A handler writing to standard error, with journald priorities when `environment` has `JOURNAL_STREAM` (systemd
    /// sets it for a service whose output goes to the journal).
    public static func standardError(label: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ServerLogHandler {
        var handler = ServerLogHandler(label: label) { line in FileHandle.standardError.write(Data(line.utf8)) }
        handler.journalPriorities = environment["JOURNAL_STREAM"] != nil
        return handler
    }

    /// The syslog priority journald gives a line of `level` (sd-daemon(3)).
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        var line =
            (journalPriorities ? "<\(Self.priority(event.level))>" : "")
            + UTCInstant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down))).description + " " + event.level.rawValue
            + " " + label + ": " + Self.escape(event.message.description)
        for key in all.keys.sorted() {
            if let value = all[key] { line += " " + Self.escape(key) + "=" + Self.render(value) }
        }
        if let error = event.error { line += " error=" + Self.render(.string(String(describing: error))) }
        write(line + "\n")
    }

    /// A metadata value, quoted; lists and dictionaries element by element.
    static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): return "\"" + escape(s) + "\""
        case .stringConvertible(let c): return "\"" + escape(c.description) + "\""
        case .array(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .dictionary(let d): return "[" + d.keys.sorted().map { escape($0) + ": " + (d[$0].map(render) ?? "") }.joined(separator: ", ") + "]"
        }
    }

    /// `text` with every character that could break or disguise a log line written as an escape: `\n`, `\r`, `\t`,
    /// `\\`, `\"`, and `\u{…}` for other controls, format characters (bidirectional overrides, zero-width ones) and
    /// line or paragraph separators.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default:
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
