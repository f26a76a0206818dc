extension ConfigLoader {
    /// The keys of a `driver = "camera"` device (see ``CameraSettings``).
    static func parseCamera(_ d: inout ConfigReader, path: String?) throws -> CameraSettings {
        let source = try d.oneOf("source", ["v4l2", "directory", "raw"], default: "v4l2")
        guard path != nil else {
            let example = source == "v4l2" ? "/dev/v4l/by-id/… or /dev/video0" : source == "directory" ? "a directory of images" : "a raw frame file"
            throw d.error("path", "is required for a camera (\(example))")
        }
        let symbologies = try d.stringArray("symbologies") ?? CameraSettings.knownSymbologies
        if symbologies.isEmpty { throw d.error("symbologies", "must name at least one symbology") }
        for name in symbologies where !CameraSettings.knownSymbologies.contains(name) {
            throw d.error("symbologies", "'\(name)' is not one of: \(CameraSettings.knownSymbologies.joined(separator: ", "))")
        }
        return CameraSettings(
            source: source,
            width: try d.int("width", default: 640, range: 16...8192),
            height: try d.int("height", default: 480, range: 16...8192),
            fps: try d.int("fps", default: 10, range: 1...60),
            symbologies: symbologies,
            reappearMs: try d.int("reappear_ms", default: 1000, range: 0...3_600_000),
            dataMatrixTimeoutMs: try d.int("datamatrix_timeout_ms", default: 100, range: 10...5000),
            watch: try d.bool("watch", default: true),
            loop: try d.bool("loop", default: false),
            reopenMaxMs: try d.int("reopen_max_ms", default: 5000, range: 100...600_000),
            dataMatrixShrink: try d.int("datamatrix_shrink", default: 1, range: 1...4))
    }
}
