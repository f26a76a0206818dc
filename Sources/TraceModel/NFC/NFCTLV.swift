/// One TLV block of a Type 2 tag's data area (Type 2 Tag Technical Specification §4.4).
public struct NFCTLV: Hashable, Sendable {
    /// 0x01 Lock Control, 0x02 Memory Control, 0x03 NDEF Message, 0xFD Proprietary.
    public var type: UInt8
    public var value: [UInt8]
    /// Where the TLV starts in the data area.
    public var offset: Int

    public static let ndefMessage: UInt8 = 0x03

    /// Walks `data` (the data area from page 4): 0x00 NULL TLVs are skipped (no length), 0xFE ends the walk;
    /// the length is one byte, or 0xFF then two bytes (big-endian) for 255…65534.
    ///
    /// - Throws: ``NFCParseError/Code/tlvOverrun`` when a length runs past `data`.
    public static func walk(_ data: [UInt8]) throws(NFCParseError) -> [NFCTLV] {
        var out: [NFCTLV] = []
        var i = 0
        while i < data.count {
            let start = i
            let type = data[i]
            i += 1
            if type == 0x00 { continue }
            if type == 0xFE { return out }
            guard i < data.count else {
                throw NFCParseError(.tlvOverrun, "TLV 0x\(Hex.encode([type])) at offset \(start): no length byte before the end of the data area (\(data.count) bytes)")
            }
            var length = Int(data[i])
            i += 1
            if length == 0xFF {
                guard i + 1 < data.count else {
                    throw NFCParseError(.tlvOverrun, "TLV 0x\(Hex.encode([type])) at offset \(start): the 3-byte length runs past the end of the data area (\(data.count) bytes)")
                }
                length = Int(data[i]) << 8 | Int(data[i + 1])
                i += 2
            }
            guard length <= data.count - i else {
                throw NFCParseError(.tlvOverrun, "TLV 0x\(Hex.encode([type])) at offset \(start) says \(length) bytes, but only \(data.count - i) remain in the data area: the tag's memory is corrupt or was written badly (rewrite the tag)")
            }
            out.append(NFCTLV(type: type, value: Array(data[i..<(i + length)]), offset: start))
            i += length
        }
        return out
    }
}
