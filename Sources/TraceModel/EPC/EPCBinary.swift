/// Decodes the 96-bit EPC binary encodings of the GS1 EPC Tag Data Standard (TDS 2.x §14) that
/// UHF RFID readers deliver as 24 hexadecimal characters: SGTIN-96 (header 0x30), SSCC-96
/// (0x31) and SGLN-96 (0x32), to pure identity URIs. Pure.
///
/// Layout: header (8 bits), filter (3), partition (3), then the company prefix and the second
/// field whose bit widths the partition table gives, then the serial (SGTIN: 38 bits, numeric),
/// the unused 24 bits (SSCC) or the extension (SGLN: 41 bits, numeric). Each field's value must
/// fit its number of decimal digits; partition 7 is invalid. Decoding never guesses: an invalid
/// field is an error that names it.
public enum EPCBinary {
    /// The scheme of a header this decoder knows.
    public enum Scheme: UInt8, Sendable, CaseIterable {
        case sgtin96 = 0x30
        case sscc96 = 0x31
        case sgln96 = 0x32

        public var name: String {
            switch self {
            case .sgtin96: "SGTIN-96"
            case .sscc96: "SSCC-96"
            case .sgln96: "SGLN-96"
            }
        }
    }

    /// Why a 96-bit EPC with a known header does not decode.
    public struct DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
        public var scheme: Scheme
        public var reason: String
        public var description: String { "\(scheme.name) EPC: \(reason)" }
    }

    /// One row of a partition table: (company prefix bits, digits), (other field bits, digits).
    struct Partition {
        var prefixBits: Int, prefixDigits: Int, otherBits: Int, otherDigits: Int
    }

    /// TDS Table 14-2 (SGTIN: company prefix + indicator/item reference, 44 bits, 13 digits).
    static let sgtinPartitions: [Partition] = [
        .init(prefixBits: 40, prefixDigits: 12, otherBits: 4, otherDigits: 1),
        .init(prefixBits: 37, prefixDigits: 11, otherBits: 7, otherDigits: 2),
        .init(prefixBits: 34, prefixDigits: 10, otherBits: 10, otherDigits: 3),
        .init(prefixBits: 30, prefixDigits: 9, otherBits: 14, otherDigits: 4),
        .init(prefixBits: 27, prefixDigits: 8, otherBits: 17, otherDigits: 5),
        .init(prefixBits: 24, prefixDigits: 7, otherBits: 20, otherDigits: 6),
        .init(prefixBits: 20, prefixDigits: 6, otherBits: 24, otherDigits: 7),
    ]

    /// TDS Table 14-5 (SSCC: company prefix + extension/serial reference, 58 bits, 17 digits).
    static let ssccPartitions: [Partition] = [
        .init(prefixBits: 40, prefixDigits: 12, otherBits: 18, otherDigits: 5),
        .init(prefixBits: 37, prefixDigits: 11, otherBits: 21, otherDigits: 6),
        .init(prefixBits: 34, prefixDigits: 10, otherBits: 24, otherDigits: 7),
        .init(prefixBits: 30, prefixDigits: 9, otherBits: 28, otherDigits: 8),
        .init(prefixBits: 27, prefixDigits: 8, otherBits: 31, otherDigits: 9),
        .init(prefixBits: 24, prefixDigits: 7, otherBits: 34, otherDigits: 10),
        .init(prefixBits: 20, prefixDigits: 6, otherBits: 38, otherDigits: 11),
    ]

    /// TDS Table 14-8 (SGLN: company prefix + location reference, 41 bits, 12 digits).
    static let sglnPartitions: [Partition] = [
        .init(prefixBits: 40, prefixDigits: 12, otherBits: 1, otherDigits: 0),
        .init(prefixBits: 37, prefixDigits: 11, otherBits: 4, otherDigits: 1),
        .init(prefixBits: 34, prefixDigits: 10, otherBits: 7, otherDigits: 2),
        .init(prefixBits: 30, prefixDigits: 9, otherBits: 11, otherDigits: 3),
        .init(prefixBits: 27, prefixDigits: 8, otherBits: 14, otherDigits: 4),
        .init(prefixBits: 24, prefixDigits: 7, otherBits: 17, otherDigits: 5),
        .init(prefixBits: 20, prefixDigits: 6, otherBits: 21, otherDigits: 6),
    ]

    /// The 12 bytes of `text` when it is exactly 24 hexadecimal characters (either case).
    public static func bytes(hex text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 24 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12)
        var i = 0
        while i < 24 {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }

    /// Decodes 24 hex characters. Returns nil when `text` is not 24 hex characters or its header
    /// is not one of ``Scheme``; otherwise the tag or the reason it is invalid.
    public static func decode(hex text: some StringProtocol) -> Result<TagData, DecodingError>? {
        guard let bytes = bytes(hex: text), let scheme = Scheme(rawValue: bytes[0]) else { return nil }
        return decode(bytes, scheme: scheme, raw: text.uppercased())
    }

    static func decode(_ bytes: [UInt8], scheme: Scheme, raw: String) -> Result<TagData, DecodingError> {
        var reader = BitReader(bytes)
        _ = reader.read(8)
        let filter = Int(reader.read(3))
        let partitionValue = Int(reader.read(3))
        let table: [Partition] = switch scheme {
        case .sgtin96: sgtinPartitions
        case .sscc96: ssccPartitions
        case .sgln96: sglnPartitions
        }
        guard partitionValue < table.count else {
            return .failure(DecodingError(scheme: scheme, reason: "partition value \(partitionValue) is not valid (0…6)"))
        }
        let p = table[partitionValue]
        let prefixValue = reader.read(p.prefixBits)
        let otherValue = reader.read(p.otherBits)
        guard let prefix = digits(prefixValue, p.prefixDigits) else {
            return .failure(DecodingError(scheme: scheme, reason: "company prefix \(prefixValue) has more than \(p.prefixDigits) digits (partition \(partitionValue))"))
        }
        let fieldName = scheme == .sgtin96 ? "item reference" : scheme == .sscc96 ? "serial reference" : "location reference"
        guard let other = digits(otherValue, p.otherDigits) else {
            return .failure(DecodingError(scheme: scheme, reason: "\(fieldName) \(otherValue) has more than \(p.otherDigits) digits (partition \(partitionValue))"))
        }
        var tag = TagData(type: scheme.name, raw: raw, filter: filter)
        switch scheme {
        case .sgtin96:
            let serial = String(reader.read(38))
            let body = prefix + other.dropFirst()
            tag.gtin = String(other.prefix(1)) + body + String(CheckDigit.mod10(String(other.prefix(1)) + body))
            tag.serial = serial
            tag.epc = "urn:epc:id:sgtin:\(prefix).\(other).\(serial)"
        case .sscc96:
            let unused = reader.read(24)
            guard unused == 0 else {
                return .failure(DecodingError(scheme: scheme, reason: "the last 24 bits must be zero"))
            }
            let body = String(other.prefix(1)) + prefix + other.dropFirst()
            tag.sscc = body + String(CheckDigit.mod10(body))
            tag.epc = "urn:epc:id:sscc:\(prefix).\(other)"
        case .sgln96:
            let ext = String(reader.read(41))
            let body = prefix + other
            tag.gln = body + String(CheckDigit.mod10(body))
            tag.glnExtension = ext
            tag.epc = "urn:epc:id:sgln:\(prefix).\(other).\(ext)"
        }
        return .success(tag)
    }

    /// `value` as exactly `count` decimal digits (leading zeros), or nil when it needs more.
    static func digits(_ value: UInt64, _ count: Int) -> String? {
        let text = count == 0 ? (value == 0 ? "" : "x") : String(value)
        guard text.count <= count, text != "x" else { return nil }
        return String(repeating: "0", count: count - text.count) + text
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Reads big-endian bit fields of up to 64 bits, most significant bit first.
struct BitReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func read(_ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<count {
            let byte = bytes[position / 8]
            let bit = (byte >> (7 - UInt8(position % 8))) & 1
            value = value << 1 | UInt64(bit)
            position += 1
        }
        return value
    }
}
