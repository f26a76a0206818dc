import Foundation
import NIOCore
import NIOHTTP1

/// An HTTP request, fully read.
struct PlatformRequest: Sendable {
    var method: HTTPMethod
    var uri: String
    var headers: HTTPHeaders
    var body: ByteBuffer

    /// The path part of `uri`.
    var path: Substring { uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0] }

    /// The decoded query parameters of `uri` (the last value wins when a name repeats).
    var query: [String: String] {
        guard let components = URLComponents(string: uri), let items = components.queryItems else { return [:] }
        var query: [String: String] = [:]
        for item in items { query[item.name] = item.value ?? "" }
        return query
    }
}
