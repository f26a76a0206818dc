import Foundation
import TraceTesting

/// The real `edgetraced` (release build of the main package) as a process:
/// - startup: from exec to `READY=1` on the notify socket, median of several starts, and RSS once idle;
/// - idle: a station with a serial scanner, a Modbus sensor bus and the uploader, with nothing happening:
///   CPU time and wake-ups (context switches of all its threads) per second over a window.
enum DaemonBenchmark {
    /// The main package's release binaries (Benchmarks/run.sh builds them).
    static var binDirectory: String {
        ProcessInfo.processInfo.environment["EDGETRACE_BIN_DIR"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/release").path
    }

    struct Station {
        let dir: String
        let scanner: ScannerEmulator
        let bus: ModbusEmulator
        var config: String { dir + "/edgetrace.toml" }

        init(dir: String, platformPort: Int?, sampleIntervalMs: Int) throws {
            self.dir = dir
            scanner = try ScannerEmulator(stablePath: dir + "/scanner")
            bus = try ModbusEmulator()
            bus.setSlave(1, registers: [1: 0x00C8, 2: 0x0226])  // 20.0 °C, 55.0 %RH
            let upstream = platformPort.map { """
                [upstream]
                url = "http://127.0.0.1:\($0)"
                """ } ?? ""
            try """
            [station]
            gateway = "bench"
            [store]
            path = "\(dir)/edgetrace.sqlite"
            min_free_mb = 0
            \(upstream)
            [[device]]
            id = "scanner-1"
            driver = "serial"
            path = "\(dir)/scanner"
            framing = "cr"
            handshake = "ack_nak"
            [[device]]
            id = "rs485"
            driver = "modbus"
            path = "\(bus.path)"
            [[device.sensor]]
            id = "cold-1"
            address = 1
            sample_interval_ms = \(sampleIntervalMs)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        }
    }

    static func startDaemon(_ station: Station, notify: SystemdNotifyListener?) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binDirectory + "/edgetraced")
        p.arguments = ["--config", station.config, "--log-level", "warning"]
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = notify?.socketPath
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func stop(_ p: Process) {
        p.terminate()
        p.waitUntilExit()
    }

    static func runStartup(dir: String, starts: Int) async throws {
        var samples: [Double] = []
        var rss: Double = -1
        for i in 0..<starts {
            let sub = dir + "/startup-\(i)"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            let station = try Station(dir: sub, platformPort: nil, sampleIntervalMs: 60_000)
            let notify = try SystemdNotifyListener(socketPath: sub + "/notify.sock")
            let start = Bench.now()
            let p = try startDaemon(station, notify: notify)
            var ready = false
            while let message = try await notify.nextMessage(timeout: .seconds(10)) {
                if message.split(separator: "\n").contains("READY=1") { ready = true; break }
            }
            let ms = Double(Bench.now() - start) / 1e6
            guard ready else { stop(p); throw BenchError("edgetraced sent no READY=1 (binary: \(binDirectory)/edgetraced)") }
            samples.append(ms)
            if i == starts - 1 {
                try await Task.sleep(for: .seconds(5))
                rss = processRSSMiB(p.processIdentifier)
            }
            stop(p)
            notify.close()
            station.scanner.close()
            station.bus.stop()
        }
        samples.sort()
        print(String(format: "startup: exec to READY=1 median %.0f ms, max %.0f ms (%d starts; serial scanner + Modbus bus, new database); RSS idle after 5 s %.1f MiB",
                     samples[samples.count / 2], samples.last ?? 0, starts, rss))
        Summary.add("start-up of edgetraced", String(format: "READY=1 median %.0f ms; RSS after 5 s %.1f MiB", samples[samples.count / 2], rss),
                    goal: "< 300 ms, RSS ≤ 20 MiB")
    }

    static func runIdle(dir: String, seconds: Int, platformPort: Int) async throws {
        let sub = dir + "/idle"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        let sampleMs = 10_000
        let station = try Station(dir: sub, platformPort: platformPort, sampleIntervalMs: sampleMs)
        let p = try startDaemon(station, notify: nil)
        defer { stop(p); station.scanner.close(); station.bus.stop() }
        try await station.scanner.waitUntilOpened(timeout: .seconds(10))
        try await Task.sleep(for: .seconds(3))  // settle: first samples uploaded
        let pid = p.processIdentifier
        let cpu0 = cpuTicks(pid), switches0 = contextSwitches(pid), t0 = Bench.now()
        try await Task.sleep(for: .seconds(seconds))
        let cpu1 = cpuTicks(pid), switches1 = contextSwitches(pid), t1 = Bench.now()
        let wall = Double(t1 - t0) / 1e9
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        let cpuSeconds = Double(cpu1 - cpu0) / hz
        let perSecond = Double(switches1 - switches0) / wall
        let samplesPerSecond = 1000.0 / Double(sampleMs)
        print(String(format: "idle: %.0f s with a serial scanner, a Modbus sensor sampled every %d s and the uploader: CPU %.3f %% (%.2f s), %.2f wake-ups/s (sampling alone: %.2f/s), RSS %.1f MiB",
                     wall, sampleMs / 1000, 100 * cpuSeconds / wall, cpuSeconds, perSecond, samplesPerSecond, processRSSMiB(pid)))
        Summary.add("idle edgetraced (scanner, sensor, uploader)", String(format: "CPU %.3f %%, %.2f wake-ups/s", 100 * cpuSeconds / wall, perSecond),
                    goal: "CPU < 0.1 %, ≤ 1 wake-up/s a device")
    }

    /// utime + stime of a process (all threads), in clock ticks, from /proc/PID/stat.
    static func cpuTicks(_ pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After "(comm)": state is field 3, utime 14 and stime 15 → indexes 11 and 12 here.
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    /// Voluntary + involuntary context switches summed over the process's threads: each is a wake-up.
    static func contextSwitches(_ pid: Int32) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var total = 0
        for task in tasks {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where line.contains("ctxt_switches") {
                total += Int(line.split(separator: "\t").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
            }
        }
        return total
    }

    static func processRSSMiB(_ pid: Int32, field: String = "VmRSS:") -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            return (line.split(separator: " ").compactMap { Double($0) }.first ?? -1) / 1024
        }
        return -1
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
