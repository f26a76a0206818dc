import Glibc
import SystemSupport

/// An exclusive `flock(2)` on a reader's serial port, held for as long as libnfc has the port open:
/// libnfc itself takes no lock. It marks the port with bit 31 of `c_iflag` (`CCLAIMED`), which the Linux
/// tty layer drops (seen on ptys: it never protects anything there), and which, on a system that kept it,
/// a killed process would leave behind. Holding the lock, such a mark is stale and is cleared.
final class NFCPortClaim: Sendable {
    /// libnfc's claim mark in `c_iflag` (libnfc/buses/uart.c).
    static let claimedFlag: tcflag_t = 0x8000_0000
    let path: String
    private let descriptor: FileDescriptor
    /// True when a stale claim mark was found and cleared.
    let clearedStaleClaim: Bool

    /// Opens `path` and locks it; throws ``SystemError/Code/wouldBlock`` when another process holds the lock.
    init(path: String) throws(SystemError) {
        self.path = path
        let fd = try FileDescriptor.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        var cleared = false
        do throws(SystemError) {
            try fd.lockExclusively()
            if var attributes = try? fd.terminalAttributes(), attributes.c_iflag & Self.claimedFlag != 0 {
                attributes.c_iflag &= ~Self.claimedFlag
                try fd.setTerminalAttributes(attributes)
                cleared = true
            }
        } catch {
            try? fd.close()
            throw error
        }
        descriptor = fd
        clearedStaleClaim = cleared
    }

    /// Releases the lock (closing the descriptor). Call once, after libnfc closed the port.
    func release() {
        try? descriptor.close()
    }

    /// The serial port of a `pn532_uart:PATH[:SPEED]` (or `arygon:`) connstring; nil for USB readers.
    static func serialPath(of connstring: String) -> String? {
        let parts = connstring.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, ["pn532_uart", "arygon"].contains(String(parts[0])), !parts[1].isEmpty else { return nil }
        return String(parts[1])
    }
}
