import Foundation
import TraceTesting

/// The workload whose executed functions become the link order of `edgetraced` (scripts/symbol-order.sh
/// runs it with the daemon under callgrind): start-up, a backlog of full batches drained to the platform,
/// scans (good, duplicated and malformed) through a handshaking serial scanner, sensor samples over Modbus,
/// status, and a clean stop. Its timeouts are long: under valgrind the daemon runs about 50× slower.
enum OrderProfile {
    static func run(dir: String, backlog: Int) async throws {
        let (platform, port) = try Bench.startPlatform(dir: dir)
        defer { platform.terminate() }
        let station = try DaemonBenchmark.Station(dir: dir, platformPort: port, sampleIntervalMs: 1000)
        defer { station.close() }
        try await DrainBenchmark.fill(path: dir + "/edgetrace.sqlite", count: backlog)
        let daemon = try DaemonBenchmark.startDaemon(station, notify: nil)
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
}
