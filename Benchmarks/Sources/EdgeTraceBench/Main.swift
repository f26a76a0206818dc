import Foundation
import Logging
import TracePlatformServer

/// `edgetrace-bench [ingest|latency|frames|startup|idle|drain|large|all|order-profile] [--events N] [--rate N] [--drain-events N] [--drain-batch N] [--base N --factor N] [--frame-rounds N] [--idle-seconds N]`
/// Prints one line per figure; see Benchmarks/README.md for what each measures.
@main
struct EdgeTraceBench {
    static func main() async throws {
        let args = CommandLine.arguments
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return fallback }
            return v
        }
        let which = args.count > 1 && !args[1].hasPrefix("--") ? args[1] : "all"
        if which == "platform" {
            // Child mode: the reference platform, in a process of its own so its memory is not counted.
            let server = try await TracePlatformServer.start(
                port: 0, databasePath: args[2], logger: Logger(label: "bench.platform", factory: { _ in SwiftLogNoOpLogHandler() }))
            FileHandle.standardOutput.write(Data("listening on 127.0.0.1:\(server.port)\n".utf8))
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        if which == "fill" {
            try await DrainBenchmark.fill(path: args[2], count: Int(args[3]) ?? 0)
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edgetrace-bench-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        print("edgetrace-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, dir \(dir)")
        if which == "ingest" || which == "all" {
            try await IngestBenchmark.run(dir: dir, events: option("--events", 200_000))
        }
        if which == "order-profile" { try await OrderProfile.run(dir: dir, backlog: option("--events", 20_000)) }
        if which == "probe" { try EncodeProbe.run(events: option("--events", 50_000)) }
        if which == "latency" || which == "all" {
            // At 100/s and 1000/s unless --rate asks for one rate.
            for rate in args.contains("--rate") ? [option("--rate", 100)] : [100, 1000] {
                try await LatencyBenchmark.run(dir: dir, events: option("--latency-events", 1000), rate: rate)
            }
        }
        if which == "frames" || which == "all" {
            try await FramesBenchmark.run(dir: dir, rounds: option("--frame-rounds", 20), idleSeconds: option("--idle-seconds", 10))
        }
        if which == "startup" || which == "all" {
            try await DaemonBenchmark.runStartup(dir: dir, starts: option("--starts", 10))
        }
        if which == "idle" || which == "all" {
            let (platform, port) = try Bench.startPlatform(dir: dir)
            defer { platform.terminate() }
            try await DaemonBenchmark.runIdle(dir: dir, seconds: option("--daemon-idle-seconds", 60), platformPort: port)
        }
        if which == "drain" || which == "all" {
            try await DrainBenchmark.run(dir: dir, events: option("--drain-events", 1_000_000), batch: option("--drain-batch", 0))
        }
        if which == "large" || which == "all" {
            // Last: it writes 11 GiB (10M events) and takes minutes.
            try await LargeStoreBenchmark.run(dir: dir, base: option("--base", 1_000_000), factor: option("--factor", 10))
        }
        print(Summary.table(), terminator: "")
    }
}

/// Shared helpers.
enum Bench {
    /// The reference platform in a child process (this executable in `platform` mode); returns it and its port.
    static func startPlatform(dir: String, inMemory: Bool = false) throws -> (Process, Int) {
        let platform = Process()
        platform.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        platform.arguments = ["platform", inMemory ? ":memory:" : dir + "/platform-\(UUID().uuidString.prefix(6)).sqlite"]
        let pipe = Pipe()
        platform.standardOutput = pipe
        try platform.run()
        var line = ""
        while !line.contains("\n") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            line += String(decoding: data, as: UTF8.self)
        }
        guard let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            platform.terminate()
            throw BenchError("platform did not start: \(line)")
        }
        return (platform, port)
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func rate(_ count: Int, _ ns: UInt64) -> String {
        String(Int((Double(count) / (Double(ns) / 1e9)).rounded())) + " events/s"
    }
}
