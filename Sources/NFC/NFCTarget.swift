import CNFC

/// A tag in the field, as libnfc selected it (`nfc_target`), copied out of C memory.
public struct NFCTarget: Hashable, Sendable {
    public var modulation: NFCModulation
    /// The identifier: NFCID1 (ISO14443A UID, 4, 7 or 10 bytes), PUPI (ISO14443B), NFCID2 (FeliCa).
    public var uid: [UInt8]
    /// ISO14443A: ATQA (SENS_RES), two bytes as the PN53x reports them (e.g. `00 44` for NTAG21x).
    public var atqa: [UInt8]?
    /// ISO14443A: SAK (SEL_RES), e.g. 0x00 for NTAG21x/Ultralight, 0x08 MIFARE Classic 1K, 0x20 ISO14443-4.
    public var sak: UInt8?
    /// ISO14443A: the ATS of an ISO14443-4 tag (may be empty).
    public var ats: [UInt8]?
    /// FeliCa: the system code, when the tag gave one.
    public var systemCode: [UInt8]?

    public init(modulation: NFCModulation, uid: [UInt8], atqa: [UInt8]? = nil, sak: UInt8? = nil,
                ats: [UInt8]? = nil, systemCode: [UInt8]? = nil) {
        self.modulation = modulation
        self.uid = uid
        self.atqa = atqa
        self.sak = sak
        self.ats = ats
        self.systemCode = systemCode
    }

    init(_ t: nfc_target) {
        modulation = NFCModulation(t.nm)
        let info = t.nti
        switch t.nm.nmt {
        case NMT_ISO14443A:
            let a = info.nai
            uid = Self.bytes(of: a.abtUid, count: a.szUidLen)
            atqa = Self.bytes(of: a.abtAtqa, count: 2)
            sak = a.btSak
            ats = Self.bytes(of: a.abtAts, count: a.szAtsLen)
        case NMT_FELICA:
            let f = info.nfi
            uid = Self.bytes(of: f.abtId, count: 8)
            let code = Self.bytes(of: f.abtSysCode, count: 2)
            systemCode = code == [0, 0] ? nil : code
        case NMT_ISO14443B:
            uid = Self.bytes(of: info.nbi.abtPupi, count: 4)
        default:
            uid = []
        }
    }

    /// The first `count` bytes of a C array (a tuple), bounded by its size.
    static func bytes<T>(of tuple: T, count: Int) -> [UInt8] {
        withUnsafeBytes(of: tuple) { Array($0.prefix(max(0, min(count, $0.count)))) }
    }
}
