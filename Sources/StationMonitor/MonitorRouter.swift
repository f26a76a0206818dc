import Foundation
import NIOHTTP1

/// Answers the monitor endpoint's requests: `/metrics` (Prometheus text) when metrics are on; `/`,
/// `/status.json`, `/status.js` and `/status.css` when the status page is on.
public struct MonitorRouter: Sendable {
    let source: StationSnapshotSource
    let metrics: StationMetrics?
    let statusPage: Bool
    /// False: requests whose Host header is not a loopback name are refused (DNS rebinding).
    let allowRemote: Bool

    public init(source: StationSnapshotSource, metrics: StationMetrics?, statusPage: Bool, allowRemote: Bool) {
        self.source = source
        self.metrics = metrics
        self.statusPage = statusPage
        self.allowRemote = allowRemote
    }

    /// The answer to one request.
    public func respond(method: HTTPMethod, uri: String, host: String?) async -> MonitorResponse {
        guard method == .GET || method == .HEAD else {
            var r = MonitorResponse.text(.methodNotAllowed, "only GET and HEAD")
            r.extraHeaders = [("Allow", "GET, HEAD")]
            return r
        }
        if !allowRemote, let host, !Self.isLoopbackHost(host) {
            return .text(.forbidden, "Host '\(host)' is not a loopback name; this endpoint answers loopback requests only")
        }
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        switch path {
        case "/metrics" where metrics != nil:
            do {
                let snapshot = try await source.snapshot()
                await metrics!.update(from: snapshot)
                return .init(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics!.render())
            } catch {
                return .text(.internalServerError, "cannot read the event store: \(error)")
            }
        case "/", "/index.html":
            return statusPage ? page(StatusPageAssets.html, "text/html; charset=utf-8") : notFound(path)
        case "/status.js":
            return statusPage ? page(StatusPageAssets.script, "text/javascript; charset=utf-8") : notFound(path)
        case "/status.css":
            return statusPage ? page(StatusPageAssets.style, "text/css; charset=utf-8") : notFound(path)
        case "/status.json" where statusPage:
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                var r = MonitorResponse(status: .ok, contentType: "application/json",
                                        body: Array(try encoder.encode(try await source.snapshot())))
                r.extraHeaders = [("Cache-Control", "no-store")]
                return r
            } catch {
                return .text(.internalServerError, "cannot read the event store: \(error)")
            }
        default:
            return notFound(path)
        }
    }

    private func notFound(_ path: String) -> MonitorResponse {
        var paths: [String] = []
        if metrics != nil { paths.append("/metrics") }
        if statusPage { paths += ["/", "/status.json"] }
        return .text(.notFound, "no such page; this endpoint serves \(paths.joined(separator: ", "))")
    }

    private func page(_ text: String, _ type: String) -> MonitorResponse {
        var r = MonitorResponse(status: .ok, contentType: type, body: Array(text.utf8))
        // Nothing from elsewhere: no CDN, no inline script.
        r.extraHeaders = [
            ("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'"),
            ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-cache"),
        ]
        return r
    }

    /// `localhost`, `127.x.y.z` and `[::1]`, with or without a port.
    static func isLoopbackHost(_ hostHeader: String) -> Bool {
        var host = Substring(hostHeader.lowercased())
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            return host[host.index(after: host.startIndex)..<close] == "::1"
        }
        if let colon = host.firstIndex(of: ":") { host = host[..<colon] }
        if host == "localhost" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
