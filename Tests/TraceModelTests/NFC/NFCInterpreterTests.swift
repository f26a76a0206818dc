import Foundation
import Testing
@testable import TraceModel

@Suite("Interpreter: NFC tags, GS1 keys from NDEF, operator badges")
struct NFCInterpreterTests {
    static let ntag213Version: [UInt8] = [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03]
    static let uid: [UInt8] = [0x04, 0xA2, 0x24, 0x7A, 0x3C, 0x5E, 0x80]

    static func reading(_ read: NFCTagRead, device: String = "nfc-1", at uptimeNs: UInt64 = 42) -> Reading {
        Reading(device: DeviceRef(id: device, driver: "nfc", path: "/dev/x"), payload: .nfcTag(read),
                stamp: CaptureStamp(time: EventTime(unixMillis: 1_796_000_000_123, offsetSeconds: 28800),
                                    clock: ClockInfo(synced: true, bootID: "b", uptimeNs: uptimeNs)))
    }

    static func tag(_ dataArea: [UInt8], uid: [UInt8] = uid, ccSize: UInt8 = 0x12) -> NFCTagRead {
        NFCTagRead(modulation: "ISO14443A", uid: uid, atqa: [0x00, 0x44], sak: 0x00, version: ntag213Version,
                   memory: NDEF.ntag213(dataArea: dataArea, ccSize: ccSize))
    }

    static func event(_ i: inout Interpreter, _ r: Reading) -> TraceEvent? {
        if case .event(let e) = i.interpret(r) { return e }
        return nil
    }

    @Test("a GS1 Digital Link URI on a tag gives GTIN, lot, serial and EPC, like a barcode")
    func digitalLink() throws {
        var i = Interpreter(gateway: "g", context: StationContext(), dedupWindowNs: 0)
        let read = Self.tag(NDEF.tlv(NDEF.uri(0x04, "id.gs1.org/01/09520123456788/10/ABC1/21/12345")))
        let e = try #require(Self.event(&i, Self.reading(read)))
        #expect(e.kind == .tag)
        let t = try #require(e.tag)
        #expect(t.uid == "04A2247A3C5E80")
        #expect(t.type == "NTAG213")
        #expect(t.atqa == "0044" && t.sak == "00")
        #expect(t.ndef == [NDEFRecordData(tnf: 1, type: "U", uri: "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345")])
        #expect(t.gtin == "09520123456788" && t.serial == "12345" && t.lot == "ABC1")
        #expect(t.epc?.hasPrefix("urn:epc:id:sgtin:") == true)
    }

    @Test("an urn:epc:id: URI (prefix code 0x1E) gives the EPC and its GS1 keys", arguments: [
        ("sgtin:0614141.812345.6789", ["80614141123458", "6789", nil] as [String?]),
        ("sscc:0614141.1234567890", [nil, nil, "106141412345678908"]),
    ])
    func epcURI(rest: String, expected: [String?]) throws {
        let keys = (expected[0], expected[1], expected[2])
        var i = Interpreter(gateway: "g", context: StationContext(), dedupWindowNs: 0)
        let e = try #require(Self.event(&i, Self.reading(Self.tag(NDEF.tlv(NDEF.uri(0x1E, rest))))))
        #expect(e.tag?.epc == "urn:epc:id:" + rest)
        #expect(e.tag?.gtin == keys.0 && e.tag?.serial == keys.1 && e.tag?.sscc == keys.2)
    }

    @Test("a tag that is not NDEF-formatted is a plain tag event with its UID")
    func plainTag() throws {
        var i = Interpreter(gateway: "g", context: StationContext(), dedupWindowNs: 0)
        var read = Self.tag([])
        read.memory![12] = 0x00
        let e = try #require(Self.event(&i, Self.reading(read)))
        #expect(e.kind == .tag && e.tag?.uid == "04A2247A3C5E80" && e.tag?.ndef == nil)
        let mifare = NFCTagRead(modulation: "ISO14443A", uid: [1, 2, 3, 4], atqa: [0x00, 0x04], sak: 0x08)
        #expect(try #require(Self.event(&i, Self.reading(mifare))).tag?.type == "MIFARE Classic 1K")
    }

