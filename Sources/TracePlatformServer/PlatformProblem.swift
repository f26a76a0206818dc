import NIOHTTP1

/// A request the platform answers with an error status and problem JSON `{ "error": "…" }`.
struct PlatformProblem: Error, Sendable {
    /// The status to answer with.
    var status: HTTPResponseStatus
    /// What went wrong, for the client; never contains event data beyond an eventID.
    var message: String
    /// Extra string members of the problem JSON (for example the poison `eventID`).
    var extra: [String: String] = [:]

    /// The response that carries this problem.
    var response: PlatformResponse {
        var object = extra
        object["error"] = message
        return .json(status: status, object)
    }
}
