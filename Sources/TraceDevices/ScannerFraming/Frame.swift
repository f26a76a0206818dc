/// One scan as it came off the wire, its terminator removed.
public struct Frame: Hashable, Sendable {
    /// How a frame ended, when not simply by its terminator.
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// Part of input longer than `maxFrameBytes` without a terminator: the first
        /// `maxFrameBytes` bytes, or (with ``continuation``) what followed them. Not a scan
        /// to trust: noise, a wrong baud rate or a wrong framing setting.
        public static let overlong = Self(rawValue: 1 << 0)
        /// The rest of an overlong input after a chunk was already emitted.
        public static let continuation = Self(rawValue: 1 << 1)
        /// Ended by the inter-character timeout, not by a terminator. Normal for
        /// ``Framing/interCharacterTimeout(ms:)``; for the other framings, the scanner
        /// dropped (or was set up without) its suffix.
        public static let timedOut = Self(rawValue: 1 << 2)
        /// Ended because the input ended (``FrameAssembler/flushAll()``: port closed or
        /// disconnected) in the middle of a frame.
        public static let unterminated = Self(rawValue: 1 << 3)
    }

    /// The data, without the terminator; GS (0x1D, the FNC1 separator) and any other byte
    /// kept as sent.
    public var bytes: [UInt8]
    public var flags: Flags
    /// When the first byte was fed (the `nowNs` of that ``FrameAssembler/feed(_:at:)``).
    public var firstByteNs: UInt64
    /// When the last byte was fed.
    public var lastByteNs: UInt64

    public init(_ bytes: [UInt8], flags: Flags = [], firstByteNs: UInt64 = 0, lastByteNs: UInt64 = 0) {
        self.bytes = bytes
        self.flags = flags
        self.firstByteNs = firstByteNs
        self.lastByteNs = lastByteNs
    }

    /// True when the frame is (part of) input that exceeded `maxFrameBytes` (``Flags/overlong``).
    public var isOverlong: Bool { flags.contains(.overlong) }

    /// True unless the frame is ``Flags/overlong`` or ``Flags/unterminated``.
    public var isComplete: Bool { flags.isDisjoint(with: [.overlong, .unterminated]) }
}
