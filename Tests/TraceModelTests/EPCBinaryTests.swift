import Foundation
import Testing
@testable import TraceModel

@Suite("EPC binary (SGTIN-96, SSCC-96, SGLN-96) → pure identity URIs")
struct EPCBinaryTests {
    /// The Tag Data Standard's example, and vectors covering every partition of each scheme. The
    /// URIs and GS1 keys are what the Python package `epcpy` (an independent TDS implementation)
    /// gives for the same hex: `hex_to_tag_encodable(hex).epc_uri` and
    /// `epc_pure_identity_to_gs1_element_string(uri)`.
    static let vectors: [(hex: String, uri: String, filter: Int, keys: String)] = [
        ("3074257BF7194E4000001A85", "urn:epc:id:sgtin:0614141.812345.6789", 3, "(01)80614141123458(21)6789"),
        ("30A09BCA9D379186A6A3A450", "urn:epc:id:sgtin:167279807972.6.28565546064", 5, "(01)61672798079721(21)28565546064"),
        ("30263A47E104831B81E74EF5", "urn:epc:id:sgtin:76541790244.12.118143536885", 1, "(01)17654179024420(21)118143536885"),
        ("30091600A35A6B1E11E20B8F", "urn:epc:id:sgtin:4664107866.428.129149045647", 0, "(01)44664107866286(21)129149045647"),
        ("302E3445BB36CACF90C192CF", "urn:epc:id:sgtin:591682483.6955.66853114575", 1, "(01)65916824839559(21)66853114575"),
        ("307285C2CCD04FB295E60AF5", "urn:epc:id:sgtin:84641177.82238.217263246069", 3, "(01)88464117722381(21)217263246069"),
        ("3014E263442FB3652217BEAD", "urn:epc:id:sgtin:3709137.048845.159485771437", 0, "(01)03709137488459(21)159485771437"),
        ("30D893B7A29A98CD2E44158B", "urn:epc:id:sgtin:151262.9071203.56610788747", 6, "(01)91512620712031(21)56610788747"),
        ("3114257BF4499602D2000000", "urn:epc:id:sscc:0614141.1234567890", 0, "(00)106141412345678908"),
        ("3160617D55C80D1871000000", "urn:epc:id:sscc:104678650371.71793", 3, "(00)710467865037117935"),
        ("3124320F4E1869E776000000", "urn:epc:id:sscc:06718910659.649078", 1, "(00)606718910659490786"),
        ("3169881ED162506BF2000000", "urn:epc:id:sscc:6578688354.5270514", 3, "(00)565786883542705148"),
        ("31EE579D8743A01F21000000", "urn:epc:id:sscc:628742260.60825377", 7, "(00)662874226008253775"),
        ("31B132F61E8FE6389D000000", "urn:epc:id:sscc:40234045.266746013", 5, "(00)240234045667460137"),
        ("3154F9F46E14F4733F000000", "urn:epc:id:sscc:4095259.8941499199", 2, "(00)840952599414991999"),
        ("319A19CD0972E6CC3A000000", "urn:epc:id:sscc:550708.40582433850", 4, "(00)455070805824338509"),
        ("3214257BF460720000000000", "urn:epc:id:sgln:0614141.12345.0", 0, "(414)0614141123452(254)0"),
        ("32220C78E63C40A86B0A18E8", "urn:epc:id:sgln:563147804432..723350329576", 1, "(414)5631478044323(254)723350329576"),
        ("32A5AFA595F04141D17F9ACA", "urn:epc:id:sgln:57934655362.0.1382199302858", 5, "(414)5793465536201(254)1382199302858"),
        ("32A9B1FEE08F99D3CC011CDD", "urn:epc:id:sgln:7281238159.76.2009172352221", 5, "(414)7281238159767(254)2009172352221"),
        ("322F5C2083F0BF14F1D69ED6", "urn:epc:id:sgln:901908543.095.1189468348118", 1, "(414)9019085430955(254)1189468348118"),
        ("32F2C9C56508513DB394FB36", "urn:epc:id:sgln:93555402.1064.1364517518134", 7, "(414)9355540210640(254)1364517518134"),
        ("32F5236D02DDD363AB2CD31E", "urn:epc:id:sgln:4774720.93929.1527585231646", 7, "(414)4774720939297(254)1527585231646"),
        ("321BC3394EC634AC5AFFB229", "urn:epc:id:sgln:986341.484122.740261081641", 0, "(414)9863414841222(254)740261081641"),
    ]

    @Test("TDS vectors: URI, filter and GS1 keys", arguments: vectors.indices)
    func vector(_ index: Int) throws {
        let v = Self.vectors[index]
        let tag = try #require(try EPCBinary.decode(hex: v.hex)?.get())
        #expect(tag.epc == v.uri)
        #expect(tag.filter == v.filter)
        #expect(tag.raw == v.hex)
        var keys = ""
        if let gtin = tag.gtin { keys += "(01)\(gtin)(21)\(tag.serial ?? "")" }
        if let sscc = tag.sscc { keys += "(00)\(sscc)" }
        if let gln = tag.gln { keys += "(414)\(gln)(254)\(tag.glnExtension ?? "")" }
        #expect(keys == v.keys)
        #expect(try EPCBinary.decode(hex: v.hex.lowercased())?.get().epc == v.uri, "lower-case hex too")
    }

