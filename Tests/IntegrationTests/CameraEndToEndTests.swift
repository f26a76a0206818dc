import Foundation
import ImageFiles
import Testing
import TraceTesting

@Suite("End to end: camera frames → edgetraced → edgetrace-platform", .serialized)
struct CameraEndToEndTests {
    @Test("a watched frame directory: each code once per appearance, corrupted GS1 rejected, status shows the camera",
          .timeLimit(.minutes(3)))
    func frameDirectory() async throws {
        let station = try Station()
        defer { Task { await station.shutdown() } }
        let frames = station.dir + "/frames"
        try FileManager.default.createDirectory(atPath: frames, withIntermediateDirectories: true)
        let codes = try TemporaryDirectory()
        let a = try BarcodeImages.zint(16, "[01]06901234567892[21]CAM-A", gs1: true, scale: 1, directory: codes.path)
        let b = try BarcodeImages.zint(71, "[01]06901234567892[17]270531[21]CAM-B", gs1: true, scale: 4, directory: codes.path)
        let corrupt = try BarcodeImages.zint(31, "[01]06901234567892[10]ABC[21]DEF", gs1: true, directory: codes.path)
        let blank = GreyImage(width: 640, height: 480, fill: 235)
        var n = 0
        func add(_ image: GreyImage, _ count: Int) throws {
            for i in 0..<count {
                n += 1
                // The code moves a little from frame to frame, as on a conveyor.
                let frame = image == blank ? blank : BarcodeImages.frame(image, width: 1300, height: 480, x: 20 + 3 * i, y: 60 + i)
                try BarcodeImages.writePGM(frame, to: frames + String(format: "/%04d.pgm", n))
            }
        }
        try add(a, 4)
        try add(b, 4)
        try add(blank, 2)

        try await station.startPlatform()
        try station.writeConfig(devices: """
            [[device]]
            id = "camera-1"
            driver = "camera"
            source = "directory"
            path = "\(frames)"
            fps = 20
            reappear_ms = 800
            watch = true
            reopen_max_ms = 200
            """)
        try await station.startDaemon(waitForScanner: false)

        let first = try await station.waitForPlatform(count: 2, timeout: .seconds(60))
        // libzbar is loaded when the camera first needs it (it is not linked).
        let maps = try #require(station.daemon).memoryMap()
        #expect(maps.contains("libzbar.so.0"))
        // While the daemon runs: a gap of blank frames, A again, then a DataBar Expanded that zbar corrupts.
        try add(blank, 30)
        try add(a, 4)
        try add(corrupt, 3)
        let events = try await station.waitForPlatform(count: 4, timeout: .seconds(60))
        try await Task.sleep(for: .seconds(1))
        let all = try await station.platformEvents()

        #expect(first.count == 2)
        #expect(all.count == 4, "each code once per appearance: \(all.map { $0["scan"] ?? $0["rejected"] ?? "?" })")
        #expect(events.map { $0["kind"] as? String } == ["scan", "scan", "scan", "rejected"])
        let scans = events.compactMap { $0["scan"] as? [String: Any] }
        #expect(scans.map { $0["serial"] as? String } == ["CAM-A", "CAM-B", "CAM-A"])
        #expect(scans.map { $0["aim"] as? String } == ["]C1", "]d2", "]C1"])
        #expect(scans[1]["expiry"] as? String == "2027-05-31")
        #expect(events.allSatisfy { ($0["device"] as? [String: Any])?["driver"] as? String == "camera" })
        let rejected = try #require(events.last?["rejected"] as? [String: Any])
        #expect((rejected["reason"] as? String)?.isEmpty == false)
        #expect((rejected["raw"] as? String)?.hasPrefix("]e0") == true)

        let device = try await station.waitForStatus { status in
            ((status["devices"] as? [[String: Any]])?.first?["reads"] as? Int) == 4
        }["devices"] as? [[String: Any]]
        let camera = try #require(device?.first)
        #expect(camera["id"] as? String == "camera-1")
        #expect(camera["driver"] as? String == "camera")
        #expect(camera["state"] as? String == "connected")
        #expect(camera["rejected"] as? Int == 1)
        #expect((camera["lastRead"] as? String)?.hasPrefix("]e0") == true)
        let text = try await station.cli(["status", "--config", station.configPath])
        #expect(text.output.contains("camera-1  camera  connected"))
        #expect(text.output.contains("last read"))
    }

    @Test("a camera that is not there: the daemon runs, status says disconnected and why", .timeLimit(.minutes(2)))
    func missingCamera() async throws {
        let station = try Station()
        defer { Task { await station.shutdown() } }
        try station.writeConfig(upstream: false, devices: """
            [[device]]
            id = "camera-9"
            driver = "camera"
            path = "/dev/video-edgetrace-missing"
            reopen_max_ms = 200
            """)
        let daemon = try TestProcess("edgetraced", ["--config", station.configPath, "--log-level", "info"])
        station.daemon = daemon
        try await daemon.waitForLine { $0.contains("device unavailable") }
        let status = try await station.waitForStatus { status in
            ((status["devices"] as? [[String: Any]])?.first?["state"] as? String) == "disconnected"
        }
        let camera = try #require((status["devices"] as? [[String: Any]])?.first)
        #expect((camera["message"] as? String)?.contains("/dev/video-edgetrace-missing") == true)
        #expect(daemon.isRunning)
    }
}
