import Testing

#if canImport(TraceDevices)
import TraceDevices  // the framer lives in TraceDevices in the EdgeTrace package
#else
import ScannerFraming
#endif

/// One framing scenario: byte chunks fed at given times, idle flushes, and the frames expected.
struct FramingCase: CustomTestStringConvertible, Sendable {
    enum Step: Sendable {
        case feed(String, atMs: UInt64)
        case feedBytes([UInt8], atMs: UInt64)
        case flush(atMs: UInt64)
        case finish
    }

    var name: String
    var framing: Framing
    var timeoutMs: Int? = nil
    var maxFrameBytes = 4096
    var steps: [Step]
    var expected: [Expected]

    struct Expected: Equatable, Sendable, CustomStringConvertible {
        var bytes: [UInt8]
        var flags: Frame.Flags = []
        init(_ text: String, _ flags: Frame.Flags = []) {
            bytes = Array(text.utf8)
            self.flags = flags
        }
        init(bytes: [UInt8], _ flags: Frame.Flags = []) {
            self.bytes = bytes
            self.flags = flags
        }
        var description: String { "\(String(decoding: bytes, as: UTF8.self).debugDescription) \(flags.rawValue)" }
    }

    var testDescription: String { name }

    func run() -> [Expected] {
        var assembler = FrameAssembler(framing: framing, maxFrameBytes: maxFrameBytes, idleTimeoutMs: timeoutMs)
        var frames: [Frame] = []
        for step in steps {
            switch step {
            case .feed(let text, let ms): frames += assembler.feed(Array(text.utf8), at: ms * 1_000_000)
            case .feedBytes(let bytes, let ms): frames += assembler.feed(bytes, at: ms * 1_000_000)
            case .flush(let ms): frames += assembler.flushIfIdle(at: ms * 1_000_000).map { [$0] } ?? []
            case .finish: frames += assembler.flushAll()
            }
        }
        return frames.map { Expected(bytes: $0.bytes, $0.flags) }
    }
}

let gs = "\u{1D}"

