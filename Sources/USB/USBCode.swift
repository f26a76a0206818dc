import CLibUSB

/// A libusb result code (`LIBUSB_ERROR_*` in <libusb-1.0/libusb.h>).
public struct USBCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: CInt
    public init(rawValue: CInt) { self.rawValue = rawValue }

    public static let io = Self(rawValue: LIBUSB_ERROR_IO.rawValue)
    public static let invalidParam = Self(rawValue: LIBUSB_ERROR_INVALID_PARAM.rawValue)
    public static let access = Self(rawValue: LIBUSB_ERROR_ACCESS.rawValue)
    public static let noDevice = Self(rawValue: LIBUSB_ERROR_NO_DEVICE.rawValue)
    public static let notFound = Self(rawValue: LIBUSB_ERROR_NOT_FOUND.rawValue)
    public static let busy = Self(rawValue: LIBUSB_ERROR_BUSY.rawValue)
    public static let timeout = Self(rawValue: LIBUSB_ERROR_TIMEOUT.rawValue)
    public static let overflow = Self(rawValue: LIBUSB_ERROR_OVERFLOW.rawValue)
    public static let pipe = Self(rawValue: LIBUSB_ERROR_PIPE.rawValue)
    public static let interrupted = Self(rawValue: LIBUSB_ERROR_INTERRUPTED.rawValue)
    public static let noMemory = Self(rawValue: LIBUSB_ERROR_NO_MEM.rawValue)
    public static let notSupported = Self(rawValue: LIBUSB_ERROR_NOT_SUPPORTED.rawValue)
    public static let other = Self(rawValue: LIBUSB_ERROR_OTHER.rawValue)

    /// The code's name, e.g. `LIBUSB_ERROR_TIMEOUT` (`libusb_error_name`).
    public var name: String { String(cString: libusb_error_name(rawValue)) }

    public var description: String { name }

    /// Matches a ``USBError`` with this code: `catch USBCode.timeout { … }`.
    public static func ~= (code: Self, error: any Error) -> Bool { (error as? USBError)?.code == code }
}

/// A failed libusb call: the function, its code, and what to do about it.
public struct USBError: Error, CustomStringConvertible, Sendable {
    public var code: USBCode
    /// The libusb function that failed.
    public var function: String

    public init(_ function: String, code: USBCode) {
        self.function = function
        self.code = code
    }

    /// Throws for a negative libusb return value; returns non-negative ones.
    @discardableResult
    static func check(_ function: String, _ result: CInt) throws(USBError) -> CInt {
        if result < 0 { throw USBError(function, code: USBCode(rawValue: result)) }
        return result
    }

    /// Whether trying again (after reopening the device) can help.
    public var isTransient: Bool {
        switch code {
        case .invalidParam, .notSupported: false
        default: true
        }
    }

    public var description: String {
        "\(function): \(code.name) (\(String(cString: libusb_strerror(code.rawValue))))" + advice
    }

    private var advice: String {
        switch code {
        case .access: "; give the service's group access to the device (Udev/70-edgetrace.rules) and replug it"
        case .noDevice: "; the device was unplugged"
        case .busy: "; another program or a kernel driver holds the interface"
        case .timeout: "; the device did not answer in time"
        case .notFound: "; no such device, interface or endpoint"
        default: ""
        }
    }
}
