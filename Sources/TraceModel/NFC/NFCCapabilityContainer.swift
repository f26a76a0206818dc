/// The capability container of an NFC Forum Type 2 tag (Type 2 Tag Technical Specification §6.1): page 3,
/// `E1 version size access` with the data area size in units of 8 bytes.
public struct NFCCapabilityContainer: Hashable, Sendable {
    public var majorVersion: UInt8
    public var minorVersion: UInt8
    /// Bytes of the data area the container announces (size byte × 8).
    public var dataAreaBytes: Int
    /// Read access (high nibble; 0 = free) and write access (low nibble; 0 = free, F = none).
    public var access: UInt8

    /// Reads the 4 bytes of page 3.
    public init(page3 b: [UInt8]) throws(NFCParseError) {
        guard b.count >= 4 else { throw NFCParseError(.shortMemory, "capability container: \(b.count) bytes read, 4 needed") }
        guard b[0] == 0xE1 else {
            throw NFCParseError(.notFormatted, "no NDEF: the capability container (page 3) starts with 0x\(Hex.encode([b[0]])), not 0xE1: the tag is not NDEF-formatted (format it, or configure its UID as a plain tag)")
        }
        majorVersion = b[1] >> 4
        minorVersion = b[1] & 0x0F
        guard majorVersion == 1 else {
            throw NFCParseError(.unsupportedVersion, "capability container: mapping version \(majorVersion).\(minorVersion) is not 1.x")
        }
        dataAreaBytes = Int(b[2]) * 8
        access = b[3]
    }
}
