import SystemSupport

extension SerialError {
    /// The error for a failed `open`, `flock`, `tcgetattr` or `tcsetattr` while opening `path`.
    public init(opening path: String, cause: SystemError) {
        switch cause.code {
        case .noSuchFile, .noSuchDevice, .noSuchDeviceOrAddress:
            self = .notFound(path, cause: cause)
        case .permissionDenied, .notPermitted:
            self.init(.permissionDenied, path: path, message: """
                permission denied opening serial port \(path): add the service user to group dialout \
                or install the EdgeTrace udev rules, then restart edgetraced
                """, cause: cause)
        case .wouldBlock where cause.operation == "flock", .busy:
            self.init(.busy, path: path, message: """
                serial port \(path) is busy: another process holds it (another edgetraced, a terminal \
                program, or ModemManager probing it); stop that process, or for ModemManager install \
                the EdgeTrace udev rules (ID_MM_DEVICE_IGNORE=1)
                """, cause: cause)
        case .notATerminal:
            self = .invalidSettings(path, "\(path) is not a serial device: set the path to the scanner's /dev/serial/by-id/… or /dev/ttyACM… name", cause: cause)
        case .invalidArgument where cause.operation == "tcsetattr":
            self = .invalidSettings(path, "serial port \(path) rejected the settings: check baud rate, data bits, parity and stop bits against the scanner's", cause: cause)
        case .ioError:
            self = .disconnected(path, cause: cause)
        default:
            self.init(.io, path: path, message: "could not open serial port \(path): \(cause.message); EdgeTrace retries", cause: cause)
        }
    }

    /// The error for a failed `poll`, `read` or `write` on the open port at `path`.
    public init(transferringOn path: String, cause: SystemError) {
        switch cause.code {
        case .ioError, .noSuchDevice, .noSuchDeviceOrAddress, .brokenPipe, .badFileDescriptor:
            self = .disconnected(path, cause: cause)
        case .timedOut:
            self.init(.io, path: path, message: """
                writing to serial port \(path) timed out: the scanner is not taking data (with hardware \
                flow control on, check the cable carries RTS/CTS or turn hardware_flow_control off)
                """, cause: cause)
        default:
            self.init(.io, path: path, message: "I/O error on serial port \(path): \(cause.message); EdgeTrace reopens the port", cause: cause)
        }
    }

    /// ``Code/notFound`` for `path`.
    public static func notFound(_ path: String, cause: SystemError? = nil) -> SerialError {
        SerialError(.notFound, path: path, message: """
            serial port \(path) not found: check the scanner is plugged in and the path is right \
            (ls -l /dev/serial/by-id/); EdgeTrace keeps retrying
            """, cause: cause)
    }

    /// ``Code/disconnected`` for `path`.
    public static func disconnected(_ path: String, cause: SystemError? = nil) -> SerialError {
        SerialError(.disconnected, path: path, message: """
            serial port \(path) disconnected (scanner unplugged, powered off or reset); EdgeTrace \
            reopens it when it comes back
            """, cause: cause)
    }

    /// ``Code/invalidSettings`` for `path` with `advice`.
    public static func invalidSettings(_ path: String, _ advice: String, cause: SystemError? = nil) -> SerialError {
        SerialError(.invalidSettings, path: path, message: advice, cause: cause)
    }

    /// ``Code/closed`` for `path`.
    public static func closed(_ path: String) -> SerialError {
        SerialError(.closed, path: path, message: "serial port \(path) was closed by EdgeTrace")
    }
}
