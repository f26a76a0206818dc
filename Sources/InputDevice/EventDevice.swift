import CInputDevice
import Glibc
import Synchronization
import SystemSupport

/// An evdev input node (`/dev/input/eventN`, usually reached through
/// `/dev/input/by-id/…-event-kbd`): what a keyboard-wedge barcode scanner is to Linux.
///
/// Opening (`init`) does, in order: `open(2)` read-only and non-blocking; `EVIOCGNAME` (a node
/// that does not answer it is not an evdev node); `EVIOCGID`; `EVIOCGBIT(0)` (a node without
/// `EV_KEY` is not a keyboard); and, when asked, `EVIOCGRAB 1`, so that no other reader (the
/// console, a login prompt, a desktop session) sees the keystrokes. ``close()`` releases the grab
/// (`EVIOCGRAB 0`) before `close(2)`; the kernel would also release it with the descriptor.
///
/// ``read(timeout:)`` blocks the calling thread (bounded by its timeout): call it from a
/// dedicated thread. Any thread may call ``close()``; it wakes a waiting read, which then throws
/// ``InputDeviceError/Code/closed``.
public final class EventDevice: Sendable {
    /// The path as configured.
    public let path: String
    /// The node behind the path when it was opened (`realpath(3)`), for logs.
    public let resolvedPath: String
    /// The device's name (`EVIOCGNAME`), e.g. "Honeywell Imaging & Mobility 1900".
    public let name: String
    /// Bus type, vendor, product and version (`EVIOCGID`, `struct input_id`).
    public let identity: InputIdentity
    /// True when the device is grabbed (`EVIOCGRAB`) by this reader.
    public let isGrabbed: Bool
    private let node: DeviceNode
    /// Bytes of a record that a read returned only in part (never on a real evdev node, which
    /// returns whole records; possible on an emulated one).
    private let partial = Mutex<[UInt8]>([])

    /// Opens `path`; with `grab`, takes exclusive access. See the type's documentation.
    public init(path: String, grab: Bool) throws(InputDeviceError) {
        let node = try DeviceNode(path: path) { fd in
            if grab { _ = Glibc.ioctl(fd.rawValue, edgetrace_eviocgrab(), 0) }
        }
        do throws(InputDeviceError) {
            var nameBuffer = [UInt8](repeating: 0, count: 256)
            let length = try node.withDescriptor { fd throws(InputDeviceError) in
                try Self.ioctl(path, "EVIOCGNAME", fd, edgetrace_eviocgname(256), &nameBuffer)
            }
            self.name = String(decoding: nameBuffer.prefix(max(0, Int(length))).prefix { $0 != 0 }, as: UTF8.self)
            var id = input_id()
            _ = try node.withDescriptor { fd throws(InputDeviceError) in
                try Self.ioctl(path, "EVIOCGID", fd, edgetrace_eviocgid(), &id)
            }
            self.identity = InputIdentity(busType: id.bustype, vendor: id.vendor, product: id.product, version: id.version)
            var types = [UInt8](repeating: 0, count: 4)
            let typesLength = try? node.withDescriptor { fd throws(InputDeviceError) in
                try Self.ioctl(path, "EVIOCGBIT", fd, edgetrace_eviocgbit(0, 4), &types)
            }
            if typesLength != nil, types[Int(EV_KEY) / 8] & (1 << (UInt8(EV_KEY) % 8)) == 0 {
                throw InputDeviceError(.wrongDevice, path: path,
                                       message: "\(path) (\"\(name)\") reports no keys: it is not a keyboard; use the scanner's …-event-kbd node")
            }
            if grab {
                try node.withDescriptor { fd throws(InputDeviceError) in
                    do throws(SystemError) {
                        try retryingOnEINTR("ioctl(EVIOCGRAB)", path: path) { Glibc.ioctl(fd.rawValue, edgetrace_eviocgrab(), 1) }
                    } catch {
                        if error.code == .busy {
                            throw InputDeviceError(.busy, path: path,
                                                   message: "another program has grabbed \(path) (EVIOCGRAB): stop it (another edgetraced, a kiosk application) so that scans come here",
                                                   cause: error)
                        }
                        throw InputDeviceError(.io, path: path, message: "cannot grab \(path) (EVIOCGRAB)", cause: error)
                    }
                }
            }
        } catch {
            node.close()
            throw error
        }
        self.path = path
        self.node = node
        self.isGrabbed = grab
        self.resolvedPath = DevicePath.resolve(path)
    }

