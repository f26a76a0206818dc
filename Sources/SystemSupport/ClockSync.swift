import Glibc

/// Whether the kernel considers the wall clock synchronised (by NTP, chrony, timesyncd…).
///
/// Event times taken while the clock is unsynchronised should be marked as such: after a
/// power cut a scanning station without an RTC battery can boot into 1970 or last week.
public enum ClockSync {
    /// `TIME_ERROR` from <sys/timex.h>: the clock is not synchronised.
    static let timeError: CInt = 5

    /// Asks the kernel with `adjtimex(2)` in read-only mode (`modes` 0). The call returns
    /// `TIME_ERROR` while the status has `STA_UNSYNC` (or a PPS error) set, which is the
    /// kernel's own "not synchronised" answer; anything else means synchronised.
    public static func isSynchronized() throws(SystemError) -> Bool {
        isSynchronized(adjtimexResult: try readClockState())
    }

    /// The decision alone: true unless `adjtimexResult` is `TIME_ERROR` (5).
    public static func isSynchronized(adjtimexResult: CInt) -> Bool {
        adjtimexResult != timeError
    }

    /// Calls `adjtimex(2)` with a zeroed `struct timex` (so nothing is changed) and returns its
    /// result: `TIME_OK` 0, `TIME_INS` 1, `TIME_DEL` 2, `TIME_OOP` 3, `TIME_WAIT` 4 or
    /// `TIME_ERROR` 5. The struct is 208 bytes on 64-bit Linux; 512 zeroed bytes are passed so
    /// the call never writes past the buffer on any ABI.
    static func readClockState() throws(SystemError) -> CInt {
        let adjtimex = try LibCSymbols.require(LibCSymbols.adjtimex, "adjtimex")
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: 512)
        return try retryingOnEINTR("adjtimex") { adjtimex(buffer) }
    }
}
