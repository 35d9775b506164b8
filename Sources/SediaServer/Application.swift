public import Foundation
public import Hummingbird
public import Logging
import NIOCore
public import SediaCore
public import SediaStore

/// How the server listens and how its cookies behave.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Set when the server is reached over TLS (directly or behind a TLS proxy): cookies get `Secure`.
    public var secureCookies: Bool
    /// How long a sign-in lasts.
    public var sessionLifetime: TimeInterval
    /// How long a session may go unused before it ends (the database's clock decides).
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// Public base URL for feed links (`https://sedia.example.my`); nil means the address the request came to.
    public var publicBaseURL: String?
    /// Set behind a reverse proxy: the sign-in throttle then counts by the address the proxy puts last in
    /// `X-Forwarded-For` instead of the proxy's own address (which would make one attacker slow everyone down).
    public var trustForwardedFor: Bool
    /// Seconds the background replan may take in all (its budgets share the cores), so the proposal is on the page
    /// within about that time.
    public var replanSeconds: Double = 4
    /// Search iterations per budget instead of a time limit (tests: the same proposal every run).
    public var replanIterations: Int?
    /// Search iterations per solve of a what-if question (as `sedia whatif --iterations`).
    public var whatifIterations: Int = 3000
    /// The bearer token `GET /metrics` asks for; nil: no /metrics route (404).
    public var metricsToken: String?

    /// Browsers are told to use only HTTPS for this site (HSTS) when its public address is an https one.
    public var sendsHSTS: Bool { Self.isHTTPS(publicBaseURL) }

    static func isHTTPS(_ url: String?) -> Bool { url?.lowercased().hasPrefix("https://") == true }
    /// Seconds a connection may stay idle, or half-sent, before the server closes it (a proxy's own timeouts stay
    /// in front of it: docs/security.md).
    public var idleTimeout: Int = 30
    /// Connections open at once; further ones wait in the listen backlog until one closes.
    public var maxConnections: Int = 512
    /// Days the app plans, from today (Malaysian time): `sedia serve --horizon-days`.
    public var horizonDays: Int = PlanningWindow.defaultDays

    public init(
        host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, sessionLifetime: TimeInterval = 8 * 3600,
        publicBaseURL: String? = nil, trustForwardedFor: Bool = false
    ) {
        self.host = host
        self.port = port
        // A public address under https means every user arrives over TLS: cookies are Secure whatever the flag says.
        self.secureCookies = secureCookies || Self.isHTTPS(publicBaseURL)
        self.sessionLifetime = sessionLifetime
        self.publicBaseURL = publicBaseURL
        self.trustForwardedFor = trustForwardedFor
    }
}

/// Hooks into the planning core, filled in by whoever composes the server (the CLI, the tests).
///
/// The server calls these instead of importing the solver's entry points directly, so the pages keep working
/// whatever planning code is linked, and tests can count calls.
public struct PlanningHooks: Sendable {
    /// The broken rules that refuse a change: checks `plan` (every booking) against `instance` for `cases`.
    public var check: @Sendable (_ instance: Instance, _ plan: Plan, _ cases: Set<Case.ID>) -> [Violation]
    /// Up to `top` placements for one task of one case, best first, each with why; or the reasons there are none.
    public var suggest: @Sendable (_ instance: Instance, _ plan: Plan, _ caseID: Case.ID, _ task: TaskKind, _ top: Int) -> SlotSuggestions
    /// The disposal target that `rules/` gives a case registered on a day at a court of a state (nil: none published).
    public var disposalTarget: @Sendable (_ court: Court.ID, _ state: StateInfo.ID, _ registeredOn: Day) -> Day?
    /// The interview target that `rules/` gives a report made on a day in a state.
    public var interviewTarget: @Sendable (_ state: StateInfo.ID, _ reportedOn: Day) -> Day?

    public init(
        check: @escaping @Sendable (Instance, Plan, Set<Case.ID>) -> [Violation],
        suggest: @escaping @Sendable (Instance, Plan, Case.ID, TaskKind, Int) -> SlotSuggestions,
        disposalTarget: @escaping @Sendable (Court.ID, StateInfo.ID, Day) -> Day? = { _, _, _ in nil },
        interviewTarget: @escaping @Sendable (StateInfo.ID, Day) -> Day? = { _, _ in nil }
    ) {
        self.check = check
        self.suggest = suggest
        self.disposalTarget = disposalTarget
        self.interviewTarget = interviewTarget
    }
}

