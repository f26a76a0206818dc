import TOMLKit

/// Typed access to one TOML table that records which keys were read, so unknown keys can be reported.
struct ConfigReader {
    let table: TOMLTable
    let path: String
    let file: String
    let locator: KeyLocator
    private(set) var seen: Set<String> = [] {
        didSet { if let log = Self.keyLog { for name in seen.subtracting(oldValue) { log.record(key(name)) } } }
    }

    /// Set (in tests) to learn every key the loader asks for: that is, every key it accepts.
    @TaskLocal static var keyLog: ConfigKeyLog?

    init(table: TOMLTable, path: String, file: String, locator: KeyLocator) {
        self.table = table
        self.path = path
        self.file = file
        self.locator = locator
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    func error(_ name: String?, _ message: String) -> ConfigError {
        let k = name.map(key) ?? (path.isEmpty ? nil : path)
        return ConfigError(file: file, line: k.flatMap(locator.line), key: k, message: message)
    }

    mutating func string(_ name: String) throws -> String? {
        seen.insert(name)
        guard let v = table[name] else { return nil }
        guard let s = v.string else { throw error(name, "expected a string (in quotes), found \(v.type)") }
        return s
    }

    mutating func requiredString(_ name: String) throws -> String {
        guard let s = try string(name), !s.isEmpty else { throw error(name, "is required and must not be empty") }
        return s
    }

    mutating func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        seen.insert(name)
        guard let v = table[name] else { return value }
        guard let i = v.int else { throw error(name, "expected a whole number, found \(v.type)") }
        guard range.contains(i) else { throw error(name, "\(i) is out of range \(range.lowerBound)…\(range.upperBound)") }
        return i
    }

    mutating func optionalInt(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard table[name] != nil else { seen.insert(name); return nil }
        return try int(name, default: 0, range: range)
    }

    /// A number (whole or decimal).
    mutating func double(_ name: String, default value: Double) throws -> Double {
        seen.insert(name)
        guard let v = table[name] else { return value }
        if let d = v.double { return d }
        if let i = v.int { return Double(i) }
        throw error(name, "expected a number, found \(v.type)")
    }

    mutating func bool(_ name: String, default value: Bool) throws -> Bool {
        seen.insert(name)
        guard let v = table[name] else { return value }
        guard let b = v.bool else { throw error(name, "expected true or false, found \(v.type)") }
        return b
    }

    mutating func oneOf(_ name: String, _ allowed: [String], default value: String) throws -> String {
        guard let s = try string(name) else { return value }
        guard allowed.contains(s) else {
            throw error(name, "'\(s)' is not one of: \(allowed.joined(separator: ", "))")
        }
        return s
    }

    /// An array of strings, or nil when the key is absent.
    mutating func stringArray(_ name: String) throws -> [String]? {
        seen.insert(name)
        guard let v = table[name] else { return nil }
        guard let a = v.array else { throw error(name, "expected an array of strings, e.g. [\"ean13\", \"code128\"], found \(v.type)") }
        return try a.map { item in
            guard let s = item.string else { throw error(name, "expected strings in the array, found \(item.type)") }
            return s
        }
    }

    mutating func subtable(_ name: String) throws -> ConfigReader? {
        seen.insert(name)
        guard let v = table[name] else { return nil }
        guard let t = v.table else { throw error(name, "expected a table, found \(v.type)") }
        return ConfigReader(table: t, path: key(name), file: file, locator: locator)
    }

    mutating func tableArray(_ name: String) throws -> [ConfigReader] {
        seen.insert(name)
        guard let v = table[name] else { return [] }
        guard let a = v.array else { throw error(name, "expected [[\(name)]] tables, found \(v.type)") }
        return try a.enumerated().map { i, item in
            guard let t = item.table else { throw error(name, "entry \(i + 1) is not a table") }
            return ConfigReader(table: t, path: "\(key(name))[\(i)]", file: file, locator: locator)
        }
    }

    /// Fails on the first key that was never asked for: a typo must not be silently ignored.
    func rejectUnknownKeys() throws {
        for k in table.keys.sorted() where !seen.contains(k) {
            throw error(k, "unknown key (known here: \(seen.sorted().joined(separator: ", ")))")
        }
    }
}
