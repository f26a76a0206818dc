import Glibc
import SystemSupport

/// Where a configured device path leads, for logs and `edgetrace status`:
/// `/dev/input/by-id/usb-…-event-kbd` → `/dev/input/event5`.
enum DevicePath {
    /// Follows symbolic links with `readlink(2)` (at most 8), joining relative targets to the
    /// link's directory; stops at a node that is no link, and before a target under `/dev/pts/`
    /// (an emulated node is a link to a pseudo-terminal; its name as a device is the better one).
    ///
    /// Not `realpath(3)`: under umockdev's LD_PRELOAD emulation, `realpath` of an emulated path
    /// corrupts the heap (umockdev 0.17), and the tests run the drivers there.
    static func resolve(_ path: String) -> String {
        var current = normalize(path)
        for _ in 0..<8 {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, Int(PATH_MAX))
            guard count > 0 else { break }
            let target = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let next = target.hasPrefix("/") ? normalize(target) : normalize(directory(of: current) + "/" + target)
            if next.hasPrefix("/dev/pts/") { break }
            current = next
        }
        return current
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Removes `.`, `..` and repeated slashes from an absolute path, lexically.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
