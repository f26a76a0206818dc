import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The reference central trace platform: the native protocol v1 over HTTP/1.1 (plain, or TLS and
/// optionally mutual TLS, see ``PlatformConfiguration``), events in SQLite, and fault injection for
/// tests and demos.
///
/// ```swift
/// let server = try await TracePlatformServer.start(databasePath: ":memory:", logger: logger)
/// // POST http://127.0.0.1:\(server.port)/v1/batches …
/// try await server.shutdown()
/// ```
///
/// Endpoints: `POST /v1/batches`, `GET /v1/events`, `GET /v1/stats`, `GET|POST|DELETE /v1/_faults`,
/// `GET /healthz`. The server runs on NIO's shared event loop group and thread pool; it owns only its
/// listening socket, its connections and its database, which ``shutdown()`` closes.
public final class TracePlatformServer: Sendable {
    /// The address the server listens on.
    public let host: String
    /// The port the server listens on (the one picked, when started with port 0).
    public let port: Int
    /// The configuration the server was started with.
    public let configuration: PlatformConfiguration

    private let router: PlatformRouter
    private let store: EventStore
    private let serverChannel: any Channel
    private let connections: ConnectionRegistry
    private let logger: Logger
    private let isShutDown = LockedValue(false)

    private init(
        configuration: PlatformConfiguration, port: Int, router: PlatformRouter, store: EventStore,
        serverChannel: any Channel, connections: ConnectionRegistry, logger: Logger
    ) {
        self.host = configuration.host
        self.port = port
        self.configuration = configuration
        self.router = router
        self.store = store
        self.serverChannel = serverChannel
        self.connections = connections
        self.logger = logger
    }

    /// Opens the database at `databasePath` (`:memory:` for none) and starts listening on
    /// `host`:`port` (0 = a free port, see ``port``).
    ///
    /// - Parameters:
    ///   - token: when set, every `/v1/` request must carry `Authorization: Bearer <token>`.
    ///   - faults: the faults injected from the start.
    /// - Throws: ``TracePlatformError`` with code `.database` or `.bind`.
    public static func start(
        host: String = "127.0.0.1",
        port: Int = 0,
        databasePath: String,
        token: String? = nil,
        faults: PlatformFaults = .init(),
        logger: Logger
    ) async throws -> TracePlatformServer {
        try await start(
            configuration: PlatformConfiguration(
                host: host, port: port, databasePath: databasePath, token: token, faults: faults),
            logger: logger)
    }

    /// Starts a server as `configuration` says; see ``start(host:port:databasePath:token:faults:logger:)``.
    ///
    /// - Throws: ``TracePlatformError`` with code `.tls` (the TLS files), `.database` or `.bind`.
    public static func start(configuration: PlatformConfiguration, logger: Logger) async throws -> TracePlatformServer {
        let tls = try PlatformTLS.makeContext(configuration)
        let threadPool = NIOThreadPool.singleton
        let store: EventStore
        do {
            store = try await threadPool.runIfActive { try EventStore(path: configuration.databasePath) }
        } catch {
            throw TracePlatformError(
                code: .database,
                message: "cannot open the platform database at \(configuration.databasePath); check the path and its permissions",
                cause: error)
        }
        let router = PlatformRouter(store: store, configuration: configuration, logger: logger)
        let connections = ConnectionRegistry()
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        connections.add(channel)
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                        }
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPConnectionHandler(
                                router: router, threadPool: threadPool, maxBodyBytes: configuration.maxBodyBytes))
                    }
                }
                .bind(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            try? store.close()
            throw TracePlatformError(
                code: .bind,
                message: "cannot listen on \(configuration.host):\(configuration.port); is the port in use?",
                cause: error)
        }
        let port = channel.localAddress?.port ?? configuration.port
        logger.info(
            "platform listening",
            metadata: [
                "platform.address": "\(configuration.host):\(port)",
                "platform.db": "\(configuration.databasePath)",
                "platform.auth": "\(configuration.token == nil ? "none" : "bearer")",
                "platform.tls": "\(configuration.tlsClientCAFile != nil ? "mutual" : tls != nil ? "on" : "off")",
                "platform.faults": "\(PlatformRouter.describe(router.faults))",
            ])
        return TracePlatformServer(
            configuration: configuration, port: port, router: router, store: store,
            serverChannel: channel, connections: connections, logger: logger)
    }

    /// Replaces the faults in force (as `POST /v1/_faults` does).
    public func setFaults(_ faults: PlatformFaults) {
        router.faults = faults
        logger.notice("faults set", metadata: ["platform.faults": "\(PlatformRouter.describe(router.faults))"])
    }

    /// The faults in force, with the counts left (as `GET /v1/_faults` answers).
    public func faults() -> PlatformFaults {
        router.faults
    }

    /// The number of events held for `gateway`, or for all gateways when nil. Blocks on SQLite.
    public func eventCount(gateway: String?) throws -> Int {
        try store.eventCount(gateway: gateway)
    }

    /// The events held for `gateway` (all gateways when nil) with `seq` above `after`, ordered by
    /// `seq`, at most `limit`, each as its JSON object. Blocks on SQLite.
    public func events(gateway: String?, after: Int64 = 0, limit: Int = 10000) throws -> [[String: Any]] {
        try store.events(gateway: gateway, after: after, limit: limit).map(\.object)
    }

    /// Like ``events(gateway:after:limit:)``, with the platform's bookkeeping and the exact JSON text.
    public func storedEvents(gateway: String?, after: Int64 = 0, limit: Int = 10000) throws -> [PlatformEvent] {
        try store.events(gateway: gateway, after: after, limit: limit)
    }

    /// The counts `GET /v1/stats` answers, for `gateway` or all gateways when nil. Blocks on SQLite.
    public func stats(gateway: String?) throws -> PlatformStats {
        try store.stats(gateway: gateway)
    }

    /// Stops listening, closes every connection (answers in flight are lost; the clients retry) and
    /// closes the database. Calling it again does nothing.
    public func shutdown() async throws {
        let first = isShutDown.withLockedValue { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        logger.info("platform shutting down", metadata: ["platform.connections": "\(connections.count)"])
        try? await serverChannel.close()
        await connections.closeAll()
        let store = self.store
        do {
            try await NIOThreadPool.singleton.runIfActive { try store.close() }
        } catch {
            throw TracePlatformError(code: .database, message: "the platform database did not close cleanly", cause: error)
        }
    }
}
