import Foundation
import Glibc
import Synchronization
import SystemSupport

/// Modbus RTU slaves (SHT20 / XY-MD02 style temperature and humidity sensors) on one emulated RS-485
/// bus: a pseudo-terminal whose slave side (``path``) the driver under test opens as its serial port.
///
/// Each slave answers read requests (functions 03 and 04) for its address from its registers, with a
/// CRC computed bit by bit (independently of the driver's table). A slave's ``Behaviour`` makes it
/// answer with a corrupted CRC, with an exception, or not at all (the master times out). Requests for
/// addresses nobody has go unanswered, as on a real bus.
public final class ModbusEmulator: Sendable {
    /// How a slave answers.
    public enum Behaviour: Sendable, Hashable {
        case normal
        case corruptCRC
        case silent
        case exception(UInt8)
    }

    private struct Slave {
        var registers: [UInt16: UInt16]
        var behaviour: Behaviour
    }

    private struct State {
        var slaves: [UInt8: Slave] = [:]
        var requests: [[UInt8]] = []
        var stopped = false
    }

    private let terminal: PseudoTerminal
    private let state = Mutex(State())

    /// The serial port the driver opens.
    public var path: String { terminal.slavePath }

    public init() throws(SystemError) {
        terminal = try PseudoTerminal(nonBlocking: true)
        try terminal.makeRaw()
        let t = Thread { [self] in self.serve() }
        t.start()
    }

    deinit { stop() }

    /// Adds or replaces slave `address` with these registers.
    public func setSlave(_ address: UInt8, registers: [UInt16: UInt16], behaviour: Behaviour = .normal) {
        state.withLock { $0.slaves[address] = Slave(registers: registers, behaviour: behaviour) }
    }

    /// Changes how slave `address` answers.
    public func setBehaviour(_ address: UInt8, _ behaviour: Behaviour) {
        state.withLock { $0.slaves[address]?.behaviour = behaviour }
    }

    /// Changes one register of slave `address`.
    public func setRegister(_ address: UInt8, _ register: UInt16, _ value: UInt16) {
        state.withLock { $0.slaves[address]?.registers[register] = value }
    }

    /// Every request frame received so far.
    public var requests: [[UInt8]] { state.withLock { $0.requests } }

    /// Stops serving and closes the bus.
    public func stop() {
        let was = state.withLock { s in defer { s.stopped = true }; return s.stopped }
        if !was { terminal.close() }
    }

    /// CRC-16/MODBUS, bit by bit.
    public static func crc(_ bytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for b in bytes {
            crc ^= UInt16(b)
            for _ in 0..<8 {
                let lsb = crc & 1
                crc >>= 1
                if lsb == 1 { crc ^= 0xA001 }
            }
        }
        return crc
    }

    private func serve() {
        var buffer: [UInt8] = []
        while !state.withLock({ $0.stopped }) {
            guard let ready = try? terminal.master.poll(.readable, timeout: .milliseconds(20)) else { return }
            if ready.contains(.readable), let bytes = try? terminal.master.read(maxBytes: 256) {
                buffer += bytes
            }
            while buffer.count >= 8 {
                let frame = Array(buffer[0..<8])
                let crc = Self.crc(Array(frame[0..<6]))
                guard frame[6] == UInt8(crc & 0xFF), frame[7] == UInt8(crc >> 8) else {
                    buffer.removeFirst()  // resynchronise on noise
                    continue
                }
                buffer.removeFirst(8)
                if let reply = answer(frame) { try? terminal.master.writeAll(reply, timeout: .seconds(1)) }
            }
        }
    }

    private func answer(_ frame: [UInt8]) -> [UInt8]? {
        state.withLock { s -> [UInt8]? in
            s.requests.append(frame)
            let address = frame[0], function = frame[1]
            guard let slave = s.slaves[address] else { return nil }
            let start = UInt16(frame[2]) << 8 | UInt16(frame[3])
            let count = UInt16(frame[4]) << 8 | UInt16(frame[5])
            var body: [UInt8]
            switch slave.behaviour {
            case .silent: return nil
            case .exception(let code): body = [address, function | 0x80, code]
            case .normal, .corruptCRC:
                guard function == 3 || function == 4 else { body = [address, function | 0x80, 1]; break }
                body = [address, function, UInt8(2 * count)]
                for r in start..<(start + count) {
                    guard let v = slave.registers[r] else { body = [address, function | 0x80, 2]; break }
                    body += [UInt8(v >> 8), UInt8(v & 0xFF)]
                }
            }
            var crc = Self.crc(body)
            if slave.behaviour == .corruptCRC { crc ^= 0x5A5A }
            return body + [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        }
    }
}
