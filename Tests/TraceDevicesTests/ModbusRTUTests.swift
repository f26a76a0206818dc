import Testing
import TraceDevices

/// Modbus RTU framing against the examples of the Modbus specifications and CRC-16/MODBUS's check value.
@Suite("Modbus RTU frames")
struct ModbusRTUTests {
    static let crcCases: [([UInt8], UInt16)] = [
        ([0x01, 0x03, 0x00, 0x00, 0x00, 0x0A], 0xCDC5),  // Modbus over Serial Line, read 10 holding registers
        (Array("123456789".utf8), 0x4B37),              // the CRC catalogue's check value
        ([0x02, 0x07], 0x1241),                         // Serial Line spec §6.2.2 example
    ]

    @Test("CRC-16/MODBUS", arguments: crcCases)
    func crc(bytes: [UInt8], expected: UInt16) {
        #expect(ModbusRTU.crc(bytes) == expected)
    }

    @Test("read requests: address, function, start, count, CRC low byte first")
    func requests() {
        #expect(ModbusRTU.readRequest(address: 1, function: .readHoldingRegisters, start: 0, count: 10)
            == [0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD])
        #expect(ModbusRTU.readRequest(address: 1, function: .readInputRegisters, start: 1, count: 2)
            == [0x01, 0x04, 0x00, 0x01, 0x00, 0x02, 0x20, 0x0B])
    }

    @Test("a response with two registers: -10.0 °C and 50.0 %RH as signed ×10")
    func response() throws {
        let frame: [UInt8] = [0x01, 0x04, 0x04, 0xFF, 0x9C, 0x01, 0xF4, 0x0B, 0xA9]
        #expect(ModbusRTU.expectedLength(Array(frame.prefix(2)), count: 2) == 9)
        let r = try ModbusRTU.parse(frame, address: 1, function: .readInputRegisters, count: 2).get()
        #expect(r == .registers([0xFF9C, 0x01F4]))
        let sensor = ModbusSensor(id: "s", address: 1)
        let v = sensor.decode([0xFF9C, 0x01F4])
        #expect(v.temperatureC == -10.0 && v.humidityPct == 50.0)
        let unsigned = ModbusSensor(id: "s", address: 1, scale: 100, signed: false).decode([0xFF9C, 0x01F4])
        #expect(unsigned.temperatureC == 654.36)
    }

    @Test("exception responses, bad CRCs, other addresses and wrong lengths are told apart")
    func failures() {
        let exception: [UInt8] = [0x02, 0x84, 0x02, 0x32, 0xC1]
        #expect(ModbusRTU.expectedLength(exception, count: 2) == 5)
        #expect(ModbusRTU.parse(exception, address: 2, function: .readInputRegisters, count: 2) == .success(.exception(code: 2)))
        var corrupt: [UInt8] = [0x01, 0x04, 0x04, 0xFF, 0x9C, 0x01, 0xF4, 0x0B, 0xA9]
        corrupt[4] ^= 0x01
        guard case .failure(.badCRC) = ModbusRTU.parse(corrupt, address: 1, function: .readInputRegisters, count: 2) else {
            Issue.record("corrupt frame accepted"); return
        }
        let other = ModbusRTU.withCRC([0x03, 0x04, 0x04, 0, 1, 0, 2])
        #expect(ModbusRTU.parse(other, address: 1, function: .readInputRegisters, count: 2) == .failure(.wrongAddress(expected: 1, got: 3)))
        let short = ModbusRTU.withCRC([0x01, 0x04, 0x02, 0, 1])
        #expect(ModbusRTU.parse(short, address: 1, function: .readInputRegisters, count: 2) == .failure(.wrongLength(expected: 9, got: 7)))
        #expect(ModbusRTU.exceptionName(2).contains("illegal data address"))
    }
}
