import CInputDevice

/// One `struct input_event` from an evdev node (<linux/input.h>): a type (`EV_KEY`, `EV_SYN`,
/// `EV_MSC`, …), a code (a key code for `EV_KEY`) and a value (for keys: 1 press, 0 release,
/// 2 autorepeat).
public struct InputEvent: Hashable, Sendable {
    public var type: UInt16
    public var code: UInt16
    public var value: Int32
    /// The kernel's time stamp in microseconds (CLOCK_REALTIME unless the reader changed it).
    public var timeMicroseconds: Int64

    public init(type: UInt16, code: UInt16, value: Int32, timeMicroseconds: Int64 = 0) {
        self.type = type
        self.code = code
        self.value = value
        self.timeMicroseconds = timeMicroseconds
    }

    /// `EV_SYN`: the end of one batch of changes.
    public static let synchronization = UInt16(EV_SYN)
    /// `EV_KEY`: a key or button changed.
    public static let key = UInt16(EV_KEY)
    /// `EV_MSC`: miscellaneous, e.g. `MSC_SCAN` with the HID usage before each key event.
    public static let miscellaneous = UInt16(EV_MSC)

    /// The size of one record as the kernel writes it (24 bytes on 64-bit Linux).
    public static let size = MemoryLayout<input_event>.size

    /// The whole records in `bytes`, in order; a partial record at the end is left out (the
    /// caller keeps those bytes for the next read).
    public static func decode(_ bytes: [UInt8]) -> [InputEvent] {
        let count = bytes.count / size
        guard count > 0 else { return [] }
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { i in
                let e = raw.loadUnaligned(fromByteOffset: i * size, as: input_event.self)
                return InputEvent(type: e.type, code: e.code, value: e.value,
                                  timeMicroseconds: Int64(e.time.tv_sec) * 1_000_000 + Int64(e.time.tv_usec))
            }
        }
    }

    /// The record as the kernel would write it (for emulators and tests).
    public var bytes: [UInt8] {
        var e = input_event()
        e.time.tv_sec = Int(timeMicroseconds / 1_000_000)
        e.time.tv_usec = Int(timeMicroseconds % 1_000_000)
        e.type = type
        e.code = code
        e.value = value
        return withUnsafeBytes(of: &e) { Array($0) }
    }
}
