public import Foundation

/// What the mail server made of one message.
public enum DeliveryOutcome: Sendable, Equatable {
    /// Accepted (250 after DATA): the hand-over is done.
    case accepted
    /// Worth another try later: 4xx, no connection, a timeout.
    case temporary(String)
    /// Refused for good (5xx): shown to the coordinator.
    case permanent(String)
}

/// Hands one RFC 5322 message to a mail server. Implementations never log the message or a password.
public protocol MailTransport: Sendable {
    func send(_ mail: ComposedMail) async -> DeliveryOutcome
}

/// Where and how to submit: `smtp://user@host:587` (STARTTLS, the default), `smtp://host:2525?tls=off` (plain, for a
/// loopback test server only), or no URL at all: the system's `sendmail` interface.
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String?
    public var tls: Bool

    /// Parses `--smtp`; the message names what is wrong. A password in the URL is refused: it would show in `ps`.
    public init(url text: String) throws(MailError) {
        guard let url = URLComponents(string: text), url.scheme == "smtp", let host = url.host, !host.isEmpty else {
            throw MailError("--smtp: expected smtp://[user@]host[:port][?tls=off], e.g. smtp://sedia@mail.example.my:587")
        }
        if url.password != nil {
            throw MailError("--smtp: put the password in --smtp-password-file or SEDIA_SMTP_PASSWORD, never in the URL")
        }
        self.host = host
        port = url.port ?? 587
        guard (1...65_535).contains(port) else { throw MailError("--smtp: the port must be 1…65535") }
        user = url.user.flatMap { $0.removingPercentEncoding ?? $0 }
        var tls = true
        for item in url.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("tls", "off"?): tls = false
            case ("tls", "starttls"?), ("tls", "on"?): tls = true
            default: throw MailError("--smtp: unknown option \(item.name) (only tls=off or tls=starttls)")
            }
        }
        self.tls = tls
    }
}

/// Sends through a child process that speaks SMTP: Debian's `msmtp` (STARTTLS, authentication) for `--smtp`, or
/// `sendmail -i` (any MTA's sendmail interface). The message goes to the child's standard input; arguments are an
/// argument vector, never a shell line. The password reaches msmtp only through the child's own environment
/// (`--passwordeval` reads it back), so it is never on a command line `ps` shows, and never logged.
public struct SendmailTransport: MailTransport {
    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]

    public init(executable: String, arguments: [String], environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// msmtp for an SMTP submission server.
    public static func msmtp(_ settings: SMTPSettings, from: String, password: String?, executable: String = "/usr/bin/msmtp") -> SendmailTransport {
        var arguments = [
            // No configuration file: everything is on this vector, so a stray ~/.msmtprc never changes where mail goes.
            "--file=/dev/null", "--host=\(settings.host)", "--port=\(settings.port)", "--from=\(from)", "--timeout=30",
        ]
        if settings.tls {
            arguments += ["--tls=on", "--tls-starttls=on", "--tls-trust-file=system"]
        } else {
            arguments += ["--tls=off"]
        }
        var environment: [String: String] = [:]
        if let user = settings.user {
            arguments += ["--auth=on", "--user=\(user)"]
            if let password {
                environment["SEDIA_SMTP_PASSWORD"] = password
                arguments.append("--passwordeval=printenv SEDIA_SMTP_PASSWORD")
            }
        } else {
            arguments.append("--auth=off")
        }
        return SendmailTransport(executable: executable, arguments: arguments, environment: environment)
    }

    /// The system's sendmail interface.
    public static func sendmail(from: String, executable: String = "/usr/sbin/sendmail") -> SendmailTransport {
        SendmailTransport(executable: executable, arguments: ["-i", "-f", from])
    }

    public func send(_ mail: ComposedMail) async -> DeliveryOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--", mail.to]
        // Only what the child needs: PATH for passwordeval's shell, and the password when there is one.
        var env = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C"]
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let status: Int32 = await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: -1)
                return
            }
            DispatchQueue.global().async {
                try? input.fileHandleForWriting.write(contentsOf: Data(mail.bytes))
                try? input.fileHandleForWriting.close()
            }
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if status == -1 { return .temporary("cannot run \(executable)") }
        if status == 0 { return .accepted }
        return Self.classify(status: status, stderr: stderr)
    }

    /// msmtp exits 69 for any refused DATA; its "server message:" line tells 4xx (try again) from 5xx (give up).
    /// No server reply at all (refused connection, timeout, TLS) is temporary: the server may come back.
    public static func classify(status: Int32, stderr: String) -> DeliveryOutcome {
        let replies = stderr.split(whereSeparator: \.isNewline).compactMap { line -> String? in
            guard let range = line.range(of: "server message: ") else { return nil }
            return String(line[range.upperBound...])
        }
        let summary = (replies.last ?? stderr.split(whereSeparator: \.isNewline).first.map(String.init) ?? "exit status \(status)")
        if let reply = replies.last, reply.hasPrefix("5") { return .permanent(String(summary.prefix(300))) }
        return .temporary(String(summary.prefix(300)))
    }
}
