import CImageFiles

/// JPEG files through libjpeg-turbo's TurboJPEG API, converted to 8-bit greyscale.
///
/// Owns a TurboJPEG decompressor (`tjInitDecompress`) from `init` to `deinit` (`tjDestroy`).
public final class JPEGDecoder {
    private let handle: tjhandle

    public init() throws(ImageFileError) {
        guard let handle = tjInitDecompress() else {
            throw ImageFileError(.corrupt, path: nil, message: "cannot create a JPEG decompressor (tjInitDecompress)")
        }
        self.handle = handle
    }

    deinit { tjDestroy(handle) }

    /// True when `bytes` start with the JPEG start-of-image marker.
    public static func matches(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0xFF, 0xD8, 0xFF]) }

    /// Decodes a baseline or progressive JPEG to greyscale (`tjDecompressHeader3`, `tjDecompress2` with `TJPF_GRAY`).
    public func decode(_ bytes: [UInt8]) throws(ImageFileError) -> GreyImage {
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let header = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
        }
        guard header == 0 else { throw ImageFileError(.corrupt, path: nil, message: "JPEG: \(lastError)") }
        guard width > 0, height > 0, Int(width) * Int(height) <= 1 << 28 else {
            throw ImageFileError(.corrupt, path: nil, message: "JPEG: \(width)×\(height) is too large or empty")
        }
        var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height))
        let decoded = bytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                tjDecompress2(handle, source.baseAddress, UInt(source.count), target.baseAddress, width, 0, height,
                              Int32(TJPF_GRAY.rawValue), 0)
            }
        }
        guard decoded == 0 else { throw ImageFileError(.corrupt, path: nil, message: "JPEG: \(lastError)") }
        return GreyImage(width: Int(width), height: Int(height), pixels: pixels)
    }

    private var lastError: String { tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown error" }
}
