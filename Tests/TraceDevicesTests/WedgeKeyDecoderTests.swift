import Testing
@testable import TraceDevices

/// Key events as a scanner sends them: modifier down, key down, key up, modifier up, each followed
/// by SYN_REPORT.
struct Keys {
    var events: [(UInt16, UInt16, Int32)] = []

    static let shift: UInt16 = 42, ctrl: UInt16 = 29, altGr: UInt16 = 100, alt: UInt16 = 56

    mutating func tap(_ code: UInt16, with modifiers: [UInt16] = []) {
        for m in modifiers { key(m, 1) }
        key(code, 1)
        key(code, 0)
        for m in modifiers.reversed() { key(m, 0) }
    }

    mutating func key(_ code: UInt16, _ value: Int32) {
        events.append((1, code, value))
        events.append((0, 0, 0))
    }

    func decode(_ layout: KeyboardLayout, gs: GSSubstitute = .controlBracket) -> [UInt8] {
        var decoder = WedgeKeyDecoder(layout: layout, gsSubstitute: gs)
        var out: [UInt8] = []
        for (type, code, value) in events {
            if case .bytes(let b) = decoder.feed(type: type, code: code, value: value) { out += b }
        }
        return out
    }
}

@Suite("Keyboard-wedge key decoding")
struct WedgeKeyDecoderTests {
    @Test("US: an AIM identifier, digits and Enter")
    func usScan() {
        var k = Keys()
        k.tap(27)                          // ]
        k.tap(46, with: [Keys.shift])      // C
        k.tap(2)                           // 1
        for code: UInt16 in [11, 2, 11, 7, 10, 11, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3] { k.tap(code) }  // 0106901234567892
        k.tap(28)
        #expect(k.decode(.us) == Array("]C10106901234567892\r".utf8))
    }

    @Test("German: the same key positions give y and z swapped; symbols on Shift and AltGr")
    func german() {
        var k = Keys()
        k.tap(21, with: [Keys.shift])      // Z on QWERTZ
        k.tap(44)                          // y
        k.tap(8, with: [Keys.shift])       // /
        k.tap(16, with: [Keys.altGr])      // @
        k.tap(53, with: [Keys.shift])      // _
        #expect(k.decode(.de) == Array("Zy/@_".utf8))
        #expect(k.decode(.us) == Array("Yz&q?".utf8), "the same keys in US: why the layout must match")
    }

    @Test("French: digits need Shift; without it the digit row types &é\"'(")
    func frenchDigits() {
        var digits = Keys()
        for code: UInt16 in [11, 2, 3, 4] { digits.tap(code, with: [Keys.shift]) }
        #expect(digits.decode(.fr) == Array("0123".utf8))
        var plain = Keys()
        for code: UInt16 in [2, 3, 4, 5, 6] { plain.tap(code) }
        #expect(plain.decode(.fr) == Array("&é\"'(".utf8))
    }

    @Test("CapsLock swaps letters only; Shift with CapsLock gives lower case")
    func capsLock() {
        var k = Keys()
        k.tap(58)                          // CapsLock on
        k.tap(30)                          // A
        k.tap(48, with: [Keys.shift])      // b
        k.tap(2)                           // 1 (not a letter)
        k.tap(58)                          // off
        k.tap(30)                          // a
        #expect(k.decode(.us) == Array("Ab1a".utf8))
    }

    @Test("Ctrl+] is GS in every layout: by the layout's character or the US key position")
    func controlBracket() {
        var us = Keys()
        us.tap(27, with: [Keys.ctrl])
        #expect(us.decode(.us) == [0x1D])
        var dePosition = Keys()
        dePosition.tap(27, with: [Keys.ctrl])          // the key right of Ü (US: ])
        #expect(dePosition.decode(.de) == [0x1D])
        var deCharacter = Keys()
        deCharacter.tap(10, with: [Keys.ctrl, Keys.altGr])  // Ctrl+AltGr+9 = Ctrl+]
        #expect(deCharacter.decode(.de) == [0x1D])
        var eot = Keys()
        eot.tap(32, with: [Keys.ctrl])                 // Ctrl+D
        eot.tap(7, with: [Keys.ctrl, Keys.shift])      // Ctrl+^ (Shift+6) = RS
        #expect(eot.decode(.us) == [0x04, 0x1E])
        var nothing = Keys()
        nothing.tap(2, with: [Keys.ctrl])              // Ctrl+1: no control character
        #expect(nothing.decode(.us) == [])
    }

