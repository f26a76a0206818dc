import Logging
import NIOHTTP1

/// The one log line written per batch post.
struct BatchLog {
    var idempotencyKey: String?
    var gateway: String?
    var events: Int?
    var accepted = 0
    var duplicates = 0
    var rejected = 0
    var status: HTTPResponseStatus?
    var outcome: String?

    /// Writes the line: info for a 200, warning for anything else.
    func write(to logger: Logger) {
        var metadata: Logger.Metadata = [
            "platform.gateway": "\(gateway ?? "-")",
            "batch.events": "\(events.map(String.init) ?? "-")",
            "batch.accepted": "\(accepted)",
            "batch.duplicates": "\(duplicates)",
            "batch.rejected": "\(rejected)",
            "http.status": "\(status.map { String($0.code) } ?? "none")",
        ]
        if let idempotencyKey { metadata["batch.idempotency_key"] = "\(idempotencyKey)" }
        if let outcome { metadata["batch.outcome"] = "\(outcome)" }
        if status == .ok {
            logger.info("batch", metadata: metadata)
        } else {
            logger.warning("batch", metadata: metadata)
        }
    }
}
