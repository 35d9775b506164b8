import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SediaServer
import SediaStore
import Testing

/// `GET /metrics` (issue 25): only with the bearer token, in Prometheus text, routes by template, never a raw path.
struct MetricsTests {
    static let token = "metrics-token-0123456789abcdefghijklmnopqrstuvwxyz"

    static func dependencies(_ harness: Harness, token: String?) -> ServerDependencies {
        var configuration = ServerConfiguration(port: 0)
        configuration.metricsToken = token
        return ServerDependencies(database: harness.database, hooks: harness.hooks, configuration: configuration, logger: Logger(label: "test"))
    }

    @Test func withoutTheOptionThereIsNoMetricsRoute() async throws {
        let harness = try Harness()
        try await buildApplication(Self.dependencies(harness, token: nil)).test(.live) { client async throws in
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(Self.token)"]).status == .notFound)
        }
    }

    @Test func aMissingOrWrongTokenIs401() async throws {
        let harness = try Harness()
        try await buildApplication(Self.dependencies(harness, token: Self.token)).test(.live) { client async throws in
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer wrong"]).status == .unauthorized)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: Self.token]).status == .unauthorized)
            // The same from loopback with X-Forwarded-For: the source address opens nothing.
            #expect(
                try await client.execute(uri: "/metrics", method: .get, headers: [HTTPFields.Element.Name("X-Forwarded-For")!: "127.0.0.1"]).status
                    == .unauthorized)
        }
    }

    @Test func aScrapeHasEveryFamilyAndRoutesByTemplate() async throws {
        let harness = try Harness()
        // A backup, so the last-backup gauge has a time; removed after the test, as every file a test makes.
        let backup = FileManager.default.temporaryDirectory.appendingPathComponent("sedia-metrics-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: backup) }
        try harness.database.backup(to: backup.path)
        try await buildApplication(Self.dependencies(harness, token: Self.token)).test(.live) { client async throws in
            _ = try await client.execute(uri: "/healthz", method: .get)
            _ = try await client.execute(uri: "/cases/K-2027-0001", method: .get)
            _ = try await client.execute(uri: "/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", method: .get)
            let answer = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(buffer: answer.body)
            let samples = try PrometheusText.parse(text)
            for family in [
                "sedia_http_requests", "sedia_http_request_duration_seconds_bucket", "sedia_outbox_messages", "sedia_outbox_oldest_queued_seconds",
                "sedia_last_backup_timestamp_seconds", "sedia_database_bytes", "sedia_wal_bytes", "sedia_signin_throttled", "sedia_background_jobs",
            ] {
                #expect(samples.contains { $0.name == family }, "\(family) missing")
            }
            #expect(samples.contains { $0.name == "sedia_http_requests" && $0.labels["route"] == "/healthz" && $0.labels["status"] == "200" })
            #expect(samples.contains { $0.name == "sedia_http_requests" && $0.labels["route"] == "/feeds/{file}" && $0.labels["status"] == "404" })
            #expect(samples.contains { $0.name == "sedia_http_requests" && $0.labels["route"] == "/cases/{id}" })
            // Never a raw path: no case reference and no token in any label.
            #expect(!text.contains("K-2027-0001"))
            #expect(!text.contains("AAAAAAAAAAAA"))
            let backup = try #require(samples.first { $0.name == "sedia_last_backup_timestamp_seconds" })
            #expect(abs(backup.value - harness.database.clock().timeIntervalSince1970) < 3600)
            #expect(samples.contains { $0.name == "sedia_outbox_messages" && $0.labels["status"] == "queued" })
            #expect(samples.contains { $0.name == "sedia_background_jobs" && $0.labels == ["kind": "replan", "state": "running"] })
        }
    }
}

/// A reader of the Prometheus text exposition format (version 0.0.4), strict enough to fail on a malformed line.
enum PrometheusText {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var description: String { "malformed metrics line: \(line)" }
    }

    static func parse(_ text: String) throws -> [Sample] {
        var samples: [Sample] = []
        for raw in text.split(separator: "\n") {
            let line = String(raw)
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3)
                guard parts.count >= 3, ["HELP", "TYPE"].contains(parts[1]) else { throw Malformed(line: line) }
                if parts[1] == "TYPE", parts.count == 4, !["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) {
                    throw Malformed(line: line)
                }
                continue
            }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...].replacing("+Inf", with: "inf")) else {
                throw Malformed(line: line)
            }
            let series = line[..<space]
            var labels: [String: String] = [:]
            let name: String
            if let brace = series.firstIndex(of: "{") {
                guard series.hasSuffix("}") else { throw Malformed(line: line) }
                name = String(series[..<brace])
                let body = series[series.index(after: brace)..<series.index(before: series.endIndex)]
                for pair in body.split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2, kv[1].hasPrefix("\""), kv[1].hasSuffix("\""), kv[1].count >= 2 else { throw Malformed(line: line) }
                    labels[String(kv[0])] = String(kv[1].dropFirst().dropLast())
                }
            } else {
                name = String(series)
            }
            guard name.range(of: #"^[a-zA-Z_:][a-zA-Z0-9_:]*$"#, options: .regularExpression) != nil else { throw Malformed(line: line) }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        return samples
    }
}
