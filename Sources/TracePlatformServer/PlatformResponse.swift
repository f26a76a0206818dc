import Foundation
import NIOHTTP1

/// An HTTP response to send.
struct PlatformResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: [(String, String)]
    var body: [UInt8]

    /// A response whose body is the JSON encoding of `value`.
    static func json(status: HTTPResponseStatus = .ok, _ value: some Encodable, headers: [(String, String)] = []) -> Self {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)).map(Array.init) ?? Array(#"{"error":"encoding failed"}"#.utf8)
        return PlatformResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    /// A response whose body is the JSON already in `body`.
    static func rawJSON(_ body: [UInt8]) -> Self {
        PlatformResponse(status: .ok, headers: [("Content-Type", "application/json")], body: body)
    }

    /// A plain-text response.
    static func text(status: HTTPResponseStatus = .ok, _ text: String) -> Self {
        PlatformResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }
}
