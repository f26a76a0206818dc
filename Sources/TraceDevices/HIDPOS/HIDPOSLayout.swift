/// Where a HID POS barcode scanner puts its scanned data in an input report: the Scanned Data
/// Report of the Barcode Scanner usage page (0x8C) in the HID Usage Tables (HID Point of Sale
/// Usage Tables 1.02; HUT 1.5 §21).
///
/// The usual report (Honeywell, Zebra, Access-IS and others) is: report ID, a byte count
/// (Generic Desktop: Byte Count 0x01:0x3B), three Symbology Identifier bytes (0x8C:0xFB…0xFD,
/// the AIM identifier `]` + code + modifier), Decoded Data (0x8C:0xFE, e.g. 56 bytes, zero padded)
/// and Decoded Data Continued (0x8C:0xFF, one bit: the next report carries more of the same code).
/// ``init(descriptor:)`` finds each field by its usage, so other orders and sizes work too.
public struct HIDPOSLayout: Sendable, Hashable {
    /// The scanned data report's ID (nil when the device numbers no reports).
    public var reportID: UInt8?
    /// Its length in bytes, the ID byte included.
    public var reportLength: Int
    /// Byte offsets in the report (the ID byte is offset 0 when there is one).
    public var byteCountOffset: Int?
    public var symbologyOffsets: [Int]
    public var dataOffset: Int
    public var dataCapacity: Int
    /// Byte offset and bit of the Decoded Data Continued flag.
    public var continuedByte: Int?
    public var continuedBit: Int

    public static let barcodeScannerPage: UInt16 = 0x8C
    public static let byteCount: HIDReportDescriptor.Usage = 0x0001_003B
    public static let symbologyIdentifiers: [HIDReportDescriptor.Usage] = [0x008C_00FB, 0x008C_00FC, 0x008C_00FD]
    public static let decodedData: HIDReportDescriptor.Usage = 0x008C_00FE
    public static let decodedDataContinued: HIDReportDescriptor.Usage = 0x008C_00FF

    public init(reportID: UInt8?, reportLength: Int, byteCountOffset: Int?, symbologyOffsets: [Int], dataOffset: Int,
                dataCapacity: Int, continuedByte: Int?, continuedBit: Int) {
        self.reportID = reportID
        self.reportLength = reportLength
        self.byteCountOffset = byteCountOffset
        self.symbologyOffsets = symbologyOffsets
        self.dataOffset = dataOffset
        self.dataCapacity = dataCapacity
        self.continuedByte = continuedByte
        self.continuedBit = continuedBit
    }

    /// Why a device cannot be read as a HID POS scanner.
    public struct Mismatch: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// The layout the descriptor declares. Throws when the descriptor has no Barcode Scanner page
    /// (0x8C) at all (a keyboard-mode scanner, or another HID device), or names that page but no
    /// Decoded Data field in an input report.
    public init(descriptor: HIDReportDescriptor) throws(Mismatch) {
        guard descriptor.usagePages.contains(Self.barcodeScannerPage) else {
            let pages = descriptor.usagePages.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: ", ")
            throw Mismatch(description: "the report descriptor declares no Barcode Scanner usage page (0x8C)"
                + (pages.isEmpty ? "" : "; it declares \(pages)")
                + ": this is not a HID POS scanner. Switch the scanner to its HID POS (USB HID barcode scanner) mode, or read it with driver = \"wedge\"")
        }
        guard let data = descriptor.inputPosition(of: Self.decodedData), data.fieldSize == 8, data.bitOffset % 8 == 0 else {
            throw Mismatch(description: "the report descriptor names the Barcode Scanner page (0x8C) but no byte-aligned Decoded Data (0x8C:0xFE) input field: this scanner's reports are not understood")
        }
        let id = data.reportID
        let base = id == nil ? 0 : 1
        func byteOffset(_ usage: HIDReportDescriptor.Usage) -> Int? {
            guard let p = descriptor.inputPosition(of: usage), p.reportID == id, p.bitOffset % 8 == 0, p.fieldSize == 8 else { return nil }
            return base + p.bitOffset / 8
        }
        var continuedByte: Int? = nil
        var continuedBit = 0
        if let c = descriptor.inputPosition(of: Self.decodedDataContinued), c.reportID == id {
            continuedByte = base + c.bitOffset / 8
            continuedBit = c.bitOffset % 8
        }
        self.init(reportID: id, reportLength: descriptor.inputReportLength(id: id) ?? base + data.bitOffset / 8 + data.fieldCount,
                  byteCountOffset: byteOffset(Self.byteCount),
                  symbologyOffsets: Self.symbologyIdentifiers.compactMap(byteOffset),
                  dataOffset: base + data.bitOffset / 8, dataCapacity: data.fieldCount,
                  continuedByte: continuedByte, continuedBit: continuedBit)
    }
}

