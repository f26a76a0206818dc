import NIOHTTP1

/// One HTTP answer of the monitor endpoint.
public struct MonitorResponse: Sendable {
    public var status: HTTPResponseStatus
    public var contentType: String
    public var body: [UInt8]
    public var extraHeaders: [(String, String)] = []

    public init(status: HTTPResponseStatus, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    static func text(_ status: HTTPResponseStatus, _ text: String) -> Self {
        .init(status: status, contentType: "text/plain; charset=utf-8", body: Array((text + "\n").utf8))
    }
}
