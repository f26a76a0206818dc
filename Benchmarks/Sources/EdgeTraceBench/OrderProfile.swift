import Foundation
import TraceTesting

/// The workload whose executed functions become the link order of `edgetraced` (scripts/symbol-order.sh
/// runs it with the daemon under callgrind), in two phases that run a daemon each (`EDGETRACE_PROFILE_PHASE`
/// names its profile):
/// - `idle`: start-up and an idle station as the idle benchmark runs it (serial scanner, NFC reader, Modbus
///   sensor sampled every 10 s, uploader, systemd notify socket and watchdog). These functions are linked
///   first, together: they are all an idle station runs, so they are all that needs to be resident;
/// - `busy`: a backlog of full batches drained to the platform, scans (good, duplicated and malformed)
///   through a handshaking serial scanner, sensor samples over Modbus, status, and a clean stop.
/// Its timeouts are long: under valgrind the daemon runs about 50× slower.
enum OrderProfile {
    static func run(dir: String, backlog: Int) async throws {
        let (platform, port) = try Bench.startPlatform(dir: dir)
        defer { platform.terminate() }
        try await idle(dir: dir + "/idle", platformPort: port)
        let station = try DaemonBenchmark.Station(dir: dir, platformPort: port, sampleIntervalMs: 1000)
        defer { station.close() }
        try await DrainBenchmark.fill(path: dir + "/edgetrace.sqlite", count: backlog)
        let daemon = try DaemonBenchmark.startDaemon(station, notify: nil, environment: ["EDGETRACE_PROFILE_PHASE": "busy"])
        defer { DaemonBenchmark.stop(daemon) }
        try await station.scanner.waitUntilOpened(timeout: .seconds(300))
        let codes = ["]E06901234567892", "]E06901234567892", "]C1010690123456789217261231107LOT-42", "]E06901234567893", "garbage\u{1}"]
        for i in 0..<60 {
            try station.scanner.send(codes[i % codes.count] + (i % codes.count == 2 ? "\(i)" : ""))
            _ = try await station.scanner.awaitReply(timeout: .seconds(30))
        }
        try await Task.sleep(for: .seconds(20))
        print("order-profile: \(backlog) events of backlog, 60 scans, samples every second; stopping edgetraced")
    }

    /// Start-up to READY=1, then 30 s of an idle station (a few samples, their uploads, watchdog pings).
    static func idle(dir: String, platformPort: Int) async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let station = try DaemonBenchmark.Station(dir: dir, platformPort: platformPort, sampleIntervalMs: 10_000, withNFC: true)
        defer { station.close() }
        let notify = try SystemdNotifyListener(socketPath: dir + "/notify.sock")
        defer { notify.close() }
        let daemon = try DaemonBenchmark.startDaemon(station, notify: notify, watchdogSeconds: 30,
                                                     environment: ["EDGETRACE_PROFILE_PHASE": "idle"])
        defer { DaemonBenchmark.stop(daemon) }
        var ready = false
        while !ready, let message = try await notify.nextMessage(timeout: .seconds(300)) {
            ready = message.split(separator: "\n").contains("READY=1")
        }
        guard ready else { throw BenchError("edgetraced under callgrind sent no READY=1") }
        let end = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < end { _ = try await notify.nextMessage(timeout: end - ContinuousClock.now) }
        print("order-profile: start-up and 30 s of an idle station; stopping edgetraced")
    }
}
