import CDecodeLoop
import Foundation
import ImageFiles
import TraceDevices
import TraceModel
import TraceTesting
import ZBar

/// The camera path, per frame: FrameDecoder vs. a C loop calling libzbar (and libdmtx) directly on the same
/// 640×480 frames in the same run; then the CPU an idle camera costs (no code in view), through the real
/// CameraDriver with its frame source and presence tracking.
enum FramesBenchmark {
    static let width = 640, height = 480

    static func run(dir: String, rounds: Int, idleSeconds: Int) async throws {
        let (withCodes, plain, edgeHeavy) = try makeFrames(dir: dir)
        let withoutCodes = plain + edgeHeavy
        let all = withCodes + withoutCodes
        print("frames: \(withCodes.count) frames with a code (GS1-128, EAN-13, UPC-A, ITF-14, DataBar, DataBar Expanded, "
              + "QR, GS1 QR, Code 128, Code 39), \(withoutCodes.count) without (blank, gradient, empty scene, noise), "
              + "\(width)×\(height), \(rounds) rounds, best of 5 alternating runs")

        // zbar only: the wrapper + FrameDecoder against the C loop.
        let zbarOnly = try FrameDecoder(options: .init(zbar: Set(ZBarSymbology.traceability), dataMatrix: nil))
        try compare("zbar only", frames: all, rounds: rounds,
                    swift: { frames in try frames.reduce(0) { $0 + (try zbarOnly.decode($1).count) } },
                    c: { pointers, count in decodeloop_zbar(pointers, count, Int32(width), Int32(height), 1) })
        try compare("zbar only, frames with a code", frames: withCodes, rounds: rounds,
                    swift: { frames in try frames.reduce(0) { $0 + (try zbarOnly.decode($1).count) } },
                    c: { pointers, count in decodeloop_zbar(pointers, count, Int32(width), Int32(height), 1) })
        try compare("zbar only, frames without a code", frames: withoutCodes, rounds: rounds,
                    swift: { frames in try frames.reduce(0) { $0 + (try zbarOnly.decode($1).count) } },
                    c: { pointers, count in decodeloop_zbar(pointers, count, Int32(width), Int32(height), 1) })

        // The camera's default: zbar + libdmtx (100 ms budget per frame).
        let full = try FrameDecoder(options: .init(symbologies: CameraSymbology.names, dataMatrixTimeoutMs: 100))
        for (group, frames) in [("frames with a code", withCodes), ("plain frames without a code", plain),
                                ("edge-heavy frames without a code (empty scene, noise)", edgeHeavy)] {
            try compare("zbar + libdmtx, \(group)", frames: frames, rounds: 2,
                        swift: { frames in try frames.reduce(0) { $0 + (try full.decode($1).count) } },
                        c: { pointers, count in decodeloop_zbar_dmtx(pointers, count, Int32(width), Int32(height), 1, 100) })
        }

        // Idle camera CPU, through the real driver for `idleSeconds` each.
        let empty = dir + "/empty-frames"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try await idle("directory source, watched, no file arrives", seconds: idleSeconds,
                       source: .directory(.init(path: empty, fps: 10, watch: true)), symbologies: CameraSymbology.names)
        for (name, frame) in [("plain grey frames", GreyImage(width: width, height: height, fill: 200)),
                              ("gradient frames", gradient()), ("edge-heavy empty scene", BarcodeImages.emptyScene())] {
            let file = dir + "/idle-\(name.prefix(5)).y800"
            try Data(frame.pixels).write(to: URL(fileURLWithPath: file))
            try await idle("raw source looping \(name), every symbology", seconds: idleSeconds,
                           source: .raw(.init(path: file, width: width, height: height, fps: 10, loop: true)),
                           symbologies: CameraSymbology.names)
            try await idle("raw source looping \(name), every symbology, datamatrix_shrink 2", seconds: idleSeconds,
                           source: .raw(.init(path: file, width: width, height: height, fps: 10, loop: true)),
                           symbologies: CameraSymbology.names, shrink: 2)
            try await idle("raw source looping \(name), zbar only", seconds: idleSeconds,
                           source: .raw(.init(path: file, width: width, height: height, fps: 10, loop: true)),
                           symbologies: CameraSymbology.names.filter { $0 != CameraSymbology.dataMatrix })
        }
    }

    static func gradient() -> GreyImage {
        GreyImage(width: width, height: height, pixels: (0..<(width * height)).map { UInt8(120 + ($0 % width) / 8) })
    }

