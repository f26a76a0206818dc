import Foundation

/// A strict reader of the Prometheus text exposition format (0.0.4), for tests: every line must be a
/// `# HELP`, `# TYPE` or a sample of a family whose TYPE came first; names and label names must be valid,
/// values must be numbers. Samples are kept by name and labels.
public struct PrometheusText: Sendable {
    public struct Sample: Sendable, Hashable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public private(set) var samples: [Sample] = []
    /// Family name → its TYPE (counter, gauge, histogram, summary, untyped).
    public private(set) var types: [String: String] = [:]
    public private(set) var help: [String: String] = [:]

    public init(_ text: String) throws {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.isEmpty { continue }
            func fail(_ why: String) -> TestFailure { TestFailure("exposition line \(n + 1): \(why): \(line)") }
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                guard parts.count >= 3, Self.validName(parts[2]) else { throw fail("bad metric name") }
                if parts[1] == "TYPE" {
                    guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else { throw fail("bad TYPE") }
                    guard types[parts[2]] == nil else { throw fail("second TYPE for the family") }
                    types[parts[2]] = parts[3]
                } else {
                    help[parts[2]] = parts.count == 4 ? parts[3] : ""
                }
                continue
            }
            if line.hasPrefix("#") { continue }
            var rest = Substring(line)
            let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
            let name = String(rest[..<nameEnd])
            guard Self.validName(name) else { throw fail("bad metric name") }
            rest = rest[nameEnd...]
            var labels: [String: String] = [:]
            if rest.first == "{" {
                rest = rest.dropFirst()
                while rest.first != "}" {
                    guard let eq = rest.firstIndex(of: "=") else { throw fail("label without =") }
                    let label = String(rest[..<eq])
                    guard Self.validLabel(label) else { throw fail("bad label name '\(label)'") }
                    rest = rest[rest.index(after: eq)...]
                    guard rest.first == "\"" else { throw fail("label value not quoted") }
                    rest = rest.dropFirst()
                    var value = ""
                    while let c = rest.first, c != "\"" {
                        rest = rest.dropFirst()
                        if c == "\\" {
                            guard let e = rest.first else { throw fail("dangling escape") }
                            rest = rest.dropFirst()
                            switch e {
                            case "n": value.append("\n")
                            case "\\", "\"": value.append(e)
                            default: throw fail("bad escape \\\(e)")
                            }
                        } else {
                            value.append(c)
                        }
                    }
                    guard rest.first == "\"" else { throw fail("unterminated label value") }
                    rest = rest.dropFirst()
                    labels[label] = value
                    if rest.first == "," { rest = rest.dropFirst() }
                }
                rest = rest.dropFirst()
            }
            guard rest.first == " " else { throw fail("no space before the value") }
            let fields = rest.dropFirst().split(separator: " ")
            guard fields.count == 1 || fields.count == 2 else { throw fail("expected a value and an optional timestamp") }
            let v = String(fields[0])
            guard let value = Double(v) ?? ["+Inf": Double.infinity, "-Inf": -Double.infinity, "NaN": Double.nan][v] else {
                throw fail("value is not a number")
            }
            let family = Self.family(of: name, types: types)
            guard types[family] != nil else { throw fail("sample before its TYPE line") }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
    }

    /// The value of the sample with this name and exactly these labels.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    static func family(of name: String, types: [String: String]) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if ["histogram", "summary"].contains(types[base]) { return base }
        }
        return name
    }

    static func validName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, !("0"..."9").contains(f) else { return false }
        return s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == ":"
        }
    }

    static func validLabel(_ s: String) -> Bool {
        validName(s) && !s.contains(":")
    }
}
