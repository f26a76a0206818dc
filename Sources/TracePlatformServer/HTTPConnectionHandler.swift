import NIOCore
import NIOHTTP1
import NIOPosix

/// Reads one HTTP/1.1 request at a time, has the ``PlatformRouter`` answer it on a thread pool,
/// waits out any injected delay on the event loop, then answers, or closes the connection for an
/// injected drop.
///
/// Sits behind NIO's HTTP server pipeline with pipelining assistance, so it sees the next request
/// only once the previous answer has been written.
final class HTTPConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Between requests.
        case idle
        /// Reading the body of a request.
        case reading(HTTPRequestHead, ByteBuffer)
        /// Discarding the body of a request that is too large.
        case tooLarge(HTTPRequestHead)
        /// The router is deciding, or a delay is running.
        case answering
    }

    private let router: PlatformRouter
    private let threadPool: NIOThreadPool
    private let maxBodyBytes: Int
    private var state = State.idle

    init(router: PlatformRouter, threadPool: NIOThreadPool, maxBodyBytes: Int) {
        self.router = router
        self.threadPool = threadPool
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // The whole body is kept: room for a declared length up front saves growing it chunk by chunk.
            // Up to 4 MiB only, so that a header alone cannot make the platform allocate max_body_bytes.
            let declared = head.headers.first(name: "Content-Length").flatMap(Int.init) ?? 0
            state = .reading(head, context.channel.allocator.buffer(capacity: min(max(declared, 0), maxBodyBytes, 4 << 20)))
            if head.headers[canonicalForm: "Expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                // Clients such as curl otherwise wait a second before sending the body.
                let interim = HTTPResponseHead(version: head.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
        case .body(var chunk):
            guard case .reading(let head, var body) = state else { return }
            state = .answering  // lets `body` be mutated without a copy
            if body.readableBytes + chunk.readableBytes > maxBodyBytes {
                state = .tooLarge(head)
            } else {
                body.writeBuffer(&chunk)
                state = .reading(head, body)
            }
        case .end:
            switch state {
            case .reading(let head, let body):
                state = .answering
                answer(PlatformRequest(method: head.method, uri: head.uri, headers: head.headers, body: body),
                       head: head, context: context)
            case .tooLarge(let head):
                state = .answering
                let problem = PlatformProblem(
                    status: .payloadTooLarge, message: "request body is larger than \(maxBodyBytes) bytes")
                write(problem.response, head: head, keepAlive: false, context: context)
            case .idle, .answering:
                break
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Has the router decide on the thread pool, waits out the delay, then acts on the event loop.
    private func answer(_ request: PlatformRequest, head: HTTPRequestHead, context: ChannelHandlerContext) {
        let router = self.router
        let eventLoop = context.eventLoop
        threadPool.runIfActive(eventLoop: eventLoop) {
            router.reply(to: request)
        }.flatMap { reply -> EventLoopFuture<PlatformReply> in
            guard reply.delayMs > 0 else { return eventLoop.makeSucceededFuture(reply) }
            return eventLoop.scheduleTask(in: .milliseconds(Int64(reply.delayMs))) { reply }.futureResult
        }.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let reply):
                switch reply.action {
                case .respond(let response):
                    self.write(response, head: head, keepAlive: head.isKeepAlive, context: context)
                case .drop:
                    self.state = .idle
                    context.close(promise: nil)
                }
            case .failure:
                let problem = PlatformProblem(status: .serviceUnavailable, message: "platform is shutting down")
                self.write(problem.response, head: head, keepAlive: false, context: context)
            }
        }
    }

    /// Writes `response` and closes the connection afterwards unless it is kept alive.
    private func write(_ response: PlatformResponse, head: HTTPRequestHead, keepAlive: Bool, context: ChannelHandlerContext) {
        state = .idle
        var headers = HTTPHeaders(response.headers)
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let responseHead = HTTPResponseHead(version: head.version, status: response.status, headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if head.method != .HEAD, !response.body.isEmpty {
            let buffer = context.channel.allocator.buffer(bytes: response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
