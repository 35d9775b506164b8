import Foundation
public import Hummingbird
import NIOCore
import Prometheus
import SediaStore

/// The server's Prometheus metrics (`GET /metrics`, Prometheus text format). Its own registry, never the process-wide
/// `MetricsSystem`: two servers in one test process count apart. Request counts and durations are labelled by the route's
/// template (`/cases/{id}`), never the raw path, which can hold a feed token or a case reference.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init() {}

    /// The throttle's counter: counted by the sign-in pages, and present from the first scrape.
    static var signInThrottled: MetricNameDescriptor { name("signin_throttled", help: "Sign-in attempts refused by the throttle.") }

    static func name(_ base: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sedia", metricName: base, unitName: unit, helpText: help)
    }

    /// Counts one answered request and its time.
    func observe(route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("http_requests", help: "HTTP requests answered, by route template and status."),
            labels: [("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("http_request_duration", unit: "seconds", help: "Time to answer an HTTP request, by route template."),
            labels: [("route", route)], buckets: Self.buckets
        ).record(duration)
    }

    /// Counts one sign-in refused by the throttle.
    func signInThrottled() {
        registry.makeCounter(descriptor: Self.signInThrottled).increment()
    }

    /// The text of a scrape: the gauges read now (outbox, backup, files, jobs), then every family.
    func scrape(_ dependencies: ServerDependencies) throws -> String {
        let figures = try dependencies.database.operationsFigures()
        let now = dependencies.database.clock()
        for (status, count) in [("queued", figures.outbox.queued), ("sent", figures.outbox.sent), ("failed", figures.outbox.failed)] {
            gauge("outbox_messages", help: "Messages in the outbox, by status.", labels: [("status", status)]).set(to: Double(count))
        }
        gauge("outbox_oldest_queued", unit: "seconds", help: "Age of the oldest message still queued (0 when none is).")
            .set(to: figures.oldestQueuedAt.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        gauge("last_backup_timestamp", unit: "seconds", help: "When the last sedia backup finished (Unix time; 0: never).")
            .set(to: figures.lastBackupAt?.timeIntervalSince1970 ?? 0)
        gauge("database", unit: "bytes", help: "Size of the database file.").set(to: Double(figures.databaseBytes))
        gauge("wal", unit: "bytes", help: "Size of the database's write-ahead log.").set(to: Double(figures.walBytes))
        for (kind, counts) in [("replan", dependencies.replanJobs.countsByState()), ("whatif", dependencies.whatifJobs.board.countsByState())] {
            for (state, count) in counts {
                gauge("background_jobs", help: "Background jobs held, by kind and state.", labels: [("kind", kind), ("state", state)])
                    .set(to: Double(count))
            }
        }
        // The throttle's counter exists from the first scrape, at 0, so an alert on its rate has a series to read.
        _ = registry.makeCounter(descriptor: Self.signInThrottled)
        return registry.emitToString()
    }

    private func gauge(_ base: String, unit: String = "", help: String, labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: Self.name(base, unit: unit, help: help), labels: labels)
    }
}

/// Measures every answer (feeds included) for `ServerMetrics`, outermost, so the time is the whole request's.
struct MetricsResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == AppRequestContext {
    typealias Context = AppRequestContext
    let metrics: ServerMetrics
    let inner: Inner

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let route = { () -> String in
            if request.uri.path.hasPrefix("/feeds/") { return "/feeds/{file}" }
            // The router writes the matched template into the context's shared box; unmatched paths are one label.
            return context.endpointPath ?? "unmatched"
        }
        do {
            let response = try await inner.respond(to: request, context: context)
            metrics.observe(route: route(), status: response.status.code, duration: ContinuousClock.now - start)
            return response
        } catch let error as any HTTPResponseError {
            metrics.observe(route: route(), status: error.status.code, duration: ContinuousClock.now - start)
            throw error
        } catch {
            metrics.observe(route: route(), status: 500, duration: ContinuousClock.now - start)
            throw error
        }
    }
}

/// `GET /metrics` for a scraper holding the token: `Authorization: Bearer <token>`, compared in constant time. Never
/// gated by source address (behind a proxy every request comes from loopback).
struct MetricsEndpoint: Sendable {
    let token: String
    let dependencies: ServerDependencies

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/metrics") { request, _ -> Response in
            let given = request.headers[.authorization] ?? ""
            guard given.hasPrefix("Bearer "), constantTimeEqual(Secrets.hash(String(given.dropFirst(7))), Secrets.hash(token)) else {
                var response = Response.plain(.unauthorized, "unauthorized\n")
                response.headers[.wwwAuthenticate] = "Bearer realm=\"sedia-metrics\""
                return response
            }
            let text = try dependencies.metrics.scrape(dependencies)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
