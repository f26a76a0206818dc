import Foundation
import TOMLKit

extension ConfigLoader {
    /// `[daemon] control_socket` read from `path` without validating the rest of the file, so that
    /// `edgetrace reload` still reaches the daemon when the file being reloaded has a mistake (the daemon
    /// then refuses it with its FILE:LINE error). Nil when the file cannot be read or is not TOML.
    public static func controlSocket(path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let table = try? TOMLTable(string: text) else { return nil }
        return table["daemon"]?.table?["control_socket"]?.string
    }
}
