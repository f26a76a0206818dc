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

    /// One handshaking scanner sends its next code only after the ACK of the last, so it cannot offer more
    /// than 1/latency codes a second (~480/s here): above 250/s the rate is shared by several scanners on
    /// the same station (one pty and driver each, one pipeline and store), as a busy line would have.
    static let ratePerScanner = 250

    static func run(dir: String, events count: Int, rate: Int) async throws {
        let store = try TraceStore.open(path: dir + "/latency-\(rate).sqlite")
        let pipeline = Pipeline(store: store)
        let scannerCount = max(1, (rate + ratePerScanner - 1) / ratePerScanner)
        var scanners: [ScannerEmulator] = []
        var readers: [Task<Void, any Error>] = []
        for i in 0..<scannerCount {
            let path = dir + "/scanner-\(rate)-\(i)"
            scanners.append(try ScannerEmulator(stablePath: path))
            let driver = SerialScannerDriver(
                id: "scanner-\(i)", options: .init(settings: SerialSettings(path: path), framing: .cr, handshake: true),
                clock: CaptureClock(offsetSeconds: 28800))
            readers.append(Task { try await driver.run(sink: { await pipeline.handle($0) }, onConnected: { _ in }) })
        }
        for scanner in scanners { try await scanner.waitUntilOpened(timeout: .seconds(10)) }

        let perScanner = count / scannerCount
        let period = Duration.nanoseconds(1_000_000_000 * Int64(scannerCount) / Int64(rate))
        let clock = ContinuousClock()
        let began = clock.now
        let results = try await withThrowingTaskGroup(of: (samples: [Double], missing: Int).self) { group in
            for (i, scanner) in scanners.enumerated() {
                group.addTask {
                    var samples: [Double] = []
                    samples.reserveCapacity(perScanner)
                    var missing = 0
                    // Scanners start spread over one period, as independent operators would.
                    var next = began.advanced(by: period / scannerCount * i)
                    for k in 0..<perScanner {
                        try await clock.sleep(until: next)
                        next = next.advanced(by: period)
                        let start = Bench.now()
                        let reply = try await scanner.sendAndAwaitReply(Workload.code(i + k * scannerCount), timeout: .seconds(2))
                        if reply == 0x06 { samples.append(Double(Bench.now() - start) / 1e6) } else { missing += 1 }
                    }
                    return (samples, missing)
                }
            }
            return try await group.reduce(into: [(samples: [Double], missing: Int)]()) { $0.append($1) }
        }
        let elapsed = clock.now - began
        let sent = perScanner * scannerCount
        let achieved = Double(sent) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        for reader in readers { reader.cancel() }
        for reader in readers { _ = try? await reader.value }
        let samples = results.flatMap(\.samples).sorted()
        let missing = results.reduce(0) { $0 + $1.missing }
        func p(_ q: Double) -> Double { samples.isEmpty ? .nan : samples[min(samples.count - 1, Int(Double(samples.count) * q))] }
        let who = scannerCount == 1 ? "1 scanner" : "\(scannerCount) scanners"
        print(String(format: "latency: scan → durable → ACK at %d/s offered by %@ (%.0f/s achieved), %d scans: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, no ACK %d",
                     rate, who, achieved, sent, p(0.5), p(0.9), p(0.99), samples.last ?? .nan, missing))
        Summary.add("scan → durable → ACK, \(rate)/s from \(who)",
                    String(format: "%.0f/s achieved; p50 %.2f ms, p99 %.2f ms, max %.2f ms, no ACK %d", achieved, p(0.5), p(0.99),
                           samples.last ?? .nan, missing),
                    goal: rate <= 100 ? "p99 ≤ 10 ms" : "")
        for scanner in scanners { scanner.close() }
        try store.close()
    }
}
