import Glibc
import ImageFiles
import SystemSupport

/// Frames from a file of concatenated raw 8-bit greyscale (Y800) frames of `width × height` bytes each, at most
/// `fps` per second: a capture replayed. The source ends at the end of the file (a partial last frame is
/// ignored), or starts over with `loop`.
public final class RawFrameFileSource: FrameSource, @unchecked Sendable {
    // `@unchecked`: `pacer` is only touched by the one thread that calls `nextFrame()`; `stop()` only raises
    // `wake`, which is thread-safe; the descriptor is closed in `deinit`.
    public struct Options: Sendable, Hashable {
        public var path: String
        public var width: Int
        public var height: Int
        public var fps: Int
        public var loop: Bool

        public init(path: String, width: Int, height: Int, fps: Int, loop: Bool = false) {
            self.path = path
            self.width = width
            self.height = height
            self.fps = fps
            self.loop = loop
        }
    }

    public let options: Options
    private let descriptor: FileDescriptor
    private let wake: WakeSignal
    private var pacer: FramePacer

    /// Opens the file (`open(2)`).
    public init(options: Options) throws(FrameSourceError) {
        guard options.width > 0, options.height > 0 else {
            throw FrameSourceError("raw frames need a width and height above 0", isTransient: false)
        }
        do {
            descriptor = try FileDescriptor.open(options.path, O_RDONLY | O_CLOEXEC)
        } catch {
            throw FrameSourceError("cannot open the raw frame file: \(error)", isTransient: error.isTransient || error.code == .noSuchFile)
        }
        do {
            wake = try WakeSignal()
        } catch {
            try? descriptor.close()
            throw FrameSourceError("cannot create a wake-up pipe: \(error)", isTransient: true)
        }
        self.options = options
        pacer = FramePacer(fps: options.fps)
    }

    deinit { try? descriptor.close() }

    public var description: String { options.path }

    public func stop() { wake.raise() }

    public func nextFrame() throws(FrameSourceError) -> GreyImage? {
        let size = options.width * options.height
        var rewound = false
        while !wake.isRaised {
            let bytes: [UInt8]
            do {
                bytes = try readFully(size)
            } catch {
                throw FrameSourceError("reading \(options.path) failed: \(error)", isTransient: true)
            }
            if bytes.count == size {
                guard pacer.waitForNext(wake: wake) else { return nil }
                return GreyImage(width: options.width, height: options.height, pixels: bytes)
            }
            // End of file: start over once (a file shorter than one frame ends the source).
            guard options.loop, !rewound else { return nil }
            rewound = true
            do {
                try retryingOnEINTR("lseek", path: options.path) { lseek(descriptor.rawValue, 0, SEEK_SET) }
            } catch {
                throw FrameSourceError("rewinding \(options.path) failed: \(error)", isTransient: true)
            }
        }
        return nil
    }

    /// Up to `count` bytes: fewer only at the end of the file.
    private func readFully(_ count: Int) throws(SystemError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let chunk = try descriptor.read(maxBytes: count - bytes.count)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        return bytes
    }
}
