import FuzzSupport
import TraceDevices

/// Bytes from a serial scanner, in arbitrary chunks and at arbitrary times, through the frame assembler.
/// Input layout: byte 0 picks the framing, byte 1 the maximum frame size, then (chunk length, time step,
/// bytes…) records. Invariants: no frame longer than the maximum, nothing buffered beyond it, and no frame
/// longer than the maximum, also when the input ends or times out mid-frame.
@_cdecl("FuzzFraming_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv) { data, size in fuzzOne(data.map { UnsafeBufferPointer(start: $0, count: size) } ?? UnsafeBufferPointer(start: nil, count: 0)) }
}

func fuzzOne(_ buffer: UnsafeBufferPointer<UInt8>) -> CInt {
    let input = Array(buffer)
    guard input.count >= 2 else { return 0 }
    let framings: [Framing] = [.cr, .lf, .crlf, .suffix([0x03]), .suffix([0x0D, 0x0A, 0x04]), .interCharacterTimeout(ms: 30)]
    let framing = framings[Int(input[0]) % framings.count]
    let maxFrame = 1 + Int(input[1]) * 4
    var assembler = FrameAssembler(framing: framing, maxFrameBytes: maxFrame, idleTimeoutMs: input[0] & 0x80 != 0 ? 50 : nil)
    var frames: [Frame] = []
    var now: UInt64 = 1_000_000_000
    var i = 2
    while i + 2 <= input.count {
        let length = Int(input[i])
        now += UInt64(input[i + 1]) * 1_000_000
        let chunk = input[(i + 2)..<min(input.count, i + 2 + length)]
        i += 2 + length
        if let idle = assembler.flushIfIdle(at: now) { frames.append(idle) }
        frames += assembler.feed(chunk, at: now)
        // A terminator may be starting in the last bytes: up to its length − 1 more may wait.
        if assembler.pendingByteCount > maxFrame + max(framing.terminator.count - 1, 0) {
            fatalError("buffered \(assembler.pendingByteCount) > \(maxFrame)")
        }
    }
    frames += assembler.flushAll()
    for frame in frames where frame.bytes.count > maxFrame {
        fatalError("frame of \(frame.bytes.count) bytes > max \(maxFrame)")
    }
    return 0
}