/// What "find a slot" shows: placements with their score change and why, or why there are none.
public struct SlotSuggestions: Sendable, Equatable {
    /// One candidate placement.
    public struct Placement: Sendable, Equatable {
        public var interview: InterviewBooking?
        public var hearing: HearingBooking?
        public var scoreChange: String
        public var why: [String]
        /// The change in each part of the score (unassigned, late, cost), for those who want it.
        public var delta: Score?
        /// What the page puts into words: distance from the child, days before the target.
        public var facts: PlacementFacts

        public init(
            interview: InterviewBooking?, hearing: HearingBooking?, scoreChange: String, why: [String], delta: Score? = nil,
            facts: PlacementFacts = PlacementFacts()
        ) {
            self.interview = interview
            self.hearing = hearing
            self.scoreChange = scoreChange
            self.why = why
            self.delta = delta
            self.facts = facts
        }
    }

    public var placements: [Placement]
    public var reasons: [UnplacedReason]

    public init(placements: [Placement], reasons: [UnplacedReason]) {
        self.placements = placements
        self.reasons = reasons
    }
}

/// Everything the routes need.
public struct ServerDependencies: Sendable {
    public var database: AppDatabase
    public var hooks: PlanningHooks
    public var configuration: ServerConfiguration
    public var logger: Logger
    /// The rule book and working calendars (rules/ and calendars/): checklists, stage deadlines and the deadlines feeds
    /// come from them. Nil only in tests that do not need them.
    public var rules: ServerRules?
    /// Background replans (one per scope); given by tests that wait on a job's completion.
    public var replanJobs: ReplanJobs
    /// Background what-if questions (one per scope), likewise.
    public var whatifJobs: WhatifJobs
    /// Request counts and times, and the sign-in throttle's refusals, for `/metrics`.
    public var metrics: ServerMetrics
    /// The places a child's home is chosen from at intake (`rules/places/`); empty: the form says none is installed.
    public var places: Gazetteer

    public init(
        database: AppDatabase, hooks: PlanningHooks, configuration: ServerConfiguration, logger: Logger, rules: ServerRules? = nil,
        replanJobs: ReplanJobs = ReplanJobs(), whatifJobs: WhatifJobs = WhatifJobs(), metrics: ServerMetrics = ServerMetrics(),
        places: Gazetteer = .empty
    ) {
        self.metrics = metrics
        self.places = places
        self.whatifJobs = whatifJobs
        self.database = database
        self.hooks = hooks
        self.configuration = configuration
        self.logger = logger
        self.rules = rules
        self.replanJobs = replanJobs
    }
}

/// The rules the server works from, loaded once at start-up (a bad rule file stops `sedia serve` with exit 2).
public struct ServerRules: Sendable {
    public var book: RuleBook
    public var calendars: WorkingCalendars

    public init(book: RuleBook, calendars: WorkingCalendars) {
        self.book = book
        self.calendars = calendars
    }
}

/// Builds the HTTP application: the router plus the listening address.
public func buildApplication(
    _ dependencies: ServerDependencies, onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws
    -> some ApplicationProtocol
{
    let (router, feeds) = try await buildRoutes(dependencies)
    let configuration = dependencies.configuration
    return Application(
        responder: MetricsResponder(metrics: dependencies.metrics, inner: FeedFirstResponder(feeds: feeds, inner: router.buildResponder())),
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeout)))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Sedia",
            availableConnectionsDelegate: .maximum(configuration.maxConnections, logger: dependencies.logger)),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? dependencies.configuration.port) },
        logger: dependencies.logger)
}