    /// Waits up to `timeout` for events and returns the whole records that came (possibly none).
    ///
    /// - Throws: ``InputDeviceError/Code/disconnected`` when the device went away (`ENODEV`,
    ///   `POLLHUP`/`POLLERR`, `EIO`); ``InputDeviceError/Code/closed`` after ``close()``.
    public func read(timeout: Duration) throws(InputDeviceError) -> [InputEvent] {
        let bytes = try node.read(maxBytes: InputEvent.size * 64, timeout: timeout)
        return partial.withLock { partial in
            partial += bytes
            let whole = partial.count / InputEvent.size * InputEvent.size
            let events = InputEvent.decode(Array(partial.prefix(whole)))
            partial.removeFirst(whole)
            return events
        }
    }

    /// Releases the grab and the node; wakes a waiting ``read(timeout:)``. Safe to call more than
    /// once, from any thread.
    public func close() { node.close() }

    /// True once ``close()`` was called.
    public var isClosed: Bool { node.isClosed }

    /// `ioctl(2)` with a pointer to `value`; a node that does not know the request is the wrong device.
    static func ioctl<T>(_ path: String, _ name: String, _ fd: FileDescriptor, _ request: UInt, _ value: inout T) throws(InputDeviceError) -> CInt {
        try withUnsafeMutableBytes(of: &value) { raw throws(InputDeviceError) in
            try ioctl(path, name, fd, request, raw.baseAddress!)
        }
    }

    /// `ioctl(2)` filling `buffer`.
    static func ioctl(_ path: String, _ name: String, _ fd: FileDescriptor, _ request: UInt, _ buffer: inout [UInt8]) throws(InputDeviceError) -> CInt {
        let result = buffer.withUnsafeMutableBytes { raw in
            Result { () throws(InputDeviceError) in try ioctl(path, name, fd, request, raw.baseAddress!) }
        }
        return try result.get()
    }

    private static func ioctl(_ path: String, _ name: String, _ fd: FileDescriptor, _ request: UInt, _ pointer: UnsafeMutableRawPointer) throws(InputDeviceError) -> CInt {
        do throws(SystemError) {
            return try retryingOnEINTR("ioctl(\(name))", path: path) { Glibc.ioctl(fd.rawValue, request, pointer) }
        } catch {
            switch error.code {
            case .notATerminal, .invalidArgument:
                throw InputDeviceError(.wrongDevice, path: path,
                                       message: "\(path) does not answer \(name): it is not the kind of device node this driver reads (evdev: /dev/input/by-id/…-event-kbd; HID POS: /dev/hidrawN)",
                                       cause: error)
            case .noSuchDevice: throw InputDeviceError.disconnected(path, cause: error)
            default: throw InputDeviceError(.io, path: path, message: "\(name) on \(path) failed", cause: error)
            }
        }
    }
}

/// `struct input_id`: how the device is attached and who made it.
public struct InputIdentity: Hashable, Sendable, CustomStringConvertible {
    /// `BUS_USB` (3), `BUS_BLUETOOTH` (5), …
    public var busType: UInt16
    public var vendor: UInt16
    public var product: UInt16
    public var version: UInt16

    public init(busType: UInt16, vendor: UInt16, product: UInt16, version: UInt16) {
        self.busType = busType
        self.vendor = vendor
        self.product = product
        self.version = version
    }

    /// `vvvv:pppp` in hex, as `lsusb` shows it.
    public var description: String { Self.hex(vendor) + ":" + Self.hex(product) }

    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
