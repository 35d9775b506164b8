import ArgumentParser
import Foundation
import Logging
import SediaCalendar
import SediaCore
import SediaMail
import SediaServer
import SediaStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the web application and the calendar feeds.",
        discussion: "GET /healthz answers 200 once the database is open and the routes are ready.")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on (0: a free port the system chooses, printed on the \"serving\" line).") var port: Int = 8080
    @Flag(help: "Mark cookies Secure (set when users reach the server over HTTPS, e.g. behind a TLS proxy).") var secureCookies = false
    @Option(help: "Public base URL used in feed links (e.g. https://sedia.example.my).") var publicUrl: String?
    @Flag(
        help:
            "Behind a reverse proxy: count failed sign-ins by the address the proxy appends to X-Forwarded-For, not by the proxy's."
    )
    var trustForwardedFor = false
    @OptionGroup var home: HomeOptions
    @OptionGroup var mail: MailTransportOptions
    @Flag(help: "Do not send e-mail: the outbox only fills (`sedia mail send` can deliver it).") var noMail = false
    @Option(help: "Weekday of the prosecutors' digest (mon…sun, Malaysian time).") var digestDay: Weekday = .mon
    @Option(help: "Hour of the prosecutors' digest, 0…23, Malaysian time.") var digestHour: Int = 7
    @Option(help: "Seconds a changed booking's message waits for further changes before it goes (coalescing).") var mailHold: Double = 2
    @Option(help: "Search iterations per solve of a what-if question asked on the web (as `sedia whatif --iterations`).")
    var whatifIterations: Int = 3000
    @Option(
        help: ArgumentHelp(
            "Serve GET /metrics (Prometheus text) to a scraper sending `Authorization: Bearer TOKEN`, TOKEN read from this file.",
            discussion: "At least 32 characters, not readable by others (e.g. mode 0640, group sedia). Without it /metrics is 404."))
    var metricsTokenFile: String?
    @Option(help: "Days the app plans, from today (Malaysian time): nothing outside is offered or booked.")
    var horizonDays: Int = PlanningWindow.defaultDays

    func validate() throws {
        guard PlanningWindow.allowedDays.contains(horizonDays) else {
            throw ValidationError("--horizon-days: must be 1…3650, got \(horizonDays)")
        }
        // Checked here: the socket layer keeps only 16 bits of the number, so 99999 would listen on another port.
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port: must be 0…65535, got \(port)")
        }
        guard (0...23).contains(digestHour) else {
            throw ValidationError("--digest-hour: must be 0…23, got \(digestHour)")
        }
        guard mailHold >= 0, mailHold <= 3600 else {
            throw ValidationError("--mail-hold: must be 0…3600 seconds")
        }
        guard (1...1_000_000).contains(whatifIterations) else {
            throw ValidationError("--whatif-iterations: must be 1…1000000, got \(whatifIterations)")
        }
        try mail.validateAddress()
    }

    /// The token in `path`: one line of at least 32 printable characters, in a file others cannot read.
    static func readToken(_ path: String) throws -> String {
        let problem: String?
        var token = ""
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path), let data = FileManager.default.contents(atPath: path) {
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if mode & 0o004 != 0 {
                problem = "\(path) is readable by every user; make it readable by the service only (chmod 0640)"
            } else if token.count < 32 || !token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) {
                problem = "the token in \(path) must be one line of at least 32 printable characters without spaces"
            } else {
                problem = nil
            }
        } else {
            problem = "\(path) cannot be read"
        }
        if let problem {
            throw BadInput("--metrics-token-file: \(problem)")
        }
        return token
    }

    func run() async throws {
        // Every line escaped where it is made: clients' values (usernames, paths, ids) never break or forge a line.
        var logger = Logger(label: "sedia") { label in ServerLogHandler.standardError(label: label) }
        logger.logLevel = .info
        // Checked before SQLite maps the -shm: an unwritable one must stop the server here, with the reason.
        if let problem = AppDatabase.writeProblem(path: store.db) {
            throw BadInput("\(store.db): cannot serve: \(problem)")
        }
        let database = try store.open()
        var configuration = ServerConfiguration(
            host: host, port: port, secureCookies: secureCookies, publicBaseURL: publicUrl, trustForwardedFor: trustForwardedFor)
        configuration.whatifIterations = whatifIterations
        if let metricsTokenFile { configuration.metricsToken = try Self.readToken(metricsTokenFile) }
        configuration.horizonDays = horizonDays
        // Targets left empty at intake come from rules/ and calendars/ (checked here: bad rule files stop the server with exit 2).
        let rules = try RulesContext.load(home)
        let book = rules.book
        let calendars = rules.calendars
        var hooks = PlanningHooks.live
        hooks.disposalTarget = { court, state, registered in book.disposalDue(court: court, state: state, registeredOn: registered) }
        hooks.interviewTarget = { state, reported in book.interviewTarget(state: state, reportedOn: reported, calendars: calendars) }
        let dependencies = ServerDependencies(
            database: database, hooks: hooks, configuration: configuration, logger: logger,
            rules: ServerRules(book: book, calendars: calendars), places: try rules.places())
        let host = host
        // The delivery worker beside the web server: woken by every commit (the store's CommitProbe), stopped with it.
        let worker: Task<Void, Never>? =
            noMail
            ? nil
            : try {
                let mailWorker = MailWorker(
                    outbox: database, transport: try mail.transport(), options: MailOptions(from: mail.sender, holdSeconds: mailHold),
                    calendar: FeedInvitations.init(secret:), logger: logger)
                let schedule = DigestSchedule(weekday: digestDay, hour: digestHour)
                let mailLogger = logger
                let probe = CommitProbe(path: store.db)
                let commitVersion: (@Sendable () -> Int?)? = probe.map { probe in { @Sendable in probe.version() } }
                return Task {
                    await mailWorker.run(commitVersion: commitVersion) {
                        guard schedule.isDue(at: database.clock()) else { return }
                        let today = MalaysianTime.day(unixSeconds: Int64(database.clock().timeIntervalSince1970))
                        do {
                            try Digest.queueWeekly(database: database, book: book, calendars: calendars, today: today)
                        } catch {
                            mailLogger.error("mail: the weekly digest could not be queued: \(String(describing: error))")
                        }
                    }
                }
            }()
        defer { worker?.cancel() }
        // Under systemd (Type=notify): READY=1 once the routes answer, WATCHDOG=1 while the server runs, STOPPING=1 at the end.
        let serviceManager = ServiceManagerLink(environment: ProcessInfo.processInfo.environment)
        try await runServer(dependencies) { port in
            // Unbuffered, so scripts waiting for this line see it at once; the port is the bound one (also for --port 0).
            CLIIO.print("sedia serving on http://\(host):\(port)/")
            serviceManager?.ready(status: "serving on \(host):\(port)")
        }
        serviceManager?.stopping()
        worker?.cancel()
        await worker?.value
    }
}
