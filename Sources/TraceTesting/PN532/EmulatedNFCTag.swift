/// A tag for ``PN532Emulator``: an NFC Forum Type 2 tag (NTAG21x, MIFARE Ultralight) with its memory, or a
/// FeliCa card that only identifies itself.
public struct EmulatedNFCTag: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// ISO14443A, NFC Forum Type 2: answers READ (0x30), FAST_READ (0x3A), GET_VERSION (0x60) when
        /// `version` is set, WRITE (0xA2).
        case type2
        /// FeliCa at 212 kbit/s: NFCID2 is ``uid``; `systemCode` two bytes.
        case felica(systemCode: [UInt8])
        /// ISO14443B (ISO/IEC 14443-3 type B, -4 compliant): PUPI is ``uid``; the ATQB's Application Data
        /// (4 bytes) and Protocol Info (3 bytes).
        case iso14443b(applicationData: [UInt8], protocolInfo: [UInt8])
    }

    public var kind: Kind
    public var uid: [UInt8]
    public var atqa: [UInt8]
    public var sak: UInt8
    /// The 8 bytes GET_VERSION returns; nil: the tag does not know the command (Ultralight).
    public var version: [UInt8]?
    /// The whole memory, 4 bytes a page, from page 0.
    public var memory: [UInt8]

    public init(kind: Kind = .type2, uid: [UInt8], atqa: [UInt8] = [0x00, 0x44], sak: UInt8 = 0x00,
                version: [UInt8]?, memory: [UInt8]) {
        self.kind = kind
        self.uid = uid
        self.atqa = atqa
        self.sak = sak
        self.version = version
        self.memory = memory
    }

    /// An NTAG213 (45 pages, 144-byte data area) holding `ndef` (an NDEF message, without TLV) in one NDEF TLV.
    public static func ntag213(uid: [UInt8], ndef: [UInt8]) -> Self {
        ntag(uid: uid, versionByte: 0x0F, pages: 45, dataAreaSize: 144, tlvs: ndefTLV(ndef))
    }

    /// An NTAG215 (135 pages, 504-byte data area).
    public static func ntag215(uid: [UInt8], ndef: [UInt8]) -> Self {
        ntag(uid: uid, versionByte: 0x11, pages: 135, dataAreaSize: 504, tlvs: ndefTLV(ndef))
    }

    /// An NTAG216 (231 pages, 888-byte data area).
    public static func ntag216(uid: [UInt8], ndef: [UInt8]) -> Self {
        ntag(uid: uid, versionByte: 0x13, pages: 231, dataAreaSize: 888, tlvs: ndefTLV(ndef))
    }

    /// An NTAG213 whose data area (from page 4) holds exactly `dataArea` (for malformed TLVs), with a
    /// capability container announcing `ccSize` × 8 bytes.
    public static func ntag213(uid: [UInt8], rawDataArea dataArea: [UInt8], ccSize: UInt8 = 0x12) -> Self {
        var tag = ntag(uid: uid, versionByte: 0x0F, pages: 45, dataAreaSize: 144, tlvs: dataArea)
        tag.memory[14] = ccSize
        return tag
    }

    /// An NDEF TLV (1- or 3-byte length) followed by the terminator TLV.
    public static func ndefTLV(_ message: [UInt8]) -> [UInt8] {
        let length: [UInt8] = message.count < 0xFF ? [UInt8(message.count)] : [0xFF, UInt8(message.count >> 8), UInt8(message.count & 0xFF)]
        return [0x03] + length + message + [0xFE]
    }

    static func ntag(uid: [UInt8], versionByte: UInt8, pages: Int, dataAreaSize: Int, tlvs: [UInt8]) -> Self {
        precondition(uid.count == 7, "NTAG21x UIDs are 7 bytes")
        var memory = [UInt8](repeating: 0, count: pages * 4)
        // Pages 0–2: UID0–2, BCC0 = 0x88 ^ UID0 ^ UID1 ^ UID2; UID3–6, BCC1 = UID3 ^ … ^ UID6; internal, lock bytes.
        memory[0] = uid[0]; memory[1] = uid[1]; memory[2] = uid[2]; memory[3] = 0x88 ^ uid[0] ^ uid[1] ^ uid[2]
        memory[4] = uid[3]; memory[5] = uid[4]; memory[6] = uid[5]; memory[7] = uid[6]
        memory[8] = uid[3] ^ uid[4] ^ uid[5] ^ uid[6]; memory[9] = 0x48
        // Page 3: capability container E1 (NDEF magic) 10 (version 1.0) size/8 00 (read/write access).
        memory[12] = 0xE1; memory[13] = 0x10; memory[14] = UInt8(dataAreaSize / 8); memory[15] = 0x00
        for (i, b) in tlvs.prefix(dataAreaSize).enumerated() { memory[16 + i] = b }
        return Self(uid: uid, version: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, versionByte, 0x03], memory: memory)
    }

    /// A MIFARE Ultralight (16 pages, 48-byte data area): no GET_VERSION (it NAKs and halts).
    public static func ultralight(uid: [UInt8], ndef: [UInt8]) -> Self {
        var tag = ntag(uid: uid, versionByte: 0, pages: 16, dataAreaSize: 48, tlvs: ndefTLV(ndef))
        tag.version = nil
        tag.memory[14] = 0x06
        return tag
    }

    /// A FeliCa card (no memory is emulated).
    public static func felica(idm: [UInt8], systemCode: [UInt8] = [0x12, 0xFC]) -> Self {
        Self(kind: .felica(systemCode: systemCode), uid: idm, atqa: [], sak: 0, version: nil, memory: [])
    }

    /// An ISO14443B card, e.g. a transport or ID card: ATQB `50 PUPI AppData ProtInfo` (ISO/IEC 14443-3 §7.9).
    /// Protocol Info `00 81 71`: 106 kbit/s only; max frame 256 bytes, ISO/IEC 14443-4 compliant; FWI 7, CID supported.
    public static func iso14443b(pupi: [UInt8], applicationData: [UInt8] = [0x00, 0x00, 0x00, 0x00],
                                 protocolInfo: [UInt8] = [0x00, 0x81, 0x71]) -> Self {
        precondition(pupi.count == 4 && applicationData.count == 4 && protocolInfo.count == 3)
        return Self(kind: .iso14443b(applicationData: applicationData, protocolInfo: protocolInfo),
                    uid: pupi, atqa: [], sak: 0, version: nil, memory: [])
    }

    /// The answer of the tag to `command` (bytes without CRC), or nil when it stays silent (NAK, unknown).
    mutating func answer(_ command: [UInt8]) -> [UInt8]? {
        switch kind {
        case .type2: return type2Answer(command)
        case .felica:
            // Request Response (JIS X 6319-4): `LEN 04 IDm` → `LEN 05 IDm Mode`; libnfc's presence check.
            guard command.count == 10, command[0] == 0x0A, command[1] == 0x04, Array(command[2...]) == uid else { return nil }
            return [0x0B, 0x05] + uid + [0x00]
        case .iso14443b:
            // An R(NAK) block (ISO/IEC 14443-4 §7.1.1.3: 1011x01b, CID following when bit 3 is set) is answered
            // with R(ACK) and the same CID; libnfc sends `BA 01` on a PN532 to see whether the card is there.
            guard let pcb = command.first, pcb & 0xF6 == 0xB2 else { return nil }
            let cid = pcb & 0x08 != 0 ? Array(command.dropFirst().prefix(1)) : []
            return [0xA2 | (pcb & 0x09)] + cid
        }
    }

    /// Type 2 tag commands (NFC Forum Type 2 Tag 1.0 §5, NTAG21x data sheet §10).
    mutating func type2Answer(_ command: [UInt8]) -> [UInt8]? {
        guard let code = command.first else { return nil }
        let pages = memory.count / 4
        switch code {
        case 0x30 where command.count >= 2:  // READ: 16 bytes from the page, rolling over at the end
            let page = Int(command[1])
            guard page < pages else { return nil }
            return (0..<16).map { memory[(page * 4 + $0) % memory.count] }
        case 0x3A where command.count >= 3:  // FAST_READ start…end
            let start = Int(command[1]), end = Int(command[2])
            guard start <= end, end < pages else { return nil }
            return Array(memory[(start * 4)..<((end + 1) * 4)])
        case 0x60:  // GET_VERSION
            return version
        case 0xA2 where command.count >= 6:  // WRITE one page
            let page = Int(command[1])
            guard page >= 4, page < pages else { return nil }
            for i in 0..<4 { memory[page * 4 + i] = command[2 + i] }
            return []
        default:
            return nil
        }
    }
}

