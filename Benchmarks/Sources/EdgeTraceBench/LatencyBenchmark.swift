import Foundation
import SerialPort
import TraceDevices
import TraceModel
import TraceStore
import TraceTesting

/// Scan → durable latency through the real path: a scanner on a pty sends a code, the serial driver frames
/// it, the interpreter parses it, the outbox commits it (synchronous=FULL), and the driver ACKs it; the time
/// is measured at the scanner from the last byte sent to the ACK received, at a fixed scan rate.
enum LatencyBenchmark {
    actor Pipeline {
        var interpreter = Interpreter(gateway: "bench", context: StationContext(bizStep: "receiving"), dedupWindowNs: 0)
        let store: TraceStore
        init(store: TraceStore) { self.store = store }

        func handle(_ r: Reading) async -> ReadVerdict {
            guard case .event(let e) = interpreter.interpret(r) else { return .duplicate }
            do {
                return try await store.append(e).kind == .rejected ? .rejected : .captured
            } catch {
                return .failed
            }
        }
    }

    static func run(dir: String, events count: Int, rate: Int) async throws {
        let store = try TraceStore.open(path: dir + "/latency.sqlite")
        let pipeline = Pipeline(store: store)
        let scanner = try ScannerEmulator(stablePath: dir + "/scanner")
        let driver = SerialScannerDriver(
            id: "scanner-1",
            options: .init(settings: SerialSettings(path: dir + "/scanner"), framing: .cr, handshake: true),
            clock: CaptureClock(offsetSeconds: 28800))
        let reader = Task { try await driver.run(sink: { await pipeline.handle($0) }, onConnected: { _ in }) }
        try await scanner.waitUntilOpened(timeout: .seconds(10))

        var samples: [Double] = []
        samples.reserveCapacity(count)
        let period = Duration.nanoseconds(1_000_000_000 / Int64(rate))
        let clock = ContinuousClock()
        var next = clock.now
        var missing = 0
        for n in 0..<count {
            try await clock.sleep(until: next)
            next = next.advanced(by: period)
            let start = Bench.now()
            let reply = try await scanner.sendAndAwaitReply(Workload.code(n), timeout: .seconds(2))
            if reply == 0x06 { samples.append(Double(Bench.now() - start) / 1e6) } else { missing += 1 }
        }
        reader.cancel()
        _ = try? await reader.value
        samples.sort()
        func p(_ q: Double) -> Double { samples.isEmpty ? .nan : samples[min(samples.count - 1, Int(Double(samples.count) * q))] }
        print(String(format: "latency: scan → durable → ACK at %d/s, %d scans: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, no ACK %d",
                     rate, count, p(0.5), p(0.9), p(0.99), samples.last ?? .nan, missing))
        try store.close()
    }
}
