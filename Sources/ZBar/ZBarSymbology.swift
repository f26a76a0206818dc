import CZBar

/// A symbology zbar decodes (`zbar_symbol_type_t` in <zbar.h>).
public struct ZBarSymbology: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    init(_ type: zbar_symbol_type_t) { self.rawValue = type.rawValue }

    var cValue: zbar_symbol_type_t { zbar_symbol_type_t(rawValue: rawValue) }

    /// `ZBAR_EAN13`
    public static let ean13 = Self(ZBAR_EAN13)
    /// `ZBAR_EAN8`
    public static let ean8 = Self(ZBAR_EAN8)
    /// `ZBAR_UPCA`: reported with 12 digits (else zbar reports UPC-A as EAN-13 with a leading 0).
    public static let upcA = Self(ZBAR_UPCA)
    /// `ZBAR_UPCE`: reported with 8 digits (number system, 6 data digits, check digit).
    public static let upcE = Self(ZBAR_UPCE)
    /// `ZBAR_EAN2`: 2-digit add-on.
    public static let ean2 = Self(ZBAR_EAN2)
    /// `ZBAR_EAN5`: 5-digit add-on.
    public static let ean5 = Self(ZBAR_EAN5)
    /// `ZBAR_ISBN10`
    public static let isbn10 = Self(ZBAR_ISBN10)
    /// `ZBAR_ISBN13`
    public static let isbn13 = Self(ZBAR_ISBN13)
    /// `ZBAR_COMPOSITE`: EAN/UPC with its add-on.
    public static let composite = Self(ZBAR_COMPOSITE)
    /// `ZBAR_I25`: Interleaved 2 of 5 (ITF-14 when 14 digits).
    public static let i25 = Self(ZBAR_I25)
    /// `ZBAR_DATABAR`: GS1 DataBar (omnidirectional, stacked).
    public static let dataBar = Self(ZBAR_DATABAR)
    /// `ZBAR_DATABAR_EXP`: GS1 DataBar Expanded.
    public static let dataBarExpanded = Self(ZBAR_DATABAR_EXP)
    /// `ZBAR_CODABAR`
    public static let codabar = Self(ZBAR_CODABAR)
    /// `ZBAR_CODE39`
    public static let code39 = Self(ZBAR_CODE39)
    /// `ZBAR_CODE93`
    public static let code93 = Self(ZBAR_CODE93)
    /// `ZBAR_CODE128` (GS1-128 when the symbol carries ``ZBarSymbol/isGS1``).
    public static let code128 = Self(ZBAR_CODE128)
    /// `ZBAR_QRCODE` (GS1 QR Code when the symbol carries ``ZBarSymbol/isGS1``).
    public static let qrCode = Self(ZBAR_QRCODE)
    /// `ZBAR_PDF417` (zbar's PDF417 support is incomplete; not in ``traceability``).
    public static let pdf417 = Self(ZBAR_PDF417)
    /// `ZBAR_SQCODE`
    public static let sqCode = Self(ZBAR_SQCODE)

    /// The symbologies a traceability station reads, in zbar's configuration-name order.
    public static let traceability: [Self] = [
        .ean13, .ean8, .upcA, .upcE, .i25, .dataBar, .dataBarExpanded, .codabar, .code39, .code93, .code128, .qrCode,
    ]

    /// zbar's configuration name (`zbar_parse_config`: "ean13", "databar-exp", "qrcode", …).
    public var configName: String {
        switch self {
        case .ean13: "ean13"
        case .ean8: "ean8"
        case .upcA: "upca"
        case .upcE: "upce"
        case .ean2: "ean2"
        case .ean5: "ean5"
        case .isbn10: "isbn10"
        case .isbn13: "isbn13"
        case .composite: "composite"
        case .i25: "i25"
        case .dataBar: "databar"
        case .dataBarExpanded: "databar-exp"
        case .codabar: "codabar"
        case .code39: "code39"
        case .code93: "code93"
        case .code128: "code128"
        case .qrCode: "qrcode"
        case .pdf417: "pdf417"
        case .sqCode: "sqcode"
        default: "zbar-\(rawValue)"
        }
    }

    /// The symbology named `configName` (as in zbar's configuration strings), if zbar has it.
    public init?(configName: String) {
        let all: [Self] = Self.traceability + [.ean2, .ean5, .isbn10, .isbn13, .composite, .pdf417, .sqCode]
        guard let match = all.first(where: { $0.configName == configName }) else { return nil }
        self = match
    }

    /// zbar's name for it (`zbar_get_symbol_name`), e.g. "EAN-13", "CODE-128", "QR-Code".
    public var description: String { String(cString: zbar_get_symbol_name(cValue)) }
}
