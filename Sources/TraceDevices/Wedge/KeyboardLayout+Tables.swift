// The key tables of ``KeyboardLayout``. Key codes are Linux `KEY_…` numbers (see ``KeyCode``);
// levels are base, Shift, AltGr, Shift+AltGr as in the Linux console / XKB basic layouts.

extension KeyboardLayout {
    /// US (ANSI), the scanners' factory default.
    static let usTable: [UInt16: KeyLegend] = {
        var t = letters("qwertyuiop", from: 16).merging(letters("asdfghjkl", from: 30)) { a, _ in a }
            .merging(letters("zxcvbnm", from: 44)) { a, _ in a }
        let pairs: [(UInt16, Unicode.Scalar, Unicode.Scalar)] = [
            (2, "1", "!"), (3, "2", "@"), (4, "3", "#"), (5, "4", "$"), (6, "5", "%"), (7, "6", "^"),
            (8, "7", "&"), (9, "8", "*"), (10, "9", "("), (11, "0", ")"), (12, "-", "_"), (13, "=", "+"),
            (26, "[", "{"), (27, "]", "}"), (39, ";", ":"), (40, "'", "\""), (41, "`", "~"), (43, "\\", "|"),
            (51, ",", "<"), (52, ".", ">"), (53, "/", "?"), (57, " ", " "), (86, "<", ">"),
        ]
        for (code, base, shift) in pairs { t[code] = KeyLegend(base, shift) }
        return t
    }()

    /// German (QWERTZ): Y and Z swapped, digits' shift level `!"§$%&/()=`, AltGr for `@ { [ ] } \ ~ | €`,
    /// `^` and the accents dead.
    static let deTable: [UInt16: KeyLegend] = {
        var t = letters("qwertzuiop", from: 16).merging(letters("asdfghjkl", from: 30)) { a, _ in a }
            .merging(letters("yxcvbnm", from: 44)) { a, _ in a }
        t[16] = KeyLegend("q", "Q", "@")
        t[18] = KeyLegend("e", "E", "€")
        t[50] = KeyLegend("m", "M", "µ")
        let keys: [(UInt16, KeyLegend)] = [
            (2, KeyLegend("1", "!", "¹")), (3, KeyLegend("2", "\"", "²")), (4, KeyLegend("3", "§", "³")),
            (5, KeyLegend("4", "$")), (6, KeyLegend("5", "%")), (7, KeyLegend("6", "&")),
            (8, KeyLegend("7", "/", "{")), (9, KeyLegend("8", "(", "[")), (10, KeyLegend("9", ")", "]")),
            (11, KeyLegend("0", "=", "}")), (12, KeyLegend("ß", "?", "\\")),
            (13, KeyLegend("´", "`", dead: [.base, .shift])),
            (26, KeyLegend("ü", "Ü")), (27, KeyLegend("+", "*", "~")),
            (39, KeyLegend("ö", "Ö")), (40, KeyLegend("ä", "Ä")),
            (41, KeyLegend("^", "°", dead: [.base])), (43, KeyLegend("#", "'")),
            (51, KeyLegend(",", ";")), (52, KeyLegend(".", ":")), (53, KeyLegend("-", "_")),
            (57, KeyLegend(" ", " ")), (86, KeyLegend("<", ">", "|")),
        ]
        for (code, legend) in keys { t[code] = legend }
        return t
    }()

    /// French (AZERTY): A/Q and Z/W swapped, M right of L, digits only with Shift (the base level
    /// is `&é"'(-è_çà`), AltGr for `~ # { [ | ` \ ^ @ ] }`, `^` and `¨` dead.
    static let frTable: [UInt16: KeyLegend] = {
        var t = letters("azertyuiop", from: 16).merging(letters("qsdfghjklm", from: 30)) { a, _ in a }
            .merging(letters("wxcvbn", from: 44)) { a, _ in a }
        t[18] = KeyLegend("e", "E", "€")
        let keys: [(UInt16, KeyLegend)] = [
            (2, KeyLegend("&", "1")), (3, KeyLegend("é", "2", "~", dead: [.altGr])), (4, KeyLegend("\"", "3", "#")),
            (5, KeyLegend("'", "4", "{")), (6, KeyLegend("(", "5", "[")), (7, KeyLegend("-", "6", "|")),
            (8, KeyLegend("è", "7", "`", dead: [.altGr])), (9, KeyLegend("_", "8", "\\")), (10, KeyLegend("ç", "9", "^")),
            (11, KeyLegend("à", "0", "@")), (12, KeyLegend(")", "°", "]")), (13, KeyLegend("=", "+", "}")),
            (26, KeyLegend("^", "¨", dead: [.base, .shift])), (27, KeyLegend("$", "£", "¤")),
            (40, KeyLegend("ù", "%")), (41, KeyLegend("²", nil)), (43, KeyLegend("*", "µ")),
            (50, KeyLegend(",", "?")), (51, KeyLegend(";", ".")), (52, KeyLegend(":", "/")), (53, KeyLegend("!", "§")),
            (57, KeyLegend(" ", " ")), (86, KeyLegend("<", ">")),
        ]
        for (code, legend) in keys { t[code] = legend }
        return t
    }()

    /// Letter keys `row` on consecutive codes from `first`: base lower case, Shift upper case.
    private static func letters(_ row: String, from first: UInt16) -> [UInt16: KeyLegend] {
        var t: [UInt16: KeyLegend] = [:]
        for (i, scalar) in row.unicodeScalars.enumerated() {
            let upper = String(scalar).uppercased().unicodeScalars.first!
            t[first + UInt16(i)] = KeyLegend(scalar, upper)
        }
        return t
    }
}
