import DeviceWiring
import EdgeTraceConfig
import Logging
import ServiceLifecycle
import TraceDevices

/// Runs the configured devices, each as a ``DeviceService``, and changes the set while the daemon runs
/// (a reload): a device whose settings did not change keeps running, so none of its reads is dropped;
/// a changed one is stopped (its port closed) before its replacement opens; removed ones are stopped,
/// new ones started. On graceful shutdown every device stops and `run()` returns when all have.
actor DeviceSupervisor: Service {
    private let board: DeviceStatusBoard
    private let clock: CaptureClock
    private let sink: ReadingSink
    private let logger: Logger
    private var running: [String: Running] = [:]
    private nonisolated let starts: (stream: AsyncStream<@Sendable () async -> Void>,
                                     continuation: AsyncStream<@Sendable () async -> Void>.Continuation)
        = AsyncStream.makeStream()

    private struct Running {
        var device: DeviceConfiguration
        var stop: AsyncStream<Void>.Continuation
        var done: AsyncStream<Void>
    }

    /// What ``apply(_:)`` did.
    struct Changes: Sendable, Equatable {
        var started: [String] = []
        var stopped: [String] = []
        var restarted: [String] = []
        var unchanged: [String] = []
    }

    init(board: DeviceStatusBoard, clock: CaptureClock, sink: @escaping ReadingSink, logger: Logger) {
        self.board = board
        self.clock = clock
        self.sink = sink
        self.logger = logger
    }

    nonisolated func run() async throws {
        await withDiscardingTaskGroup { group in
            for await body in starts.stream.cancelOnGracefulShutdown() {
                group.addTask { await body() }
            }
            // Graceful shutdown reaches every device through the group; it ends when all have stopped.
        }
    }

    /// Makes the running devices match `devices` (the enabled ones).
    @discardableResult
    func apply(_ devices: [DeviceConfiguration]) async -> Changes {
        var changes = Changes()
        let wanted = Dictionary(devices.filter(\.enabled).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (id, current) in running.sorted(by: { $0.key < $1.key }) {
            guard let next = wanted[id] else {
                await stop(id)
                await board.unregister(id)
                changes.stopped.append(id)
                continue
            }
            if next == current.device {
                changes.unchanged.append(id)
            } else {
                await stop(id)
                start(next)
                changes.restarted.append(id)
            }
        }
        for device in devices where device.enabled && running[device.id] == nil {
            if start(device) { changes.started.append(device.id) }
        }
        if !changes.started.isEmpty || !changes.stopped.isEmpty || !changes.restarted.isEmpty {
            logger.notice("devices changed", metadata: [
                "devices.started": "\(changes.started)", "devices.stopped": "\(changes.stopped)",
                "devices.restarted": "\(changes.restarted)",
            ])
        }
        return changes
    }

    @discardableResult
    private func start(_ device: DeviceConfiguration) -> Bool {
        guard let driver = DriverFactory.make(device, clock: clock) else {
            logger.error("unsupported device driver; device skipped", metadata: ["device.id": "\(device.id)", "device.driver": "\(device.driver)"])
            return false
        }
        let service = DeviceService(driver: driver, sink: sink, board: board, logger: logger,
                                    reopenMax: .milliseconds(device.reopenMaxMs))
        let (stopStream, stop) = AsyncStream<Void>.makeStream()
        let (done, finished) = AsyncStream<Void>.makeStream()
        running[device.id] = Running(device: device, stop: stop, done: done)
        starts.continuation.yield {
            // A device that gives up (bad settings) must not stop the other devices or the uploader.
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await service.run() }
                group.addTask { for await _ in stopStream {} }
                await group.next()
                group.cancelAll()
            }
            finished.finish()
        }
        return true
    }

    /// Stops one device and waits until its service has returned (its port is closed).
    private func stop(_ id: String) async {
        guard let r = running.removeValue(forKey: id) else { return }
        r.stop.finish()
        for await _ in r.done {}
    }
}
