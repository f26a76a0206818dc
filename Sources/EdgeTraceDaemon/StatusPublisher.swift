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
        // Rung by commits and device changes: the STATUS line is refreshed when the station's state changes,
        // and an idle station wakes only for the watchdog.
        let changed = Doorbell()
        await withTaskGroup(of: Void.self) { group in
            // Device changes are written as they happen (coalesced over 100 ms), so `edgetrace status`
            // shows an unplugged scanner at once.
            group.addTask {
                for await _ in board.changes.cancelOnGracefulShutdown() {
                    write("devices", await board.snapshot().devices)
                    changed.ring()
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            group.addTask { await clockReference() }
            if notifier.isEnabled {
                group.addTask {
                    for await _ in await store.commits().cancelOnGracefulShutdown() { changed.ring() }
                }
                group.addTask { await tellSystemd(changed) }
            }
        }
        try? notifier.stopping()
        write("devices", await board.snapshot().devices)
        info.stoppedMillis = Self.nowMillis()
        write("daemon", info)
    }

    /// systemd: `WATCHDOG=1` every half `WatchdogSec`, and the one-line `STATUS=`. While the line changes
    /// (reads stored, uploads acknowledged, devices coming and going) it is looked at again after
    /// `status_interval_ms`; once it holds, the loop sleeps until a commit, a device change or the next
    /// watchdog ping. (It used to wake every `status_interval_ms`, 2 s by default, idle or not.)
    private func tellSystemd(_ changed: Doorbell) async {
        let coalesce = Duration.milliseconds(configuration.daemon.statusIntervalMs)
        let ping = notifier.watchdogInterval.map { $0 / 2 }
        var nextPing = ContinuousClock.now
        var shown: String?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var line: String?
            if let depth = try? store.queueDepth() {
                let devices = await board.snapshot().devices
                let connected = devices.filter { $0.state == .connected }.count
                line = "\(depth.unsynced) unsynced, last seq \(depth.lastSeq), devices \(connected)/\(devices.count) connected"
            }
            let moved = line != nil && line != shown
            if moved, let line {
                try? notifier.status(line)
                shown = line
            }
            if let ping, ContinuousClock.now >= nextPing {
                try? notifier.watchdog()
                nextPing = ContinuousClock.now + ping
            }
            let untilPing = ping.map { _ in max(.zero, nextPing - ContinuousClock.now) } ?? .seconds(86_400)
            if moved {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: min(coalesce, untilPing)) }
            } else {
                _ = try? await cancelWhenGracefulShutdown { await changed.wait(timeout: untilPing) }
            }
        }
    }

    /// Records the clock reference once the clock is synchronised: looked at after 5 s, then at doubling
    /// pauses up to a minute (a station without a time source should not wake every few seconds for it).
    private func clockReference() async {
        var pause = Duration.seconds(5)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if recordClockReferenceIfSynchronized() { return }
            let wait = pause
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            pause = min(pause * 2, .seconds(60))
        }
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
