/// Checks table headers before the text reaches TOMLKit: toml++ (inside TOMLKit) aborts the whole process
/// on an assertion when a header's first key starts with a character that is neither a bare-key character
/// nor a quote (`[站点]`, `[ ×]`, a lone `[`), instead of reporting a syntax error. Found by `Fuzz/`
/// (fuzz-config). Lines inside multi-line strings and multi-line array values are not headers.
enum TableHeaderCheck {
    /// The 1-based line of the first such header, or nil.
    static func firstBadHeader(in text: String) -> Int? {
        var inMultiline: String? = nil
        var depth = 0  // open '[' of array values continuing over lines
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Substring(rawLine).drop { $0 == " " || $0 == "\t" }
            if let delimiter = inMultiline {
                if line.contains(delimiter) { inMultiline = nil }
                continue
            }
            if depth == 0, line.first == "[" {
                var rest = line.dropFirst()
                if rest.first == "[" { rest = rest.dropFirst() }
                rest = rest.drop { $0 == " " || $0 == "\t" }
                guard let c = rest.unicodeScalars.first else { return index + 1 }
                let ok = ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
                    || c == "_" || c == "-" || c == "\"" || c == "'"
                if !ok { return index + 1 }
                continue
            }
            for delimiter in ["\"\"\"", "'''"] where line.components(separatedBy: delimiter).count == 2 {
                inMultiline = delimiter
            }
            if inMultiline != nil { continue }
            depth = max(0, depth + bracketBalance(depth == 0 ? valuePart(of: line) : line))
        }
        return nil
    }

    /// What follows the first `=` outside quotes (the value of a key/value line).
    static func valuePart(of line: Substring) -> Substring {
        var quote: Character? = nil
        for i in line.indices {
            let c = line[i]
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "\"" || c == "'" { quote = c } else if c == "=" { return line[line.index(after: i)...] } else if c == "#" { break }
        }
        return ""
    }

    /// Opening minus closing square brackets outside strings and comments.
    static func bracketBalance(_ text: Substring) -> Int {
        var quote: Character? = nil
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