let framingCases: [FramingCase] = [
    .init(name: "cr", framing: .cr, steps: [.feed("ABC\r", atMs: 0)], expected: [.init("ABC")]),
    .init(name: "cr split over reads", framing: .cr,
          steps: [.feed("AB", atMs: 0), .feed("C\rDE", atMs: 1), .feed("F\r", atMs: 2)],
          expected: [.init("ABC"), .init("DEF")]),
    .init(name: "cr several in one read", framing: .cr, steps: [.feed("1\r22\r333\r", atMs: 0)],
          expected: [.init("1"), .init("22"), .init("333")]),
    .init(name: "lf", framing: .lf, steps: [.feed("ABC\nDEF\n", atMs: 0)], expected: [.init("ABC"), .init("DEF")]),
    .init(name: "crlf", framing: .crlf, steps: [.feed("ABC\r\n", atMs: 0)], expected: [.init("ABC")]),
    .init(name: "crlf keeps an inner lone CR and LF", framing: .crlf, steps: [.feed("A\rB\nC\r\n", atMs: 0)],
          expected: [.init("A\rB\nC")]),
    .init(name: "crlf split between CR and LF", framing: .crlf,
          steps: [.feed("ABC\r", atMs: 0), .feed("\nDEF\r", atMs: 1), .feed("\n", atMs: 2)],
          expected: [.init("ABC"), .init("DEF")]),
    .init(name: "cr framing reading a CRLF scanner drops the stray LF", framing: .cr,
          steps: [.feed("ABC\r\nDEF\r\n", atMs: 0)], expected: [.init("ABC"), .init("DEF")]),
    .init(name: "lf framing reading a CRLF scanner drops the stray CR", framing: .lf,
          steps: [.feed("ABC\r\nDEF\r\n", atMs: 0)], expected: [.init("ABC"), .init("DEF")]),
    .init(name: "empty frames dropped", framing: .cr, steps: [.feed("\r\r\rABC\r\r\n\r", atMs: 0)],
          expected: [.init("ABC")]),
    .init(name: "GS separators kept", framing: .cr,
          steps: [.feed("]C1010401234567890310LOT7\(gs)21SER\(gs)17261231\r", atMs: 0)],
          expected: [.init("]C1010401234567890310LOT7\(gs)21SER\(gs)17261231")]),
    .init(name: "suffix ETX keeps CR and LF", framing: .suffix([0x03]),
          steps: [.feed("\nAB\r\u{3}CD\u{3}", atMs: 0)], expected: [.init("\nAB\r"), .init("CD")]),
    .init(name: "two-byte suffix split over reads", framing: .suffix([0x0D, 0x03]),
          steps: [.feed("AB\r", atMs: 0), .feed("\u{3}C\rD\r", atMs: 1), .feed("\u{3}", atMs: 2)],
          expected: [.init("AB"), .init("C\rD")]),
    .init(name: "overlong cut into chunks", framing: .cr, maxFrameBytes: 8,
          steps: [.feed("0123456789ABCDEF012\rOK\r", atMs: 0)],
          expected: [.init("01234567", .overlong), .init("89ABCDEF", [.overlong, .continuation]),
                     .init("012", [.overlong, .continuation]), .init("OK")]),
    .init(name: "frame of exactly maxFrameBytes is not overlong", framing: .crlf, maxFrameBytes: 4,
          steps: [.feed("ABCD\r", atMs: 0), .feed("\n", atMs: 1)], expected: [.init("ABCD")]),
    .init(name: "one byte over maxFrameBytes", framing: .crlf, maxFrameBytes: 4,
          steps: [.feed("ABCDE\r\n", atMs: 0)],
          expected: [.init("ABCD", .overlong), .init("E", [.overlong, .continuation])]),
    .init(name: "timeout framing", framing: .interCharacterTimeout(ms: 50),
          steps: [.feed("AB", atMs: 0), .feed("C\r", atMs: 30), .flush(atMs: 79), .flush(atMs: 80),
                  .feed("DEF", atMs: 200), .flush(atMs: 260)],
          expected: [.init("ABC\r", .timedOut), .init("DEF", .timedOut)]),
    .init(name: "timeout framing ends a frame when late bytes arrive", framing: .interCharacterTimeout(ms: 50),
          steps: [.feed("ABC", atMs: 0), .feed("DEF", atMs: 100), .finish],
          expected: [.init("ABC", .timedOut), .init("DEF", .unterminated)]),
    .init(name: "cr with timeout: scanner dropped the suffix", framing: .cr, timeoutMs: 50,
          steps: [.feed("ABC", atMs: 0), .feed("DEF\r", atMs: 100)],
          expected: [.init("ABC", .timedOut), .init("DEF")]),
    .init(name: "crlf with timeout cut between CR and LF", framing: .crlf, timeoutMs: 50,
          steps: [.feed("ABC\r", atMs: 0), .flush(atMs: 60), .feed("\nDEF\r\n", atMs: 70)],
          expected: [.init("ABC", .timedOut), .init("DEF")]),
    .init(name: "no timeout: nothing flushes", framing: .cr, steps: [.feed("ABC", atMs: 0), .flush(atMs: 10_000)],
          expected: []),
    .init(name: "overlong then timeout", framing: .cr, timeoutMs: 50, maxFrameBytes: 4,
          steps: [.feed("ABCDEF", atMs: 0), .flush(atMs: 50), .feed("OK\r", atMs: 60)],
          expected: [.init("ABCD", .overlong), .init("EF", [.overlong, .continuation, .timedOut]), .init("OK")]),
    .init(name: "finish emits the partial frame", framing: .cr, steps: [.feed("AB", atMs: 0), .finish, .finish],
          expected: [.init("AB", .unterminated)]),
    .init(name: "empty suffix frames by length only", framing: .suffix([]), maxFrameBytes: 3,
          steps: [.feed("ABCDEFG", atMs: 0), .finish],
          expected: [.init("ABC", .overlong), .init("DEF", [.overlong, .continuation]),
                     .init("G", [.overlong, .continuation, .unterminated])]),
    // Found by Fuzz/ (fuzz-framing): bytes held back because they might start the terminator were
    // emitted as one frame longer than maxFrameBytes when the input ended or timed out.
    .init(name: "input ends inside a possible terminator: frames stay within maxFrameBytes", framing: .suffix([0x0D, 0x0A, 0x04]),
          maxFrameBytes: 2, steps: [.feed("AB\r\n", atMs: 0), .finish],
          expected: [.init("AB", [.overlong, .unterminated]), .init("\r\n", [.overlong, .continuation, .unterminated])]),
    .init(name: "line framing: a held-back CR is not content", framing: .crlf, maxFrameBytes: 2,
          steps: [.feed("AB\r", atMs: 0), .finish], expected: [.init("AB", .unterminated)]),
    .init(name: "timeout inside a long possible terminator: frames stay within maxFrameBytes", framing: .suffix([0x0D, 0x0A, 0x04]),
          timeoutMs: 50, maxFrameBytes: 1,
          steps: [.feedBytes([0x41, 0x0D, 0x0A], atMs: 0), .flush(atMs: 50), .flush(atMs: 50), .flush(atMs: 50)],
          expected: [.init(bytes: [0x41], [.overlong, .timedOut]), .init(bytes: [0x0D], [.overlong, .continuation, .timedOut]),
                     .init(bytes: [0x0A], [.overlong, .continuation, .timedOut])]),
    .init(name: "binary bytes kept", framing: .suffix([0x03]),
          steps: [.feedBytes([0x00, 0xFF, 0x1D, 0x0D, 0x0A, 0x80, 0x03], atMs: 0)],
          expected: [.init(bytes: [0x00, 0xFF, 0x1D, 0x0D, 0x0A, 0x80])]),
]

