import Foundation
import ImageFiles
import Testing
import TraceDevices
import TraceModel
import TraceTesting

@Suite("CameraDriver: frames → zbar/libdmtx → one reading per appearance")
struct CameraDriverTests {
    /// Collects what the driver delivers.
    actor Collector {
        var readings: [Reading] = []
        var connected: [String] = []
        func add(_ r: Reading) { readings.append(r) }
        func connect(_ path: String) { connected.append(path) }

        func wait(for count: Int, timeout: Duration) async throws -> [Reading] {
            let deadline = ContinuousClock.now + timeout
            while readings.count < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            return readings
        }
    }

    static func camera(_ path: String, fps: Int = 20, reappearMs: Int = 1000, watch: Bool = false) throws -> CameraDriver {
        CameraDriver(id: "cam-1", options: .init(
            source: .directory(.init(path: path, fps: fps, watch: watch)),
            decoder: try .init(symbologies: CameraSymbology.names), reappearMs: reappearMs),
                     clock: CaptureClock(offsetSeconds: 8 * 3600))
    }

    @Test("A in 3 frames, B in 3, a gap, A again: readings A, B, A with AIM, symbology and capture stamps",
          .timeLimit(.minutes(1)))
    func appearances() async throws {
        let dir = try TemporaryDirectory()
        let a = try BarcodeImages.zint(16, "[01]06901234567892[21]CAM1", gs1: true, scale: 1, directory: dir.path)
        let b = try BarcodeImages.zint(71, "[01]06901234567892[21]CAM2", gs1: true, scale: 4, directory: dir.path)
        let frames = try TemporaryDirectory()
        var n = 0
        func add(_ image: GreyImage) throws {
            n += 1
            try BarcodeImages.writePGM(image, to: frames.appending(String(format: "%03d.pgm", n)))
        }
        for _ in 0..<3 { try add(BarcodeImages.frame(a, x: 20 + n, y: 100)) }
        for _ in 0..<3 { try add(BarcodeImages.frame(b, x: 200, y: 100 + n)) }
        // The gap: a few frames of a busy scene (libdmtx spends its whole budget on each), then blank ones.
        for _ in 0..<3 { try add(BarcodeImages.emptyScene()) }
        for _ in 0..<27 { try add(GreyImage(width: 640, height: 480, fill: 235)) }
        for _ in 0..<2 { try add(BarcodeImages.frame(a, x: 50, y: 200)) }

        let collector = Collector()
        let driver = try Self.camera(frames.path)
        let run = Task {
            try await driver.run(sink: { await collector.add($0); return .captured }, onConnected: { await collector.connect($0) })
        }
        let readings = try await collector.wait(for: 3, timeout: .seconds(30))
        try await Task.sleep(for: .milliseconds(500))
        let all = await collector.readings
        run.cancel()
        let cancelled = ContinuousClock.now
        _ = try? await run.value
        #expect(ContinuousClock.now - cancelled < .seconds(2))

        #expect(await collector.connected == [frames.path])
        #expect(all.count == 3, "\(all.map(\.rawBytes))")
        let expected = [Array("]C10106901234567892".utf8) + Array("21CAM1".utf8),
                        Array("]d20106901234567892".utf8) + Array("21CAM2".utf8),
                        Array("]C10106901234567892".utf8) + Array("21CAM1".utf8)]
        #expect(readings.prefix(3).map(\.rawBytes) == expected)
        let symbologies = readings.prefix(3).map { r -> String? in
            if case .barcode(_, let s) = r.payload { return s }
            return nil
        }
        #expect(symbologies == ["GS1-128", "GS1 DataMatrix", "GS1-128"])
        #expect(readings.allSatisfy { $0.device == DeviceRef(id: "cam-1", driver: "camera", path: frames.path) })
        let uptimes = readings.map(\.stamp.clock.uptimeNs)
        #expect(uptimes == uptimes.sorted() && Set(uptimes).count == 3)
        // The second A came after the gap: at least 30 frames at 20 fps later than B.
        #expect(uptimes[2] - uptimes[1] >= 1_400_000_000)
    }

    @Test("a directory that is not there: transient device error (retried with backoff)")
    func missing() async throws {
        let driver = try Self.camera("/tmp/edgetrace-no-frames-here")
        await #expect { try await driver.run(sink: { _ in .captured }, onConnected: { _ in }) } throws: {
            ($0 as? DeviceError)?.isTransient == true
        }
    }

    @Test("watching an empty directory costs nothing and stops promptly on cancellation", .timeLimit(.minutes(1)))
    func idleStop() async throws {
        let frames = try TemporaryDirectory()
        let collector = Collector()
        let driver = try Self.camera(frames.path, watch: true)
        let run = Task { try await driver.run(sink: { await collector.add($0); return .captured }, onConnected: { await collector.connect($0) }) }
        while await collector.connected.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        // A code appears while it waits: read once, in spite of 20 fps.
        let dir = try TemporaryDirectory()
        let code = try BarcodeImages.qrencode(Array("late".utf8), directory: dir.path)
        try BarcodeImages.writePGM(BarcodeImages.frame(code), to: frames.appending("late-1.pgm"))
        try BarcodeImages.writePGM(BarcodeImages.frame(code), to: frames.appending("late-2.pgm"))
        let readings = try await collector.wait(for: 1, timeout: .seconds(10))
        #expect(readings.map(\.rawBytes) == [Array("]Q1late".utf8)])
        try await Task.sleep(for: .milliseconds(300))
        let cancelled = ContinuousClock.now
        run.cancel()
        _ = try? await run.value
        #expect(ContinuousClock.now - cancelled < .seconds(2))
        #expect(await collector.readings.count == 1)
    }
}
