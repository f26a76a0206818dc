import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// The daemon's monitor endpoint as a service: binds at start, serves until graceful shutdown. A port in
/// use is logged as an error and the daemon goes on capturing without the endpoint: monitoring must never
/// stop a station.
public struct MonitorServer: Service {
    /// Where to listen.
    public enum Address: Sendable, Hashable, CustomStringConvertible {
        case tcp(host: String, port: Int)
        case unix(path: String)

        public var description: String {
            switch self {
            case .tcp(let host, let port): "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
            case .unix(let path): "unix:\(path)"
            }
        }
    }

    let address: Address
    let router: MonitorRouter
    let logger: Logger
    /// What it serves, for the log line ("metrics", "status page").
    let serves: [String]

    public init(address: Address, router: MonitorRouter, serves: [String], logger: Logger) {
        self.address = address
        self.router = router
        self.serves = serves
        self.logger = logger
    }

    /// Binds; returns the channel and the address actually bound (port 0 → the port chosen).
    public func bind() async throws -> (any Channel, Address) {
        let router = self.router
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MonitorHTTPHandler(router: router))
                }
            }
        switch address {
        case .tcp(let host, let port):
            let channel = try await bootstrap.bind(host: host, port: port).get()
            return (channel, .tcp(host: host, port: channel.localAddress?.port ?? port))
        case .unix(let path):
            let channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
            // Members of the service's group may connect (the unit's UMask would leave the socket 0750).
            try? FileManager.default.setAttributes([.posixPermissions: 0o660], ofItemAtPath: path)
            return (channel, address)
        }
    }

    public func run() async throws {
        let channel: any Channel
        do {
            let (bound, actual) = try await bind()
            channel = bound
            logger.info("monitor listening on \(actual) (\(serves.joined(separator: ", ")))",
                        metadata: ["monitor.address": "\(actual)"])
        } catch {
            logger.error("cannot listen for \(serves.joined(separator: " and ")); the station keeps capturing without it (is the port in use, or the socket's directory missing?)",
                         metadata: ["monitor.address": "\(address)", "monitor.error": "\(error)"])
            try? await gracefulShutdown()
            return
        }
        try? await gracefulShutdown()
        try? await channel.close()
    }
}
