import CNFC

/// A failure of libnfc or of a call into it, with what to do.
///
/// Catch by code: `catch NFCError.Code.timeout { … }`. No tag data is ever part of an error.
public struct NFCError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A libnfc error code (`NFC_EIO`, `NFC_ETIMEOUT`, … in <nfc/nfc.h>).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: CInt
        public init(rawValue: CInt) { self.rawValue = rawValue }

        /// `NFC_EIO`: input/output error (the reader went away, a garbled frame).
        public static let io = Self(rawValue: NFC_EIO)
        /// `NFC_EINVARG`: invalid argument(s).
        public static let invalidArgument = Self(rawValue: NFC_EINVARG)
        /// `NFC_EDEVNOTSUPP`: the device does not support the operation.
        public static let notSupported = Self(rawValue: NFC_EDEVNOTSUPP)
        /// `NFC_ENOTSUCHDEV`: no such device.
        public static let noSuchDevice = Self(rawValue: NFC_ENOTSUCHDEV)
        /// `NFC_EOVFLOW`: buffer overflow.
        public static let overflow = Self(rawValue: NFC_EOVFLOW)
        /// `NFC_ETIMEOUT`: operation timed out.
        public static let timeout = Self(rawValue: NFC_ETIMEOUT)
        /// `NFC_EOPABORTED`: operation aborted (by `nfc_abort_command`).
        public static let aborted = Self(rawValue: NFC_EOPABORTED)
        /// `NFC_ENOTIMPL`: not (yet) implemented.
        public static let notImplemented = Self(rawValue: NFC_ENOTIMPL)
        /// `NFC_ETGRELEASED`: the target was released (it left the field).
        public static let targetReleased = Self(rawValue: NFC_ETGRELEASED)
        /// `NFC_ERFTRANS`: an RF transmission error (the tag did not answer, or not correctly).
        public static let rfTransmission = Self(rawValue: NFC_ERFTRANS)
        /// `NFC_EMFCAUTHFAIL`: MIFARE Classic authentication failed.
        public static let mifareAuthentication = Self(rawValue: NFC_EMFCAUTHFAIL)
        /// `NFC_ESOFT`: a software error (allocation, system call).
        public static let software = Self(rawValue: NFC_ESOFT)
        /// `NFC_ECHIP`: the chip reported an error.
        public static let chip = Self(rawValue: NFC_ECHIP)

        public var description: String {
            switch self {
            case .io: "io"
            case .invalidArgument: "invalidArgument"
            case .notSupported: "notSupported"
            case .noSuchDevice: "noSuchDevice"
            case .overflow: "overflow"
            case .timeout: "timeout"
            case .aborted: "aborted"
            case .notImplemented: "notImplemented"
            case .targetReleased: "targetReleased"
            case .rfTransmission: "rfTransmission"
            case .mifareAuthentication: "mifareAuthentication"
            case .software: "software"
            case .chip: "chip"
            default: "libnfc error \(rawValue)"
            }
        }

        /// Matches a thrown ``NFCError`` by code: `catch NFCError.Code.aborted { … }`.
        public static func ~= (code: Self, error: any Error) -> Bool {
            (error as? NFCError)?.code == code
        }
    }

    public var code: Code
    /// The libnfc function that failed, e.g. `"nfc_open"`.
    public var operation: String
    /// What happened and what to do, for the log.
    public var message: String

    public init(_ code: Code, operation: String, message: String) {
        self.code = code
        self.operation = operation
        self.message = message
    }

    /// An error for a negative libnfc result, with libnfc's text for the code.
    init(result: CInt, operation: String, device: OpaquePointer?) {
        let code = Code(rawValue: result)
        var text = ""
        if let device, let s = nfc_strerror(device) { text = String(cString: s) }
        self.init(code, operation: operation, message: text.isEmpty ? Self.advice(code) : "\(text): \(Self.advice(code))")
    }

    /// Whether trying again later (after a reconnect) may succeed without anyone changing the configuration.
    public var isTransient: Bool {
        switch code {
        case .invalidArgument, .notSupported, .notImplemented: false
        default: true
        }
    }

    static func advice(_ code: Code) -> String {
        switch code {
        case .io: "the reader stopped answering (unplugged, or another program uses the port)"
        case .noSuchDevice: "no such reader: check the connstring and that the reader is plugged in"
        case .timeout: "the reader did not answer in time"
        case .aborted: "aborted"
        case .targetReleased: "the tag left the field"
        case .rfTransmission: "the tag did not answer correctly (moved away, or out of range)"
        case .notSupported: "the reader does not support this"
        default: "libnfc error \(code.rawValue)"
        }
    }

    public var description: String { "\(operation): \(message) (\(code))" }
}
