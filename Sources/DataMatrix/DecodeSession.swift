import CDmtx

/// The libdmtx objects of one frame: an image over the caller's pixels and a decoder on it.
///
/// Acquired in `init` (`dmtxImageCreate`, then `dmtxDecodeCreate`; the image is released again if the
/// decoder cannot be made), released in `deinit` in reverse order (`dmtxDecodeDestroy`, `dmtxImageDestroy`).
/// The pixels must outlive the session.
final class DecodeSession {
    let image: UnsafeMutablePointer<DmtxImage>
    let decoder: UnsafeMutablePointer<DmtxDecode>

    init(pixels: UnsafeMutablePointer<UInt8>, width: Int, height: Int, shrink: Int) throws(DataMatrixError) {
        guard let image = dmtxImageCreate(pixels, Int32(width), Int32(height), Int32(DmtxPack8bppK.rawValue)) else {
            throw DataMatrixError(.outOfMemory, operation: "dmtxImageCreate", message: "cannot create a libdmtx image")
        }
        guard let decoder = dmtxDecodeCreate(image, Int32(shrink)) else {
            var owned: UnsafeMutablePointer<DmtxImage>? = image
            dmtxImageDestroy(&owned)
            throw DataMatrixError(.outOfMemory, operation: "dmtxDecodeCreate", message: "cannot create a libdmtx decoder")
        }
        self.image = image
        self.decoder = decoder
    }

    deinit {
        var ownedDecoder: UnsafeMutablePointer<DmtxDecode>? = decoder
        dmtxDecodeDestroy(&ownedDecoder)
        var ownedImage: UnsafeMutablePointer<DmtxImage>? = image
        dmtxImageDestroy(&ownedImage)
    }

    /// `dmtxDecodeSetProp`; libdmtx answers `DmtxFail` for values out of its range.
    func set(_ property: DmtxProperty, _ value: Int) throws(DataMatrixError) {
        guard dmtxDecodeSetProp(decoder, Int32(property.rawValue), Int32(value)) == DmtxPass else {
            throw DataMatrixError(.invalidSetting, operation: "dmtxDecodeSetProp",
                                  message: "libdmtx refused \(value) for property \(property.rawValue)")
        }
    }
}
