import Foundation
import Logging
import TraceModel
import TraceStore
import TraceSync

/// Drains a backlog to the reference platform (a separate process on loopback) with the real uploader
/// (gzip JSON batches of 500, Idempotency-Key, acknowledgement-driven cursor).
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

    static func run(dir: String, events count: Int) async throws {
        let path = dir + "/drain.sqlite"
        let fillStart = Bench.now()
        let filler = Process()
        filler.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        filler.arguments = ["fill", path, String(count)]
        try filler.run()
        filler.waitUntilExit()
        print("drain: backlog of \(count) events filled in \(String(format: "%.1f", Double(Bench.now() - fillStart) / 1e9)) s (separate process)")
        let store = try TraceStore.open(path: path)

        let (platform, port) = try Bench.startPlatform(dir: dir)
        defer { platform.terminate() }

        let rssBefore = Bench.rssMiB()
        let platformTicksBefore = DaemonBenchmark.cpuTicks(platform.processIdentifier)
        let cpuBefore = FramesBenchmark.cpuSeconds()
        let uploader = Uploader(store: store, config: UploadConfiguration(baseURL: "http://127.0.0.1:\(port)", gateway: "bench"),
                                logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        let start = Bench.now()
        let task = Task { try await uploader.run() }
        var cursor: Int64 = 0
        while cursor < Int64(count) {
            try await Task.sleep(for: .milliseconds(50))
            cursor = try store.cursor()
        }
        let ns = Bench.now() - start
        // Where the two cores went: the uploader (this process) and the platform (gunzip, parse, SQLite).
        let uploaderCPU = FramesBenchmark.cpuSeconds() - cpuBefore
        let platformCPU = Double(DaemonBenchmark.cpuTicks(platform.processIdentifier) - platformTicksBefore) / Double(sysconf(Int32(_SC_CLK_TCK)))
        task.cancel()
        _ = try? await task.value
        print("drain: \(count) events to the local platform: \(Bench.rate(count, ns)) (\(String(format: "%.1f", Double(ns) / 1e9)) s), uploader-side peak RSS \(String(format: "%.0f", Bench.peakRSSMiB())) MiB (RSS at start \(String(format: "%.0f", rssBefore)) MiB); CPU: uploader \(String(format: "%.1f", uploaderCPU)) s, platform \(String(format: "%.1f", platformCPU)) s")
        try store.close()
    }
}
