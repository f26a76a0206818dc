import Foundation

extension ScanData {
    /// The §3 JSON object with keys in the documented order and `gs1` in scan order (compact, no
    /// whitespace, `/` not escaped). Use it where key order matters to a reader; it decodes with
    /// `JSONDecoder` like the `Codable` form.
    public func jsonString() -> String {
        var members: [String] = []
        func add(_ key: String, _ value: String?) {
            if let value { members.append(Self.quote(key) + ":" + Self.quote(value)) }
        }
        add("symbology", symbology)
        add("aim", aim)
        add("raw", raw)
        if !elements.isEmpty {
            let gs1 = elements.map { Self.quote($0.ai) + ":" + Self.quote($0.value) }.joined(separator: ",")
            members.append("\"gs1\":{" + gs1 + "}")
        }
        for (key, value) in optionalFields where key != .symbology && key != .aim {
            add(key.rawValue, value)
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// A JSON string literal for `text` (RFC 8259 escaping; controls as `\u00XX`).
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
