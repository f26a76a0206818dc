/// Linux input key codes (<linux/input-event-codes.h>, `KEY_…`): the position of a key, not its
/// legend. They are kernel ABI; a test holds these numbers to the C header's.
public enum KeyCode {
    public static let escape: UInt16 = 1
    /// `KEY_1` … `KEY_9` are 2 … 10, `KEY_0` is 11.
    public static let digit1: UInt16 = 2
    public static let digit0: UInt16 = 11
    public static let backspace: UInt16 = 14
    public static let tab: UInt16 = 15
    public static let q: UInt16 = 16
    public static let rightBrace: UInt16 = 27
    public static let enter: UInt16 = 28
    public static let leftCtrl: UInt16 = 29
    public static let a: UInt16 = 30
    public static let grave: UInt16 = 41
    public static let leftShift: UInt16 = 42
    public static let z: UInt16 = 44
    public static let rightShift: UInt16 = 54
    public static let keypadAsterisk: UInt16 = 55
    public static let leftAlt: UInt16 = 56
    public static let space: UInt16 = 57
    public static let capsLock: UInt16 = 58
    /// `KEY_F1` … `KEY_F10` are 59 … 68; `KEY_F11` 87, `KEY_F12` 88.
    public static let f1: UInt16 = 59
    public static let f10: UInt16 = 68
    public static let numLock: UInt16 = 69
    public static let keypad7: UInt16 = 71
    public static let keypadMinus: UInt16 = 74
    public static let keypadPlus: UInt16 = 78
    public static let keypad0: UInt16 = 82
    public static let keypadDot: UInt16 = 83
    /// The extra key of ISO keyboards, left of Z (`KEY_102ND`).
    public static let iso102nd: UInt16 = 86
    public static let f11: UInt16 = 87
    public static let f12: UInt16 = 88
    public static let keypadEnter: UInt16 = 96
    public static let rightCtrl: UInt16 = 97
    public static let keypadSlash: UInt16 = 98
    public static let rightAlt: UInt16 = 100

    /// The function key number (1…12) of `code`, if it is one.
    public static func functionKeyNumber(_ code: UInt16) -> Int? {
        switch code {
        case f1...f10: Int(code - f1) + 1
        case f11: 11
        case f12: 12
        default: nil
        }
    }

    /// The digit of a keypad key (`KEY_KP0` … `KEY_KP9`), if it is one.
    public static func keypadDigit(_ code: UInt16) -> Int? {
        switch code {
        case 71: 7
        case 72: 8
        case 73: 9
        case 75: 4
        case 76: 5
        case 77: 6
        case 79: 1
        case 80: 2
        case 81: 3
        case 82: 0
        default: nil
        }
    }
}
