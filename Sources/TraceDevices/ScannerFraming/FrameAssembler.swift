/// Cuts the byte stream of a serial scanner into frames, one per scan. Pure: time comes in as
/// arguments, so the caller decides the clock (``feed(_:at:)``'s `nowNs`, e.g. `BootClock`).
///
/// A frame ends at the framing's terminator; with an inter-character timeout, also when no byte
/// came for that long (some scanners drop the suffix; ``Framing/interCharacterTimeout(ms:)``
/// has no terminator at all). Input that runs past `maxFrameBytes` without a terminator is
/// emitted in `maxFrameBytes` chunks flagged ``Frame/Flags/overlong``, so noise can never grow
/// the buffer without bound.
///
/// For the line-oriented framings (``Framing/cr``, ``Framing/lf``, ``Framing/crlf``), CR and
/// LF bytes at the start and end of a frame are dropped: the LF after a CR when a CRLF scanner
/// is read with `.cr`, the CR before an LF with `.lf`, or half a CRLF cut by a timeout.
/// ``Framing/suffix(_:)`` and timeout framing keep every byte. Frames left empty are dropped.
///
/// The read loop: wait for data at most until ``nextDeadlineNs``; ``feed(_:at:)`` what came,
/// or call ``flushIfIdle(at:)`` when nothing did; ``flushAll()`` when the port goes away.
public struct FrameAssembler: Sendable {
    public let framing: Framing
    /// The inter-character timeout in nanoseconds, when frames also end by timeout.
    public let interCharacterTimeoutNs: UInt64?
    public let maxFrameBytes: Int
    private let terminator: [UInt8]
    private var buffer: [UInt8] = []
    private var firstByteNs: UInt64 = 0
    private var lastByteNs: UInt64 = 0
    /// An overlong chunk was emitted and its input has not ended yet.
    private var continuesOverlong = false

    /// - Parameters:
    ///   - framing: how frames end.
    ///   - maxFrameBytes: longest frame; longer input is cut into overlong chunks. At least 1.
    ///   - idleTimeoutMs: also end a frame after this many milliseconds without a byte; `nil`
    ///     or 0 for never. Ignored for ``Framing/interCharacterTimeout(ms:)``, which has its
    ///     own (values below 1 ms count as 1 ms there).
    public init(framing: Framing, maxFrameBytes: Int = 4096, idleTimeoutMs: Int? = nil) {
        precondition(maxFrameBytes > 0, "maxFrameBytes must be positive")
        self.framing = framing
        self.maxFrameBytes = maxFrameBytes
        self.terminator = framing.terminator
        let milliseconds: Int?
        if case .interCharacterTimeout(let ms) = framing {
            milliseconds = max(ms, 1)
        } else {
            milliseconds = idleTimeoutMs.flatMap { $0 > 0 ? $0 : nil }
        }
        self.interCharacterTimeoutNs = milliseconds.map { UInt64($0) * 1_000_000 }
    }

    /// When ``flushIfIdle(at:)`` will end the pending frame by timeout; nil when nothing is
    /// pending or there is no timeout.
    public var nextDeadlineNs: UInt64? {
        guard let interCharacterTimeoutNs, !buffer.isEmpty else { return nil }
        return lastByteNs &+ interCharacterTimeoutNs
    }

    /// Bytes received that are not part of an emitted frame yet.
    public var pendingByteCount: Int { buffer.count }

