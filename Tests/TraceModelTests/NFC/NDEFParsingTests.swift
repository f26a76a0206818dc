import Foundation
import Testing
@testable import TraceModel

/// Builds NDEF test data by hand (the test kit's builder lives in TraceTesting, which this target does not link).
enum NDEF {
    static func record(_ header: UInt8, type: [UInt8], payload: [UInt8], id: [UInt8] = []) -> [UInt8] {
        var h = header
        if !id.isEmpty { h |= 0x08 }
        var out: [UInt8] = [h, UInt8(type.count)]
        if h & 0x10 != 0 {
            out.append(UInt8(payload.count))
        } else {
            let n = UInt32(payload.count)
            out += [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)]
        }
        if !id.isEmpty { out.append(UInt8(id.count)) }
        return out + type + id + payload
    }

    static func uri(_ code: UInt8, _ rest: String, header: UInt8 = 0xD1) -> [UInt8] {
        record(header, type: [0x55], payload: [code] + Array(rest.utf8))
    }

    static func text(_ text: String, lang: String = "en", header: UInt8 = 0xD1) -> [UInt8] {
        record(header, type: [0x54], payload: [UInt8(lang.utf8.count)] + Array(lang.utf8) + Array(text.utf8))
    }

    /// NTAG213 memory (45 pages): UID pages, CC `E1 10 12 00`, then `dataArea` from page 4.
    static func ntag213(dataArea: [UInt8], ccSize: UInt8 = 0x12) -> [UInt8] {
        var m = [UInt8](repeating: 0, count: 180)
        m[0] = 0x04; m[1] = 0xA2; m[2] = 0x24
        m[12] = 0xE1; m[13] = 0x10; m[14] = ccSize
        for (i, b) in dataArea.prefix(164).enumerated() { m[16 + i] = b }
        return m
    }

    static func tlv(_ message: [UInt8]) -> [UInt8] { [0x03, UInt8(message.count)] + message + [0xFE] }
}

@Suite("NFC Forum: URI prefixes, Text, NDEF records")
struct NDEFRecordTests {
    /// RTD-URI 1.0 Table 3, every code.
    static let prefixes: [(UInt8, String)] = [
        (0x00, ""), (0x01, "http://www."), (0x02, "https://www."), (0x03, "http://"), (0x04, "https://"), (0x05, "tel:"),
        (0x06, "mailto:"), (0x07, "ftp://anonymous:anonymous@"), (0x08, "ftp://ftp."), (0x09, "ftps://"), (0x0A, "sftp://"),
        (0x0B, "smb://"), (0x0C, "nfs://"), (0x0D, "ftp://"), (0x0E, "dav://"), (0x0F, "news:"), (0x10, "telnet://"),
        (0x11, "imap:"), (0x12, "rtsp://"), (0x13, "urn:"), (0x14, "pop:"), (0x15, "sip:"), (0x16, "sips:"), (0x17, "tftp:"),
        (0x18, "btspp://"), (0x19, "btl2cap://"), (0x1A, "btgoep://"), (0x1B, "tcpobex://"), (0x1C, "irdaobex://"),
        (0x1D, "file://"), (0x1E, "urn:epc:id:"), (0x1F, "urn:epc:tag:"), (0x20, "urn:epc:pat:"), (0x21, "urn:epc:raw:"),
        (0x22, "urn:epc:"), (0x23, "urn:nfc:"),
    ]

    @Test("every URI identifier code expands to its prefix", arguments: prefixes)
    func uriPrefix(code: UInt8, prefix: String) throws {
        let records = try NDEFMessage.parse(NDEF.uri(code, "x.example/1"))
        #expect(records == [NDEFRecordData(tnf: 1, type: "U", uri: prefix + "x.example/1")])
    }

    @Test("a reserved URI code (0x24…0xFF) is an error, not a guess", arguments: [UInt8(0x24), 0x80, 0xFF])
    func reservedPrefix(code: UInt8) {
        #expect(throws: NFCParseError.self) { try NDEFMessage.parse(NDEF.uri(code, "x")) }
    }

