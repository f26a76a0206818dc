import Foundation
import ImageFiles
import SystemSupport
import Testing
import TraceDevices
import TraceTesting

@Suite("Frame sources: directory (watched), raw frame file, V4L2")
struct FrameSourceTests {
    /// A tiny frame recognisable by its size and grey level.
    static func marker(_ n: Int) -> GreyImage { GreyImage(width: 8 + n, height: 4, fill: UInt8(n * 10)) }

    @Test("directory: image files in name order, others ignored, then the end (no watch)", .timeLimit(.minutes(1)))
    func directoryOrder() throws {
        let dir = try TemporaryDirectory()
        try BarcodeImages.writePGM(Self.marker(3), to: dir.appending("003.pgm"))
        try BarcodeImages.writePGM(Self.marker(1), to: dir.appending("001.pgm"))
        try BarcodeImages.writeJPEG(Self.marker(2), to: dir.appending("002.jpg"))
        try BarcodeImages.writePGM(Self.marker(9), to: dir.appending(".hidden.pgm"))
        try Data("not a frame".utf8).write(to: URL(fileURLWithPath: dir.appending("notes.txt")))
        let source = try DirectoryFrameSource(options: .init(path: dir.path, fps: 50, watch: false))
        var widths: [Int] = []
        while let frame = try source.nextFrame() { widths.append(frame.width) }
        #expect(widths == [9, 10, 11])
        #expect(try source.nextFrame() == nil)
    }

    @Test("directory: frames are paced at fps", .timeLimit(.minutes(1)))
    func pacing() throws {
        let dir = try TemporaryDirectory()
        for i in 0..<6 { try BarcodeImages.writePGM(Self.marker(i), to: dir.appending("f\(i).pgm")) }
        let source = try DirectoryFrameSource(options: .init(path: dir.path, fps: 20, watch: false))
        let start = ContinuousClock.now
        var count = 0
        while try source.nextFrame() != nil { count += 1 }
        let elapsed = ContinuousClock.now - start
        #expect(count == 6)
        #expect(elapsed >= .milliseconds(240), "6 frames at 20 fps take at least 5 intervals of 50 ms, took \(elapsed)")
    }

    @Test("directory: loop replays the files", .timeLimit(.minutes(1)))
    func loop() throws {
        let dir = try TemporaryDirectory()
        try BarcodeImages.writePGM(Self.marker(1), to: dir.appending("a.pgm"))
        try BarcodeImages.writePGM(Self.marker(2), to: dir.appending("b.pgm"))
        let source = try DirectoryFrameSource(options: .init(path: dir.path, fps: 60, watch: false, loop: true))
        let widths = try (0..<5).map { _ in try #require(try source.nextFrame()).width }
        #expect(widths == [9, 10, 9, 10, 9])
    }

    @Test("directory: watching picks up files written later; stop() wakes the wait", .timeLimit(.minutes(1)))
    func watch() async throws {
        let dir = try TemporaryDirectory()
        try BarcodeImages.writePGM(Self.marker(1), to: dir.appending("001.pgm"))
        let source = try DirectoryFrameSource(options: .init(path: dir.path, fps: 50, watch: true))
        let reader = Task {
            try await DedicatedThread.run { () -> [Int] in
                var widths: [Int] = []
                while let frame = try source.nextFrame() { widths.append(frame.width) }
                return widths
            }
        }
        // The reader takes 001, then waits on inotify; files appear later; then it is stopped.
        try await Task.sleep(for: .milliseconds(300))
        try BarcodeImages.writePGM(Self.marker(2), to: dir.appending("002.pgm"))
        try await Task.sleep(for: .milliseconds(300))
        try BarcodeImages.writePGM(Self.marker(4), to: dir.appending("004.pgm"))
        try BarcodeImages.writePGM(Self.marker(3), to: dir.appending("003.pgm"))
        try await Task.sleep(for: .milliseconds(400))
        let stopped = ContinuousClock.now
        source.stop()
        let widths = try await reader.value
        #expect(ContinuousClock.now - stopped < .seconds(1), "stop() must wake the inotify wait")
        #expect(Array(widths.prefix(2)) == [9, 10])
        #expect(Set(widths.dropFirst(2)) == [11, 12] && widths.count == 4, "\(widths)")
    }

    @Test("directory: a file that cannot be decoded is skipped", .timeLimit(.minutes(1)))
    func corruptSkipped() throws {
        let dir = try TemporaryDirectory()
        try BarcodeImages.writePGM(Self.marker(1), to: dir.appending("1.pgm"))
        try Data("P5 garbage".utf8).write(to: URL(fileURLWithPath: dir.appending("2.pgm")))
        try BarcodeImages.writePGM(Self.marker(3), to: dir.appending("3.pgm"))
        let source = try DirectoryFrameSource(options: .init(path: dir.path, fps: 60, watch: false))
        var widths: [Int] = []
        while let frame = try source.nextFrame() { widths.append(frame.width) }
        #expect(widths == [9, 11])
        #expect(source.skippedFiles == 1)
    }

    @Test("directory that does not exist: a transient error (it may be created later)")
    func missingDirectory() {
        #expect { try DirectoryFrameSource(options: .init(path: "/tmp/edgetrace-no-such-dir", fps: 10)) } throws: {
            ($0 as? FrameSourceError)?.isTransient == true
        }
    }

    @Test("raw file: whole frames in order, a partial last frame ignored; loop starts over", .timeLimit(.minutes(1)))
    func raw() throws {
        let dir = try TemporaryDirectory()
        let frames = (1...3).map { GreyImage(width: 16, height: 8, fill: UInt8($0 * 50)) }
        let bytes = frames.flatMap(\.pixels) + [1, 2, 3]
        try Data(bytes).write(to: URL(fileURLWithPath: dir.appending("frames.y800")))
        let once = try RawFrameFileSource(options: .init(path: dir.appending("frames.y800"), width: 16, height: 8, fps: 60))
        var seen: [GreyImage] = []
        while let frame = try once.nextFrame() { seen.append(frame) }
        #expect(seen == frames)
        let looping = try RawFrameFileSource(options: .init(path: dir.appending("frames.y800"), width: 16, height: 8, fps: 60, loop: true))
        let fills = try (0..<5).map { _ in try #require(try looping.nextFrame()).pixels[0] }
        #expect(fills == [50, 100, 150, 50, 100])
    }

    @Test("V4L2: a camera that is not there is a transient error (no /dev/video device on this machine to test more)")
    func v4l2Missing() {
        #expect { try V4L2FrameSource(options: .init(device: "/dev/video-edgetrace-missing", width: 640, height: 480, fps: 10)) } throws: {
            ($0 as? FrameSourceError)?.isTransient == true
        }
    }
}
