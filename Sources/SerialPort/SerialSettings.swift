/// How to open and configure one serial port.
///
/// Keys, as they appear in the station configuration:
/// - `path`: the device, preferably its stable name `/dev/serial/by-id/usb-…` (a symbolic link
///   udev re-points when the scanner comes back as another `/dev/ttyACMn`); required.
/// - `baud_rate`: one of ``supportedBaudRates``; default 9600.
/// - `data_bits`: 7 or 8; default 8.
/// - `parity`: `none`, `even` or `odd`; default `none`.
/// - `stop_bits`: 1 or 2; default 1.
/// - `hardware_flow_control`: RTS/CTS (`CRTSCTS`); default false.
///
/// USB CDC-ACM scanners ignore speed and framing; USB-to-RS-232 adapters and real UARTs need
/// them to match the scanner's settings.
public struct SerialSettings: Hashable, Sendable {
    /// Parity bit (`PARENB`, `PARODD`).
    public enum Parity: String, Hashable, Sendable, CaseIterable {
        case none, even, odd
    }

    /// The device path as configured; the port is always (re)opened by this path.
    public var path: String
    /// Bits per second; see ``supportedBaudRates``.
    public var baudRate: Int
    /// Data bits per character: 7 or 8 (`CS7`, `CS8`).
    public var dataBits: Int
    /// Parity bit.
    public var parity: Parity
    /// Stop bits: 1 or 2 (`CSTOPB`).
    public var stopBits: Int
    /// RTS/CTS hardware flow control (`CRTSCTS`).
    public var hardwareFlowControl: Bool

    public init(
        path: String,
        baudRate: Int = 9600,
        dataBits: Int = 8,
        parity: Parity = .none,
        stopBits: Int = 1,
        hardwareFlowControl: Bool = false
    ) {
        self.path = path
        self.baudRate = baudRate
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
        self.hardwareFlowControl = hardwareFlowControl
    }

    /// The speeds Linux termios offers (`B1200` … `B921600`) that scanners use.
    public static let supportedBaudRates: [Int] = [
        1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600,
    ]

    /// Throws ``SerialError/Code/invalidSettings`` naming the first value that cannot work.
    public func validate() throws(SerialError) {
        if path.isEmpty {
            throw SerialError.invalidSettings(path, "the serial port path is empty: set it to the scanner's /dev/serial/by-id/… name")
        }
        if !Self.supportedBaudRates.contains(baudRate) {
            let rates = Self.supportedBaudRates.map(String.init).joined(separator: ", ")
            throw SerialError.invalidSettings(path, "baud rate \(baudRate) is not supported: use one of \(rates)")
        }
        if dataBits != 7 && dataBits != 8 {
            throw SerialError.invalidSettings(path, "data bits \(dataBits) is not supported: use 7 or 8")
        }
        if stopBits != 1 && stopBits != 2 {
            throw SerialError.invalidSettings(path, "stop bits \(stopBits) is not supported: use 1 or 2")
        }
    }
}
