/// The PN532 host interface frames (NXP UM0701-02 §6.2): what a host sends over UART and how the chip answers.
///
/// Normal information frame: `00 00 FF LEN LCS TFI PD0…PDn DCS 00` with LEN = bytes of TFI+PD,
/// LEN + LCS ≡ 0, TFI + ΣPD + DCS ≡ 0 (mod 256); TFI D4 host→chip, D5 chip→host. Extended frame:
/// `00 00 FF FF FF LENM LENL LCS TFI … DCS 00`. ACK `00 00 FF 00 FF 00`, NACK `00 00 FF FF 00 00`,
/// error frame `00 00 FF 01 FF 7F 81 00`. A host may precede a frame by a wake-up (`55 55 00 …`).
public enum PN532Frame: Equatable, Sendable {
    /// A host command: the bytes after TFI (command code, then its parameters).
    case command([UInt8])
    /// The host's ACK: aborts the running command.
    case ack
    /// The host's NACK: asks for the last answer again.
    case nack
    /// A frame whose checksums do not hold (dropped, as the chip does).
    case corrupt

    public static let ackBytes: [UInt8] = [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00]
    public static let errorBytes: [UInt8] = [0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00]

    /// Takes the first complete frame out of `buffer` (dropping wake-up bytes and junk before it); nil when
    /// no complete frame is there yet.
    public static func take(from buffer: inout [UInt8]) -> PN532Frame? {
        while true {
            // Find the start code 00 FF.
            guard let start = (0..<max(0, buffer.count - 1)).first(where: { buffer[$0] == 0x00 && buffer[$0 + 1] == 0xFF }) else {
                // Keep a trailing 00 (it may be the first half of a start code).
                if buffer.last == 0x00 { buffer = [0x00] } else { buffer = [] }
                return nil
            }
            let p = start + 2
            guard buffer.count >= p + 2 else {
                buffer.removeFirst(start)
                return nil
            }
            let len = buffer[p], lcs = buffer[p + 1]
            if len == 0x00 && lcs == 0xFF {
                buffer.removeFirst(min(buffer.count, p + 3))
                return .ack
            }
            if len == 0xFF && lcs == 0x00 {
                buffer.removeFirst(min(buffer.count, p + 3))
                return .nack
            }
            var bodyStart = p + 2
            var length = Int(len)
            if len == 0xFF && lcs == 0xFF {
                guard buffer.count >= p + 5 else { buffer.removeFirst(start); return nil }
                let m = buffer[p + 2], l = buffer[p + 3], cs = buffer[p + 4]
                if (Int(m) + Int(l) + Int(cs)) & 0xFF != 0 {
                    buffer.removeFirst(p)
                    return .corrupt
                }
                length = Int(m) << 8 | Int(l)
                bodyStart = p + 5
            } else if (Int(len) + Int(lcs)) & 0xFF != 0 {
                // Not a frame after all (e.g. zeros of a wake-up then FF): look further.
                buffer.removeFirst(start + 1)
                continue
            }
            guard buffer.count >= bodyStart + length + 2 else {
                buffer.removeFirst(start)
                return nil
            }
            let body = Array(buffer[bodyStart..<(bodyStart + length)])
            let dcs = buffer[bodyStart + length]
            buffer.removeFirst(bodyStart + length + 2)
            let sum = body.reduce(Int(dcs)) { $0 + Int($1) }
            guard sum & 0xFF == 0, body.first == 0xD4, body.count >= 2 else { return .corrupt }
            return .command(Array(body.dropFirst()))
        }
    }

    /// The chip's answer frame to command `code`: `D5 (code+1) data`.
    public static func response(to code: UInt8, _ data: [UInt8]) -> [UInt8] {
        let body = [0xD5, code &+ 1] + data
        var out: [UInt8] = [0x00, 0x00, 0xFF]
        if body.count > 254 {
            let m = UInt8(body.count >> 8), l = UInt8(body.count & 0xFF)
            out += [0xFF, 0xFF, m, l, 0 &- (m &+ l)]
        } else {
            out += [UInt8(body.count), 0 &- UInt8(body.count)]
        }
        out += body
        out.append(0 &- body.reduce(0, &+))
        out.append(0x00)
        return out
    }

    /// A host command frame (what libnfc sends), for tests of the emulator itself.
    public static func commandBytes(_ command: [UInt8]) -> [UInt8] {
        let body = [0xD4] + command
        return [0x00, 0x00, 0xFF, UInt8(body.count), 0 &- UInt8(body.count)] + body + [0 &- body.reduce(0, &+), 0x00]
    }
}

/// CRC_A of ISO/IEC 14443-3 (annex B): CRC-16/ISO-IEC-14443-3-A, initial value 0x6363, reflected polynomial
/// 0x8408; the two bytes least significant first, as they go over the air.
public func crcA(_ data: [UInt8]) -> [UInt8] {
    var crc: UInt16 = 0x6363
    for b in data {
        var ch = b ^ UInt8(crc & 0xFF)
        ch ^= ch << 4
        crc = (crc >> 8) ^ (UInt16(ch) << 8) ^ (UInt16(ch) << 3) ^ (UInt16(ch) >> 4)
    }
    return [UInt8(crc & 0xFF), UInt8(crc >> 8)]
}