/// NDEF messages for tests (NFC Forum NDEF 1.0 and RTD URI / Text): short records, MB on the first, ME on the last.
public enum NDEFMessageBuilder {
    /// One record: TNF, type, payload (short record when the payload is under 256 bytes).
    public static func record(tnf: UInt8, type: [UInt8], payload: [UInt8], first: Bool = true, last: Bool = true) -> [UInt8] {
        var header = tnf & 0x07
        if first { header |= 0x80 }
        if last { header |= 0x40 }
        if payload.count < 256 {
            header |= 0x10
            return [header, UInt8(type.count), UInt8(payload.count)] + type + payload
        }
        let n = UInt32(payload.count)
        return [header, UInt8(type.count), UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + type + payload
    }

    /// A URI record (RTD "U") with prefix code `prefix` and the rest of the URI.
    public static func uri(_ prefix: UInt8, _ rest: String, first: Bool = true, last: Bool = true) -> [UInt8] {
        record(tnf: 0x01, type: Array("U".utf8), payload: [prefix] + Array(rest.utf8), first: first, last: last)
    }

    /// A Text record (RTD "T"), UTF-8, with its language code.
    public static func text(_ text: String, language: String = "en", first: Bool = true, last: Bool = true) -> [UInt8] {
        record(tnf: 0x01, type: Array("T".utf8), payload: [UInt8(language.utf8.count)] + Array(language.utf8) + Array(text.utf8),
               first: first, last: last)
    }
}
