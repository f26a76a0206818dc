import CLibUSB

/// One attached USB device (`libusb_device`, referenced while this object lives).
public final class USBDevice: @unchecked Sendable {
    let pointer: OpaquePointer
    /// Keeps the context alive as long as the device.
    let context: USBContext
    /// The device descriptor's vendor and product IDs.
    public let vendorID: UInt16
    public let productID: UInt16
    /// String descriptor indices (0: none).
    public let manufacturerIndex: UInt8
    public let productIndex: UInt8
    public let serialNumberIndex: UInt8
    /// Bus number and address on the bus (the address changes on every replug).
    public let bus: UInt8
    public let address: UInt8
    /// The port chain from the root hub (`libusb_get_port_numbers`).
    public let ports: [UInt8]

    init(retaining pointer: OpaquePointer, context: USBContext) throws(USBError) {
        var d = libusb_device_descriptor()
        try USBError.check("libusb_get_device_descriptor", libusb_get_device_descriptor(pointer, &d))
        self.pointer = libusb_ref_device(pointer)
        self.context = context
        vendorID = d.idVendor
        productID = d.idProduct
        manufacturerIndex = d.iManufacturer
        productIndex = d.iProduct
        serialNumberIndex = d.iSerialNumber
        bus = libusb_get_bus_number(pointer)
        address = libusb_get_device_address(pointer)
        var numbers = [UInt8](repeating: 0, count: 8)
        let n = libusb_get_port_numbers(pointer, &numbers, Int32(numbers.count))
        ports = n > 0 ? Array(numbers[0..<Int(n)]) : []
    }

    deinit {
        libusb_unref_device(pointer)
    }

    /// The port path as the kernel names it in sysfs: `1-4.2` (bus 1, port 4, then port 2 of a hub).
    /// Stable while the device stays in the same socket, unlike the address.
    public var portPath: String {
        "\(bus)-" + (ports.isEmpty ? "0" : ports.map(String.init).joined(separator: "."))
    }

    /// `vvvv:pppp` in lower-case hex.
    public var id: String { Self.hex(vendorID) + ":" + Self.hex(productID) }

    static func hex(_ v: UInt16) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 4 - s.count) + s
    }

    /// Opens the device (`libusb_open`).
    public func open() throws(USBError) -> USBDeviceHandle {
        var handle: OpaquePointer?
        try USBError.check("libusb_open", libusb_open(pointer, &handle))
        guard let handle else { throw USBError("libusb_open", code: .other) }
        return USBDeviceHandle(pointer: handle, device: self)
    }
}
