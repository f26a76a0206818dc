import ImageFiles
import SystemSupport
import ZBar

/// Frames from a V4L2 camera (`/dev/video*`) through zbar's video API, at the requested size (the driver may
/// choose another), decoded at most `fps` per second: frames that come sooner are taken from the driver and
/// dropped, so the camera's buffers never fill up.
public final class V4L2FrameSource: FrameSource, @unchecked Sendable {
    // `@unchecked`: `video` and `pacer` are only touched by the one thread that calls `nextFrame()` (the
    // driver's reader thread, which also opened it); `stop()` only raises `wake`, which is thread-safe.
    public struct Options: Sendable, Hashable {
        public var device: String
        public var width: Int
        public var height: Int
        public var fps: Int

        public init(device: String, width: Int, height: Int, fps: Int) {
            self.device = device
            self.width = width
            self.height = height
            self.fps = fps
        }
    }

    public let options: Options
    private let video: ZBarVideo
    private let wake: WakeSignal
    private var pacer: FramePacer
    /// The device node the path resolved to (e.g. `/dev/video0` for a `/dev/v4l/by-id/…` link).
    public let resolvedPath: String

    /// Opens and starts the camera (blocking; `zbar_video_open`, `zbar_video_init`, `zbar_video_enable`).
    public init(options: Options) throws(FrameSourceError) {
        do {
            wake = try WakeSignal()
        } catch {
            throw FrameSourceError("cannot create a wake-up pipe: \(error)", isTransient: true)
        }
        guard FileSystem.exists(options.device) else {
            throw FrameSourceError("camera \(options.device) is not there (unplugged?)", isTransient: true)
        }
        do {
            video = try ZBarVideo(device: options.device, width: options.width, height: options.height)
        } catch {
            throw FrameSourceError(error.description, isTransient: error.isTransient)
        }
        self.options = options
        pacer = FramePacer(fps: options.fps)
        resolvedPath = (try? FileSystem.realPath(options.device)) ?? options.device
    }

    public var description: String { resolvedPath }

    public func stop() { wake.raise() }

    public func nextFrame() throws(FrameSourceError) -> GreyImage? {
        let fd = video.fileDescriptor
        while !wake.isRaised {
            if fd >= 0 {
                let ready: [PollEvents]
                do {
                    ready = try FileDescriptor.poll([(FileDescriptor(rawValue: fd), .readable), (wake.descriptor, .readable)],
                                                    timeout: .seconds(5))
                } catch {
                    throw FrameSourceError("waiting for \(options.device) failed: \(error)", isTransient: true)
                }
                if !ready[1].isEmpty { return nil }
                if ready[0].isEmpty {
                    throw FrameSourceError("camera \(options.device) delivered no frame for 5 s", isTransient: true)
                }
                if !ready[0].intersection([.error, .hangUp, .invalid]).isEmpty {
                    throw FrameSourceError("camera \(options.device) went away", isTransient: true)
                }
            }
            let frame: (width: Int, height: Int, pixels: [UInt8])
            do {
                frame = try video.nextFrame()
            } catch {
                throw FrameSourceError(error.description, isTransient: true)
            }
            guard pacer.admit(atNs: BootClock.nowNanoseconds()) else { continue }
            guard frame.pixels.count == frame.width * frame.height, frame.width > 0 else { continue }
            return GreyImage(width: frame.width, height: frame.height, pixels: frame.pixels)
        }
        return nil
    }
}