    @Test("the SGTIN GTIN has a valid check digit and equals what the GS1 URI builder splits back")
    func roundTripThroughEPCURI() throws {
        let tag = try #require(try EPCBinary.decode(hex: "3074257BF7194E4000001A85")?.get())
        let gtin = try #require(tag.gtin)
        #expect(CheckDigit.isValid(gtin))
        #expect(EPCURI.sgtin(gtin: gtin, serial: tag.serial!, prefixes: .only(["0614141": 7])) == tag.epc)
    }

    @Test("invalid encodings name the problem", arguments: [
        ("307C257BF7194E4000001A85", "partition value 7"),          // SGTIN partition 7
        ("31FFFFFFFFFFFFFFFF000000", "partition value 7"),          // SSCC partition 7
        ("3037FFFFFC00000000000000", "company prefix"),             // partition 5: 24 one bits ≥ 10^7
        ("30344B5A1FFFFFC000000000", "item reference"),             // partition 5: item reference 20 one bits ≥ 10^6
        ("3114257BF4499602D2000001", "last 24 bits"),               // SSCC: unused bits set
        ("3223FFFFFFFFFC0000000000", "company prefix"),             // SGLN partition 0: 40 one bits ≥ 10^12
        ("322000926C330E0000000000", "location reference"),         // SGLN partition 0: the 1-bit location reference must be 0
        ("32000000000080000000000", ""),                            // 23 characters: not an EPC at all
    ])
    func invalid(_ hex: String, _ reason: String) {
        guard let result = EPCBinary.decode(hex: hex) else {
            #expect(reason.isEmpty, "\(hex) should have been decoded")
            return
        }
        guard case .failure(let error) = result else { Issue.record("\(hex) decoded: \(result)"); return }
        #expect(error.description.contains(reason), "\(error)")
    }

    @Test("not EPC hex: other headers, lengths and characters", arguments: [
        "3574257BF7194E4000001A85", "E2801160600002084C5F0B61", "3074257BF7194E4000001A8", "3074257BF7194E4000001A85F",
        "3074257BF7194E4000001AG5", "",
    ])
    func notEPC(_ text: String) {
        #expect(EPCBinary.decode(hex: text) == nil)
    }

    func reading(_ text: String) -> Reading {
        Reading(device: DeviceRef(id: "uhf-1", driver: "wedge"), payload: .barcode(bytes: Array(text.utf8), symbology: nil),
                stamp: CaptureStamp(time: EventTime(unixMillis: 1_796_000_000_000, offsetSeconds: 28800),
                                    clock: ClockInfo(synced: true, bootID: "boot", uptimeNs: UInt64(text.count))))
    }

    @Test("interpreter: a 24-hex EPC read is a tag event; an invalid one is rejected; other text stays a barcode")
    func interpreter() throws {
        var i = Interpreter(gateway: "g", context: StationContext(), dedupWindowNs: 0)
        guard case .event(let tag) = i.interpret(reading("3074257bf7194e4000001a85")) else { Issue.record("no event"); return }
        #expect(tag.kind == .tag)
        #expect(tag.tag?.epc == "urn:epc:id:sgtin:0614141.812345.6789")
        #expect(tag.tag?.type == "SGTIN-96")
        #expect(tag.tag?.gtin == "80614141123458")
        #expect(tag.scan == nil)
        guard case .event(let aim) = i.interpret(reading("]C03114257BF4499602D2000000")) else { Issue.record("no event"); return }
        #expect(aim.kind == .tag && aim.tag?.sscc == "106141412345678908", "a plain-data AIM identifier before the hex is allowed")
        guard case .event(let bad) = i.interpret(reading("307C257BF7194E4000001A85")) else { Issue.record("no event"); return }
        #expect(bad.kind == .rejected)
        #expect(bad.rejected?.reason.contains("partition value 7") == true)
        guard case .event(let other) = i.interpret(reading("E2801160600002084C5F0B61")) else { Issue.record("no event"); return }
        #expect(other.kind == .scan && other.scan?.text == "E2801160600002084C5F0B61", "a TID or other hex is plain text")
        guard case .event(let gs1) = i.interpret(reading("]C13074257BF7194E4000001A85")) else { Issue.record("no event"); return }
        #expect(gs1.kind != .tag, "a GS1 AIM identifier means GS1 data, never an EPC")
        var off = Interpreter(gateway: "g", context: StationContext(), decodeEPCHex: false, dedupWindowNs: 0)
        guard case .event(let plain) = off.interpret(reading("3074257BF7194E4000001A85")) else { Issue.record("no event"); return }
        #expect(plain.kind == .scan, "decode_epc_hex = false")
    }
}
