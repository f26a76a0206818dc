import CImageFiles

/// PNG files through libpng's simplified read API, converted to 8-bit greyscale.
public enum PNGDecoder {
    /// True when `bytes` start with the PNG signature.
    public static func matches(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) }

    /// Decodes a PNG of any colour type or bit depth to greyscale, transparency composited onto white
    /// (`png_image_begin_read_from_memory`, `png_image_finish_read` with `PNG_FORMAT_GRAY`; `png_image_free`
    /// on every path).
    public static func decode(_ bytes: [UInt8]) throws(ImageFileError) -> GreyImage {
        var image = png_image()
        image.version = cimagefiles_png_image_version()
        defer { png_image_free(&image) }
        let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw ImageFileError(.corrupt, path: nil, message: "PNG: \(message(of: &image))") }
        image.format = UInt32(PNG_FORMAT_GRAY)
        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0, width * height <= 1 << 28 else {
            throw ImageFileError(.corrupt, path: nil, message: "PNG: \(width)×\(height) is too large or empty")
        }
        var pixels = [UInt8](repeating: 0, count: width * height)
        var white = png_color(red: 255, green: 255, blue: 255)
        let finished = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, &white, $0.baseAddress, Int32(width), nil) }
        guard finished != 0 else { throw ImageFileError(.corrupt, path: nil, message: "PNG: \(message(of: &image))") }
        return GreyImage(width: width, height: height, pixels: pixels)
    }

    private static func message(of image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
