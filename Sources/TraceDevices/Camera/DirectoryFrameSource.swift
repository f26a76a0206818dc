import ImageFiles
import SystemSupport

/// Frames from the image files (PNG, JPEG, PGM) of a directory, in name order, at most `fps` per second;
/// with `watch`, files written or moved into the directory later follow as they appear (inotify), which is
/// how tests and demos play a camera. Hidden files and other extensions are ignored; a file that cannot be
/// decoded is skipped.
public final class DirectoryFrameSource: FrameSource, @unchecked Sendable {
    // `@unchecked`: the mutable state below is only touched by the one thread that calls `nextFrame()`;
    // `stop()` only raises `wake`, which is thread-safe.
    public struct Options: Sendable, Hashable {
        public var path: String
        public var fps: Int
        /// Wait for new files after the last one instead of ending.
        public var watch: Bool
        /// Start again from the first file after the last one (a scene replayed forever).
        public var loop: Bool

        public init(path: String, fps: Int, watch: Bool = true, loop: Bool = false) {
            self.path = path
            self.fps = fps
            self.watch = watch
            self.loop = loop
        }
    }

    public let options: Options
    private let wake: WakeSignal
    private let watcher: DirectoryWatch?
    private var pacer: FramePacer
    private var pending: [String] = []
    private var delivered: Set<String> = []
    /// Files skipped because they could not be decoded.
    public private(set) var skippedFiles = 0

    /// Opens the directory (and its inotify watch, before the first listing, so no file is missed).
    public init(options: Options) throws(FrameSourceError) {
        guard FileSystem.isDirectory(options.path) else {
            throw FrameSourceError("frame directory \(options.path) does not exist (yet)", isTransient: true)
        }
        do {
            wake = try WakeSignal()
            watcher = options.watch ? try DirectoryWatch(path: options.path) : nil
        } catch {
            throw FrameSourceError("cannot watch the frame directory \(options.path): \(error)", isTransient: true)
        }
        self.options = options
        pacer = FramePacer(fps: options.fps)
    }

    public var description: String { options.path }

    public func stop() { wake.raise() }

    public func nextFrame() throws(FrameSourceError) -> GreyImage? {
        while !wake.isRaised {
            if pending.isEmpty { try refill() }
            if pending.isEmpty, options.loop, !delivered.isEmpty {
                delivered.removeAll()
                try refill()
            }
            if pending.isEmpty {
                guard let watcher else { return nil }
                let outcome: DirectoryWatch.Outcome
                do {
                    outcome = try watcher.wait(timeout: nil, wake: wake)
                } catch {
                    throw FrameSourceError("watching \(options.path) failed: \(error)", isTransient: true)
                }
                switch outcome {
                case .woken: return nil
                case .gone: throw FrameSourceError("frame directory \(options.path) was removed", isTransient: true)
                case .changed, .timedOut: continue
                }
            }
            let name = pending.removeFirst()
            delivered.insert(name)
            guard pacer.waitForNext(wake: wake) else { return nil }
            do {
                return try ImageFile.load(path: options.path + "/" + name)
            } catch {
                skippedFiles += 1
            }
        }
        return nil
    }

    /// Lists the directory: image files not yet delivered, in name order.
    private func refill() throws(FrameSourceError) {
        let names: [String]
        do {
            names = try FileSystem.directoryEntries(options.path)
        } catch {
            throw FrameSourceError("cannot list the frame directory \(options.path): \(error)", isTransient: true)
        }
        pending = names.filter { ImageFile.isImageName($0) && !delivered.contains($0) }.sorted()
    }
}
