import CDmtx

/// Finds and decodes Data Matrix (ECC 200) symbols in 8-bit greyscale frames with libdmtx.
///
/// Per frame: `dmtxImageCreate` (`DmtxPack8bppK`, no copy), `dmtxDecodeCreate`, `dmtxDecodeSetProp`
/// (FNC1 as GS, edge threshold, scan gap), then `dmtxRegionFindNext` under a deadline and
/// `dmtxDecodeMatrixRegion` for each region; every message, region, decoder and image is released
/// (`dmtxMessageDestroy`, `dmtxRegionDestroy`, `dmtxDecodeDestroy`, `dmtxImageDestroy`) in reverse order.
/// Holds no C state between frames, so one reader may serve one thread at a time.
public struct DataMatrixReader: Sendable {
    /// How hard to look.
    public struct Options: Sendable, Hashable {
        /// The longest one frame may spend finding symbols, in milliseconds (the `dmtxRegionFindNext` timeout).
        /// libdmtx is far slower than zbar: a plain frame takes ~30 ms at 640×480, but one with large
        /// high-contrast areas or many straight edges (a label, a box) takes seconds to search completely, so
        /// such frames cost exactly this budget, and a symbol in them may be missed within it.
        public var timeoutMs: Int
        /// Stop after this many symbols in one frame.
        public var maxSymbols: Int
        /// Decode at 1/shrink of the resolution (`dmtxDecodeCreate` scale): 2 is about 4× faster and misses
        /// symbols whose modules are under ~2 pixels.
        public var shrink: Int
        /// Pixels between scan lines (`DmtxPropScanGap`, libdmtx's default 1).
        public var scanGap: Int
        /// Ignore edges weaker than this, 1–100 (`DmtxPropEdgeThresh`, libdmtx's default 10).
        public var edgeThreshold: Int

        /// Largest angle off square for a symbol's corner, degrees (`DmtxPropSquareDevn`, libdmtx's default 50).
        public var squareDeviation: Int = 50
        /// Expected edge length range in pixels (`DmtxPropEdgeMin` / `DmtxPropEdgeMax`), nil = any.
        public var edgeMin: Int? = nil
        public var edgeMax: Int? = nil

        public init(timeoutMs: Int = 100, maxSymbols: Int = 8, shrink: Int = 1, scanGap: Int = 1, edgeThreshold: Int = 10) {
            self.timeoutMs = timeoutMs
            self.maxSymbols = maxSymbols
            self.shrink = shrink
            self.scanGap = scanGap
            self.edgeThreshold = edgeThreshold
        }
    }

    /// The character libdmtx writes for FNC1: GS, as scanners transmit it.
    public static let fnc1Substitute: UInt8 = 0x1D

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Decodes every Data Matrix in a `width × height` frame of greyscale bytes, row by row from the top.
    public func decode(width: Int, height: Int, pixels: UnsafeBufferPointer<UInt8>) throws(DataMatrixError) -> [DataMatrixSymbol] {
        guard width > 0, height > 0, pixels.count >= width * height, let base = pixels.baseAddress else {
            throw DataMatrixError(.invalidFrame, operation: "dmtxImageCreate",
                                  message: "a \(width)×\(height) frame needs \(max(0, width * height)) bytes, got \(pixels.count)")
        }
        let session = try DecodeSession(pixels: UnsafeMutablePointer(mutating: base), width: width, height: height,
                                        shrink: max(1, options.shrink))
        try session.set(DmtxPropFnc1, Int(Self.fnc1Substitute))
        try session.set(DmtxPropScanGap, options.scanGap)
        try session.set(DmtxPropEdgeThresh, options.edgeThreshold)
        try session.set(DmtxPropSquareDevn, options.squareDeviation)
        if let v = options.edgeMin { try session.set(DmtxPropEdgeMin, v) }
        if let v = options.edgeMax { try session.set(DmtxPropEdgeMax, v) }
        var deadline = dmtxTimeAdd(dmtxTimeNow(), options.timeoutMs)
        var symbols: [DataMatrixSymbol] = []
        while symbols.count < options.maxSymbols, let region = dmtxRegionFindNext(session.decoder, &deadline) {
            defer {
                var owned: UnsafeMutablePointer<DmtxRegion>? = region
                dmtxRegionDestroy(&owned)
            }
            guard let message = dmtxDecodeMatrixRegion(session.decoder, region, cdmtx_undefined()) else { continue }
            defer {
                var owned: UnsafeMutablePointer<DmtxMessage>? = message
                dmtxMessageDestroy(&owned)
            }
            var data = Array(UnsafeBufferPointer(start: message.pointee.output, count: Int(message.pointee.outputIdx)))
            let isGS1 = data.first == Self.fnc1Substitute
            if isGS1 { data.removeFirst() }
            symbols.append(DataMatrixSymbol(data: data, isGS1: isGS1,
                                            corners: Self.corners(of: region, frameHeight: height, shrink: max(1, options.shrink))))
        }
        return symbols
    }

    /// ``decode(width:height:pixels:)`` on an array of `width × height` bytes.
    public func decode(width: Int, height: Int, pixels: [UInt8]) throws(DataMatrixError) -> [DataMatrixSymbol] {
        try pixels.withUnsafeBufferPointer { buffer throws(DataMatrixError) in try decode(width: width, height: height, pixels: buffer) }
    }

    /// The region's corners in frame coordinates (`dmtxMatrix3VMultiplyBy` with the region's `fit2raw`;
    /// libdmtx counts rows from the bottom).
    static func corners(of region: UnsafeMutablePointer<DmtxRegion>, frameHeight: Int, shrink: Int) -> [DataMatrixPoint] {
        var fit2raw = region.pointee.fit2raw
        return [(0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)].map { corner in
            var point = DmtxVector2(X: corner.0, Y: corner.1)
            withUnsafeMutablePointer(to: &fit2raw) { matrix in
                matrix.withMemoryRebound(to: (Double, Double, Double).self, capacity: 3) { _ = dmtxMatrix3VMultiplyBy(&point, $0) }
            }
            let x = Int((point.X * Double(shrink)).rounded())
            return DataMatrixPoint(x: x, y: frameHeight - 1 - Int((point.Y * Double(shrink)).rounded()))
        }
    }
}
