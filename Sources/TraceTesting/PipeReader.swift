import Foundation
import Glibc

/// Reads a child's output pipe on a thread of its own with blocking read(2), not a FileHandle
/// readabilityHandler: tearing down a pipe whose dispatch read source is still being cancelled can crash
/// libdispatch (`_dispatch_event_loop_drain`, swift-corelibs-foundation#5507), which took a whole test run down.
public enum PipeReader {
    /// A thread (not started) that hands each chunk read from `pipe` to `chunk`, then calls `end` at end of file.
    public static func thread(_ pipe: Pipe, chunk: @escaping @Sendable (ArraySlice<UInt8>) -> Void,
                              end: @escaping @Sendable () -> Void) -> Thread {
        let readFD = pipe.fileHandleForReading.fileDescriptor
        return Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(readFD, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                chunk(buffer[0..<n])
            }
            end()
            withExtendedLifetime(pipe) {}
        }
    }
}
