import Foundation

/// Maps the platform's answer to an ``UploadDecision`` (DESIGN.md §5, native protocol v1).
public enum ResponseClassifier {
    /// The platform's 200 answer.
    struct Receipt: Decodable {
        var accepted: Int?
        var duplicates: Int?
        var rejected: [UploadDecision.Rejection]?
    }

    /// Decides from the HTTP status, `Retry-After`, the body and the batch size.
    public static func classify(
        status: Int, retryAfter: String?, body: [UInt8], batchCount: Int, nowMillis: Int64
    ) -> UploadDecision {
        let detail = problemDetail(body)
        switch status {
        case 200..<300:
            let receipt = try? JSONDecoder().decode(Receipt.self, from: Data(body))
            return .delivered(rejected: receipt?.rejected ?? [])
        case 400, 422:
            let reason = "platform answered \(status): \(detail ?? "the batch is invalid")"
            return batchCount <= 1 ? .quarantine(reason: reason) : .bisect(reason: reason)
        case 413:
            return batchCount <= 1
                ? .quarantine(reason: "platform answered 413: a single event is larger than it accepts")
                : .split
        case 401, 403:
            return .retry(after: nil, reason: "platform answered \(status): credentials rejected; check the token file (upstream.token_file) or client certificate. Events stay queued.", link: .unauthorized)
        case 429, 503:
            let after = retryAfter.flatMap { RetryAfter.parse($0, nowMillis: nowMillis) }
            return .retry(after: after, reason: "platform answered \(status)\(detail.map { ": \($0)" } ?? "") (busy); events stay queued", link: .degraded)
        default:
            return .retry(after: nil, reason: "platform answered \(status)\(detail.map { ": \($0)" } ?? ""); events stay queued and will be retried", link: .degraded)
        }
    }

    /// The `error`/`detail`/`title` of a JSON problem body, or the first 200 characters of text.
    static func problemDetail(_ body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        if let obj = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            for key in ["error", "detail", "title", "reason", "message"] {
                if let s = obj[key] as? String { return s }
            }
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return text.isEmpty ? nil : text
    }
}
