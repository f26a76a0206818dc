import InputDevice

/// Key events as a keyboard-wedge scanner sends them (`struct input_event` records), for emulated
/// evdev nodes: each key pressed and released, modifiers around it, `SYN_REPORT` after each change.
///
/// ``typeUS(_:)`` has its own small US key map (not the driver's tables), so a test of the driver
/// does not check the driver against itself.
public struct KeyStrokes: Sendable {
    public private(set) var events: [InputEvent] = []

    public static let leftShift: UInt16 = 42
    public static let leftCtrl: UInt16 = 29
    public static let leftAlt: UInt16 = 56
    public static let rightAlt: UInt16 = 100
    public static let enter: UInt16 = 28

    public init() {}

    /// Presses and releases `code` with `modifiers` held.
    public mutating func tap(_ code: UInt16, with modifiers: [UInt16] = []) {
        for m in modifiers { key(m, 1) }
        key(code, 1)
        key(code, 0)
        for m in modifiers.reversed() { key(m, 0) }
    }

    /// Presses (1), releases (0) or repeats (2) `code`, then `SYN_REPORT`.
    public mutating func key(_ code: UInt16, _ value: Int32) {
        events.append(InputEvent(type: InputEvent.key, code: code, value: value))
        events.append(InputEvent(type: InputEvent.synchronization, code: 0, value: 0))
    }

    /// Types `text` as a US keyboard would: letters, digits, `]`, `-`, `.`, `/`; GS (U+001D) as
    /// Ctrl+]; CR as Enter.
    public mutating func typeUS(_ text: String) {
        let rows: [(String, UInt16)] = [("1234567890", 2), ("qwertyuiop", 16), ("asdfghjkl", 30), ("zxcvbnm", 44)]
        for character in text {
            if character == "\u{1D}" { tap(27, with: [Self.leftCtrl]); continue }
            if character == "\r" { tap(Self.enter); continue }
            if let code = ["]": UInt16(27), "-": 12, ".": 52, "/": 53, " ": 57][character] { tap(code); continue }
            let lower = Character(character.lowercased())
            guard let (row, first) = rows.first(where: { $0.0.contains(lower) }) else {
                preconditionFailure("typeUS: no key for \(character)")
            }
            let code = first + UInt16(row.distance(from: row.startIndex, to: row.firstIndex(of: lower)!))
            tap(code, with: character.isUppercase ? [Self.leftShift] : [])
        }
    }

    /// The records as bytes.
    public var bytes: [UInt8] { events.flatMap(\.bytes) }
}
