import Testing
@testable import TraceDevices

@Suite("HID POS: report descriptor and scanned data reports")
struct HIDPOSReportTests {
    /// A HID POS descriptor written item by item from the HID Usage Tables (Barcode Scanner page
    /// 0x8C): report ID 2, Byte Count, Symbology Identifier 1-3, 56 Decoded Data bytes, one constant
    /// byte, Decoded Data Continued in bit 0 of the last byte. 63 bytes with the ID.
    static let posDescriptor: [UInt8] = [
        0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x85, 0x02, 0x09, 0x12, 0xA1, 0x02,
        0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08,
        0x95, 0x01, 0x05, 0x01, 0x09, 0x3B, 0x81, 0x02,
        0x95, 0x03, 0x05, 0x8C, 0x09, 0xFB, 0x09, 0xFC, 0x09, 0xFD, 0x81, 0x02,
        0x95, 0x38, 0x09, 0xFE, 0x82, 0x02, 0x01,
        0x95, 0x01, 0x81, 0x03,
        0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x09, 0xFF, 0x81, 0x02,
        0x75, 0x07, 0x81, 0x03, 0xC0, 0xC0,
    ]

    /// Another order: no report ID, no Byte Count, 3 symbology bytes after 32 data bytes (a Usage
    /// Minimum/Maximum pair), Continued as bit 3 of the last byte.
    static let unnumberedDescriptor: [UInt8] = [
        0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x75, 0x08,
        0x95, 0x20, 0x09, 0xFE, 0x82, 0x02, 0x01,
        0x95, 0x03, 0x19, 0xFB, 0x29, 0xFD, 0x81, 0x02,
        0x75, 0x01, 0x95, 0x03, 0x81, 0x03,
        0x95, 0x01, 0x09, 0xFF, 0x81, 0x02, 0x95, 0x04, 0x81, 0x03, 0xC0,
    ]

    /// The HID 1.11 boot keyboard (appendix B.1).
    static let keyboardDescriptor: [UInt8] = [
        0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7, 0x15, 0x00, 0x25, 0x01,
        0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x05, 0x75, 0x01,
        0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, 0x95, 0x06,
        0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xC0,
    ]

    @Test("the layout is found by usage")
    func layout() throws {
        let d = try HIDReportDescriptor(Self.posDescriptor)
        #expect(d.applications == [0x008C_0002])
        #expect(d.inputReportLength(id: 2) == 63)
        let l = try HIDPOSLayout(descriptor: d)
        #expect(l == HIDPOSLayout(reportID: 2, reportLength: 63, byteCountOffset: 1, symbologyOffsets: [2, 3, 4],
                                  dataOffset: 5, dataCapacity: 56, continuedByte: 62, continuedBit: 0))
        let u = try HIDPOSLayout(descriptor: try HIDReportDescriptor(Self.unnumberedDescriptor))
        #expect(u == HIDPOSLayout(reportID: nil, reportLength: 36, byteCountOffset: nil, symbologyOffsets: [32, 33, 34],
                                  dataOffset: 0, dataCapacity: 32, continuedByte: 35, continuedBit: 3))
    }

    @Test("a descriptor without page 0x8C is refused, naming the pages it has")
    func notHIDPOS() throws {
        let d = try HIDReportDescriptor(Self.keyboardDescriptor)
        #expect(d.usagePages == [0x01, 0x07, 0x08])
        #expect(throws: HIDPOSLayout.Mismatch.self) { try HIDPOSLayout(descriptor: d) }
        do {
            _ = try HIDPOSLayout(descriptor: d)
        } catch {
            #expect(error.description.contains("0x8C") && error.description.contains("0x7"))
        }
    }

    @Test("malformed descriptors", arguments: [[0xC0], [0xB4], [0x85, 0x00], [0x95], [0x27, 0x01, 0x02]] as [[UInt8]])
    func malformed(_ bytes: [UInt8]) {
        #expect(throws: HIDReportDescriptor.ParseError.self) { try HIDReportDescriptor(bytes) }
    }

    func report(_ data: String, symbology: String = "]C1", continued: Bool = false, count: Int? = nil) -> [UInt8] {
        let bytes = Array(data.utf8)
        return [0x02, UInt8(count ?? bytes.count)] + Array(symbology.utf8) + bytes + [UInt8](repeating: 0, count: 56 - bytes.count)
            + [0x00, continued ? 1 : 0]
    }

    @Test("reports: data by Byte Count, symbology, Continued; other IDs are not scanned data; a lying count is malformed")
    func reports() throws {
        let l = try HIDPOSLayout(descriptor: try HIDReportDescriptor(Self.posDescriptor))
        let r = try #require(try HIDPOSReport.parse(report("0106901234567892\u{1D}10A\0B"), layout: l))
        #expect(r.data == Array("0106901234567892\u{1D}10A\0B".utf8), "binary-safe: Byte Count, not the first zero, ends the data")
        #expect(r.symbology == Array("]C1".utf8))
        #expect(r.continued == false)
        #expect(try HIDPOSReport.parse([0x04, 0x01], layout: l) == nil)
        #expect(throws: HIDPOSReport.Malformed.self) { try HIDPOSReport.parse(report("AB", count: 57), layout: l) }
        #expect(throws: HIDPOSReport.Malformed.self) { try HIDPOSReport.parse([0x02, 0x01], layout: l) }
    }

    @Test("continued reports are joined, AIM identifier first, once")
    func assembly() throws {
        let l = try HIDPOSLayout(descriptor: try HIDReportDescriptor(Self.posDescriptor))
        var a = HIDPOSAssembler()
        let first = String(repeating: "1", count: 56)
        #expect(a.feed(try #require(try HIDPOSReport.parse(report(first, continued: true), layout: l))) == nil)
        #expect(a.isPending)
        let code = a.feed(try #require(try HIDPOSReport.parse(report("22", symbology: "\0\0\0"), layout: l)))
        #expect(code?.bytes == Array(("]C1" + first + "22").utf8))
        #expect(!a.isPending)
        let already = a.feed(HIDPOSReport(symbology: Array("]Q1".utf8), data: Array("]Q1hello".utf8), continued: false))
        #expect(already?.bytes == Array("]Q1hello".utf8))
        let noAIM = a.feed(HIDPOSReport(symbology: [0x41], data: Array("x".utf8), continued: false))
        #expect(noAIM?.bytes == Array("x".utf8), "symbology bytes that are no AIM identifier are left out")
        var small = HIDPOSAssembler(maxCodeBytes: 4)
        #expect(small.feed(HIDPOSReport(symbology: [], data: Array("123456".utf8), continued: false)) == .init(bytes: Array("1234".utf8), overlong: true))
        var cut = HIDPOSAssembler()
        _ = cut.feed(HIDPOSReport(symbology: [], data: Array("12".utf8), continued: true))
        #expect(cut.flush()?.bytes == Array("12".utf8))
    }

    @Test("reads holding several reports are cut by the descriptor's lengths")
    func splitting() throws {
        let d = try HIDReportDescriptor(Self.posDescriptor)
        let one = report("A")
        #expect(HIDReportSplitter.split(one, descriptor: d) == [one])
        #expect(HIDReportSplitter.split(one + report("B"), descriptor: d) == [one, report("B")])
        #expect(HIDReportSplitter.split([0x02, 0x01, 0x41], descriptor: d) == [[0x02, 0x01, 0x41]], "a short report stays whole")
    }
}
