import Foundation

/// Collects the keys the loader asks for while ``ConfigReader/keyLog`` is set: dotted paths with the
/// array indexes removed (`device.baud`, `device.sensor.excursion.above_c`). The configuration reference
/// in README.md and the sample config are checked against it.
final class ConfigKeyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: Set<String> = []

    func record(_ key: String) {
        let plain = key.replacingOccurrences(of: #"\[[0-9]+\]"#, with: "", options: .regularExpression)
        lock.lock()
        keys.insert(plain)
        lock.unlock()
    }

    var all: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return keys
    }

    /// The keys asked for while parsing `text`.
    static func keys(parsing text: String) throws -> Set<String> {
        let log = ConfigKeyLog()
        try ConfigReader.$keyLog.withValue(log) { _ = try ConfigLoader.parse(text, file: "keys.toml") }
        return log.all
    }
}
