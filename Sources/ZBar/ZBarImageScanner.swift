import CZBar

/// zbar's image scanner (`zbar_image_scanner_t`), set up for a chosen set of symbologies; decodes 8-bit
/// greyscale (Y800) frames.
///
/// Owns the C scanner from `init` to `deinit` (`zbar_image_scanner_create` / `_destroy`). Not thread-safe
/// (libzbar keeps per-scan state in it): use one per thread, which is why it is not `Sendable`.
public final class ZBarImageScanner {
    private let scanner: OpaquePointer
    /// The symbologies this scanner decodes.
    public let symbologies: Set<ZBarSymbology>

    /// Creates a scanner that decodes exactly `symbologies` (`zbar_image_scanner_set_config` with
    /// `ZBAR_CFG_ENABLE`, after disabling all). QR Code data is kept as raw bytes (`ZBAR_CFG_BINARY`),
    /// not converted to text by a guessed character set.
    public init(symbologies: Set<ZBarSymbology>) throws(ZBarError) {
        try ZBarLibrary.load()
        guard let created = zbar_image_scanner_create() else {
            throw ZBarError(.outOfMemory, operation: "zbar_image_scanner_create", message: "cannot create a zbar image scanner")
        }
        func configure(_ symbology: zbar_symbol_type_t, _ config: zbar_config_t, _ value: CInt) -> Bool {
            zbar_image_scanner_set_config(created, symbology, config, value) == 0
        }
        var failed: ZBarSymbology? = nil
        if !configure(ZBAR_NONE, ZBAR_CFG_ENABLE, 0) { failed = ZBarSymbology(ZBAR_NONE) }
        for symbology in symbologies.sorted(by: { $0.rawValue < $1.rawValue }) where failed == nil {
            if !configure(symbology.cValue, ZBAR_CFG_ENABLE, 1) { failed = symbology }
        }
        if failed == nil, symbologies.contains(.qrCode), !configure(ZBAR_QRCODE, ZBAR_CFG_BINARY, 1) { failed = .qrCode }
        if let failed {
            zbar_image_scanner_destroy(created)
            throw ZBarError(.unsupported, operation: "zbar_image_scanner_set_config",
                            message: "this libzbar cannot be configured for \(failed.configName)")
        }
        scanner = created
        self.symbologies = symbologies
    }

    deinit { zbar_image_scanner_destroy(scanner) }

    /// Decodes one 8-bit greyscale frame, row by row, `width × height` bytes (`zbar_image_create`,
    /// `zbar_image_set_format` Y800, `zbar_image_set_data` without copying, `zbar_scan_image`, then
    /// `zbar_image_first_symbol` / `zbar_symbol_next`). Returns every symbol found; none for a frame
    /// without a code.
    public func scan(width: Int, height: Int, pixels: UnsafeBufferPointer<UInt8>) throws(ZBarError) -> [ZBarSymbol] {
        guard width > 0, height > 0, width <= Int(UInt16.max), height <= Int(UInt16.max), pixels.count >= width * height,
              let base = pixels.baseAddress else {
            throw ZBarError(.invalid, operation: "zbar_image_set_size",
                            message: "a \(width)×\(height) frame needs \(max(0, width * height)) bytes, got \(pixels.count)")
        }
        guard let image = zbar_image_create() else {
            throw ZBarError(.outOfMemory, operation: "zbar_image_create", message: "cannot create a zbar image")
        }
        defer { zbar_image_destroy(image) }
        zbar_image_set_format(image, czbar_fourcc_y800())
        zbar_image_set_size(image, UInt32(width), UInt32(height))
        zbar_image_set_data(image, base, UInt(width * height), nil)
        defer { zbar_image_set_data(image, nil, 0, nil) }
        let found = zbar_scan_image(scanner, image)
        guard found >= 0 else {
            throw ZBarError(.invalid, operation: "zbar_scan_image", message: "zbar refused the frame (not Y800 greyscale)")
        }
        var symbols: [ZBarSymbol] = []
        var next = zbar_image_first_symbol(image)
        while let symbol = next {
            symbols.append(ZBarSymbol(symbol))
            next = zbar_symbol_next(symbol)
        }
        return symbols
    }

    /// ``scan(width:height:pixels:)`` on an array of `width × height` bytes.
    public func scan(width: Int, height: Int, pixels: [UInt8]) throws(ZBarError) -> [ZBarSymbol] {
        try pixels.withUnsafeBufferPointer { buffer throws(ZBarError) in try scan(width: width, height: height, pixels: buffer) }
    }
}
