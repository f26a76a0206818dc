/// Checks table headers before the text reaches TOMLKit: toml++ (inside TOMLKit) aborts the whole process
/// on an assertion when a header's first key starts with a character that is neither a bare-key character
/// nor a quote (`[站点]`, `[ ×]`, a lone `[`), instead of reporting a syntax error. Found by `Fuzz/`
/// (fuzz-config). Lines inside multi-line strings and multi-line array values are not headers.
///
/// The check reads Unicode scalars, as toml++ does, never Swift's `Character`s: a combining mark joins the
/// `[` before it into one grapheme (`[` + U+0357 is a single `Character`), which hid `[͗]` from a check by
/// characters while toml++ still aborted on it (found by fuzz-config too).
enum TableHeaderCheck {
    /// The 1-based line of the first such header, or nil.
    static func firstBadHeader(in text: String) -> Int? {
        var inMultiline: [Unicode.Scalar]? = nil
        var depth = 0  // open '[' of array values continuing over lines
        let scalars = Array(text.unicodeScalars)
        for (index, rawLine) in scalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if let delimiter = inMultiline {
                if occurrences(of: delimiter, in: line) > 0 { inMultiline = nil }
                continue
            }
            if depth == 0, line.first == "[" {
                var rest = line.dropFirst()
                if rest.first == "[" { rest = rest.dropFirst() }
                rest = rest.drop { $0 == " " || $0 == "\t" }
                guard let c = rest.first else { return index + 1 }
                let ok = ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
                    || c == "_" || c == "-" || c == "\"" || c == "'"
                if !ok { return index + 1 }
                continue
            }
            for delimiter in [Array("\"\"\"".unicodeScalars), Array("'''".unicodeScalars)] where occurrences(of: delimiter, in: line) == 1 {
                inMultiline = delimiter
            }
            if inMultiline != nil { continue }
            depth = max(0, depth + bracketBalance(depth == 0 ? valuePart(of: line) : line))
        }
        return nil
    }

    /// How often `needle` occurs in `line`, not overlapping.
    static func occurrences(of needle: [Unicode.Scalar], in line: ArraySlice<Unicode.Scalar>) -> Int {
        var count = 0
        var i = line.startIndex
        while i + needle.count <= line.endIndex {
            if line[i..<(i + needle.count)].elementsEqual(needle) {
                count += 1
                i += needle.count
            } else {
                i += 1
            }
        }
        return count
    }

    /// What follows the first `=` outside quotes (the value of a key/value line).
    static func valuePart(of line: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var quote: Unicode.Scalar? = nil
        for i in line.indices {
            let c = line[i]
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "\"" || c == "'" { quote = c } else if c == "=" { return line[(i + 1)...] } else if c == "#" { break }
        }
        return []
    }

    /// Opening minus closing square brackets outside strings and comments.
    static func bracketBalance(_ text: ArraySlice<Unicode.Scalar>) -> Int {
        var quote: Unicode.Scalar? = nil
        var escaped = false
        var balance = 0
        for c in text {
            if let q = quote {
                if escaped { escaped = false } else if c == "\\", q == "\"" { escaped = true } else if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'": quote = c
            case "#": return balance
            case "[": balance += 1
            case "]": balance -= 1
            default: break
            }
        }
        return balance
    }
}
