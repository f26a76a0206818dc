import CZBar

/// A point in frame coordinates (pixels, origin top left).
public struct ZBarPoint: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// One barcode zbar found in a frame (`zbar_symbol_t`), copied out of libzbar's memory.
public struct ZBarSymbol: Hashable, Sendable {
    /// What was read (`zbar_symbol_get_type`).
    public var symbology: ZBarSymbology
    /// The data exactly as decoded (`zbar_symbol_get_data` with `zbar_symbol_get_data_length`, so
    /// NUL bytes survive): FNC1 separators are GS (0x1D); a leading FNC1 is not in the data but in ``isGS1``.
    public var data: [UInt8]
    /// FNC1 in first position: the data is a GS1 element string (`ZBAR_MOD_GS1` in `zbar_symbol_get_modifiers`).
    public var isGS1: Bool
    /// FNC1 in second position: an AIM application indicator (`ZBAR_MOD_AIM`).
    public var isAIM: Bool
    /// zbar's relative confidence (`zbar_symbol_get_quality`): higher is better; linear codes count scan lines.
    public var quality: Int
    /// The points zbar located the symbol at (`zbar_symbol_get_loc_x` / `_loc_y`).
    public var location: [ZBarPoint]

    public init(symbology: ZBarSymbology, data: [UInt8], isGS1: Bool, isAIM: Bool = false, quality: Int = 1,
                location: [ZBarPoint] = []) {
        self.symbology = symbology
        self.data = data
        self.isGS1 = isGS1
        self.isAIM = isAIM
        self.quality = quality
        self.location = location
    }

    /// Copies `symbol` out of libzbar's symbol set.
    init(_ symbol: OpaquePointer) {
        let length = Int(zbar_symbol_get_data_length(symbol))
        if length > 0, let bytes = zbar_symbol_get_data(symbol) {
            data = bytes.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
        } else {
            data = []
        }
        symbology = ZBarSymbology(zbar_symbol_get_type(symbol))
        let modifiers = zbar_symbol_get_modifiers(symbol)
        isGS1 = modifiers & (1 << ZBAR_MOD_GS1.rawValue) != 0
        isAIM = modifiers & (1 << ZBAR_MOD_AIM.rawValue) != 0
        quality = Int(zbar_symbol_get_quality(symbol))
        let points = zbar_symbol_get_loc_size(symbol)
        location = (0..<points).map { i in
            ZBarPoint(x: Int(zbar_symbol_get_loc_x(symbol, i)), y: Int(zbar_symbol_get_loc_y(symbol, i)))
        }
    }
}
