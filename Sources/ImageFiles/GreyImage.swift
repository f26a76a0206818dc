/// An 8-bit greyscale image: `width × height` bytes, row by row from the top, 0 black … 255 white.
public struct GreyImage: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    /// An image of `pixels`; `pixels.count` must be `width × height`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height, "pixels must hold width × height bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A `width × height` image of one grey level.
    public init(width: Int, height: Int, fill: UInt8) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: fill, count: width * height))
    }

    /// A copy of this image with `other` drawn over it, its top left corner at (`x`, `y`); what falls
    /// outside is cut off.
    public func pasting(_ other: GreyImage, atX x: Int, y: Int) -> GreyImage {
        var result = self
        for row in 0..<other.height {
            let target = y + row
            guard target >= 0, target < height else { continue }
            let from = max(0, -x)
            let to = min(other.width, width - x)
            guard from < to else { continue }
            let source = row * other.width
            let destination = target * width + x
            result.pixels.replaceSubrange((destination + from)..<(destination + to), with: other.pixels[(source + from)..<(source + to)])
        }
        return result
    }

    /// A copy with a border of `margin` pixels of `fill` around it: a quiet zone for a tightly cropped symbol
    /// (libdmtx misses a Data Matrix that touches the image's edge).
    public func padded(by margin: Int, fill: UInt8 = 255) -> GreyImage {
        GreyImage(width: width + 2 * margin, height: height + 2 * margin, fill: fill).pasting(self, atX: margin, y: margin)
    }
}
