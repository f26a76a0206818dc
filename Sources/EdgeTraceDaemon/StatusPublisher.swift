import EdgeTraceConfig
import Foundation
import Logging
import ServiceLifecycle
import SystemSupport
import TraceDevices
import TraceModel
import TraceStore

/// Tells systemd and the CLI how the station is: READY/STATUS/WATCHDOG to systemd, device states and
/// daemon facts to the store's status table.
struct StatusPublisher: Service {
    let store: TraceStore
    let board: DeviceStatusBoard
    let notifier: SystemdNotifier
    let configuration: EdgeTraceConfiguration
    let logger: Logger

    struct DaemonInfo: Codable {
        var pid: Int32
        var startedMillis: Int64
        var gateway: String
        var config: String
        var upstream: String?
        var stoppedMillis: Int64?
    }

    func run() async throws {
        let started = Self.nowMillis()
        var info = DaemonInfo(pid: getpid(), startedMillis: started, gateway: configuration.station.gateway,
                              config: configuration.file, upstream: configuration.upstream?.url)
        write("daemon", info)
        try? notifier.ready()
        let interval = min(Duration.milliseconds(configuration.daemon.statusIntervalMs),
                           notifier.watchdogInterval.map { $0 / 2 } ?? .seconds(3600))
        await withTaskGroup(of: Void.self) { group in
            // Device changes are written as they happen (coalesced over 100 ms), so `edgetrace status`
            // shows an unplugged scanner at once.
            group.addTask {
                for await _ in board.changes.cancelOnGracefulShutdown() {
                    write("devices", await board.snapshot().devices)
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            // systemd: the watchdog and a one-line status; and the clock reference once the clock is synchronised.
            group.addTask {
                var referenced = false
                while !Task.isShuttingDownGracefully, !Task.isCancelled {
                    if !referenced { referenced = recordClockReferenceIfSynchronized() }
                    if notifier.isEnabled, let depth = try? store.queueDepth() {
                        let devices = await board.snapshot().devices
                        let connected = devices.filter { $0.state == .connected }.count
                        try? notifier.status("\(depth.unsynced) unsynced, last seq \(depth.lastSeq), devices \(connected)/\(devices.count) connected")
                    }
                    try? notifier.watchdog()
                    // Without systemd there is nothing to tell it: wake only to look for the clock synchronising,
                    // and not at all once it has (an idle station should not wake for nothing).
                    let pause = notifier.isEnabled ? interval : (referenced ? Duration.seconds(86_400) : Duration.seconds(5))
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
                }
            }
        }
        try? notifier.stopping()
        write("devices", await board.snapshot().devices)
        info.stoppedMillis = Self.nowMillis()
        write("daemon", info)
    }

    /// When the kernel clock is synchronised, links this boot's CLOCK_BOOTTIME to wall time, so events
    /// captured earlier in the boot with a wrong clock are corrected before upload (DESIGN.md §6).
    private func recordClockReferenceIfSynchronized() -> Bool {
        guard (try? ClockSync.isSynchronized()) == true, let boot = try? BootID.current else { return false }
        let reference = ClockReference(bootID: boot.rawValue, wallMillis: Self.nowMillis(), uptimeNs: BootClock.nowNanoseconds())
        do {
            try store.setClockReference(reference)
            logger.info("clock synchronised: events captured earlier in this boot get their time corrected before upload")
            return true
        } catch {
            logger.warning("cannot record the clock reference", metadata: ["store.error": "\(error)"])
            return false
        }
    }

    private func write(_ key: String, _ value: some Encodable) {
        guard let data = try? JSONEncoder().encode(value) else { return }
        do {
            try store.writeStatus(key: key, json: String(decoding: data, as: UTF8.self), nowMillis: Self.nowMillis())
        } catch {
            logger.warning("cannot write status for edgetrace status", metadata: ["store.error": "\(error)"])
        }
    }

    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
