/// Why a tag's memory or NDEF message could not be read as NFC Forum data: what was wrong, where, and what to do.
public struct NFCParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// Page 3 is not an NFC Forum capability container (magic 0xE1): the tag is not NDEF-formatted.
        case notFormatted
        /// The capability container names a mapping version this reader does not know.
        case unsupportedVersion
        /// A TLV's length runs past the data area (or the memory that was read).
        case tlvOverrun
        /// An NDEF record's header or lengths run past the message.
        case truncatedRecord
        /// The record flags contradict the NDEF rules (MB, ME, CF, TNF).
        case invalidRecord
        /// A Text or URI payload is not valid.
        case invalidPayload
        /// The memory read is shorter than the structure needs.
        case shortMemory
    }

    public var code: Code
    /// What was wrong, with offsets and lengths (never payload bytes).
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension NFCParseError.Code {
    /// Matches by code: `catch NFCParseError.Code.tlvOverrun { … }`.
    public static func ~= (code: Self, error: any Error) -> Bool { (error as? NFCParseError)?.code == code }
}
