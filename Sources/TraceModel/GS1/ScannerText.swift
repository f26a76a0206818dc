/// Turns scanner data written by a person into what the scanner sends: `<GS>`, `\x1d`, `\x1D`,
/// `\u001d`, `\u{1d}`, `{GS}`, `<FNC1>` and `␝` (U+241D) become ASCII GS (U+001D); `\\` stays a
/// backslash. Used by `edgetrace decode TEXT`.
public func unescapeScannerText(_ s: String) -> String {
    var result = s
    for token in ["<GS>", "<gs>", "{GS}", "{gs}", "<FNC1>", "<fnc1>", "\\x1d", "\\x1D", "\\u001d", "\\u001D",
                  "\\u{1d}", "\\u{1D}", "\u{241D}"] {
        result = result.gs1Replacing(token, with: "\u{1D}")
    }
    return result
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation needed).
    fileprivate func gs1Replacing(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
