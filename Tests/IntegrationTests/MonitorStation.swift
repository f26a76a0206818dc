import AsyncHTTPClient
import Foundation
import NIOCore
import TraceTesting

/// Helpers for the metrics and status-page tests: a station whose daemon serves `[metrics]` and
/// `[status_page]`, and a plain HTTP client to read them.
extension Station {
    /// The config with `[metrics]` (and `[status_page]` on the same address unless `statusPage` is false).
    func writeMonitorConfig(listen: String = "127.0.0.1:0", statusPage: Bool = true, dedupMs: Int = 0, upstream: Bool = true) throws {
        try writeConfig(dedupMs: dedupMs, upstream: upstream, devices: """
            [metrics]
            listen = "\(listen)"

            \(statusPage ? "[status_page]\nlisten = \"\(listen)\"" : "")

            [[device]]
            id = "scanner-1"
            driver = "serial"
            path = "\(dir)/scanner"
            framing = "cr"
            reopen_max_ms = 200
            """)
    }

    /// The monitor's base URL, from the daemon's "monitor listening on http://…" line.
    func monitorURL() async throws -> String {
        let line = try await daemon!.waitForLine { $0.contains("monitor listening on http://") }
        let start = try needed(line.range(of: "http://"), "URL in \(line)").lowerBound
        let url = line[start...].prefix { !$0.isWhitespace }
        return String(url)
    }

    /// GET `url`: status, body, headers.
    func httpGet(_ url: String, host: String? = nil) async throws -> (status: Int, body: String, headers: [String: String]) {
        var request = HTTPClientRequest(url: url)
        if let host { request.headers.replaceOrAdd(name: "Host", value: host) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 8 << 20)
        var headers: [String: String] = [:]
        for h in response.headers { headers[h.name.lowercased()] = h.value }
        return (Int(response.status.code), String(buffer: body), headers)
    }

    /// Scrapes `/metrics` and parses it strictly.
    func scrape(_ base: String) async throws -> PrometheusText {
        let r = try await httpGet(base + "/metrics")
        guard r.status == 200 else { throw TestFailure("/metrics answered \(r.status): \(r.body)") }
        return try PrometheusText(r.body)
    }

    /// Scrapes until `predicate` holds; returns the last scrape.
    @discardableResult
    func waitForMetrics(_ base: String, timeout: Duration = .seconds(20), _ predicate: (PrometheusText) -> Bool) async throws -> PrometheusText {
        let deadline = ContinuousClock.now + timeout
        var last = try await scrape(base)
        while !predicate(last) {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("metrics never matched; last scrape:\n\(last.samples.map { "\($0.name)\($0.labels) \($0.value)" }.joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(150))
            last = try await scrape(base)
        }
        return last
    }
}

func needed<T>(_ value: T?, _ what: @autoclosure () -> String = "value") throws -> T {
    guard let value else { throw TestFailure("missing \(what())") }
    return value
}
