import ImageFiles
import ServiceLifecycle
import SystemSupport
import TraceModel

/// A fixed camera that reads barcodes: frames from a ``FrameSource`` decoded by zbar and libdmtx
/// (``FrameDecoder``) on a dedicated thread, never on Swift's shared pool. A code in view is one reading
/// when it appears, and again only after it has been out of view for `reappearMs` (``PresenceTracker``);
/// each reading carries the AIM identifier + data and the capture stamp of its frame.
public struct CameraDriver: DeviceDriver {
    public struct Options: Sendable, Hashable {
        /// Where frames come from.
        public enum Source: Sendable, Hashable {
            case v4l2(V4L2FrameSource.Options)
            case directory(DirectoryFrameSource.Options)
            case raw(RawFrameFileSource.Options)
        }

        public var source: Source
        public var decoder: FrameDecoder.Options
        /// A code is reported again once it has been out of view this long.
        public var reappearMs: Int

        public init(source: Source, decoder: FrameDecoder.Options, reappearMs: Int) {
            self.source = source
            self.decoder = decoder
            self.reappearMs = reappearMs
        }
    }

    public let ref: DeviceRef
    public let options: Options
    private let clock: CaptureClock

    public init(id: String, options: Options, clock: CaptureClock) {
        let path: String = switch options.source {
        case .v4l2(let o): o.device
        case .directory(let o): o.path
        case .raw(let o): o.path
        }
        ref = DeviceRef(id: id, driver: "camera", path: path)
        self.options = options
        self.clock = clock
    }

    public func run(sink: @escaping ReadingSink, onConnected: @Sendable (String) async -> Void) async throws {
        let options = self.options
        let source: any FrameSource
        do {
            source = try await DedicatedThread.run { () throws(FrameSourceError) -> any FrameSource in try Self.open(options.source) }
        } catch let error as FrameSourceError {
            throw DeviceError(deviceID: ref.id, message: error.message, isTransient: error.isTransient)
        }
        defer { source.stop() }
        await onConnected(source.description)

        let (readings, continuation) = AsyncThrowingStream<Reading, any Error>.makeStream()
        let ref = self.ref
        let clock = self.clock
        let reader = Task {
            try await DedicatedThread.run {
                Self.readLoop(source: source, options: options, ref: ref, clock: clock, out: continuation)
            }
        }
        do {
            try await withTaskCancellationHandler {
                try await withGracefulShutdownStop({ source.stop() }) {
                    for try await reading in readings { _ = await sink(reading) }
                }
            } onCancel: {
                source.stop()
            }
        } catch let error as FrameSourceError {
            source.stop()
            _ = try? await reader.value
            throw DeviceError(deviceID: ref.id, message: error.message, isTransient: error.isTransient)
        } catch {
            source.stop()
            _ = try? await reader.value
            throw DeviceError(deviceID: ref.id, message: "\(error)", isTransient: false)
        }
        _ = try? await reader.value
        // A source that ended by itself (all files played, no watching): stay idle until shutdown rather than
        // replaying it through a reconnect.
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }

    static func open(_ source: Options.Source) throws(FrameSourceError) -> any FrameSource {
        switch source {
        case .v4l2(let o): try V4L2FrameSource(options: o)
        case .directory(let o): try DirectoryFrameSource(options: o)
        case .raw(let o): try RawFrameFileSource(options: o)
        }
    }

    /// Blocking, on the reader thread: frame → decode → presence → readings, until the source ends or fails.
    static func readLoop(source: any FrameSource, options: Options, ref: DeviceRef, clock: CaptureClock,
                         out: AsyncThrowingStream<Reading, any Error>.Continuation) {
        let decoder: FrameDecoder
        do {
            decoder = try FrameDecoder(options: options.decoder)
        } catch {
            out.finish(throwing: error)
            return
        }
        var presence = PresenceTracker<[UInt8]>(reappearAfterNs: UInt64(max(0, options.reappearMs)) * 1_000_000)
        while true {
            let frame: GreyImage?
            do {
                frame = try source.nextFrame()
            } catch {
                out.finish(throwing: error)
                return
            }
            guard let frame else {
                out.finish()
                return
            }
            let stamp = clock.stamp()
            let symbols: [DecodedSymbol]
            do {
                symbols = try decoder.decode(frame)
            } catch {
                out.finish(throwing: FrameSourceError("decoding a frame failed: \(error)", isTransient: true))
                return
            }
            let fresh = Set(presence.observe(symbols.map(\.transmitted), atNs: stamp.clock.uptimeNs))
            var emitted = Set<[UInt8]>()
            for symbol in symbols where fresh.contains(symbol.transmitted) && emitted.insert(symbol.transmitted).inserted {
                out.yield(symbol.reading(device: ref, stamp: stamp))
            }
        }
    }
}
