/// Binary portable greymap (netpbm `P5`): read natively, and written for tests and raw frame captures.
public enum PGM {
    /// True when `bytes` start like a binary PGM.
    public static func matches(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x50 && bytes[1] == 0x35 }

    /// Parses a `P5` file: header `P5 width height maxval` (whitespace and `#` comments between), then the
    /// samples; 8-bit samples below maxval 255 are scaled up, 16-bit ones (maxval > 255) scaled down.
    public static func decode(_ bytes: [UInt8]) throws(ImageFileError) -> GreyImage {
        guard matches(bytes) else { throw ImageFileError(.unsupportedFormat, path: nil, message: "not a binary PGM (P5)") }
        var index = 2
        func number() throws(ImageFileError) -> Int {
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                    index += 1
                } else {
                    break
                }
            }
            var value = 0
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, value < 1 << 24 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            guard index > start else { throw ImageFileError(.corrupt, path: nil, message: "PGM header: a number expected") }
            return value
        }
        let width = try number(), height = try number(), maxValue = try number()
        guard width > 0, height > 0, width * height <= 1 << 28, maxValue > 0, maxValue < 65536 else {
            throw ImageFileError(.corrupt, path: nil, message: "PGM header: \(width)×\(height), maxval \(maxValue) is not a valid image")
        }
        index += 1  // the single whitespace after maxval
        let sampleBytes = maxValue > 255 ? 2 : 1
        let count = width * height
        guard bytes.count - index >= count * sampleBytes else {
            throw ImageFileError(.corrupt, path: nil, message: "PGM data truncated: \(count) samples expected")
        }
        var pixels = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            let sample = sampleBytes == 1 ? Int(bytes[index + i]) : Int(bytes[index + 2 * i]) << 8 | Int(bytes[index + 2 * i + 1])
            pixels[i] = maxValue == 255 ? UInt8(sample) : UInt8(min(255, sample * 255 / maxValue))
        }
        return GreyImage(width: width, height: height, pixels: pixels)
    }

    /// `image` as a binary PGM file (maxval 255).
    public static func encode(_ image: GreyImage) -> [UInt8] {
        Array("P5\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels
    }
}