    @Test("Text records: language code, UTF-8 and UTF-16 (BOM or big-endian)")
    func text() throws {
        #expect(try NDEFMessage.parse(NDEF.text("Lot 7 — 批次", lang: "zh-CN")) ==
                [NDEFRecordData(tnf: 1, type: "T", text: "Lot 7 — 批次", lang: "zh-CN")])
        let be: [UInt8] = [0x82, 0x65, 0x6E, 0x00, 0x48, 0x00, 0x69]
        #expect(try NDEFMessage.parse(NDEF.record(0xD1, type: [0x54], payload: be)).first?.text == "Hi")
        let le: [UInt8] = [0x82, 0x65, 0x6E, 0xFF, 0xFE, 0x48, 0x00, 0x69, 0x00]
        #expect(try NDEFMessage.parse(NDEF.record(0xD1, type: [0x54], payload: le)).first?.text == "Hi")
    }

    @Test("several records, an ID, a long (non-SR) record, unknown types kept as hex")
    func severalRecords() throws {
        let message = NDEF.uri(0x04, "example.com", header: 0x91)
            + NDEF.record(0x14, type: Array("acme.com:lot".utf8), payload: [0xDE, 0xAD], id: Array("a1".utf8))
            + NDEF.record(0x42, type: Array("application/x".utf8), payload: [UInt8](repeating: 7, count: 300))
        let records = try NDEFMessage.parse(message)
        #expect(records.count == 3)
        #expect(records[0].uri == "https://example.com")
        #expect(records[1] == NDEFRecordData(tnf: 4, type: "acme.com:lot", id: "a1", payload: "dead"))
        #expect(records[2].tnf == 2 && records[2].payload?.count == 600)
    }

    @Test("chunked records are joined")
    func chunked() throws {
        let message = NDEF.record(0xB1, type: [0x55], payload: [0x04] + Array("exa".utf8))  // MB CF SR TNF1
            + NDEF.record(0x36, type: [], payload: Array("mple.".utf8))                     // CF SR TNF6
            + NDEF.record(0x56, type: [], payload: Array("com".utf8))                       // ME SR TNF6
        #expect(try NDEFMessage.parse(message) == [NDEFRecordData(tnf: 1, type: "U", uri: "https://example.com")])
    }

    /// Malformed messages and the error each must give.
    static let malformed: [(String, [UInt8], NFCParseError.Code)] = [
        ("empty", [], .truncatedRecord),
        ("no MB on the first record", [0x51, 0x01, 0x01, 0x55, 0x00], .invalidRecord),
        ("payload longer than the message", [0xD1, 0x01, 0x20, 0x55, 0x04, 0x61], .truncatedRecord),
        ("header cut short", [0xD1, 0x01], .truncatedRecord),
        ("long record length cut short", [0xC1, 0x01, 0x00, 0x00], .truncatedRecord),
        ("no ME at the end", [0x91, 0x01, 0x01, 0x55, 0x00], .truncatedRecord),
        ("TNF 7 reserved", [0xD7, 0x00, 0x00], .invalidRecord),
        ("TNF 6 outside a chunk", [0xD6, 0x00, 0x00], .invalidRecord),
        ("empty record with a payload", [0xD0, 0x00, 0x01, 0x00], .invalidRecord),
        ("URI not UTF-8", [0xD1, 0x01, 0x03, 0x55, 0x04, 0xC3, 0x28], .invalidPayload),
        ("Text language length past the payload", [0xD1, 0x01, 0x02, 0x54, 0x05, 0x65], .invalidPayload),
        ("UTF-16 text of odd length", [0xD1, 0x01, 0x04, 0x54, 0x80, 0x00, 0x48, 0x00], .invalidPayload),
        ("MB on a second record", [0x91, 0x01, 0x01, 0x55, 0x00, 0xD1, 0x01, 0x01, 0x55, 0x00], .invalidRecord),
    ]

    @Test("malformed NDEF gives a typed error that says what is wrong", arguments: malformed.indices)
    func malformedMessages(_ index: Int) {
        let (name, bytes, code) = Self.malformed[index]
        do {
            _ = try NDEFMessage.parse(bytes)
            Issue.record("\(name): parsed")
        } catch {
            #expect(error.code == code, "\(name): \(error.message)")
            #expect(!error.message.isEmpty)
        }
    }
}

