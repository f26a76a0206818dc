import Glibc

/// The kernel's random identifier of the current boot (`/proc/sys/kernel/random/boot_id`),
/// e.g. `4f1c2a7e-9b0d-4c61-8e2f-0a1b2c3d4e5f`.
///
/// A new one is drawn at every boot: two ``BootClock`` readings compare only when taken under
/// the same boot ID.
public struct BootID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The lowercase UUID text, 36 characters.
    public let rawValue: String

    /// Accepts a UUID in 8-4-4-4-12 hexadecimal form, with or without a trailing newline.
    public init?(rawValue: String) {
        let text = rawValue.hasSuffix("\n") ? String(rawValue.dropLast()) : rawValue
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return nil }
        for (index, byte) in utf8.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard Self.isHexDigit(byte) else { return nil }
            }
        }
        self.rawValue = text.lowercased()
    }

    public var description: String { rawValue }

    /// The current boot's ID, read from `/proc/sys/kernel/random/boot_id` (`open(2)`, `read(2)`).
    public static var current: BootID {
        get throws(SystemError) {
            let path = "/proc/sys/kernel/random/boot_id"
            let fd = try FileDescriptor.open(path, O_RDONLY | O_CLOEXEC)
            defer { try? fd.close() }
            let bytes = try fd.read(maxBytes: 64)
            guard let id = BootID(rawValue: String(decoding: bytes, as: UTF8.self)) else {
                throw SystemError("read", code: .invalidArgument, path: path)
            }
            return id
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }
}
