/// One request on the daemon's control socket (one JSON object on one line, answered by one
/// ``ControlResponse`` line; then the daemon closes the connection).
///
/// ```
/// {"command":"sync"}
/// {"command":"pause"}            {"command":"resume"}           {"command":"reload"}
/// {"command":"quarantine.retry","seqs":[12]}                    {"command":"quarantine.retry","all":true}
/// {"command":"quarantine.discard","seqs":[12],"reason":"duplicate label, reprinted"}
/// ```
public struct ControlRequest: Sendable, Hashable, Codable {
    /// What to do.
    public enum Command: String, Sendable, Hashable, Codable, CaseIterable {
        /// Wake the uploader now, skipping its backoff wait.
        case sync
        /// Stop uploading (capture goes on; events stay queued).
        case pause
        /// Upload again.
        case resume
        /// Re-read the configuration file (as SIGHUP does).
        case reload
        /// Queue quarantined events for another upload.
        case quarantineRetry = "quarantine.retry"
        /// Mark quarantined events as discarded (kept locally, never sent); needs a reason.
        case quarantineDiscard = "quarantine.discard"
    }

    public var command: Command
    /// The events a quarantine command is about.
    public var seqs: [Int64]?
    /// A quarantine command about every held event instead of ``seqs``.
    public var all: Bool?
    /// Why (required for discard; recorded in the audit table).
    public var reason: String?

    public init(_ command: Command, seqs: [Int64]? = nil, all: Bool? = nil, reason: String? = nil) {
        self.command = command
        self.seqs = seqs
        self.all = all
        self.reason = reason
    }
}