/// The scanned-data part of one input report.
public struct HIDPOSReport: Sendable, Hashable {
    /// The symbology identifier bytes the scanner sent (zero bytes left out).
    public var symbology: [UInt8]
    public var data: [UInt8]
    /// More of the same code follows in the next report.
    public var continued: Bool

    public init(symbology: [UInt8], data: [UInt8], continued: Bool) {
        self.symbology = symbology
        self.data = data
        self.continued = continued
    }

    /// Why a report could not be read.
    public struct Malformed: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `report` (one input report, ID byte first when the layout has an ID). Returns nil for
    /// a report of another ID (trigger, status …): not scanned data.
    public static func parse(_ report: [UInt8], layout: HIDPOSLayout) throws(Malformed) -> HIDPOSReport? {
        if let id = layout.reportID {
            guard report.first == id else { return nil }
        }
        guard report.count >= layout.dataOffset + 1 else {
            throw Malformed(description: "a scanned data report of \(report.count) bytes; the descriptor says \(layout.reportLength)")
        }
        let available = min(layout.dataCapacity, report.count - layout.dataOffset)
        var count = available
        if let offset = layout.byteCountOffset, offset < report.count {
            count = Int(report[offset])
            guard count <= available else {
                throw Malformed(description: "the report says \(count) bytes of data, but it has room for \(available)")
            }
        }
        var data = Array(report[layout.dataOffset..<layout.dataOffset + count])
        if layout.byteCountOffset == nil { while data.last == 0 { data.removeLast() } }
        let symbology = layout.symbologyOffsets.filter { $0 < report.count }.map { report[$0] }.filter { $0 != 0 }
        var continued = false
        if let byte = layout.continuedByte, byte < report.count { continued = report[byte] & (1 << layout.continuedBit) != 0 }
        return HIDPOSReport(symbology: symbology, data: data, continued: continued)
    }
}

/// Joins the reports of one code (Decoded Data Continued) and puts the AIM identifier first.
public struct HIDPOSAssembler: Sendable {
    public let maxCodeBytes: Int
    private var pending: [UInt8] = []
    private var symbology: [UInt8] = []
    private var overlong = false

    public init(maxCodeBytes: Int = 8192) { self.maxCodeBytes = maxCodeBytes }

    /// A code as delivered: the AIM identifier (when the symbology bytes are one, and the data
    /// does not already start with it) followed by the data.
    public struct Code: Sendable, Hashable {
        public var bytes: [UInt8]
        /// Longer than `maxCodeBytes`: the rest was dropped.
        public var overlong: Bool
    }

    /// True while a code is incomplete (a Continued report came, its end did not).
    public var isPending: Bool { !pending.isEmpty || !symbology.isEmpty }

    public mutating func feed(_ report: HIDPOSReport) -> Code? {
        if !isPending { symbology = report.symbology }
        let room = maxCodeBytes - pending.count
        if report.data.count > room { overlong = true }
        pending += report.data.prefix(max(room, 0))
        if report.continued { return nil }
        return take()
    }

    /// The incomplete code, if any (the device went away in the middle of it).
    public mutating func flush() -> Code? { isPending ? take() : nil }

    private mutating func take() -> Code {
        var bytes = pending
        let aim = AIMPrefix.split(symbology)
        if let prefix = aim.aim, aim.body.isEmpty, AIMPrefix.split(bytes).aim == nil {
            bytes = Array(prefix.utf8) + bytes
        }
        let code = Code(bytes: bytes, overlong: overlong)
        pending = []
        symbology = []
        overlong = false
        return code
    }
}

/// Cuts what one `read(2)` returned into input reports. A real hidraw node returns one report per
/// read; an emulated node (a pseudo-terminal) may return several at once. A read longer than the
/// report its first byte names is cut at that report's length, and so on; anything else is one
/// report (a device may send a report shorter than its descriptor says).
public enum HIDReportSplitter {
    public static func split(_ bytes: [UInt8], descriptor: HIDReportDescriptor) -> [[UInt8]] {
        var rest = bytes[...]
        var reports: [[UInt8]] = []
        while !rest.isEmpty {
            let id: UInt8? = descriptor.usesReportIDs ? rest.first : nil
            guard let length = descriptor.inputReportLength(id: id), rest.count > length else { break }
            reports.append(Array(rest.prefix(length)))
            rest = rest.dropFirst(length)
        }
        if !rest.isEmpty { reports.append(Array(rest)) }
        return reports
    }
}
