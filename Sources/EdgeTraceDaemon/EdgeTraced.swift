import ArgumentParser
import EdgeTraceConfig
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SystemSupport
import TraceDevices
import TraceModel
import TraceStore
import TraceSync

/// The entry point: parses the arguments, then runs ``EdgeTraced/run()`` while the main thread waits.
///
/// Not an async `main`: that one parks the main thread in `dispatch_main()`, whose `pthread_exit` unwinds the
/// main thread's stack, and the unwinder's search of the binary's unwind tables (`.eh_frame_hdr`,
/// `.eh_frame`) left 0.7 MiB of them resident for good. Nothing in edgetraced runs on the main actor.
@main
enum EdgeTracedMain {
    static func main() {
        let command = EdgeTraced.parseOrExit()
        let outcome = Outcome()
        Task.detached {
            do { try await command.run() } catch { outcome.failure.withLock { $0 = error } }
            outcome.finished.signal()
        }
        outcome.finished.wait()
        if let error = outcome.failure.withLock({ $0 }) { EdgeTraced.exit(withError: error) }
    }

    private final class Outcome: Sendable {
        let finished = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
    }
}

/// `edgetraced`: reads the station's devices, keeps every read durably, syncs it upstream.
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