@Suite("FrameAssembler")
struct FrameAssemblerTests {
    @Test(arguments: framingCases)
    func framing(_ scenario: FramingCase) {
        #expect(scenario.run() == scenario.expected)
    }

    @Test func deadlinesAndTimestamps() {
        var assembler = FrameAssembler(framing: .cr, idleTimeoutMs: 50)
        #expect(assembler.nextDeadlineNs == nil)
        #expect(assembler.feed(Array("AB".utf8), at: 1_000).isEmpty)
        #expect(assembler.nextDeadlineNs == 1_000 + 50_000_000)
        #expect(assembler.pendingByteCount == 2)
        let frames = assembler.feed(Array("C\r".utf8), at: 2_000)
        #expect(frames == [Frame(Array("ABC".utf8), firstByteNs: 1_000, lastByteNs: 2_000)])
        #expect(assembler.nextDeadlineNs == nil)
        #expect(assembler.pendingByteCount == 0)
    }

    @Test func timeoutFramingUsesItsOwnTimeout() {
        let assembler = FrameAssembler(framing: .interCharacterTimeout(ms: 20), idleTimeoutMs: 500)
        #expect(assembler.interCharacterTimeoutNs == 20_000_000)
        #expect(FrameAssembler(framing: .lf).interCharacterTimeoutNs == nil)
        #expect(FrameAssembler(framing: .lf, idleTimeoutMs: 0).interCharacterTimeoutNs == nil)  // 0: never
        #expect(FrameAssembler(framing: .lf, idleTimeoutMs: 200).interCharacterTimeoutNs == 200_000_000)
        #expect(FrameAssembler(framing: .interCharacterTimeout(ms: 0)).interCharacterTimeoutNs == 1_000_000)
    }

    @Test func completeness() {
        #expect(Frame([1]).isComplete)
        #expect(Frame([1], flags: .timedOut).isComplete)
        #expect(!Frame([1], flags: .overlong).isComplete)
        #expect(!Frame([1], flags: .unterminated).isComplete)
        #expect(Frame([1], flags: [.overlong, .continuation]).isOverlong)
        #expect(!Frame([1], flags: .timedOut).isOverlong)
    }

    /// Random binary input in random chunks: nothing crashes, no frame exceeds the limit, and
    /// the frames put together give back every byte but the terminators.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func randomInputLosesNothing(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let input = (0..<20_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var assembler = FrameAssembler(framing: .suffix([0x03]), maxFrameBytes: 300)
        var frames: [Frame] = []
        var offset = 0
        var now: UInt64 = 0
        while offset < input.count {
            let count = min(Int(random.next() % 700) + 1, input.count - offset)
            frames += assembler.feed(input[offset..<offset + count], at: now)
            offset += count
            now += 1_000
        }
        frames += assembler.flushAll()
        #expect(frames.allSatisfy { !$0.bytes.isEmpty && $0.bytes.count <= 300 })
        #expect(frames.flatMap(\.bytes) == input.filter { $0 != 0x03 })
        #expect(frames.contains { $0.flags.contains(.overlong) } == (frames.count > 0 && hasRunLongerThan(300, in: input)))
    }

    private func hasRunLongerThan(_ limit: Int, in input: [UInt8]) -> Bool {
        input.split(separator: 0x03, omittingEmptySubsequences: true).contains { $0.count > limit }
    }
}

/// A small deterministic generator, so failures can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
