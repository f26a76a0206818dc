import Foundation
import TraceTesting

/// The real `edgetraced` (release build of the main package) as a process:
/// - startup: from exec to `READY=1` on the notify socket, median of several starts, and RSS once idle;
/// - idle: a station with a serial scanner, an NFC reader, a Modbus sensor bus and the uploader, started as
///   systemd starts it (notify socket, the shipped unit's WatchdogSec=30), with nothing happening: CPU time and
///   wake-ups (context switches of all its threads) per second over a window.
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
        /// An emulated PN532 on a pty, with no tag on it (idle only).
        let nfc: PN532Emulator?
        var config: String { dir + "/edgetrace.toml" }

        init(dir: String, platformPort: Int?, sampleIntervalMs: Int, withNFC: Bool = false) throws {
            self.dir = dir
            scanner = try ScannerEmulator(stablePath: dir + "/scanner")
            bus = try ModbusEmulator()
            nfc = withNFC ? try PN532Emulator(stablePath: dir + "/nfc") : nil
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
            \(nfc.map { """
            [[device]]
            id = "nfc-1"
            driver = "nfc"
            connstring = "\($0.connstring)"
            """ } ?? "")
            """.write(toFile: config, atomically: true, encoding: .utf8)
        }

        func close() {
            scanner.close()
            bus.stop()
            nfc?.close()
        }
    }

    static func startDaemon(_ station: Station, notify: SystemdNotifyListener?, watchdogSeconds: Int? = nil,
                            environment: [String: String] = [:]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binDirectory + "/edgetraced")
        p.arguments = ["--config", station.config, "--log-level", "warning"]
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = notify?.socketPath
        env["WATCHDOG_USEC"] = watchdogSeconds.map { String($0 * 1_000_000) }
        env.merge(environment) { $1 }
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
            station.close()
        }
        samples.sort()
        print(String(format: "startup: exec to READY=1 median %.0f ms, max %.0f ms (%d starts; serial scanner + Modbus bus, new database); RSS idle after 5 s %.1f MiB",
                     samples[samples.count / 2], samples.last ?? 0, starts, rss))
        Summary.add("start-up of edgetraced", String(format: "READY=1 median %.0f ms; RSS after 5 s %.1f MiB", samples[samples.count / 2], rss),
                    goal: "< 300 ms, RSS ≤ 20 MiB")
    }

    /// Two windows of `seconds`: the sensor sampled every 10 s, then (a new daemon) every 10 minutes, so that no
    /// sample falls in the window and what is left is the wake-ups beyond sampling that the goal counts.
    static func runIdle(dir: String, seconds: Int, platformPort: Int) async throws {
        let sampled = try await measureIdle(dir: dir + "/idle", seconds: seconds, platformPort: platformPort, sampleMs: 10_000)
        let quiet = try await measureIdle(dir: dir + "/idle-quiet", seconds: seconds, platformPort: platformPort, sampleMs: 600_000)
        Summary.add("idle edgetraced (scanner, NFC reader, sensor, uploader; systemd watchdog)",
                    String(format: "CPU %.3f %%, %.2f wake-ups/s sampling every 10 s; %.2f wake-ups/s beyond sampling",
                           sampled.cpuPercent, sampled.wakeUps, quiet.wakeUps),
                    goal: "CPU < 0.1 %, ≤ 1 wake-up/s a device beyond sampling (3 devices: ≤ 3/s)")
    }

    static func measureIdle(dir sub: String, seconds: Int, platformPort: Int, sampleMs: Int) async throws
        -> (cpuPercent: Double, wakeUps: Double)
    {
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        let station = try Station(dir: sub, platformPort: platformPort, sampleIntervalMs: sampleMs, withNFC: true)
        // As systemd runs it: a notify socket, and the watchdog of Systemd/edgetraced.service (WatchdogSec=30).
        let notify = try SystemdNotifyListener(socketPath: sub + "/notify.sock")
        let p = try startDaemon(station, notify: notify, watchdogSeconds: 30)
        defer { stop(p); station.close(); notify.close() }
        try await station.scanner.waitUntilOpened(timeout: .seconds(10))
        guard await station.nfc?.wait(until: { $0.isPolling }) == true else { throw BenchError("the daemon never polled the NFC reader") }
        try await Task.sleep(for: .seconds(3))  // settle: first samples uploaded
        let pid = p.processIdentifier
        let cpu0 = cpuTicks(pid), threads0 = ContextSwitches.byThread(pid), names = threadNames(pid), t0 = Bench.now()
        var messages = 0
        let end = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < end {   // drain the notify socket as systemd does
            if try await notify.nextMessage(timeout: end - ContinuousClock.now) != nil { messages += 1 }
        }
        let cpu1 = cpuTicks(pid), threads1 = ContextSwitches.byThread(pid), t1 = Bench.now()
        let wall = Double(t1 - t0) / 1e9
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        let cpuSeconds = Double(cpu1 - cpu0) / hz
        let perSecond = Double(ContextSwitches.delta(threads0, threads1)) / wall
        // By thread name (libdispatch's pool threads share theirs); threads started in the window count whole.
        var byName: [String: Int] = [:]
        let later = threadNames(pid)
        for (tid, count) in threads1 {
            byName[names[tid] ?? later[tid] ?? "?", default: 0] += count - (threads0[tid] ?? 0)
        }
        let breakdown = byName.filter { $0.value > 0 }.sorted { $0.value > $1.value }
            .map { String(format: "%@ %.2f", $0.key, Double($0.value) / wall) }.joined(separator: ", ")
        print(String(format: "idle: %.0f s with a serial scanner, an NFC reader, a Modbus sensor sampled every %d s and the uploader, under a systemd notify socket with WatchdogSec=30 (%d messages): CPU %.3f %% (%.2f s), %.2f wake-ups/s, RSS %.1f MiB",
                     wall, sampleMs / 1000, messages, 100 * cpuSeconds / wall, cpuSeconds, perSecond, processRSSMiB(pid)))
        print("idle: wake-ups/s by thread: \(breakdown)")
        return (100 * cpuSeconds / wall, perSecond)
    }

    /// Thread ID → name (`comm`) of the threads of `pid` now.
    static func threadNames(_ pid: Int32) -> [Int32: String] {
        var out: [Int32: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? [] {
            guard let tid = Int32(name), let comm = try? String(contentsOfFile: "/proc/\(pid)/task/\(name)/comm", encoding: .utf8) else { continue }
            out[tid] = comm.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return out
    }

    /// utime + stime of a process (all threads), in clock ticks, from /proc/PID/stat.
    static func cpuTicks(_ pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After "(comm)": state is field 3, utime 14 and stime 15 → indexes 11 and 12 here.
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
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
