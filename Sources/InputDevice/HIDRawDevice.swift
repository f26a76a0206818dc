import CInputDevice
import Glibc
import SystemSupport

/// A raw HID node (`/dev/hidrawN`): the reports of one HID device, unparsed, as a HID POS
/// barcode scanner sends them.
///
/// Opening (`init`) does: `open(2)` read-only and non-blocking; `HIDIOCGRAWINFO` (bus, vendor,
/// product; a node that does not answer it is not a hidraw node); `HIDIOCGRAWNAME`;
/// `HIDIOCGRDESCSIZE` and `HIDIOCGRDESC` (the report descriptor, which says what the reports
/// mean). Reading and closing work as for ``EventDevice``.
public final class HIDRawDevice: Sendable {
    /// The path as configured.
    public let path: String
    /// The node behind the path when it was opened (`realpath(3)`), for logs.
    public let resolvedPath: String
    /// The device's name (`HIDIOCGRAWNAME`).
    public let name: String
    /// Bus type, vendor and product (`HIDIOCGRAWINFO`).
    public let identity: InputIdentity
    /// The HID report descriptor (`HIDIOCGRDESC`).
    public let reportDescriptor: [UInt8]
    private let node: DeviceNode

    /// Opens `path` and reads what it says about itself; see the type's documentation.
    public init(path: String) throws(InputDeviceError) {
        let node = try DeviceNode(path: path)
        do throws(InputDeviceError) {
            var info = hidraw_devinfo()
            _ = try node.withDescriptor { fd throws(InputDeviceError) in
                try EventDevice.ioctl(path, "HIDIOCGRAWINFO", fd, edgetrace_hidiocgrawinfo(), &info)
            }
            self.identity = InputIdentity(busType: UInt16(truncatingIfNeeded: info.bustype),
                                          vendor: UInt16(bitPattern: info.vendor), product: UInt16(bitPattern: info.product), version: 0)
            var nameBuffer = [UInt8](repeating: 0, count: 256)
            let length = (try? node.withDescriptor { fd throws(InputDeviceError) in
                try EventDevice.ioctl(path, "HIDIOCGRAWNAME", fd, edgetrace_hidiocgrawname(256), &nameBuffer)
            }) ?? 0
            self.name = String(decoding: nameBuffer.prefix(max(0, Int(length))).prefix { $0 != 0 }, as: UTF8.self)
            var size: CInt = 0
            _ = try node.withDescriptor { fd throws(InputDeviceError) in
                try EventDevice.ioctl(path, "HIDIOCGRDESCSIZE", fd, edgetrace_hidiocgrdescsize(), &size)
            }
            var descriptor = hidraw_report_descriptor()
            descriptor.size = UInt32(max(0, min(size, CInt(HID_MAX_DESCRIPTOR_SIZE))))
            _ = try node.withDescriptor { fd throws(InputDeviceError) in
                try EventDevice.ioctl(path, "HIDIOCGRDESC", fd, edgetrace_hidiocgrdesc(), &descriptor)
            }
            let count = Int(descriptor.size)
            self.reportDescriptor = withUnsafeBytes(of: &descriptor.value) { Array($0.prefix(count)) }
        } catch {
            node.close()
            throw error
        }
        self.path = path
        self.node = node
        self.resolvedPath = DevicePath.resolve(path)
    }

    /// Waits up to `timeout` and returns what one `read(2)` gave: one input report on a real
    /// hidraw node (report ID first when the device numbers its reports); empty when nothing came.
    ///
    /// - Throws: ``InputDeviceError/Code/disconnected`` when the device went away;
    ///   ``InputDeviceError/Code/closed`` after ``close()``.
    public func read(timeout: Duration) throws(InputDeviceError) -> [UInt8] {
        try node.read(maxBytes: 4096, timeout: timeout)
    }

    /// Releases the node; wakes a waiting ``read(timeout:)``. Safe to call more than once.
    public func close() { node.close() }

    /// True once ``close()`` was called.
    public var isClosed: Bool { node.isClosed }
}
