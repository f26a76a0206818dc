/// A failure of libdmtx or of a call into it, with what to do.
///
/// Catch by code: `catch DataMatrixError.Code.outOfMemory { … }`. No decoded data is ever part of an error.
public struct DataMatrixError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong. libdmtx reports only pass/fail (`DmtxPass` / `DmtxFail`), so the codes say which step failed.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// `dmtxImageCreate` or `dmtxDecodeCreate` returned NULL: out of memory.
        public static let outOfMemory = Self(rawValue: "outOfMemory")
        /// The frame's size does not match its bytes.
        public static let invalidFrame = Self(rawValue: "invalidFrame")
        /// `dmtxDecodeSetProp` refused a setting (out of libdmtx's range).
        public static let invalidSetting = Self(rawValue: "invalidSetting")

        public var description: String { rawValue }

        /// Matches a thrown ``DataMatrixError`` by code: `catch DataMatrixError.Code.invalidFrame { … }`.
        public static func ~= (code: Self, error: any Error) -> Bool {
            (error as? DataMatrixError)?.code == code
        }
    }

    public var code: Code
    /// The C function that failed, e.g. `"dmtxDecodeCreate"`.
    public var operation: String
    /// What happened and what to do, for the log.
    public var message: String

    public init(_ code: Code, operation: String, message: String) {
        self.code = code
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(message) [\(code); \(operation)]" }
}