    @Test("a function key stands for GS only when configured")
    func functionKey() {
        var k = Keys()
        k.tap(2)
        k.tap(66)                                      // F8
        k.tap(3)
        #expect(k.decode(.us, gs: .functionKey(8)) == [0x31, 0x1D, 0x32])
        #expect(k.decode(.us, gs: .functionKey(7)) == [0x31, 0x32])
    }

    @Test("a substitute character becomes GS")
    func substituteCharacter() {
        var k = Keys()
        k.tap(2)
        k.tap(41, with: [Keys.shift])                  // ~
        k.tap(3)
        #expect(k.decode(.us, gs: .character("~")) == [0x31, 0x1D, 0x32])
        #expect(k.decode(.us) == Array("1~2".utf8))
    }

    @Test("Alt + keypad digits: Alt+0029 is GS")
    func altCode() {
        var k = Keys()
        k.key(Keys.alt, 1)
        for code: UInt16 in [82, 82, 80, 73] { k.tap(code) }  // KP0 KP0 KP2 KP9
        k.key(Keys.alt, 0)
        k.tap(79)                                      // KP1 without Alt: "1"
        #expect(k.decode(.us) == [0x1D, 0x31])
    }

    @Test("autorepeat is ignored")
    func autorepeat() {
        var k = Keys()
        k.key(30, 1)
        k.key(30, 2)
        k.key(30, 2)
        k.key(30, 0)
        #expect(k.decode(.us) == Array("a".utf8))
    }

    @Test("dead keys: ^ then Space types ^; ^ then a digit types both")
    func deadKeys() {
        var k = Keys()
        k.tap(41)                                      // dead ^
        k.tap(57)                                      // Space
        k.tap(41)
        k.tap(2)                                       // 1
        #expect(k.decode(.de) == Array("^^1".utf8))
    }

    @Test("SYN_DROPPED: reported, modifiers reset, events skipped until SYN_REPORT")
    func synDropped() {
        var decoder = WedgeKeyDecoder(layout: .us)
        _ = decoder.feed(type: 1, code: 42, value: 1)          // Shift down
        #expect(decoder.feed(type: 0, code: 3, value: 0) == .dropped)
        #expect(decoder.feed(type: 1, code: 30, value: 1) == .bytes([]), "skipped until SYN_REPORT")
        _ = decoder.feed(type: 0, code: 0, value: 0)
        #expect(decoder.feed(type: 1, code: 30, value: 1) == .bytes(Array("a".utf8)), "Shift was reset")
    }

    @Test("Enter, keypad Enter and Tab")
    func terminators() {
        var k = Keys()
        k.tap(28)
        k.tap(96)
        k.tap(15)
        #expect(k.decode(.fr) == [0x0D, 0x0D, 0x09])
    }

    @Test("gs_substitute values", arguments: [
        ("ctrl+]", GSSubstitute.controlBracket), ("CTRL+]", .controlBracket), ("f8", .functionKey(8)),
        ("F12", .functionKey(12)), ("~", .character("~")), ("|", .character("|")),
    ])
    func parseSubstitute(_ text: String, _ expected: GSSubstitute) {
        #expect(GSSubstitute(text) == expected)
    }

    @Test("gs_substitute refuses letters, digits and unknown names", arguments: ["a", "5", "f13", "f0", " ", "ctrl+x", "", "ab"])
    func refuseSubstitute(_ text: String) {
        #expect(GSSubstitute(text) == nil)
    }
}
