/// The memory of an NFC Forum Type 2 tag (NTAG21x, MIFARE Ultralight) as read from page 0: capability
/// container in page 3, TLVs in the data area from page 4 (Type 2 Tag Technical Specification §6).
public enum NFCType2Memory {
    /// The NDEF records in `memory`; nil when the tag holds no NDEF TLV, [] for an empty NDEF message.
    ///
    /// - Throws: ``NFCParseError``: not formatted, a container pointing past the memory (of the chip, when its
    ///   type is known, else of what was read), TLV or record errors. Never traps, whatever the bytes.
    public static func ndefRecords(memory: [UInt8], type: NFCTagType?) throws(NFCParseError) -> [NDEFRecordData]? {
        guard memory.count >= 16 else { throw NFCParseError(.shortMemory, "only \(memory.count) bytes of memory read, 16 needed for the capability container") }
        let cc = try NFCCapabilityContainer(page3: Array(memory[12..<16]))
        let available = (type.map { $0.pages * 4 } ?? memory.count) - 16
        guard cc.dataAreaBytes <= available else {
            throw NFCParseError(.tlvOverrun, "the capability container announces a \(cc.dataAreaBytes)-byte data area, but the \(type?.name ?? "tag") has only \(available) bytes after page 3: the container is corrupt (rewrite page 3)")
        }
        let end = min(memory.count, 16 + cc.dataAreaBytes)
        let tlvs = try NFCTLV.walk(Array(memory[16..<end]))
        guard let ndef = tlvs.first(where: { $0.type == NFCTLV.ndefMessage }) else { return nil }
        if ndef.value.isEmpty { return [] }
        return try NDEFMessage.parse(ndef.value)
    }
}