    /// Adds `bytes`, all received at `nowNs`, and returns the frames they complete, in order.
    /// A frame pending since before its deadline is first ended by timeout.
    public mutating func feed(_ bytes: some Collection<UInt8>, at nowNs: UInt64) -> [Frame] {
        var frames: [Frame] = []
        if let idle = flushIfIdle(at: nowNs) { frames.append(idle) }
        if bytes.isEmpty { return frames }
        if buffer.isEmpty, continuesOverlong, let timeout = interCharacterTimeoutNs, nowNs >= lastByteNs &+ timeout {
            continuesOverlong = false
        }
        for byte in bytes {
            if buffer.isEmpty {
                if framing.isLineOriented && Self.isLineEnd(byte) { continue }
                firstByteNs = nowNs
            }
            buffer.append(byte)
            if endsWithTerminator() {
                let content = Array(buffer.dropLast(terminator.count))
                let flags: Frame.Flags = continuesOverlong ? [.overlong, .continuation] : []
                buffer.removeAll(keepingCapacity: true)
                continuesOverlong = false
                if let frame = makeFrame(content, flags: flags, endNs: nowNs) { frames.append(frame) }
            } else if buffer.count - max(terminator.count - 1, 0) > maxFrameBytes {
                // Even if a terminator starts with the last bytes, the frame is too long.
                let chunk = Array(buffer.prefix(maxFrameBytes))
                buffer.removeFirst(maxFrameBytes)
                let flags: Frame.Flags = continuesOverlong ? [.overlong, .continuation] : [.overlong]
                continuesOverlong = true
                if let frame = makeFrame(chunk, flags: flags, endNs: nowNs) { frames.append(frame) }
                firstByteNs = nowNs
            }
        }
        lastByteNs = nowNs
        return frames
    }

    /// Ends the pending frame, flagged ``Frame/Flags/timedOut``, when the inter-character
    /// timeout has passed since its last byte (`nowNs >= nextDeadlineNs`); nil otherwise.
    public mutating func flushIfIdle(at nowNs: UInt64) -> Frame? {
        guard let deadline = nextDeadlineNs, nowNs >= deadline else { return nil }
        return takePending(flags: .timedOut)
    }

    /// Ends the pending frame now, flagged ``Frame/Flags/unterminated``, because no more input
    /// will come (the port closed or disconnected): the frame, or none when nothing is pending.
    public mutating func flushAll() -> [Frame] {
        var frames: [Frame] = []
        while !buffer.isEmpty {
            if let frame = takePending(flags: .unterminated) { frames.append(frame) }
        }
        continuesOverlong = false
        return frames
    }

    /// Ends the pending frame. Bytes held back because they might begin the terminator can make the
    /// pending input longer than `maxFrameBytes`: then only its first `maxFrameBytes` go out, as an
    /// overlong chunk, and the rest stays pending (still due, so the next flush takes it).
    private mutating func takePending(flags: Frame.Flags) -> Frame? {
        guard !buffer.isEmpty else { return nil }
        var flags = flags
        if continuesOverlong { flags.formUnion([.overlong, .continuation]) }
        if framing.isLineOriented {
            while let first = buffer.first, Self.isLineEnd(first) { buffer.removeFirst() }
        }
        var significant = buffer.count
        if framing.isLineOriented {
            while significant > 0, Self.isLineEnd(buffer[significant - 1]) { significant -= 1 }
        }
        if significant > maxFrameBytes {
            let chunk = Array(buffer.prefix(maxFrameBytes))
            buffer.removeFirst(maxFrameBytes)
            flags.insert(.overlong)
            continuesOverlong = true
            return makeFrame(chunk, flags: flags, endNs: lastByteNs)
        }
        let content = buffer
        buffer.removeAll(keepingCapacity: true)
        continuesOverlong = false
        return makeFrame(content, flags: flags, endNs: lastByteNs)
    }

    private func endsWithTerminator() -> Bool {
        guard !terminator.isEmpty, buffer.count >= terminator.count else { return false }
        return buffer.suffix(terminator.count).elementsEqual(terminator)
    }

    private func makeFrame(_ content: [UInt8], flags: Frame.Flags, endNs: UInt64) -> Frame? {
        var bytes = content[...]
        if framing.isLineOriented {
            while let first = bytes.first, Self.isLineEnd(first) { bytes.removeFirst() }
            while let last = bytes.last, Self.isLineEnd(last) { bytes.removeLast() }
        }
        if bytes.isEmpty { return nil }
        return Frame(Array(bytes), flags: flags, firstByteNs: firstByteNs, lastByteNs: endNs)
    }

    private static func isLineEnd(_ byte: UInt8) -> Bool { byte == 0x0D || byte == 0x0A }
}
