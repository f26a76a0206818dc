import ImageFiles

/// One barcode of each supported symbology, with what a decoder must report for it: drawn at test time by
/// the real generators, decoded by the real libraries.
public struct BarcodeSample: Sendable, CustomStringConvertible {
    /// Short name for test output, e.g. "GS1-128".
    public var name: String
    /// The expected data bytes (GS for FNC1 separators, no leading FNC1).
    public var data: [UInt8]
    /// The expected AIM identifier.
    public var aim: String
    /// The expected symbology name.
    public var symbology: String
    /// Whether the data is a GS1 element string.
    public var isGS1: Bool
    /// Decoded by libdmtx (else zbar).
    public var isDataMatrix: Bool
    /// Draws the symbol into `directory`.
    public var draw: @Sendable (_ directory: String) throws -> GreyImage

    public var description: String { name }

    /// AIM identifier + data, as a scanner would send it.
    public var transmitted: [UInt8] { Array(aim.utf8) + data }
}

extension BarcodeSample {
    static let gs: UInt8 = 0x1D

    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// Every symbology the camera decodes, GS1 variants included.
    public static let all: [BarcodeSample] = [
        .init(name: "EAN-13", data: text("6901234567892"), aim: "]E0", symbology: "EAN-13", isGS1: false, isDataMatrix: false) {
            try BarcodeImages.zint(13, "690123456789", directory: $0)
        },
        .init(name: "EAN-8", data: text("69012341"), aim: "]E4", symbology: "EAN-8", isGS1: false, isDataMatrix: false) {
            try BarcodeImages.zint(13, "6901234", directory: $0)
        },
        .init(name: "UPC-A", data: text("036000291452"), aim: "]E0", symbology: "UPC-A", isGS1: false, isDataMatrix: false) {
            try BarcodeImages.zint(34, "03600029145", directory: $0)
        },
        .init(name: "UPC-E", data: text("01234565"), aim: "]E0", symbology: "UPC-E", isGS1: false, isDataMatrix: false) {
            try BarcodeImages.zint(37, "0123456", directory: $0)
        },
        .init(name: "Code 128", data: text("Hello-128"), aim: "]C0", symbology: "Code 128", isGS1: false, isDataMatrix: false) {
            try BarcodeImages.zint(20, "Hello-128", directory: $0)
        },
        .init(name: "GS1-128", data: text("010690123456789210LOT7") + [gs] + text("21SER9"), aim: "]C1",
              symbology: "GS1-128", isGS1: true, isDataMatrix: false) {
            try BarcodeImages.zint(16, "[01]06901234567892[10]LOT7[21]SER9", gs1: true, directory: $0)
        },
        .init(name: "Code 39", data: text("CODE39TEST"), aim: "]A0", symbology: "Code 39", isGS1: false, isDataMatrix: false) {
            try BarcodeImages.zint(8, "CODE39TEST", directory: $0)
        },
        .init(name: "Code 93", data: text("CODE93TEST"), aim: "]G0", symbology: "Code 93", isGS1: false, isDataMatrix: false) {
            try BarcodeImages.zint(25, "CODE93TEST", directory: $0)
        },
        .init(name: "Interleaved 2 of 5", data: text("12345678"), aim: "]I0", symbology: "Interleaved 2 of 5", isGS1: false,
              isDataMatrix: false) {
            try BarcodeImages.zint(3, "12345678", directory: $0)
        },
        .init(name: "ITF-14", data: text("16901234567899"), aim: "]I0", symbology: "ITF-14", isGS1: false, isDataMatrix: false) {
            try BarcodeImages.zint(89, "1690123456789", directory: $0)
        },
        .init(name: "Codabar", data: text("A123456B"), aim: "]F0", symbology: "Codabar", isGS1: false, isDataMatrix: false) {
            try BarcodeImages.zint(18, "A123456B", directory: $0)
        },
        .init(name: "GS1 DataBar", data: text("0106901234567892"), aim: "]e0", symbology: "GS1 DataBar", isGS1: true,
              isDataMatrix: false) {
            try BarcodeImages.zint(29, "0690123456789", directory: $0)
        },
        .init(name: "GS1 DataBar Expanded", data: text("01069012345678921727053110LOT7"), aim: "]e0",
              symbology: "GS1 DataBar Expanded", isGS1: true, isDataMatrix: false) {
            try BarcodeImages.zint(31, "[01]06901234567892[17]270531[10]LOT7", gs1: true, directory: $0)
        },
        .init(name: "QR Code", data: text("https://id.gs1.org/01/06901234567892/21/SER9"), aim: "]Q1", symbology: "QR Code",
              isGS1: false, isDataMatrix: false) {
            try BarcodeImages.qrencode(text("https://id.gs1.org/01/06901234567892/21/SER9"), directory: $0)
        },
        .init(name: "GS1 QR Code", data: text("010690123456789210LOT7") + [gs] + text("21SER9"), aim: "]Q3",
              symbology: "GS1 QR Code", isGS1: true, isDataMatrix: false) {
            try BarcodeImages.zint(58, "[01]06901234567892[10]LOT7[21]SER9", gs1: true, scale: 4, directory: $0)
        },
        .init(name: "DataMatrix", data: text("Hello DataMatrix"), aim: "]d1", symbology: "DataMatrix", isGS1: false,
              isDataMatrix: true) {
            try BarcodeImages.dmtxwrite(text("Hello DataMatrix"), directory: $0)
        },
        .init(name: "GS1 DataMatrix", data: text("01069012345678921727053110LOT7") + [gs] + text("21SER9"), aim: "]d2",
              symbology: "GS1 DataMatrix", isGS1: true, isDataMatrix: true) {
            try BarcodeImages.zint(71, "[01]06901234567892[17]270531[10]LOT7[21]SER9", gs1: true, scale: 4, directory: $0)
        },
        .init(name: "GS1 DataMatrix (dmtxwrite)", data: text("0106901234567892") + text("10AB1") + [gs] + text("21X9"), aim: "]d2",
              symbology: "GS1 DataMatrix", isGS1: true, isDataMatrix: true) {
            try BarcodeImages.dmtxwrite([gs] + text("010690123456789210AB1") + [gs] + text("21X9"), gs1Separator: gs, directory: $0)
        },
    ]
}
