import CInputDevice
import Testing
@testable import TraceDevices

@Suite("Keyboard layouts: key position → character")
struct KeyboardLayoutTests {
    /// (layout, key code, level, expected). Written from the layouts' key caps, not from the tables.
    static let legends: [(KeyboardLayout, UInt16, KeyLegend.Level, Unicode.Scalar?)] = [
        (.us, 44, .base, "z"), (.us, 21, .base, "y"), (.us, 16, .shift, "Q"), (.us, 3, .shift, "@"),
        (.us, 27, .base, "]"), (.us, 40, .shift, "\""), (.us, 12, .shift, "_"), (.us, 11, .base, "0"),
        (.us, 53, .base, "/"), (.us, 41, .shift, "~"),
        // German QWERTZ: y/z swapped, symbols on Shift and AltGr.
        (.de, 44, .base, "y"), (.de, 21, .base, "z"), (.de, 21, .shift, "Z"), (.de, 3, .shift, "\""),
        (.de, 4, .shift, "§"), (.de, 8, .shift, "/"), (.de, 9, .shift, "("), (.de, 11, .shift, "="),
        (.de, 16, .altGr, "@"), (.de, 8, .altGr, "{"), (.de, 9, .altGr, "["), (.de, 10, .altGr, "]"),
        (.de, 11, .altGr, "}"), (.de, 12, .base, "ß"), (.de, 12, .shift, "?"), (.de, 12, .altGr, "\\"),
        (.de, 27, .base, "+"), (.de, 27, .shift, "*"), (.de, 27, .altGr, "~"), (.de, 86, .altGr, "|"),
        (.de, 53, .base, "-"), (.de, 53, .shift, "_"), (.de, 52, .shift, ":"), (.de, 51, .shift, ";"),
        (.de, 43, .base, "#"), (.de, 43, .shift, "'"), (.de, 39, .base, "ö"), (.de, 18, .altGr, "€"),
        // French AZERTY: a/q and z/w swapped, m beside l, digits on Shift.
        (.fr, 16, .base, "a"), (.fr, 30, .base, "q"), (.fr, 17, .base, "z"), (.fr, 44, .base, "w"),
        (.fr, 39, .base, "m"), (.fr, 50, .base, ","), (.fr, 50, .shift, "?"), (.fr, 51, .shift, "."),
        (.fr, 52, .shift, "/"), (.fr, 53, .base, "!"), (.fr, 2, .base, "&"), (.fr, 2, .shift, "1"),
        (.fr, 3, .base, "é"), (.fr, 3, .shift, "2"), (.fr, 4, .base, "\""), (.fr, 5, .base, "'"),
        (.fr, 6, .base, "("), (.fr, 7, .base, "-"), (.fr, 8, .base, "è"), (.fr, 9, .base, "_"),
        (.fr, 10, .base, "ç"), (.fr, 11, .base, "à"), (.fr, 11, .shift, "0"), (.fr, 11, .altGr, "@"),
        (.fr, 4, .altGr, "#"), (.fr, 12, .base, ")"), (.fr, 12, .altGr, "]"), (.fr, 13, .shift, "+"),
        (.fr, 40, .shift, "%"), (.fr, 27, .base, "$"),
    ]

    @Test("legend table", arguments: legends.indices)
    func legend(_ index: Int) {
        let (layout, code, level, expected) = Self.legends[index]
        #expect(layout.legend(code)?[level] == expected, "\(layout) key \(code) \(level)")
    }

    @Test("CapsLock applies to letter keys only")
    func alphabetic() {
        #expect(KeyboardLayout.us.legend(30)?.isAlphabetic == true)
        #expect(KeyboardLayout.de.legend(40)?.isAlphabetic == true)   // ä/Ä
        #expect(KeyboardLayout.fr.legend(3)?.isAlphabetic == false)   // é/2
        #expect(KeyboardLayout.fr.legend(40)?.isAlphabetic == false)  // ù/%
        #expect(KeyboardLayout.us.legend(2)?.isAlphabetic == false)
    }

    @Test("keypad: digits in every layout, decimal key ',' in de")
    func keypad() {
        #expect(KeyboardLayout.us.keypadCharacter(79) == "1")
        #expect(KeyboardLayout.fr.keypadCharacter(82) == "0")
        #expect(KeyboardLayout.de.keypadCharacter(KeyCode.keypadDot) == ",")
        #expect(KeyboardLayout.us.keypadCharacter(KeyCode.keypadDot) == ".")
    }

    @Test("key codes match <linux/input-event-codes.h>")
    func keyCodesMatchKernelHeader() {
        #expect(KeyCode.enter == UInt16(KEY_ENTER))
        #expect(KeyCode.tab == UInt16(KEY_TAB))
        #expect(KeyCode.a == UInt16(KEY_A))
        #expect(KeyCode.z == UInt16(KEY_Z))
        #expect(KeyCode.q == UInt16(KEY_Q))
        #expect(KeyCode.rightBrace == UInt16(KEY_RIGHTBRACE))
        #expect(KeyCode.leftShift == UInt16(KEY_LEFTSHIFT))
        #expect(KeyCode.rightShift == UInt16(KEY_RIGHTSHIFT))
        #expect(KeyCode.leftCtrl == UInt16(KEY_LEFTCTRL))
        #expect(KeyCode.rightCtrl == UInt16(KEY_RIGHTCTRL))
        #expect(KeyCode.leftAlt == UInt16(KEY_LEFTALT))
        #expect(KeyCode.rightAlt == UInt16(KEY_RIGHTALT))
        #expect(KeyCode.capsLock == UInt16(KEY_CAPSLOCK))
        #expect(KeyCode.f1 == UInt16(KEY_F1) && KeyCode.f10 == UInt16(KEY_F10))
        #expect(KeyCode.f11 == UInt16(KEY_F11) && KeyCode.f12 == UInt16(KEY_F12))
        #expect(KeyCode.keypad0 == UInt16(KEY_KP0) && KeyCode.keypad7 == UInt16(KEY_KP7))
        #expect(KeyCode.keypadEnter == UInt16(KEY_KPENTER))
        #expect(KeyCode.keypadDot == UInt16(KEY_KPDOT))
        #expect(KeyCode.iso102nd == UInt16(KEY_102ND))
        #expect(KeyCode.grave == UInt16(KEY_GRAVE))
        #expect(KeyCode.keypadDigit(UInt16(KEY_KP5)) == 5 && KeyCode.keypadDigit(UInt16(KEY_KP9)) == 9)
        #expect(KeyCode.functionKeyNumber(UInt16(KEY_F8)) == 8)
    }
}
