/// What an NFC reader driver got from a tag that arrived: the identity libnfc reported and, for NFC Forum
/// Type 2 tags, the GET_VERSION answer and the memory read from page 0. Interpreted (type, capability
/// container, TLVs, NDEF) by the ``Interpreter``, which does no I/O.
public struct NFCTagRead: Sendable, Hashable {
    /// "ISO14443A", "ISO14443B", "FeliCa 212" …
    public var modulation: String
    /// NFCID1 / PUPI / NFCID2.
    public var uid: [UInt8]
    public var atqa: [UInt8]?
    public var sak: UInt8?
    /// The 8-byte GET_VERSION answer (NTAG21x, Ultralight EV1); nil when the tag did not answer it.
    public var version: [UInt8]?
    /// Memory from page 0 (4 bytes a page), as far as it was read; nil when nothing was read.
    public var memory: [UInt8]?
    /// Why reading the memory stopped early (the tag was pulled away, a page could not be read).
    public var readError: String?

    public init(modulation: String, uid: [UInt8], atqa: [UInt8]? = nil, sak: UInt8? = nil, version: [UInt8]? = nil,
                memory: [UInt8]? = nil, readError: String? = nil) {
        self.modulation = modulation
        self.uid = uid
        self.atqa = atqa
        self.sak = sak
        self.version = version
        self.memory = memory
        self.readError = readError
    }

    /// The UID as upper-case hex, as printed on badges and in reader tools.
    public var uidHex: String { Hex.encode(uid).uppercased() }
}
