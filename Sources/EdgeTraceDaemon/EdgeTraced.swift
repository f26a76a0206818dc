import ArgumentParser
import EdgeTraceConfig
import Foundation
import Logging
import ServiceLifecycle
import SystemSupport
import TraceDevices
import TraceModel
import TraceStore
import TraceSync

/// `edgetraced`: reads the station's devices, keeps every read durably, syncs it upstream.
@main
struct EdgeTraced: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edgetraced",
        abstract: "EdgeTrace station daemon: devices → durable SQLite outbox → central trace platform.")

    @Option(name: .shortAndLong, help: "Configuration file.")
    var config: String = EdgeTraceConfiguration.defaultPath

    @Option(help: "Override [daemon] log_level.")
    var logLevel: String?

    func run() async throws {
        // Upload bodies of a megabyte go back to the kernel once sent, instead of growing the heap for good.
        MemoryAllocator.mapBlocks(ofAtLeast: 128 << 10)
        let configuration: EdgeTraceConfiguration
        do {
            configuration = try ConfigLoader.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("edgetraced: configuration error: \(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG: systemd's RestartPreventExitStatus can name it
        }
        let level = Logger.Level(rawValue: logLevel ?? configuration.daemon.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "edgetraced")
        try await Daemon(configuration: configuration, logger: logger).run()
    }
}
