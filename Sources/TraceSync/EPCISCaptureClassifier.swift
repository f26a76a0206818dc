import Foundation
import TraceModel

/// What the EPCIS capture interface advertised in `OPTIONS /capture`.
public struct EPCISCaptureLimits: Sendable, Equatable {
    /// `GS1-EPCIS-Capture-Limit`: events per capture (nil = not said).
    public var eventLimit: Int?
    /// `GS1-EPCIS-Capture-File-Size-Limit`: bytes per capture (nil = not said).
    public var fileSizeLimit: Int?

    public init(eventLimit: Int? = nil, fileSizeLimit: Int? = nil) {
        self.eventLimit = eventLimit
        self.fileSizeLimit = fileSizeLimit
    }

    /// From the response headers of `OPTIONS /capture` (names case-insensitive; bad values ignored).
    public init(header: (String) -> String?) {
        eventLimit = header("GS1-EPCIS-Capture-Limit").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 > 0 ? $0 : nil }
        fileSizeLimit = header("GS1-EPCIS-Capture-File-Size-Limit").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The most events to put in one capture: strictly below the advertised limit (one server
    /// rejects a capture equal to it), and at most `configured`.
    public func maxEvents(configured: Int) -> Int {
        guard let eventLimit else { return configured }
        return max(1, min(configured, eventLimit - 1))
    }

    /// Whether a document of `bytes` bytes may be sent (strictly below the advertised size).
    public func fits(bytes: Int) -> Bool {
        guard let fileSizeLimit else { return true }
        return bytes < fileSizeLimit
    }
}

/// An RFC 7807 problem (`application/problem+json`) as EPCIS repositories send them.
public struct EPCISProblem: Sendable, Equatable, CustomStringConvertible {
    public var type: String?
    public var title: String?
    public var status: Int?
    public var detail: String?
    public var instance: String?

    /// Parses a problem object; nil when `json` is not one (no `type`, `title` or `detail`).
    public init?(_ json: JSONValue) {
        guard case .object = json else { return nil }
        type = json["type"]?.stringValue
        title = json["title"]?.stringValue
        detail = json["detail"]?.stringValue
        instance = json["instance"]?.stringValue
        if case .number(let n)? = json["status"] { status = Int(n) }
        if type == nil && title == nil && detail == nil { return nil }
    }

    /// Parses a response body.
    public init?(body: [UInt8]) {
        guard let json = try? JSONValue(parsing: body) else { return nil }
        self.init(json)
    }

    /// `type: title (detail)`.
    public var description: String {
        var s = type ?? "about:blank"
        if let title { s += ": " + title }
        if let detail, detail != title { s += " (" + detail + ")" }
        return s
    }
}

/// The retry *decision* of the EPCIS capture client: pure functions from the repository's answers
/// to ``UploadDecision``s; `Uploader+EPCIS` is the mechanism.
public enum EPCISCaptureClassifier {
    /// What to do after `POST /capture`.
    public enum CaptureOutcome: Equatable, Sendable {
        /// 201 (or another 2xx without a job): captured.
        case captured
        /// 202: poll the capture job at this URL.
        case job(location: String)
        /// Anything else.
        case decision(UploadDecision, problem: EPCISProblem?)
    }

    public static func classifyCapture(status: Int, location: String?, retryAfter: String?, body: [UInt8],
                                       eventCount: Int, nowMillis: Int64) -> CaptureOutcome {
        let problem = EPCISProblem(body: body)
        switch status {
        case 202:
            guard let location, !location.isEmpty else {
                return .decision(.retry(after: nil, reason: "repository answered 202 without a Location; events stay queued", link: .degraded),
                                 problem: problem)
            }
            return .job(location: location)
        case 200..<300:
            return .captured
        case 400, 422:
            let reason = "repository answered \(status): \(problem?.description ?? "the document is invalid")"
            return .decision(eventCount <= 1 ? .quarantine(reason: reason) : .bisect(reason: reason), problem: problem)
        default:
            let decision = ResponseClassifier.classify(status: status, retryAfter: retryAfter, body: body,
                                                       batchCount: eventCount, nowMillis: nowMillis)
            return .decision(decision, problem: problem)
        }
    }

    /// What a capture job says.
    public enum JobOutcome: Equatable, Sendable {
        case running
        case finished(UploadDecision)
    }

    /// Decides from a capture job document. `storedIDs` maps the EPCIS eventIDs of the capture to the
    /// stored events' IDs. A failed job under `proceed` quarantines the events its errors name (by
    /// `instance`, or an eventID in `detail`) and the rest counts as captured; under `rollback`, or when
    /// no error names an event, nothing was kept: the batch is bisected to isolate the bad event.
    public static func classifyJob(body: [UInt8], storedIDs: [String: String], eventCount: Int) -> JobOutcome {
        guard let job = try? JSONValue(parsing: body), case .object = job else {
            return .finished(.retry(after: nil, reason: "capture job answer is not JSON; events stay queued", link: .degraded))
        }
        if job["running"] == .bool(true) { return .running }
        if job["success"] != .bool(false) { return .finished(.delivered(rejected: [])) }
        let problems = (job["errors"]?.arrayValue ?? []).compactMap(EPCISProblem.init)
        var rejected: [UploadDecision.Rejection] = []
        for p in problems {
            let named = storedIDs.first { epcisID, _ in p.instance == epcisID || (p.detail?.contains(epcisID) ?? false) }
            if let (_, stored) = named, !rejected.contains(where: { $0.eventID == stored }) {
                rejected.append(.init(eventID: stored, reason: "repository capture job failed: \(p)"))
            }
        }
        let behaviour = job["captureErrorBehaviour"]?.stringValue ?? "rollback"
        if behaviour == "proceed", !rejected.isEmpty { return .finished(.delivered(rejected: rejected)) }
        let reason = "repository capture job failed: " + (problems.first.map(\.description) ?? "no errors given")
        return .finished(eventCount <= 1 ? .quarantine(reason: reason) : .bisect(reason: reason))
    }
}
