/// NFC Forum Type 2 tag chips identified by their GET_VERSION answer (NXP NTAG213/215/216 datasheet §10.1,
/// NTAG210/212 §10.1, MIFARE Ultralight EV1 §8.1): 8 bytes `header vendor type subtype major minor storage protocol`.
public struct NFCTagType: Hashable, Sendable {
    /// The chip's name, e.g. "NTAG213".
    public var name: String
    /// Pages of 4 bytes in the whole memory.
    public var pages: Int
    /// Bytes of the user data area (from page 4).
    public var dataAreaBytes: Int

    public init(name: String, pages: Int, dataAreaBytes: Int) {
        self.name = name
        self.pages = pages
        self.dataAreaBytes = dataAreaBytes
    }

    /// Known chips: (vendor, product type, storage size byte) → type.
    static let table: [(vendor: UInt8, product: UInt8, storage: UInt8, type: NFCTagType)] = [
        (0x04, 0x04, 0x0B, .init(name: "NTAG210", pages: 20, dataAreaBytes: 48)),
        (0x04, 0x04, 0x0E, .init(name: "NTAG212", pages: 41, dataAreaBytes: 128)),
        (0x04, 0x04, 0x0F, .init(name: "NTAG213", pages: 45, dataAreaBytes: 144)),
        (0x04, 0x04, 0x11, .init(name: "NTAG215", pages: 135, dataAreaBytes: 504)),
        (0x04, 0x04, 0x13, .init(name: "NTAG216", pages: 231, dataAreaBytes: 888)),
        (0x04, 0x03, 0x0B, .init(name: "MIFARE Ultralight EV1 (MF0UL11)", pages: 20, dataAreaBytes: 48)),
        (0x04, 0x03, 0x0E, .init(name: "MIFARE Ultralight EV1 (MF0UL21)", pages: 41, dataAreaBytes: 128)),
    ]

    /// The type for a GET_VERSION answer; nil when it is not 8 bytes or not in the table.
    public init?(version: [UInt8]) {
        guard version.count == 8,
              let entry = Self.table.first(where: { $0.vendor == version[1] && $0.product == version[2] && $0.storage == version[6] })
        else { return nil }
        self = entry.type
    }

    /// A Type 2 tag that does not answer GET_VERSION (MIFARE Ultralight, Ultralight C): 16 pages are always there.
    public static let ultralight = Self(name: "MIFARE Ultralight", pages: 16, dataAreaBytes: 48)

    /// A name for a type A tag from its SAK when nothing better is known (NXP AN10833).
    public static func name(sak: UInt8, atqa: [UInt8]) -> String {
        switch sak {
        case 0x00: atqa == [0x00, 0x44] ? "MIFARE Ultralight/NTAG" : "ISO14443A"
        case 0x08: "MIFARE Classic 1K"
        case 0x09: "MIFARE Mini"
        case 0x18: "MIFARE Classic 4K"
        case 0x20: "ISO14443-4A"
        default: "ISO14443A"
        }
    }
}
