import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TraceModel
import TraceStore

/// The EPCIS 2.0 capture mechanism of the uploader (`protocol = "epcis"`); the decisions are
/// ``EPCISCaptureClassifier``'s.
extension Uploader {
    /// `OPTIONS {url}/capture`: the advertised limits (none when the repository does not implement
    /// OPTIONS: 404, 405, 501), or what to do when it cannot say (no answer, 401, 5xx …).
    func discoverCaptureLimits(client: HTTPClient, token: String?) async -> Result<EPCISCaptureLimits, LimitsUnavailable> {
        var request = HTTPClientRequest(url: captureURL)
        request.method = .OPTIONS
        addHeaders(&request, token: token)
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = Array(buffer: (try? await response.body.collect(upTo: 1 << 20)) ?? ByteBuffer())
            let status = Int(response.status.code)
            switch status {
            case 200..<300:
                let limits = EPCISCaptureLimits(header: { response.headers.first(name: $0) })
                logger.info("EPCIS repository capture limits", metadata: [
                    "epcis.capture_limit": "\(limits.eventLimit.map(String.init) ?? "none")",
                    "epcis.file_size_limit": "\(limits.fileSizeLimit.map(String.init) ?? "none")",
                ])
                return .success(limits)
            case 404, 405, 501:
                logger.warning("EPCIS repository does not answer OPTIONS /capture; no capture limits known, using batch_max_events",
                               metadata: ["http.status": "\(status)"])
                return .success(EPCISCaptureLimits())
            default:
                let decision = ResponseClassifier.classify(status: status, retryAfter: response.headers.first(name: "Retry-After"),
                                                           body: body, batchCount: 1, nowMillis: Self.nowMillis())
                if case .retry = decision { return .failure(LimitsUnavailable(decision: decision)) }
                return .failure(LimitsUnavailable(decision: .retry(
                    after: nil, reason: "OPTIONS \(captureURL) answered \(status); events stay queued", link: .degraded)))
            }
        } catch {
            return .failure(LimitsUnavailable(decision: .retry(after: nil, reason: Self.failureReason(error), link: .offline)))
        }
    }

    /// Why the capture limits are not known: the decision for this round (always a retry).
    struct LimitsUnavailable: Error {
        var decision: UploadDecision
    }

    var captureURL: String { config.baseURL.trimmingSuffixSlashes() + "/capture" }

    var timeout: TimeAmount {
        TimeAmount.nanoseconds(Int64(config.requestTimeout.components.seconds) * 1_000_000_000
            + config.requestTimeout.components.attoseconds / 1_000_000_000)
    }

    func addHeaders(_ request: inout HTTPClientRequest, token: String?) {
        request.headers.add(name: "User-Agent", value: "edgetraced")
        request.headers.add(name: "GS1-EPCIS-Version", value: "2.0.0")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    }

    /// Encodes `batch` (its longest prefix whose document fits the advertised size), captures it and
    /// follows the capture job. Returns how many stored events the decision covers. Without limits
    /// (`OPTIONS /capture` got no answer) nothing is sent: a capture could break a limit not yet known.
    func sendEPCIS(_ batch: [StoredEvent], client: HTTPClient, token: String?,
                   limits known: Result<EPCISCaptureLimits, LimitsUnavailable>) async -> (Int, UploadDecision) {
        let limits: EPCISCaptureLimits
        switch known {
        case .success(let l): limits = l
        case .failure(let unavailable): return (batch.count, unavailable.decision)
        }
        let encoder = EPCISEncoder(prefixes: CompanyPrefixTable(overrides: config.companyPrefixes))
        var encoded = encoder.batch(batch)
        var bytes = encoder.documentBytes(encoded)
        while !limits.fits(bytes: bytes.count), encoded.stored.count > 1 {
            encoded = encoded.prefix(max(1, encoded.stored.count / 2))
            bytes = encoder.documentBytes(encoded)
        }
        let count = encoded.stored.count
        var local: [UploadDecision.Rejection] = []
        for (stored, item) in zip(encoded.stored, encoded.items) {
            if case .unencodable(let reason) = item { local.append(.init(eventID: stored.eventID, reason: reason)) }
        }
        let eventCount = encoded.encoded.count
        if eventCount == 0 { return (count, .delivered(rejected: local)) }
        if !limits.fits(bytes: bytes.count) {
            return (count, .quarantine(reason: "its EPCIS document is \(bytes.count) bytes; the repository takes fewer than \(limits.fileSizeLimit ?? 0)"))
        }
        var request = HTTPClientRequest(url: captureURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/ld+json")
        request.headers.add(name: "GS1-Capture-Error-Behaviour", value: "proceed")
        addHeaders(&request, token: token)
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let outcome: EPCISCaptureClassifier.CaptureOutcome
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 4 << 20)
            outcome = EPCISCaptureClassifier.classifyCapture(
                status: Int(response.status.code), location: response.headers.first(name: "Location"),
                retryAfter: response.headers.first(name: "Retry-After"), body: Array(buffer: body),
                eventCount: eventCount, nowMillis: Self.nowMillis())
            if case .decision(_, let problem?) = outcome { logProblem(problem, status: Int(response.status.code), during: "capture") }
        } catch {
            return (count, Self.failed(error, events: count))
        }
        switch outcome {
        case .captured:
            return (count, .delivered(rejected: local))
        case .decision(let decision, _):
            return (count, decision)
        case .job(let location):
            let storedIDs = Dictionary(encoded.storedIDByEPCISID.map { ($0.key, $0.value.eventID) }, uniquingKeysWith: { a, _ in a })
            let decision = await followJob(location, client: client, token: token, storedIDs: storedIDs, eventCount: eventCount)
            if case .delivered(let rejected) = decision { return (count, .delivered(rejected: local + rejected)) }
            return (count, decision)
        }
    }

    /// Polls the capture job until it finishes (or ``UploadConfiguration/epcisJobTimeout`` passes).
    private func followJob(_ location: String, client: HTTPClient, token: String?, storedIDs: [String: String], eventCount: Int) async -> UploadDecision {
        let url = URL(string: location, relativeTo: URL(string: config.baseURL))?.absoluteString ?? location
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: config.epcisJobTimeout)
        var wait = config.epcisPollInterval
        while clock.now < deadline {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            request.headers.add(name: "Accept", value: "application/json")
            addHeaders(&request, token: token)
            do {
                let response = try await client.execute(request, timeout: timeout)
                let body = Array(buffer: try await response.body.collect(upTo: 4 << 20))
                guard response.status == .ok else {
                    let problem = EPCISProblem(body: body)
                    if let problem { logProblem(problem, status: Int(response.status.code), during: "capture job") }
                    return .retry(after: nil, reason: "capture job \(location) answered \(response.status.code)\(problem.map { ": \($0)" } ?? ""); events stay queued",
                                  link: .degraded)
                }
                switch EPCISCaptureClassifier.classifyJob(body: body, storedIDs: storedIDs, eventCount: eventCount) {
                case .finished(let decision):
                    return decision
                case .running:
                    try await Task.sleep(for: wait)
                    wait = min(wait * 2, .seconds(2))
                }
            } catch is CancellationError {
                return .retry(after: .zero, reason: "stopping", link: .offline)
            } catch {
                return .retry(after: nil, reason: Self.failureReason(error), link: .offline)
            }
        }
        return .retry(after: nil, reason: "capture job \(location) did not finish within \(config.epcisJobTimeout); the batch is sent again (the repository deduplicates by eventID)",
                      link: .degraded)
    }

    /// An RFC 7807 problem, logged once with its type.
    private func logProblem(_ problem: EPCISProblem, status: Int, during what: String) {
        logger.warning("EPCIS repository answered with a problem", metadata: [
            "epcis.during": "\(what)", "http.status": "\(status)", "epcis.problem_type": "\(problem.type ?? "about:blank")",
            "epcis.problem_title": "\(problem.title ?? "")", "epcis.problem_detail": "\(problem.detail ?? "")",
        ])
    }
}

extension String {
    func trimmingSuffixSlashes() -> String {
        var out = self
        while out.hasSuffix("/") { out.removeLast() }
        return out
    }
}
