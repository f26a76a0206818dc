/// A point in frame coordinates (pixels, origin top left).
public struct DataMatrixPoint: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// One Data Matrix (ECC 200) symbol found in a frame.
public struct DataMatrixSymbol: Hashable, Sendable {
    /// The decoded bytes. Every FNC1 after the first is GS (0x1D), as scanners transmit it; a leading FNC1
    /// is not in the data but in ``isGS1``.
    public var data: [UInt8]
    /// FNC1 in first position: GS1 DataMatrix, the data is a GS1 element string.
    public var isGS1: Bool
    /// The symbol's corners (top left, top right, bottom right, bottom left of the symbol's own grid, which
    /// may be rotated in the frame).
    public var corners: [DataMatrixPoint]

    public init(data: [UInt8], isGS1: Bool, corners: [DataMatrixPoint] = []) {
        self.data = data
        self.isGS1 = isGS1
        self.corners = corners
    }

    /// The AIM symbology identifier (ISO/IEC 15424): `]d2` for GS1 DataMatrix, else `]d1` (ECC 200).
    public var aimIdentifier: String { isGS1 ? "]d2" : "]d1" }

    /// The name a traceability event uses: "GS1 DataMatrix" or "DataMatrix".
    public var symbologyName: String { isGS1 ? "GS1 DataMatrix" : "DataMatrix" }
}
