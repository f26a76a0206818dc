/// Checks table headers before the text reaches TOMLKit: toml++ (inside TOMLKit) aborts the whole process
/// on an assertion when a header's first key starts with a character that is neither a bare-key character
/// nor a quote (`[站点]`, `[ ×]`, a lone `[`), instead of reporting a syntax error. Found by `Fuzz/`
/// (fuzz-config).
///
/// A small lexer finds the headers as toml++ does: a `[` that starts a line outside strings, comments and
/// array values. It reads Unicode scalars, never Swift's `Character`s (a combining mark joins the `[`
/// before it into one grapheme, which hid `[͗]` from a check by characters), and knows comments, so that a
/// `"""` inside one does not open a multi-line string and hide the lines after it (both found by
/// fuzz-config on 2026-11-30).
enum TableHeaderCheck {
    private enum Mode { case normal, comment, basic, literal, multilineBasic, multilineLiteral }

    /// The 1-based line of the first such header, or nil.
    static func firstBadHeader(in text: String) -> Int? {
        let s = Array(text.unicodeScalars)
        var mode = Mode.normal
        var line = 1
        var lineStart = true    // only blanks so far on this line (normal mode)
        var inValue = false     // after a key's '=': brackets are arrays
        var depth = 0           // open '[' of array values
        var i = 0
        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
        func starts(_ q: Unicode.Scalar, _ k: Int) -> Bool { at(k) == q && at(k + 1) == q && at(k + 2) == q }
        while i < s.count {
            let c = s[i]
            if c == "\n" {
                line += 1
                if mode == .comment { mode = .normal }
                if mode == .normal {
                    lineStart = true
                    if depth == 0 { inValue = false }
                }
                i += 1
                continue
            }
            switch mode {
            case .comment:
                i += 1
            case .basic:
                if c == "\\" { i += 2 } else { if c == "\"" { mode = .normal }; i += 1 }
            case .literal:
                if c == "'" { mode = .normal }
                i += 1
            case .multilineBasic:
                if c == "\\" { i += 2 } else if starts("\"", i) { mode = .normal; i += 3 } else { i += 1 }
            case .multilineLiteral:
                if starts("'", i) { mode = .normal; i += 3 } else { i += 1 }
            case .normal:
                if c == " " || c == "\t" || c == "\r" { i += 1; continue }
                if lineStart, depth == 0, c == "[" {
                    var k = i + 1
                    if at(k) == "[" { k += 1 }
                    while at(k) == " " || at(k) == "\t" { k += 1 }
                    guard let first = at(k), isKeyStart(first) else { return line }
                    lineStart = false
                    i = k
                    continue
                }
                lineStart = false
                switch c {
                case "#": mode = .comment; i += 1
                case "\"": if starts("\"", i) { mode = .multilineBasic; i += 3 } else { mode = .basic; i += 1 }
                case "'": if starts("'", i) { mode = .multilineLiteral; i += 3 } else { mode = .literal; i += 1 }
                case "=": inValue = true; i += 1
                case "[": if inValue { depth += 1 }; i += 1
                case "]": if inValue, depth > 0 { depth -= 1 }; i += 1
                default: i += 1
                }
            }
        }
        return nil
    }

    /// A bare-key character (A-Z a-z 0-9 _ -) or a quote.
    static func isKeyStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
            || c == "_" || c == "-" || c == "\"" || c == "'"
    }
}
