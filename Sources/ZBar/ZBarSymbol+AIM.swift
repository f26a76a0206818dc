extension ZBarSymbol {
    /// The AIM symbology identifier (ISO/IEC 15424) a scanner would send before this data.
    ///
    /// zbar has no call for it: it is derived from the symbology and the FNC1 modifiers.
    /// `]C1`/`]C0` Code 128 with/without GS1, `]E0` EAN-13, UPC-A (12 digits) and UPC-E (8 digits), `]E4` EAN-8,
    /// `]E1`/`]E2` add-ons, `]E3` EAN/UPC with add-on, `]e0` GS1 DataBar (all variants), `]Q3`/`]Q5`/`]Q1`
    /// QR Code with GS1 / AIM FNC1 / none, `]I0` Interleaved 2 of 5 (zbar does not check its check digit,
    /// so not `]I1`; the interpreter checks ITF-14 anyway), `]A0` Code 39, `]G0` Code 93, `]F0` Codabar,
    /// `]L0` PDF417; nil when the AIM has none (SQ Code).
    public var aimIdentifier: String? {
        switch symbology {
        case .code128: isGS1 ? "]C1" : isAIM ? "]C2" : "]C0"
        case .ean13, .upcA, .upcE, .isbn13: "]E0"
        case .ean8: "]E4"
        case .ean2: "]E1"
        case .ean5: "]E2"
        case .composite: "]E3"
        case .dataBar, .dataBarExpanded: "]e0"
        case .qrCode: isGS1 ? "]Q3" : isAIM ? "]Q5" : "]Q1"
        case .i25: "]I0"
        case .code39: "]A0"
        case .code93: "]G0"
        case .codabar: "]F0"
        case .pdf417: "]L0"
        default: nil
        }
    }

    /// The name a traceability event uses for this symbology (GS1 names where the data is GS1).
    public var symbologyName: String {
        switch symbology {
        case .code128: isGS1 ? "GS1-128" : "Code 128"
        case .ean13, .isbn13: "EAN-13"
        case .ean8: "EAN-8"
        case .upcA: "UPC-A"
        case .upcE: "UPC-E"
        case .ean2: "EAN-2 add-on"
        case .ean5: "EAN-5 add-on"
        case .composite: "EAN/UPC with add-on"
        case .isbn10: "ISBN-10"
        case .dataBar: "GS1 DataBar"
        case .dataBarExpanded: "GS1 DataBar Expanded"
        case .qrCode: isGS1 ? "GS1 QR Code" : "QR Code"
        case .i25: data.count == 14 ? "ITF-14" : "Interleaved 2 of 5"
        case .code39: "Code 39"
        case .code93: "Code 93"
        case .codabar: "Codabar"
        case .pdf417: "PDF417"
        case .sqCode: "SQ Code"
        default: symbology.description
        }
    }
}
