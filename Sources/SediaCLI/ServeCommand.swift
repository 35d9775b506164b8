import ArgumentParser
import Foundation
import Logging
import SediaCore
import SediaServer
import SediaStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the web application and the calendar feeds.",
        discussion: "GET /healthz answers 200 once the database is open and the routes are ready.")

    @Option(help: "The SQLite database file.") var db: String
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Flag(help: "Mark cookies Secure (set when users reach the server over HTTPS, e.g. behind a TLS proxy).") var secureCookies = false
    @Option(help: "Public base URL used in feed links (e.g. https://sedia.example.my).") var publicUrl: String?
    @OptionGroup var home: HomeOptions

    func run() async throws {
        var logger = Logger(label: "sedia")
        logger.logLevel = .info
        // Checked before SQLite maps the -shm: an unwritable one must stop the server here, with the reason.
        if let problem = AppDatabase.writeProblem(path: db) {
            CLIIO.printErr("\(db): cannot serve: \(problem)")
            throw ExitCode(2)
        }
        let database = try openDatabase(db)
        let configuration = ServerConfiguration(host: host, port: port, secureCookies: secureCookies, publicBaseURL: publicUrl)
        // Targets left empty at intake come from rules/ and calendars/ (checked here: bad rule files stop the server with exit 2).
        let rules = try RulesContext.load(home)
        let book = rules.book
        let calendars = rules.calendars
        var hooks = PlanningHooks.live
        hooks.disposalTarget = { court, state, registered in book.disposalDue(court: court, state: state, registeredOn: registered) }
        hooks.interviewTarget = { state, reported in book.interviewTarget(state: state, reportedOn: reported, calendars: calendars) }
        let dependencies = ServerDependencies(
            database: database, hooks: hooks, configuration: configuration, logger: logger,
            rules: ServerRules(book: book, calendars: calendars))
        let host = host
        let port = port
        try await runServer(dependencies) {
            // Written straight to the file descriptor so scripts waiting for this line see it at once.
            FileHandle.standardOutput.write(Data("sedia serving on http://\(host):\(port)/\n".utf8))
        }
    }
}