/// Builds the application and runs it until the process is told to stop (SIGINT/SIGTERM end it gracefully).
///
/// The database must be writable before anything is served (an unwritable -shm would otherwise fail later, at the
/// first write, or worse); on the way out the WAL is checkpointed and truncated, so a stop right after a write leaves
/// every commit in the database file itself.
public func runServer(_ dependencies: ServerDependencies, onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) async throws {
    let database = dependencies.database
    if let problem = database.writeProblem() { throw StoreError(.database, "cannot serve: \(problem)") }
    try database.probeWrite()
    let app = try await buildApplication(dependencies, onServerRunning: onServerRunning)
    do {
        try await app.runService()
    } catch {
        checkpointOnStop(dependencies)
        throw error
    }
    checkpointOnStop(dependencies)
}

func checkpointOnStop(_ dependencies: ServerDependencies) {
    do {
        let result = try dependencies.database.checkpoint()
        if result.framesLeft != 0 {
            dependencies.logger.notice("on stop: part of the WAL stays unmerged (a reader such as a replicator holds it); SQLite merges it later")
        }
    } catch {
        dependencies.logger.error("on stop: \(error.message)")
    }
}

/// Builds the router with every route; tests drive it without sockets.
public func buildRouter(_ dependencies: ServerDependencies) async throws -> Router<AppRequestContext> {
    try await buildRoutes(dependencies).router
}

/// The router and the feed controller it serves feeds with (which a running server also calls before the router).
func buildRoutes(_ dependencies: ServerDependencies) async throws -> (router: Router<AppRequestContext>, feeds: FeedController) {
    let translations = try Translations.load()
    // HEAD on every GET route answers as GET does, without the body.
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: SecurityHeadersMiddleware(hsts: dependencies.configuration.sendsHSTS))
    // The session first, so that error pages know who reads them and in which language.
    router.add(middleware: SessionMiddleware(database: dependencies.database, idleTimeout: dependencies.configuration.sessionIdleTimeout))
    router.add(middleware: ErrorPageMiddleware(translations: translations))
    router.add(middleware: QueryLimitMiddleware())
    router.add(middleware: SameOriginMiddleware(publicBaseURL: dependencies.configuration.publicBaseURL))

    router.get("/healthz") { _, _ -> Response in
        // Ready means the database answers and can be written: a server that can only read would refuse every form.
        _ = try dependencies.database.dataVersion()
        if let problem = dependencies.database.writeProblem() { return Response.plain(.serviceUnavailable, "database not writable: \(problem)\n") }
        return Response.plain(.ok, "ok\n")
    }
    router.get("/robots.txt") { _, _ in
        // Feeds are fetched by calendar services, never indexed: nothing under /feeds/ is disallowed, the pages are.
        Response.plain(.ok, "User-agent: *\nDisallow: /cases\nDisallow: /board\nDisallow: /week\nDisallow: /me\nDisallow: /login\n")
    }
    let snapshots = SnapshotCache()
    let publisher = FeedPublisher(
        database: dependencies.database, snapshots: snapshots, rules: dependencies.rules, logger: dependencies.logger,
        horizonDays: dependencies.configuration.horizonDays, gazetteer: dependencies.places)
    let feeds = FeedController(database: dependencies.database, logger: dependencies.logger, publisher: publisher)
    feeds.addRoutes(to: router)
    router.add(middleware: FeedRefreshMiddleware(publisher: publisher))
    if let token = dependencies.configuration.metricsToken { MetricsEndpoint(token: token, dependencies: dependencies).addRoutes(to: router) }
    Pages.addRoutes(to: router, kit: PageKit(dependencies: dependencies, translations: translations, snapshots: snapshots))
    return (router, feeds)
}

/// The request context: the signed-in user and the session's CSRF secret, when there is a session.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: User?
    public var csrf: String?
    public var sessionHash: [UInt8]?
    /// The address of the connection's other end (nil when there is no socket, as in tests through the router).
    public var clientAddress: String?
    /// The language of the pages for this request (see `SessionMiddleware`).
    public var language: Language = .en
    /// The path and query of a page request, where the language switch returns to.
    public var path: String = "/"
    /// The page's query parameters, decoded once per request (the first of a repeated name); empty when the query is
    /// over `QueryLimit` (the request is then refused).
    public var queryValues: [String: String] = [:]

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Forms are small; anything larger is refused before it is read (413).
    public var maxUploadSize: Int { 64 * 1024 }
}

extension Response {
    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ status: HTTPResponse.Status = .ok, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
