/// Python's number text rules, as the reference event hash relies on them: `float(text)` parsing,
/// `str(int(x))` of integral values (exact, however large) and `repr(float)` of the others.
enum PythonNumber {
    /// `_try_format_numeric`: a value Python's `float()` reads becomes `str(int(x))` when integral,
    /// else `repr(x)`; anything else is unchanged. NaN is kept as text; infinity makes the reference
    /// fail (`int(inf)` raises OverflowError), so it throws.
    static func formatNumeric(_ text: String) throws(EPCISHashError) -> String {
        guard let x = pythonFloat(text) else { return text }
        if x.isNaN { return text }
        if x.isInfinite { throw EPCISHashError("'\(text)' is infinite; the reference fails on it") }
        return x.rounded(.towardZero) == x ? integerString(x) : repr(x)
    }

    /// `str()` of what `json.loads` makes of a JSON number: integers stay exact, others are floats.
    static func jsonNumberString(_ n: String) -> String {
        if !n.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            var digits = Substring(n)
            let negative = digits.hasPrefix("-")
            if negative { digits = digits.dropFirst() }
            let trimmed = digits.drop { $0 == "0" }
            if trimmed.isEmpty { return "0" }
            return (negative ? "-" : "") + trimmed
        }
        guard let x = Double(n) else { return n }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return repr(x)
    }

    /// Python 3's `float(str)` grammar (ASCII digits; `_` between digits; `inf`, `infinity`, `nan`).
    static func pythonFloat(_ text: String) -> Double? {
        var s = Substring(text)
        var sign = 1.0
        if s.hasPrefix("+") || s.hasPrefix("-") { sign = s.hasPrefix("-") ? -1 : 1; s = s.dropFirst() }
        switch s.lowercased() {
        case "inf", "infinity": return sign * .infinity
        case "nan": return .nan
        default: break
        }
        let bytes = Array(s.utf8)
        var i = 0
        var cleaned: [UInt8] = []
        func digitPart() -> Bool {
            let start = i
            while i < bytes.count {
                if bytes[i] >= 0x30 && bytes[i] <= 0x39 { cleaned.append(bytes[i]); i += 1; continue }
                if bytes[i] == UInt8(ascii: "_"), i > start, i + 1 < bytes.count,
                   bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39, bytes[i - 1] >= 0x30 && bytes[i - 1] <= 0x39 {
                    i += 1; continue
                }
                break
            }
            return i > start
        }
        let hasInt = digitPart()
        var hasFraction = false
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            cleaned.append(bytes[i]); i += 1
            hasFraction = digitPart()
        }
        guard hasInt || hasFraction else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            cleaned.append(UInt8(ascii: "e")); i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { cleaned.append(bytes[i]); i += 1 }
            guard digitPart() else { return nil }
        }
        guard i == bytes.count else { return nil }
        if cleaned.first == UInt8(ascii: ".") { cleaned.insert(UInt8(ascii: "0"), at: 0) }
        if cleaned.last == UInt8(ascii: ".") { cleaned.append(UInt8(ascii: "0")) }
        if let dot = cleaned.firstIndex(of: UInt8(ascii: ".")), dot + 1 < cleaned.count, cleaned[dot + 1] == UInt8(ascii: "e") {
            cleaned.insert(UInt8(ascii: "0"), at: dot + 1)
        }
        guard let value = Double(String(decoding: cleaned, as: UTF8.self)) else { return nil }
        return sign * value
    }

    /// `str(int(x))` of an integral double, exactly.
    static func integerString(_ x: Double) -> String {
        if abs(x) < 9.0e18 { return String(Int64(x)) }
        // x = significand × 2^exponent with an integral significand: double a decimal digit array.
        let negative = x < 0
        var e = Int(x.exponent) - 52
        var m = UInt64(abs(x).significandBitPattern | (1 << 52))
        while m & 1 == 0 && e < 0 { m >>= 1; e += 1 }
        var digits = String(m).utf8.reversed().map { Int($0) - 48 }   // least significant first
        for _ in 0..<max(e, 0) {
            var carry = 0
            for k in digits.indices {
                let v = digits[k] * 2 + carry
                digits[k] = v % 10
                carry = v / 10
            }
            if carry > 0 { digits.append(carry) }
        }
        return (negative ? "-" : "") + String(digits.reversed().map { Character(String($0)) })
    }

    /// `repr(float)`: the shortest digits that round-trip, fixed notation for decimal exponents
    /// -4 … 15 (`0.0001`, `123.5`, `1000000000000000.0`), else scientific (`1e-05`, `1.5e+16`).
    static func repr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description also gives the shortest round-trip digits; re-lay them out as Python does.
        var text = Substring(abs(x).description)
        var exp10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp10 = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + fracPart
        var pointPos = intPart.count + exp10     // digits before the decimal point
        let leading = digits.prefix { $0 == "0" }.count
        digits.removeFirst(leading)
        pointPos -= leading
        while digits.hasSuffix("0") { digits.removeLast() }
        if digits.isEmpty { digits = "0" }
        let decimalExponent = pointPos - 1
        let sign = x < 0 ? "-" : ""
        if decimalExponent < -4 || decimalExponent >= 16 {
            let mantissa = digits.count == 1 ? digits : String(digits.prefix(1)) + "." + digits.dropFirst()
            let e = abs(decimalExponent)
            return sign + mantissa + "e" + (decimalExponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + String(e)
        }
        if pointPos <= 0 { return sign + "0." + String(repeating: "0", count: -pointPos) + digits }
        if pointPos >= digits.count { return sign + digits + String(repeating: "0", count: pointPos - digits.count) + ".0" }
        let idx = digits.index(digits.startIndex, offsetBy: pointPos)
        return sign + digits[..<idx] + "." + digits[idx...]
    }
}
