/// Turns the key events of a keyboard-wedge scanner into the bytes it meant to send. Pure: a
/// state machine fed one event at a time.
///
/// - Shift, AltGr (right Alt where the layout has it), Ctrl and Alt are tracked by press and
///   release; CapsLock toggles on each press and swaps the levels of letter keys only.
/// - Autorepeat (`value` 2) is ignored: a scanner never holds a key, and a repeat would add a
///   character that was not scanned.
/// - Enter (and keypad Enter) gives CR (0x0D), Tab gives HT (0x09): the framing decides whether
///   they end a scan.
/// - Ctrl + a key gives that key's control character: the layout's character at the current
///   level when it is `@`, `A`…`Z`, `[`, `\`, `]`, `^`, `_` or a lower-case letter, else the
///   character of the same key position on a US keyboard (scanners send control characters by
///   US key position). So Ctrl+] is GS in every layout.
/// - Alt (left Alt) held while keypad digits are typed gives the character with that decimal
///   code when Alt is released (Alt+0029 → GS).
/// - A dead key (`^` in `de`) types its own character when the next key is Space, else its
///   character followed by the next one (GS1 data is ASCII: nothing is composed).
/// - ``GSSubstitute``: a function key or a character configured to stand for GS becomes 0x1D.
/// - `SYN_DROPPED` (the kernel's buffer overflowed) reports ``Output/dropped``; the modifiers
///   are reset, and events up to the next `SYN_REPORT` are skipped, as evdev prescribes.
public struct WedgeKeyDecoder: Sendable {
    /// What one event produced.
    public enum Output: Equatable, Sendable {
        case bytes([UInt8])
        /// Events were lost: the scan in progress is damaged.
        case dropped
    }

    public let layout: KeyboardLayout
    public let gsSubstitute: GSSubstitute
    private var shift: Set<UInt16> = []
    private var ctrl: Set<UInt16> = []
    private var alt = false
    private var altGr = false
    private var capsLock = false
    private var deadKey: Unicode.Scalar?
    private var altCode: [Int] = []
    private var skippingUntilReport = false

    public init(layout: KeyboardLayout, gsSubstitute: GSSubstitute = .controlBracket) {
        self.layout = layout
        self.gsSubstitute = gsSubstitute
    }

    static let evSyn: UInt16 = 0
    static let evKey: UInt16 = 1
    static let synReport: UInt16 = 0
    static let synDropped: UInt16 = 3

    /// Feeds one event (`type`, `code`, `value` of a `struct input_event`); returns the bytes it
    /// completes (empty for most events), or ``Output/dropped``.
    public mutating func feed(type: UInt16, code: UInt16, value: Int32) -> Output {
        if type == Self.evSyn {
            if code == Self.synDropped {
                skippingUntilReport = true
                shift = []
                ctrl = []
                alt = false
                altGr = false
                deadKey = nil
                altCode = []
                return .dropped
            }
            if code == Self.synReport { skippingUntilReport = false }
            return .bytes([])
        }
        guard type == Self.evKey, !skippingUntilReport, value != 2 else { return .bytes([]) }
        let pressed = value == 1
        switch code {
        case KeyCode.leftShift, KeyCode.rightShift:
            if pressed { shift.insert(code) } else { shift.remove(code) }
            return .bytes([])
        case KeyCode.leftCtrl, KeyCode.rightCtrl:
            if pressed { ctrl.insert(code) } else { ctrl.remove(code) }
            return .bytes([])
        case KeyCode.rightAlt where layout.hasAltGr:
            altGr = pressed
            return .bytes([])
        case KeyCode.leftAlt, KeyCode.rightAlt:
            alt = pressed
            if !pressed, !altCode.isEmpty {
                let value = altCode.reduce(0) { $0 * 10 + $1 }
                altCode = []
                if let scalar = Unicode.Scalar(UInt32(min(value, 0x10FFFF))) { return .bytes(emit(scalar)) }
            }
            return .bytes([])
        case KeyCode.capsLock:
            if pressed { capsLock.toggle() }
            return .bytes([])
        case KeyCode.numLock:
            return .bytes([])
        default:
            break
        }
        guard pressed else { return .bytes([]) }
        if alt, let digit = KeyCode.keypadDigit(code) {
            altCode.append(digit)
            return .bytes([])
        }
        if let n = KeyCode.functionKeyNumber(code) {
            return .bytes(gsSubstitute == .functionKey(n) ? flushDead() + [0x1D] : [])
        }
        switch code {
        case KeyCode.enter, KeyCode.keypadEnter: return .bytes(flushDead() + [0x0D])
        case KeyCode.tab: return .bytes(flushDead() + [0x09])
        default: break
        }
        if !ctrl.isEmpty { return .bytes(controlCharacter(code).map { flushDead() + [$0] } ?? []) }
        if let scalar = layout.keypadCharacter(code) { return .bytes(flushDead() + emit(scalar)) }
        guard let legend = layout.legend(code) else { return .bytes([]) }
        var level: KeyLegend.Level = shift.isEmpty ? .base : .shift
        if altGr {
            level = shift.isEmpty ? .altGr : .shiftAltGr
        } else if capsLock, legend.isAlphabetic {
            level = level == .base ? .shift : .base
        }
        guard let scalar = legend[level] else { return .bytes([]) }
        if legend.deadLevels.contains(level) {
            if let pending = deadKey {
                deadKey = nil
                return .bytes(emit(pending))
            }
            deadKey = scalar
            return .bytes([])
        }
        if let pending = deadKey {
            deadKey = nil
            return .bytes(scalar == " " ? emit(pending) : emit(pending) + emit(scalar))
        }
        return .bytes(emit(scalar))
    }

    /// The control character of `code` with Ctrl held (see the type's documentation).
    private func controlCharacter(_ code: UInt16) -> UInt8? {
        let level: KeyLegend.Level = altGr ? (shift.isEmpty ? .altGr : .shiftAltGr) : (shift.isEmpty ? .base : .shift)
        for scalar in [layout.legend(code)?[level], KeyboardLayout.us.legend(code)?[shift.isEmpty ? .base : .shift]] {
            guard let scalar, scalar.isASCII else { continue }
            let value = UInt8(scalar.value)
            if (0x40...0x5F).contains(value) || (0x61...0x7A).contains(value) { return value & 0x1F }
        }
        return nil
    }

    private mutating func flushDead() -> [UInt8] {
        guard let pending = deadKey else { return [] }
        deadKey = nil
        return emit(pending)
    }

    /// The UTF-8 bytes of `scalar`, GS for the configured substitute character.
    private func emit(_ scalar: Unicode.Scalar) -> [UInt8] {
        if case .character(let c) = gsSubstitute, c == scalar { return [0x1D] }
        return Array(String(scalar).utf8)
    }
}
