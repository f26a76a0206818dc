import DataMatrix
import TraceModel
import ZBar

/// A point in frame coordinates (pixels, origin top left).
public struct FramePoint: Hashable, Sendable, Codable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// One code found in a frame by either decoder, in the form a scanner would transmit it.
public struct DecodedSymbol: Hashable, Sendable {
    /// Which library decoded it.
    public enum Decoder: String, Hashable, Sendable, Codable {
        case zbar, libdmtx
    }

    public var decoder: Decoder
    /// The symbology's name for events ("GS1-128", "EAN-13", "GS1 DataMatrix", …).
    public var symbology: String
    /// The AIM symbology identifier (`]C1`, `]d2`, …), derived from the symbology and its FNC1 flag.
    public var aim: String?
    /// The data bytes, unchanged: FNC1 separators as GS (0x1D), no leading FNC1.
    public var data: [UInt8]
    /// FNC1 in first position: the data is a GS1 element string.
    public var isGS1: Bool
    /// zbar's quality figure (nil for libdmtx).
    public var quality: Int?
    /// Where the symbol is in the frame.
    public var location: [FramePoint]

    /// AIM identifier + data: what a scanner in AIM mode sends, and what the interpreter reads.
    public var transmitted: [UInt8] { Array((aim ?? "").utf8) + data }

    /// The reading a driver delivers for this symbol.
    public func reading(device: DeviceRef, stamp: CaptureStamp) -> Reading {
        Reading(device: device, payload: .barcode(bytes: transmitted, symbology: symbology), stamp: stamp)
    }

    init(_ symbol: ZBarSymbol) {
        decoder = .zbar
        symbology = symbol.symbologyName
        aim = symbol.aimIdentifier
        data = symbol.data
        isGS1 = symbol.isGS1
        quality = symbol.quality
        location = symbol.location.map { FramePoint(x: $0.x, y: $0.y) }
    }

    init(_ symbol: DataMatrixSymbol) {
        decoder = .libdmtx
        symbology = symbol.symbologyName
        aim = symbol.aimIdentifier
        data = symbol.data
        isGS1 = symbol.isGS1
        quality = nil
        location = symbol.corners.map { FramePoint(x: $0.x, y: $0.y) }
    }
}
