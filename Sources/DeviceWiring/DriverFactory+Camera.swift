import EdgeTraceConfig
import TraceDevices

extension DriverFactory {
    /// `driver = "camera"`: the frame source named by `source`, the decoders named by `symbologies`.
    /// Nil when the symbologies cannot be set up (the configuration loader already refuses unknown names).
    static func makeCamera(id: String, path: String, settings c: CameraSettings, clock: CaptureClock) -> CameraDriver? {
        guard let decoder = try? FrameDecoder.Options(symbologies: c.symbologies, dataMatrixTimeoutMs: c.dataMatrixTimeoutMs,
                                                      dataMatrixShrink: c.dataMatrixShrink) else {
            return nil
        }
        let source: CameraDriver.Options.Source = switch c.source {
        case "directory": .directory(.init(path: path, fps: c.fps, watch: c.watch, loop: c.loop))
        case "raw": .raw(.init(path: path, width: c.width, height: c.height, fps: c.fps, loop: c.loop))
        default: .v4l2(.init(device: path, width: c.width, height: c.height, fps: c.fps))
        }
        return CameraDriver(id: id, options: .init(source: source, decoder: decoder, reappearMs: c.reappearMs), clock: clock)
    }
}
