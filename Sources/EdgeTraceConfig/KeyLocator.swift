/// Finds the line of each key in TOML text, so that errors found after parsing can still name a line.
/// Keys are dotted paths; array-of-table entries are indexed (`device[1].baud`).
struct KeyLocator {
    private(set) var lines: [String: Int] = [:]

    init(text: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let number = i + 1
            if line.hasPrefix("[[") {
                let name = Self.stripQuotes(String(line.dropFirst(2).prefix { $0 != "]" }))
                let index = arrayCounts[name, default: -1] + 1
                arrayCounts[name] = index
                table = "\(name)[\(index)]"
                lines[table] = number
            } else if line.hasPrefix("[") {
                table = Self.stripQuotes(String(line.dropFirst().prefix { $0 != "]" }))
                lines[table] = number
            } else if let eq = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = Self.stripQuotes(String(line[..<eq]))
                guard !key.isEmpty else { continue }
                let path = table.isEmpty ? key : "\(table).\(key)"
                if lines[path] == nil { lines[path] = number }
            }
        }
    }

    func line(_ key: String) -> Int? {
        var k = key
        while true {
            if let l = lines[k] { return l }
            guard let dot = k.lastIndex(of: ".") else { return nil }
            k = String(k[..<dot])
        }
    }

    private static func stripQuotes(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespaces).split(separator: ".")
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            .joined(separator: ".")
    }
}

import Foundation
