import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A response as a test sees it.
struct HTTPTestResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A tiny HTTP/1.1 client on NIO: one request per connection, and it tells a connection closed
/// without an answer (nil) from an answer.
enum HTTPTestClient {
    /// Sends one request to 127.0.0.1:`port` and returns the response, or nil when the server closed
    /// the connection without answering. With `tls`, speaks HTTPS (no SNI; the certificate must name
    /// 127.0.0.1 unless `tls` skips verification).
    static func send(
        _ method: HTTPMethod = .GET,
        port: Int,
        path: String,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        tls: NIOSSLContext? = nil
    ) async throws -> HTTPTestResponse? {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: nil))
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
            head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
            head.headers.add(name: "Connection", value: "close")
            head.headers.add(name: "Content-Length", value: String(body.count))
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            // One write: the server may answer (and close) as soon as the body is complete.
            var parts: [HTTPClientRequestPart] = [.head(head)]
            if !body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            parts.append(.end(nil))
            try await outbound.write(contentsOf: parts)
            var responseHead: HTTPResponseHead?
            var responseBody: [UInt8] = []
            do {
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        responseHead = head
                    case .body(let chunk):
                        responseBody += chunk.readableBytesView
                    case .end:
                        if let head = responseHead, head.status.code < 200 {
                            responseHead = nil  // an interim answer such as 100 Continue
                            continue
                        }
                        return responseHead.map {
                            HTTPTestResponse(status: Int($0.status.code), headers: $0.headers, body: responseBody)
                        }
                    }
                }
            } catch where responseHead == nil {
                return nil
            }
            return nil
        }
    }

    /// Posts a JSON batch body to `/v1/batches`.
    static func postBatch(
        port: Int, _ body: [UInt8], headers: [(String, String)] = []
    ) async throws -> HTTPTestResponse? {
        try await send(
            .POST, port: port, path: "/v1/batches",
            headers: [("Content-Type", "application/json")] + headers, body: body)
    }
}
