import Foundation
import Testing
@testable import EdgeTraceConfig

/// The configuration reference in README.md and the sample config against the loader: every key the loader
/// accepts must be documented in both.
@Suite("Config reference: README and sample cover every key")
struct ConfigReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ file: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
    }

    /// The sample with its commented-out tables and keys (`# [status_page]`, `# listen = …`) turned on, so
    /// the loader is asked for the optional keys too.
    static func sampleWithOptionalKeys() throws -> String {
        let lines = try text("Fixtures/edgetrace.sample.toml").split(separator: "\n", omittingEmptySubsequences: false)
        let pattern = try Regex(#"^# ?(\[[a-z_.]+\]|[a-z_]+ = \S.*)$"#)
        return lines.map { line in
            guard let m = line.wholeMatch(of: pattern), let body = m.output[1].substring else { return String(line) }
            return String(body)
        }.joined(separator: "\n")
    }

    /// Keys the loader asks for while parsing the sample (optional keys on), without table names and
    /// without the free-form children of `company_prefixes`.
    static func loaderKeys() throws -> Set<String> {
        var keys = try ConfigKeyLog.keys(parsing: try text("Fixtures/edgetrace.sample.toml"))
        keys.formUnion(try ConfigKeyLog.keys(parsing: try sampleWithOptionalKeys()))
        let tables = Set(keys.filter { k in keys.contains { $0.hasPrefix(k + ".") } })
        return keys.subtracting(tables).filter { !$0.hasPrefix("interpreter.company_prefixes.") }
            .union(["interpreter.company_prefixes"])
    }

    @Test("the key log sees the keys of every table, including the optional ones")
    func loaderKeysComplete() throws {
        let keys = try Self.loaderKeys()
        for k in ["station.gateway", "store.max_mb", "upstream.url", "upstream.ca_file", "interpreter.dedup_window_ms",
                  "daemon.log_level", "metrics.listen", "metrics.allow_remote", "status_page.listen", "device.baud",
                  "device.layout", "device.symbologies", "device.vendor_id", "device.sensor.address",
                  "device.sensor.excursion.duration_ms", "device.excursion.name"] {
            #expect(keys.contains(k), "\(k) is asked for")
        }
        #expect(keys.count > 80)
    }

    @Test("every key the loader accepts is in README.md's configuration reference")
    func readmeCoversLoader() throws {
        let readme = try Self.text("README.md")
        let start = try #require(readme.range(of: "### Configuration reference"))
        let end = try #require(readme.range(of: "\n## ", range: start.upperBound..<readme.endIndex))
        let section = readme[start.upperBound..<end.lowerBound]
        var documented = Set<String>()
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(3).prefix { $0 != "`" }
            documented.insert(String(cell))
        }
        let missing = try Self.loaderKeys().subtracting(documented)
        #expect(missing.isEmpty, "not in README.md's configuration reference: \(missing.sorted())")
    }

    @Test("every key the loader accepts is in the sample config, set or described")
    func sampleCoversLoader() throws {
        let sample = try Self.text("Fixtures/edgetrace.sample.toml")
        let lines = sample.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var missing: [String] = []
        for key in try Self.loaderKeys().sorted() {
            let name = String(key.split(separator: ".").last!)
            // `name = …` (set or commented out), or a comment line that describes it (`#   name   what …`,
            // `#   a / name / b   …`, `#   name, other   …`).
            let found = lines.contains { line in
                let body = line.hasPrefix("#") ? line.dropFirst().trimmingCharacters(in: .whitespaces) : line
                let words = body.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "/" || $0 == ";" }).prefix(4)
                return body.hasPrefix(name + " =") || body.hasPrefix(name + "=") || words.contains { $0 == name }
                    || body.hasPrefix("[" + key + "]") || body.hasPrefix("[[" + key + "]]")
            }
            if !found { missing.append(key) }
        }
        #expect(missing.isEmpty, "not in Fixtures/edgetrace.sample.toml: \(missing)")
    }
}
