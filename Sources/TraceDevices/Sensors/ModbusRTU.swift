/// Modbus RTU framing (Modbus over Serial Line V1.02 and Application Protocol V1.1b3), pure:
/// read requests for functions 03 (holding registers) and 04 (input registers), their responses and
/// exception responses, with the CRC-16/MODBUS check (polynomial 0xA001 reflected, initial 0xFFFF,
/// low byte first on the wire).
public enum ModbusRTU {
    /// Function codes this driver reads with.
    public enum Function: UInt8, Sendable, Hashable {
        case readHoldingRegisters = 0x03
        case readInputRegisters = 0x04
    }

    /// A decoded response.
    public enum Response: Sendable, Hashable {
        case registers([UInt16])
        /// An exception response: the slave understood the request and refused it.
        case exception(code: UInt8)
    }

    /// Why a response frame is not acceptable.
    public enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
        case badCRC(expected: UInt16, got: UInt16)
        case wrongAddress(expected: UInt8, got: UInt8)
        case wrongFunction(expected: UInt8, got: UInt8)
        case wrongLength(expected: Int, got: Int)

        public var description: String {
            switch self {
            case .badCRC(let e, let g):
                "CRC mismatch (computed 0x\(String(e, radix: 16)), frame says 0x\(String(g, radix: 16))): line noise, wrong baud rate, or two masters on the bus"
            case .wrongAddress(let e, let g): "answer from slave \(g), expected \(e): two sensors share an address"
            case .wrongFunction(let e, let g): "answer with function \(g), expected \(e)"
            case .wrongLength(let e, let g): "answer of \(g) bytes, expected \(e)"
            }
        }
    }

    private static let table: [UInt16] = (0..<256).map { i in
        var c = UInt16(i)
        for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0xA001 : c >> 1 }
        return c
    }

    /// CRC-16/MODBUS of `bytes`.
    public static func crc(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for b in bytes { crc = (crc >> 8) ^ table[Int((crc ^ UInt16(b)) & 0xFF)] }
        return crc
    }

    /// `bytes` followed by their CRC (low byte first).
    public static func withCRC(_ bytes: [UInt8]) -> [UInt8] {
        let c = crc(bytes)
        return bytes + [UInt8(c & 0xFF), UInt8(c >> 8)]
    }

    /// A read request: address, function, start register, register count, CRC.
    public static func readRequest(address: UInt8, function: Function, start: UInt16, count: UInt16) -> [UInt8] {
        withCRC([address, function.rawValue, UInt8(start >> 8), UInt8(start & 0xFF), UInt8(count >> 8), UInt8(count & 0xFF)])
    }

    /// How long the response to a read of `count` registers is, given its first bytes: 5 for an
    /// exception (function | 0x80), 5 + 2·count otherwise; nil until the function byte is in.
    public static func expectedLength(_ prefix: [UInt8], count: Int) -> Int? {
        guard prefix.count >= 2 else { return nil }
        return prefix[1] & 0x80 != 0 ? 5 : 5 + 2 * count
    }

    /// Checks and decodes a complete response to a read of `count` registers from `address`.
    public static func parse(_ frame: [UInt8], address: UInt8, function: Function, count: Int) -> Result<Response, FrameError> {
        guard frame.count >= 5 else { return .failure(.wrongLength(expected: 5 + 2 * count, got: frame.count)) }
        let body = frame.dropLast(2)
        let got = UInt16(frame[frame.count - 2]) | UInt16(frame[frame.count - 1]) << 8
        let computed = crc(body)
        guard computed == got else { return .failure(.badCRC(expected: computed, got: got)) }
        guard frame[0] == address else { return .failure(.wrongAddress(expected: address, got: frame[0])) }
        if frame[1] == function.rawValue | 0x80 {
            guard frame.count == 5 else { return .failure(.wrongLength(expected: 5, got: frame.count)) }
            return .success(.exception(code: frame[2]))
        }
        guard frame[1] == function.rawValue else { return .failure(.wrongFunction(expected: function.rawValue, got: frame[1])) }
        guard frame.count == 5 + 2 * count, Int(frame[2]) == 2 * count else {
            return .failure(.wrongLength(expected: 5 + 2 * count, got: frame.count))
        }
        var registers: [UInt16] = []
        for i in 0..<count { registers.append(UInt16(frame[3 + 2 * i]) << 8 | UInt16(frame[4 + 2 * i])) }
        return .success(.registers(registers))
    }

    /// The meaning of an exception code (Application Protocol §7).
    public static func exceptionName(_ code: UInt8) -> String {
        switch code {
        case 1: "illegal function (the sensor does not support this function code: try 03 or 04)"
        case 2: "illegal data address (no such register: check the register numbers)"
        case 3: "illegal data value"
        case 4: "slave device failure"
        case 5: "acknowledge (busy, retry later)"
        case 6: "slave device busy"
        case 11: "gateway target device failed to respond"
        default: "exception \(code)"
        }
    }
}