    @Test("malformed NDEF: a rejected event that keeps the UID and says why", arguments: [
        [0x03, 0x02, 0xD1, 0x01] as [UInt8],           // record header cut short
        [0x03, 0x05, 0xD1, 0x01, 0x20, 0x55, 0x04],    // record payload past the message
        [0x03, 0xFF, 0x10, 0x00],                      // 3-byte TLV length past the data area
    ])
    func malformed(dataArea: [UInt8]) throws {
        var i = Interpreter(gateway: "g", context: StationContext(), dedupWindowNs: 0)
        let e = try #require(Self.event(&i, Self.reading(Self.tag(dataArea))))
        #expect(e.kind == .rejected)
        #expect(e.tag?.uid == "04A2247A3C5E80")
        #expect(e.rejected?.reason.hasPrefix("NFC tag 04A2247A3C5E80: ") == true)
    }

    @Test("a tag pulled away mid-read: rejected with the read error first, the UID kept")
    func readCutShort() throws {
        var i = Interpreter(gateway: "g", context: StationContext(), dedupWindowNs: 0)
        var read = Self.tag(NDEF.tlv(NDEF.uri(0x04, "id.gs1.org/01/09520123456788/21/" + String(repeating: "9", count: 40))))
        read.memory = Array(read.memory!.prefix(32))
        read.readError = "READ of page 8 failed (rfTransmission)"
        let e = try #require(Self.event(&i, Self.reading(read)))
        #expect(e.kind == .rejected && e.tag?.uid == "04A2247A3C5E80")
        #expect(e.rejected?.reason.hasPrefix("NFC tag 04A2247A3C5E80: READ of page 8 failed (rfTransmission); in what was read: ") == true)
    }

    @Test("tag events with NDEF: the hand-written canonical JSON equals JSONEncoder's")
    func canonical() throws {
        var i = Interpreter(gateway: "g", context: StationContext(operator: "op-1"), dedupWindowNs: 0)
        let message = NDEF.uri(0x04, "id.gs1.org/01/09520123456788/21/\u{4e2d}\"x", header: 0x91)
            + NDEF.text("Lot \"7\"\n", lang: "de", header: 0x11)
            + NDEF.record(0x54, type: Array("acme.com:t".utf8), payload: [1, 2], id: [0xFF])
        for read in [Self.tag(NDEF.tlv(message)), Self.tag([0x03, 0x03, 0xD1, 0x01, 0x20])] {
            let e = try #require(Self.event(&i, Self.reading(read)))
            #expect(String(decoding: try e.canonicalBytes(), as: UTF8.self)
                    == String(decoding: try TraceEvent.canonicalEncoder.encode(e), as: UTF8.self))
            #expect(try JSONDecoder().decode(TraceEvent.self, from: Data(e.canonicalBytes())) == e)
        }
    }

    @Test("a badge tap signs the operator in (keyed hash, never the UID), a second tap signs off")
    func badgeSignInOff() throws {
        let badge: [UInt8] = [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]
        var i = Interpreter(gateway: "g", context: StationContext(operator: "default-op"), dedupWindowNs: 0)
        i.badges = OperatorBadges(match: .uids(["04112233445566"]), key: Array("0123456789abcdef".utf8))
        let pseudonym = i.badges!.pseudonym(uid: badge)
        #expect(pseudonym.hasPrefix("op-") && pseudonym.count == 35 && !pseudonym.contains("112233"))
        #expect(OperatorBadges(match: .all, key: Array("another key 0123".utf8)).pseudonym(uid: badge) != pseudonym)

        guard case .operatorChanged(let signedIn) = i.interpret(Self.reading(NFCTagRead(modulation: "ISO14443A", uid: badge))) else {
            Issue.record("badge not recognised"); return
        }
        #expect(signedIn == pseudonym)
        let product = try #require(Self.event(&i, Self.reading(Self.tag(NDEF.tlv(NDEF.uri(0x04, "example.com"))))))
        #expect(product.context.operator == pseudonym)
        #expect(try !String(decoding: product.canonicalBytes(), as: UTF8.self).contains("04112233445566"))
        guard case .operatorChanged(nil) = i.interpret(Self.reading(NFCTagRead(modulation: "ISO14443A", uid: badge))) else {
            Issue.record("second tap did not sign off"); return
        }
        #expect(try #require(Self.event(&i, Self.reading(Self.tag([])))).context.operator == "default-op")
    }

    @Test("badge timeout: no event for that long signs the operator off; NDEF-prefix and badge-reader modes")
    func badgeTimeoutAndModes() throws {
        var i = Interpreter(gateway: "g", context: StationContext(), dedupWindowNs: 0)
        i.badges = OperatorBadges(match: .ndefPrefix("urn:acme:badge:"), key: Array("0123456789abcdef".utf8), timeoutNs: 1_000)
        let badge = Self.tag(NDEF.tlv(NDEF.uri(0x13, "acme:badge:7")), uid: [9, 9, 9, 9, 9, 9, 9])
        guard case .operatorChanged(let op?) = i.interpret(Self.reading(badge, at: 100)) else { Issue.record("no sign-in"); return }
        #expect(try #require(Self.event(&i, Self.reading(Self.tag([]), at: 900))).context.operator == op)
        #expect(try #require(Self.event(&i, Self.reading(Self.tag([]), at: 1_800))).context.operator == op)
        #expect(try #require(Self.event(&i, Self.reading(Self.tag([]), at: 2_900))).context.operator == nil)

        var j = Interpreter(gateway: "g", context: StationContext(), dedupWindowNs: 0)
        j.badges = OperatorBadges(match: .all, devices: ["badge-reader"], key: Array("0123456789abcdef".utf8))
        #expect(Self.event(&j, Self.reading(Self.tag([]), device: "nfc-1")) != nil)
        guard case .operatorChanged(_?) = j.interpret(Self.reading(Self.tag([]), device: "badge-reader")) else {
            Issue.record("badge reader tag not a badge"); return
        }
    }
}