    /// Frames with one code each; plain frames without (blank, gradient); frames without a code whose edges keep
    /// libdmtx busy for its whole budget (an empty scene of blocks and lines, noise).
    static func makeFrames(dir: String) throws -> (withCodes: [GreyImage], plain: [GreyImage], edgeHeavy: [GreyImage]) {
        let codes: [GreyImage] = [
            try BarcodeImages.zint(16, "[01]06901234567892[17]270531[10]LOT7", gs1: true, scale: 1, directory: dir),
            try BarcodeImages.zint(13, "690123456789", directory: dir),
            try BarcodeImages.zint(34, "03600029145", directory: dir),
            try BarcodeImages.zint(89, "1690123456789", scale: 1, directory: dir),
            try BarcodeImages.zint(29, "0690123456789", directory: dir),
            try BarcodeImages.zint(31, "[01]06901234567892[17]270531", gs1: true, scale: 1, directory: dir),
            try BarcodeImages.qrencode(Array("https://id.gs1.org/01/06901234567892/21/SER9".utf8), directory: dir),
            try BarcodeImages.zint(58, "[01]06901234567892[21]SER9", gs1: true, scale: 3, directory: dir),
            try BarcodeImages.zint(20, "Hello-128", scale: 1, directory: dir),
            try BarcodeImages.zint(8, "CODE39", scale: 1, directory: dir),
        ]
        let withCodes = codes.enumerated().map { i, code in
            BarcodeImages.frame(code, width: width, height: height, x: 20 + 7 * i, y: 40 + 11 * i)
        }
        return (withCodes, [GreyImage(width: width, height: height, fill: 235), gradient()],
                [BarcodeImages.emptyScene(), BarcodeImages.noise(seed: 5)])
    }

    /// Runs both sides alternately 5 times on `rounds × frames`; prints the best per-frame time of each and the ratio.
    static func compare(_ name: String, frames: [GreyImage], rounds: Int,
                        swift: ([GreyImage]) throws -> Int,
                        c: (UnsafePointer<UnsafePointer<UInt8>?>, Int32) -> Int) throws {
        let buffers = frames.map { frame -> UnsafeMutablePointer<UInt8> in
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: frame.pixels.count)
            p.initialize(from: frame.pixels, count: frame.pixels.count)
            return p
        }
        defer { buffers.forEach { $0.deallocate() } }
        let pointers: [UnsafePointer<UInt8>?] = buffers.map { UnsafePointer($0) }
        var bestSwift = UInt64.max, bestC = UInt64.max
        var foundSwift = 0, foundC = 0
        for _ in 0..<5 {
            var start = Bench.now()
            foundSwift = 0
            for _ in 0..<rounds { foundSwift += try swift(frames) }
            bestSwift = min(bestSwift, Bench.now() - start)
            start = Bench.now()
            foundC = 0
            for _ in 0..<rounds { foundC += pointers.withUnsafeBufferPointer { c($0.baseAddress!, Int32(frames.count)) } }
            bestC = min(bestC, Bench.now() - start)
        }
        let perFrame = { (ns: UInt64) in Double(ns) / Double(rounds * frames.count) / 1e6 }
        print(String(format: "frames: %@: FrameDecoder %.3f ms/frame, C loop %.3f ms/frame, ratio %.3f (symbols per round: %d vs %d)",
                     name, perFrame(bestSwift), perFrame(bestC), Double(bestSwift) / Double(bestC),
                     foundSwift / rounds, foundC / rounds))
        if name == "zbar only" {
            Summary.add("camera frame, zbar", String(format: "FrameDecoder %.2f ms vs. C loop %.2f ms: %.3f×", perFrame(bestSwift), perFrame(bestC),
                                                     Double(bestSwift) / Double(bestC)), goal: "≤ 1.1×")
        }
    }

    /// The real CameraDriver on `source` for `seconds`; prints the process CPU time it cost as % of one core.
    static func idle(_ name: String, seconds: Int, source: CameraDriver.Options.Source, symbologies: [String],
                     shrink: Int = 1) async throws {
        let driver = CameraDriver(id: "bench-camera", options: .init(
            source: source, decoder: try .init(symbologies: symbologies, dataMatrixTimeoutMs: 100, dataMatrixShrink: shrink),
            reappearMs: 1000),
                                  clock: CaptureClock(offsetSeconds: 28800))
        let reads = Counter()
        let task = Task { try await driver.run(sink: { _ in await reads.add(); return .captured }, onConnected: { _ in }) }
        try await Task.sleep(for: .milliseconds(300))
        let cpuBefore = cpuSeconds()
        let wallBefore = Bench.now()
        try await Task.sleep(for: .seconds(seconds))
        let cpu = cpuSeconds() - cpuBefore
        let wall = Double(Bench.now() - wallBefore) / 1e9
        task.cancel()
        _ = try? await task.value
        print(String(format: "frames: idle camera, %@, 10 fps: %.2f%% of one core (%.3f s CPU in %.1f s), %d reads",
                     name, 100 * cpu / wall, cpu, wall, await reads.value))
    }

    actor Counter {
        var value = 0
        func add() { value += 1 }
    }

    /// User + system CPU time of this process (`getrusage(RUSAGE_SELF)`).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
