import Synchronization
import SystemSupport

/// A private directory under /tmp for one test, removed with everything in it by ``remove()``
/// or when the object goes away.
public final class TemporaryDirectory: Sendable {
    /// The directory, e.g. `/tmp/edgetrace-test-Ab12Cd`.
    public let path: String
    private let removed = Mutex(false)

    /// Creates the directory (`mkdtemp(3)`).
    public init(prefix: String = "edgetrace-test-") throws(SystemError) {
        path = try FileSystem.makeTemporaryDirectory(prefix: prefix)
    }

    deinit { remove() }

    /// `path` + `/` + `name`.
    public func appending(_ name: String) -> String { "\(path)/\(name)" }

    /// Removes the directory and its contents. Safe to call more than once.
    public func remove() {
        let wasRemoved = removed.withLock { removed in
            defer { removed = true }
            return removed
        }
        if !wasRemoved { try? FileSystem.removeTree(path) }
    }
}
