import CZBar
import Glibc

/// A V4L2 camera (`/dev/video*`) opened through zbar's video API (`zbar_video_t`), delivering 8-bit
/// greyscale frames.
///
/// Owns the C video object from `init` to `deinit`: `zbar_video_create`, `zbar_video_request_size`,
/// `zbar_video_open`, `zbar_video_init` (Y800, or the device's best format through
/// `zbar_negotiate_format`, converted per frame), `zbar_video_enable`; released in reverse order
/// (`zbar_video_enable(0)`, `zbar_video_destroy`, which closes the device). A half-opened camera is
/// released before `init` throws. Not thread-safe: one thread calls ``nextFrame()``; to wait without
/// blocking for good, poll ``fileDescriptor`` first.
public final class ZBarVideo {
    private let video: OpaquePointer
    /// The device path as given.
    public let device: String
    /// The frame size the driver settled on (`zbar_video_get_width` / `_get_height`); may differ from the request.
    public let width: Int
    public let height: Int

    /// Opens `device`, asking for `width × height` frames (the driver may pick another size).
    public init(device: String, width: Int, height: Int) throws(ZBarError) {
        try ZBarLibrary.load()
        guard let created = zbar_video_create() else {
            throw ZBarError(.outOfMemory, operation: "zbar_video_create", message: "cannot create a zbar video object")
        }
        func fail(_ operation: String, _ message: String) -> ZBarError {
            let savedErrno = errno
            let code = ZBarError.Code(zbar_video_get_error_code(created))
            let detail = zbar_video_error_string(created, 0).map { String(cString: $0) }
            zbar_video_destroy(created)
            return ZBarError(code == ZBarError.Code(rawValue: 0) ? .system : code, operation: operation, message: message,
                             detail: detail, systemErrno: savedErrno)
        }
        if zbar_video_request_size(created, UInt32(clamping: width), UInt32(clamping: height)) != 0 {
            throw fail("zbar_video_request_size", "cannot request \(width)×\(height) frames from \(device)")
        }
        if zbar_video_open(created, device) != 0 {
            throw fail("zbar_video_open", "cannot open the camera \(device) (is it plugged in, and may the service user open it?)")
        }
        if zbar_video_init(created, czbar_fourcc_y800()) != 0, zbar_negotiate_format(created, nil) != 0 {
            throw fail("zbar_video_init", "the camera \(device) offers no frame format zbar can convert to greyscale")
        }
        if zbar_video_enable(created, 1) != 0 {
            throw fail("zbar_video_enable", "cannot start capturing from \(device) (is another program using it?)")
        }
        video = created
        self.device = device
        self.width = Int(zbar_video_get_width(created))
        self.height = Int(zbar_video_get_height(created))
    }

    deinit {
        _ = zbar_video_enable(video, 0)
        zbar_video_destroy(video)
    }

    /// The V4L2 descriptor (`zbar_video_get_fd`): readable when a frame is waiting; -1 when unknown.
    public var fileDescriptor: CInt { zbar_video_get_fd(video) }

    /// The next captured frame as `width × height` greyscale bytes (`zbar_video_next_image`, then
    /// `zbar_image_convert` to Y800 when the camera delivers another format). Blocks until a frame comes.
    public func nextFrame() throws(ZBarError) -> (width: Int, height: Int, pixels: [UInt8]) {
        guard let image = zbar_video_next_image(video) else {
            let savedErrno = errno
            throw ZBarError(ZBarError.Code(zbar_video_get_error_code(video)), operation: "zbar_video_next_image",
                            message: "the camera \(device) stopped delivering frames (unplugged?)",
                            detail: zbar_video_error_string(video, 0).map { String(cString: $0) }, systemErrno: savedErrno)
        }
        defer { zbar_image_destroy(image) }
        let format = zbar_image_get_format(image)
        if format == czbar_fourcc_y800() || format == czbar_fourcc_grey() {
            return Self.copy(image)
        }
        guard let grey = zbar_image_convert(image, czbar_fourcc_y800()) else {
            throw ZBarError(.unsupported, operation: "zbar_image_convert",
                            message: "cannot convert the camera's frames (fourcc \(format)) to greyscale")
        }
        defer { zbar_image_destroy(grey) }
        return Self.copy(grey)
    }

    private static func copy(_ image: OpaquePointer) -> (width: Int, height: Int, pixels: [UInt8]) {
        let width = Int(zbar_image_get_width(image))
        let height = Int(zbar_image_get_height(image))
        let count = min(width * height, Int(zbar_image_get_data_length(image)))
        guard count > 0, let data = zbar_image_get_data(image) else { return (width, height, []) }
        let bytes = UnsafeRawBufferPointer(start: data, count: count)
        return (width, height, Array(bytes))
    }
}
