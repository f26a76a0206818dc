/// The keyboard layout a keyboard-wedge scanner types in: which character each key position
/// gives, with Shift, AltGr and CapsLock. Scanners are set to the host's layout (a "keyboard
/// country" setting) and send key positions; the same position means `z` in `us` and `y` in `de`.
///
/// The tables follow the Linux console / XKB basic layouts `us`, `de` (QWERTZ, with dead keys)
/// and `fr` (AZERTY). The keypad is read as with NumLock on (the keypad decimal key gives `,` in
/// `de`). Only the characters a scanner types are covered: printable ASCII plus the layout's
/// own letters (`ß`, `ü`, `é`, …).
public enum KeyboardLayout: String, Sendable, Hashable, CaseIterable {
    case us, de, fr

    /// The legend of `code` in this layout, if the key types something.
    public func legend(_ code: UInt16) -> KeyLegend? {
        switch self {
        case .us: Self.usTable[code]
        case .de: Self.deTable[code]
        case .fr: Self.frTable[code]
        }
    }

    /// Whether the right Alt key is AltGr (a third level) rather than a second Alt.
    public var hasAltGr: Bool { self != .us }

    /// The character of keypad key `code` (NumLock on), if it is one.
    public func keypadCharacter(_ code: UInt16) -> Unicode.Scalar? {
        if let digit = KeyCode.keypadDigit(code) { return Unicode.Scalar(UInt8(ascii: "0") + UInt8(digit)) }
        switch code {
        case KeyCode.keypadDot: return self == .de ? "," : "."
        case KeyCode.keypadSlash: return "/"
        case KeyCode.keypadAsterisk: return "*"
        case KeyCode.keypadMinus: return "-"
        case KeyCode.keypadPlus: return "+"
        default: return nil
        }
    }
}

/// What one key types at each level.
public struct KeyLegend: Sendable, Hashable {
    /// Which modifiers are held.
    public enum Level: Int, Sendable, Hashable, CaseIterable {
        case base, shift, altGr, shiftAltGr
    }

    public var base: Unicode.Scalar?
    public var shift: Unicode.Scalar?
    public var altGr: Unicode.Scalar?
    public var shiftAltGr: Unicode.Scalar?
    /// The levels at which the key is a dead key (it types nothing until the next key, e.g. `^`
    /// in `de`).
    public var deadLevels: Set<Level>

    public init(_ base: Unicode.Scalar?, _ shift: Unicode.Scalar?, _ altGr: Unicode.Scalar? = nil,
                _ shiftAltGr: Unicode.Scalar? = nil, dead: Set<Level> = []) {
        self.base = base
        self.shift = shift
        self.altGr = altGr
        self.shiftAltGr = shiftAltGr
        self.deadLevels = dead
    }

    public subscript(level: Level) -> Unicode.Scalar? {
        switch level {
        case .base: base
        case .shift: shift
        case .altGr: altGr
        case .shiftAltGr: shiftAltGr
        }
    }

    /// A letter key: CapsLock swaps its base and shift levels (true when shift is the upper case
    /// of base). CapsLock does nothing to other keys (digits, punctuation, `é` on `fr`).
    public var isAlphabetic: Bool {
        guard let base, let shift, base.properties.isLowercase else { return false }
        return String(base).uppercased() == String(shift)
    }
}
