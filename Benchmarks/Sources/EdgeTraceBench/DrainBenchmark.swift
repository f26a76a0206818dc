import Foundation
import TraceModel
import TraceStore

/// Drains a backlog to the reference platform (a separate process on loopback) with the real uploader
/// (gzip JSON batches of the default size or `--drain-batch`, Idempotency-Key, acknowledgement-driven cursor).
enum DrainBenchmark {
    /// Child mode: fills `path` with `count` events and exits, so the drain runs in a fresh process.
    static func fill(path: String, count: Int) async throws {
        let store = try TraceStore.open(path: path)
        var done = 0
        while done < count {
            let chunk = min(50_000, count - done)
            let events = Workload.events(done..<(done + chunk))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for p in 0..<64 {
                    group.addTask {
                        var i = events.startIndex + p
                        while i < events.endIndex {
                            try await store.append(events[i])
                            i += 64
                        }
                    }
                }
                try await group.waitForAll()
            }
            done += chunk
        }
        try store.close()
    }

    /// `batch`: `upstream.batch_max_events` of the daemon; 0 leaves the daemon's default.
    static func run(dir: String, events count: Int, batch: Int) async throws {
        let path = dir + "/drain.sqlite"
        let fillStart = Bench.now()
        let filler = Process()
        filler.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        filler.arguments = ["fill", path, String(count)]
        try filler.run()
        filler.waitUntilExit()
        print("drain: backlog of \(count) events filled in \(String(format: "%.1f", Double(Bench.now() - fillStart) / 1e9)) s (separate process)")
        // The backlog drained by the real daemon (release edgetraced), whose peak RSS is the figure of a
        // gateway: to a platform with its database on disk, then (cursor reset) to one that keeps it in
        // memory: what the gateway can send when the platform's disk is not the limit.
        for inMemory in [false, true] {
            try LargeStoreBenchmark.setCursor(path, unsynced: count)
            try await daemonDrain(dir: dir, path: path, count: count, inMemory: inMemory, batch: batch)
        }
    }

    /// Drains the backlog at `path` (cursor reset) with `edgetraced` to a new platform process.
    static func daemonDrain(dir: String, path: String, count: Int, inMemory: Bool, batch: Int) async throws {
        let (platform, port) = try Bench.startPlatform(dir: dir, inMemory: inMemory)
        let database = inMemory ? "memory" : "disk"
        defer { platform.terminate() }
        let config = dir + "/drain-\(database).toml"
        try """
            [station]
            gateway = "bench"
            [store]
            path = "\(path)"
            min_free_mb = 0
            [upstream]
            url = "http://127.0.0.1:\(port)"
            \(batch > 0 ? "batch_max_events = \(batch)" : "")
            [daemon]
            control_socket = "\(dir)/control-\(database).sock"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: DaemonBenchmark.binDirectory + "/edgetraced")
        daemon.arguments = ["--config", config, "--log-level", "warning"]
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        let platformTicks = DaemonBenchmark.cpuTicks(platform.processIdentifier)
        let start = Bench.now()
        try daemon.run()
        defer { DaemonBenchmark.stop(daemon) }
        let store = try TraceStore.openReadOnly(path: path)
        defer { try? store.close() }
        var cursor: Int64 = 0
        var peak = 0.0
        while cursor < Int64(count) {
            try await Task.sleep(for: .milliseconds(50))
            guard daemon.isRunning else { throw BenchError("edgetraced stopped during the drain (binary: \(DaemonBenchmark.binDirectory)/edgetraced)") }
            cursor = try store.cursor()
            peak = max(peak, DaemonBenchmark.processRSSMiB(daemon.processIdentifier, field: "VmHWM:"))
        }
        let ns = Bench.now() - start
        // The cursor also passes events the platform refused (quarantined): a drain that only quarantined
        // would otherwise look like a fast one.
        let quarantined = try store.quarantined(limit: 10).count
        guard quarantined == 0 else { throw BenchError("the platform refused events during the drain (\(quarantined)+ quarantined): not a drain") }
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        let daemonCPU = Double(DaemonBenchmark.cpuTicks(daemon.processIdentifier)) / hz
        let platformCPU = Double(DaemonBenchmark.cpuTicks(platform.processIdentifier) - platformTicks) / hz
        let anon = DaemonBenchmark.processRSSMiB(daemon.processIdentifier, field: "RssAnon:")
        Summary.add("drain of \(count) events by edgetraced, platform database \(inMemory ? "in memory" : "on disk")",
                    String(format: "%@; peak RSS %.1f MiB", Bench.rate(count, ns), peak), goal: "≥ 50k events/s, RSS ≤ 40 MiB")
        print(String(format: "drain by edgetraced: %d events to the platform (database %@): %@ (%.1f s, start-up included); edgetraced peak RSS %.1f MiB (anonymous at the end %.1f MiB); CPU: edgetraced %.1f s, platform %.1f s",
                     count, inMemory ? "in memory" : "on disk, synchronous=FULL", Bench.rate(count, ns), Double(ns) / 1e9, peak, anon, daemonCPU, platformCPU))
    }
}
