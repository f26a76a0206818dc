import Glibc

/// Watches one directory for files that were completely written or moved into it (`inotify(7)`:
/// `IN_CLOSE_WRITE | IN_MOVED_TO`), and with `modifications` also for every write to a file in it
/// (`IN_MODIFY`: a SQLite commit appending to its `-wal`), so a reader waits without polling.
///
/// Owns the inotify descriptor (`inotify_init1(IN_NONBLOCK | IN_CLOEXEC)`, `inotify_add_watch`) from
/// `init` to `deinit`. One thread waits in ``wait(timeout:wake:)``.
public final class DirectoryWatch {
    private let descriptor: FileDescriptor
    /// The watched directory.
    public let path: String

    public init(path: String, modifications: Bool = false) throws(SystemError) {
        let fd = FileDescriptor(rawValue: try retryingOnEINTR("inotify_init1", path: path) {
            inotify_init1(CInt(IN_NONBLOCK | IN_CLOEXEC))
        })
        do {
            try retryingOnEINTR("inotify_add_watch", path: path) {
                inotify_add_watch(fd.rawValue, path, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)
                                  | (modifications ? UInt32(IN_MODIFY) : 0))
            }
        } catch {
            try? fd.close()
            throw error
        }
        descriptor = fd
        self.path = path
    }

    deinit { try? descriptor.close() }

    /// What a wait ended with.
    public enum Outcome: Equatable, Sendable {
        /// Files were written or moved in (the names, in event order; a file written many times may repeat).
        case changed([String])
        /// Nothing happened within the timeout.
        case timedOut
        /// `wake` was raised.
        case woken
        /// The directory itself was deleted or moved away.
        case gone
    }

    /// Waits up to `timeout` (nil: no limit) for new files, or for `wake` if there is one (`poll(2)`, then
    /// `read(2)` of the queued `struct inotify_event`s).
    public func wait(timeout: Duration?, wake: WakeSignal? = nil) throws(SystemError) -> Outcome {
        let ready = try FileDescriptor.poll([(descriptor, .readable)] + (wake.map { [($0.descriptor, .readable)] } ?? []),
                                            timeout: timeout)
        if ready.count > 1, !ready[1].isEmpty { return .woken }
        if ready[0].isEmpty { return .timedOut }
        var names: [String] = []
        var gone = false
        while true {
            let bytes: [UInt8]
            do throws(SystemError) {
                bytes = try descriptor.read(maxBytes: 64 * 1024)
            } catch SystemError.Code.wouldBlock {
                break
            }
            if bytes.isEmpty { break }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= bytes.count {
                let (mask, length) = bytes.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 { gone = true }
                let nameBytes = bytes[(offset + header)..<min(bytes.count, offset + header + length)]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                if !name.isEmpty { names.append(name) }
                offset += header + length
            }
        }
        if gone { return .gone }
        return names.isEmpty ? .timedOut : .changed(names)
    }
}