@Suite("NFC Forum Type 2: GET_VERSION, capability container, TLVs")
struct Type2TagTests {
    static let versions: [([UInt8], String, Int, Int)] = [
        ([0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03], "NTAG213", 45, 144),
        ([0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x11, 0x03], "NTAG215", 135, 504),
        ([0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x13, 0x03], "NTAG216", 231, 888),
        ([0x00, 0x04, 0x04, 0x01, 0x01, 0x00, 0x0B, 0x03], "NTAG210", 20, 48),
        ([0x00, 0x04, 0x04, 0x01, 0x01, 0x00, 0x0E, 0x03], "NTAG212", 41, 128),
        ([0x00, 0x04, 0x03, 0x01, 0x01, 0x00, 0x0B, 0x03], "MIFARE Ultralight EV1 (MF0UL11)", 20, 48),
    ]

    @Test("GET_VERSION byte 6 (storage size) names the chip", arguments: versions.indices)
    func getVersion(_ index: Int) {
        let (version, name, pages, bytes) = Self.versions[index]
        #expect(NFCTagType(version: version) == NFCTagType(name: name, pages: pages, dataAreaBytes: bytes))
    }

    @Test("unknown or short GET_VERSION answers are not guessed")
    func unknownVersion() {
        #expect(NFCTagType(version: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x99, 0x03]) == nil)
        #expect(NFCTagType(version: [0x00, 0x04]) == nil)
    }

    @Test("capability container: E1, version 1.x, size × 8; anything else is an error")
    func capabilityContainer() throws {
        #expect(try NFCCapabilityContainer(page3: [0xE1, 0x10, 0x12, 0x00]).dataAreaBytes == 144)
        #expect(throws: NFCParseError.self) { try NFCCapabilityContainer(page3: [0x00, 0x00, 0x00, 0x00]) }
        #expect(throws: NFCParseError.self) { try NFCCapabilityContainer(page3: [0xE1, 0x20, 0x12, 0x00]) }
        #expect(throws: NFCParseError.self) { try NFCCapabilityContainer(page3: [0xE1]) }
    }

    @Test("TLV walk: NULL skipped, lock/memory control kept, 1- and 3-byte lengths, terminator ends")
    func tlvWalk() throws {
        let long = [UInt8](repeating: 0xAB, count: 300)
        let data: [UInt8] = [0x00, 0x00, 0x01, 0x03, 0xA0, 0x10, 0x44, 0xFD, 0x01, 0x99]
            + [0x03, 0xFF, 0x01, 0x2C] + long + [0xFE, 0x03, 0x01, 0x00]
        let tlvs = try NFCTLV.walk(data)
        #expect(tlvs.map(\.type) == [0x01, 0xFD, 0x03])
        #expect(tlvs[2].value == long)
        #expect(tlvs[2].offset == 10)
    }

    static let overruns: [[UInt8]] = [
        [0x03, 0x10, 0xD1],           // length 16, 1 byte left
        [0x03],                       // no length
        [0x03, 0xFF, 0x01],           // 3-byte length cut
        [0x03, 0xFF, 0x01, 0x00, 0x00],
    ]

    @Test("a TLV length past the data area is an error", arguments: overruns)
    func tlvOverrun(data: [UInt8]) {
        #expect(throws: NFCParseError.self) { try NFCTLV.walk(data) }
    }

    @Test("a capability container pointing past the chip's memory is rejected")
    func ccPastMemory() throws {
        let memory = NDEF.ntag213(dataArea: NDEF.tlv(NDEF.uri(0x04, "example.com")), ccSize: 0x40)
        let ntag213 = NFCTagType(version: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03])
        do {
            _ = try NFCType2Memory.ndefRecords(memory: memory, type: ntag213)
            Issue.record("parsed")
        } catch {
            #expect(error.code == .tlvOverrun)
            #expect(error.message.contains("512-byte data area"))
        }
        #expect(try NFCType2Memory.ndefRecords(memory: NDEF.ntag213(dataArea: NDEF.tlv(NDEF.uri(0x04, "example.com"))), type: ntag213)?
            .first?.uri == "https://example.com")
    }
}
