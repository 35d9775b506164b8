import ArgumentParser
import Foundation
import Logging
import SediaCalendar
import SediaCore
import SediaMail
import SediaServer
import SediaStore

struct ImportContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "Set people's e-mail addresses and delivery choices (by person id).",
        discussion: """
            Fields: id, email (empty clears it), delivery (feed|invitations|both; empty: invitations when an address is known).
            One transaction; an unknown id or a bad address refuses the file naming its line and field (exit 2).
            """)

    @OptionGroup var options: ImportFileOptions

    func run() throws {
        try runTableImport(options, parse: ImportRows.contacts) { (db, rows, actor) throws(StoreError) in try db.importContacts(rows, actor: actor) }
    }
}

/// `--smtp`, `--from` and the password, shared by `sedia serve` and `sedia mail send`.
struct MailTransportOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "SMTP submission server, smtp://[user@]host[:port] (STARTTLS; ?tls=off only for a loopback test server). Without it: the system's sendmail.",
            valueName: "url"))
    var smtp: String?
    @Option(help: ArgumentHelp("The installation's mailbox: From, envelope sender and invitations' ORGANIZER.", valueName: "address"))
    var from: String?
    @Option(help: ArgumentHelp("File holding the SMTP password (else the environment's SEDIA_SMTP_PASSWORD).", valueName: "path"))
    var smtpPasswordFile: String?

    static let defaultFrom = "sedia@localhost.localdomain"

    var sender: String { from ?? Self.defaultFrom }

    func validateAddress() throws {
        if let from, let problem = EmailRule.problem(from) {
            throw ValidationError("--from: \(problem)")
        }
    }

    /// The transport, or exit 2 naming the option at fault. The password is read here and handed to msmtp's
    /// environment only; it is never printed.
    func transport() throws -> any MailTransport {
        try validateAddress()
        guard let smtp else { return SendmailTransport.sendmail(from: sender) }
        let settings: SMTPSettings
        do {
            settings = try SMTPSettings(url: smtp)
        } catch {
            throw BadInput(error.message)
        }
        var password = ProcessInfo.processInfo.environment["SEDIA_SMTP_PASSWORD"]
        if let file = smtpPasswordFile {
            let bytes = try withInputErrors { try CLIIO.read(file) }
            password = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        return SendmailTransport.msmtp(settings, from: sender, password: password)
    }
}

struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "The e-mail outbox: invitations (iTIP over iMIP) and prosecutors' digests.",
        subcommands: [MailSendCommand.self, MailStatusCommand.self, MailDigestCommand.self])
}

struct MailSendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Try every queued message once, whatever its backoff, and exit.",
        discussion: "Exit status 0 when nothing is left queued, 1 otherwise (2 for bad options).")

    @OptionGroup var store: DatabaseOptions
    @OptionGroup var mail: MailTransportOptions

    func run() async throws {
        let transport = try mail.transport()
        let database = try store.open()
        var logger = Logger(label: "sedia-mail") { label in ServerLogHandler.standardError(label: label) }
        logger.logLevel = .warning
        let worker = MailWorker(
            outbox: database, transport: transport, options: MailOptions(from: mail.sender, holdSeconds: 0),
            calendar: FeedInvitations.init(secret:), logger: logger)
        let report: DeliveryReport
        do {
            report = try await worker.deliver(all: true)
        } catch {
            CLIIO.printErr(String(describing: error))
            throw ExitCode(1)
        }
        let counts = try storeCall { () throws(StoreError) in try database.outboxCounts() }
        CLIIO.print("sent \(report.sent), retrying \(report.retrying), failed \(report.failed); queued \(counts.queued)")
        if counts.queued > 0 { throw ExitCode(1) }
    }
}

enum MailStatusFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct MailStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Count and list queued, sent and failed messages (never their bodies).")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "table or json (an object with queued, sent, failed and messages).") var format: MailStatusFormat = .table
    @Option(help: "List at most this many messages, newest first.") var limit: Int = 200

    struct Report: Encodable {
        var queued: Int
        var sent: Int
        var failed: Int
        var messages: [OutboxEntry]
    }

    func run() throws {
        let database = try store.open()
        let (counts, messages) = try storeCall { () throws(StoreError) in (try database.outboxCounts(), try database.outbox(limit: limit)) }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(Report(queued: counts.queued, sent: counts.sent, failed: counts.failed, messages: messages))
            CLIIO.print(String(decoding: data, as: UTF8.self))
        case .table:
            CLIIO.print("queued \(counts.queued), sent \(counts.sent), failed \(counts.failed)")
            for m in messages {
                let what = m.kind == .invitation ? (m.method?.rawValue ?? "") + " seq \(m.sequence)" : "digest"
                CLIIO.print(
                    [String(m.id), m.status.rawValue, m.recipient, m.caseID ?? "-", what, "attempts \(m.attempts)", m.lastError ?? ""]
                        .joined(separator: "\t"))
            }
        }
    }
}

struct MailDigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest", abstract: "Queue a prosecutor's digest now (cases at risk or overdue, items due in 14 days).",
        discussion: "Prints the plain-text digest; `sedia mail send` (or the running server) delivers it.")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "The prosecutor's person id.") var prosecutor: String
    @OptionGroup var home: HomeOptions

    func run() throws {
        try CLIIO.requireIDs(["--prosecutor": prosecutor])
        let rules = try RulesContext.load(home)
        let database = try store.open()
        let today = MalaysianTime.day(unixSeconds: Int64(database.clock().timeIntervalSince1970))
        let language = try storeCall { () throws(StoreError) in try database.language(person: prosecutor) }
        guard
            let content = try Digest.make(
                prosecutor: prosecutor, database: database, book: rules.book, calendars: rules.calendars, today: today, language: language)
        else {
            throw BadInput("--prosecutor: \(prosecutor) holds no case")
        }
        let payload = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        // On demand: a key of its own (the time), so it never stands in for the weekly one.
        let key = "digest/\(prosecutor)/on-demand/\(Int(database.clock().timeIntervalSince1970))"
        _ = try storeCall { () throws(StoreError) in try database.queueDigest(prosecutor: prosecutor, key: key, payload: payload) }
        CLIIO.print(content.text)
    }
}
