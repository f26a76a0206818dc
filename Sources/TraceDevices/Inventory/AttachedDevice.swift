/// A device node the kernel shows in sysfs, with what identifies it (`edgetrace devices`).
public struct AttachedDevice: Sendable, Hashable, Codable {
    /// `serial` (ttyUSB/ttyACM…), `input` (evdev: keyboard-wedge scanners), `hidraw` (HID POS scanners),
    /// `video` (V4L2 cameras) or `usb` (a whole USB device, e.g. a TEMPer sensor or an NFC reader).
    public var kind: String
    /// The kernel's name: `ttyUSB0`, `event3`, `hidraw1`, `video0`, `1-1.2`.
    public var name: String
    /// The device node, e.g. `/dev/ttyUSB0` (nil for `usb`, which has no node of its own here).
    public var node: String?
    /// Stable links to the node (`/dev/serial/by-id/…`, `/dev/input/by-id/…`, `/dev/v4l/by-id/…`).
    public var byID: [String]
    /// USB vendor and product id (`0c45`, `7401`), when the device sits on USB.
    public var vendorID: String?
    public var productID: String?
    public var manufacturer: String?
    public var product: String?
    public var serial: String?
    /// The kernel driver bound to it (`ftdi_sio`, `cdc_acm`, `usbhid`, `uvcvideo`).
    public var driver: String?
    /// The `[[device]]` id whose `path` is this node (or one of its links); nil when unconfigured.
    public var configuredAs: String?

    public init(kind: String, name: String, node: String?, byID: [String] = [], vendorID: String? = nil, productID: String? = nil,
                manufacturer: String? = nil, product: String? = nil, serial: String? = nil, driver: String? = nil) {
        self.kind = kind
        self.name = name
        self.node = node
        self.byID = byID
        self.vendorID = vendorID
        self.productID = productID
        self.manufacturer = manufacturer
        self.product = product
        self.serial = serial
        self.driver = driver
    }

    /// The path a config should use: the first by-id link (stable across replugging), else the node.
    public var preferredPath: String? { byID.first ?? node }
}