@Suite("NDEF/TLV parser under random and mutated input")
struct NDEFFuzzTests {
    /// A small deterministic generator (SplitMix64), so a failure is reproducible from its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [[UInt8]] = [
        NDEF.tlv(NDEF.uri(0x04, "id.gs1.org/01/09520123456788/21/1")),
        NDEF.tlv(NDEF.uri(0x04, "a", header: 0x91) + NDEF.text("hello", header: 0x51)),
        NDEF.tlv(NDEF.record(0xB1, type: [0x55], payload: [0x04, 0x61]) + NDEF.record(0x56, type: [], payload: [0x62])),
        [0x01, 0x03, 0xA0, 0x10, 0x44] + NDEF.tlv(NDEF.text("x", lang: "en")),
    ]

    @Test("10 000 random and mutated tag memories: every outcome is records or a typed error, never a trap",
          arguments: [UInt64(1), 2, 3, 4])
    func fuzz(seed: UInt64) {
        var rng = SplitMix(state: seed)
        var parsed = 0, rejected = 0
        for n in 0..<2_500 {
            var data: [UInt8]
            if n % 3 == 0 {
                data = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                data = Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &rng)]
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !data.isEmpty {
                    let at = Int.random(in: 0..<data.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: data[at] = UInt8.random(in: 0...255, using: &rng)
                    case 1: data.removeSubrange(at...)
                    case 2: data.insert(UInt8.random(in: 0...255, using: &rng), at: at)
                    default: data[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                    }
                }
            }
            let type: NFCTagType? = n % 2 == 0 ? NFCTagType(version: NFCInterpreterTests.ntag213Version) : nil
            let ccSize = n % 5 == 0 ? UInt8.random(in: 0...255, using: &rng) : 0x12
            do {
                _ = try NFCType2Memory.ndefRecords(memory: NDEF.ntag213(dataArea: data, ccSize: ccSize), type: type)
                _ = try NDEFMessage.parse(data)
                parsed += 1
            } catch {
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        #expect(parsed + rejected == 2_500)
        #expect(rejected > 0)
    }
}
