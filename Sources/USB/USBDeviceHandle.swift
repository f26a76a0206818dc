import CLibUSB

/// An open device (`libusb_open` … `libusb_close`). Release claimed interfaces before the handle: a
/// ``USBClaimedInterface`` holds its handle, so the order is kept by ownership.
public final class USBDeviceHandle: @unchecked Sendable {
    private(set) var pointer: OpaquePointer?
    /// Keeps the device (and so the context) alive as long as the handle.
    public let device: USBDevice

    init(pointer: OpaquePointer, device: USBDevice) {
        self.pointer = pointer
        self.device = device
    }

    deinit {
        close()
    }

    /// `libusb_close`; safe to call twice.
    public func close() {
        if let pointer { libusb_close(pointer) }
        pointer = nil
    }

    func open() throws(USBError) -> OpaquePointer {
        guard let pointer else { throw USBError("libusb (closed handle)", code: .noDevice) }
        return pointer
    }

    /// A string descriptor as ASCII (`libusb_get_string_descriptor_ascii`); nil for index 0.
    public func string(at index: UInt8) throws(USBError) -> String? {
        guard index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = try USBError.check("libusb_get_string_descriptor_ascii",
                                   libusb_get_string_descriptor_ascii(try open(), index, &buffer, Int32(buffer.count)))
        return String(decoding: buffer[0..<Int(n)], as: UTF8.self)
    }

    /// Whether a kernel driver (usbhid) holds `interface` (`libusb_kernel_driver_active`).
    public func kernelDriverActive(interface: Int) throws(USBError) -> Bool {
        try USBError.check("libusb_kernel_driver_active", libusb_kernel_driver_active(try open(), Int32(interface))) == 1
    }

    /// Claims `interface`, detaching the kernel driver first when one holds it; the driver is
    /// reattached when the claim is released.
    public func claim(interface: Int) throws(USBError) -> USBClaimedInterface {
        try USBClaimedInterface(handle: self, number: interface)
    }

    /// A control transfer (`libusb_control_transfer`). OUT: sends `data`; IN (bit 7 of `requestType`):
    /// reads up to `length` bytes. Returns the bytes read (IN) or an empty array (OUT).
    @discardableResult
    public func control(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8] = [],
                        length: Int = 0, timeoutMs: UInt32) throws(USBError) -> [UInt8] {
        let input = requestType & 0x80 != 0
        var buffer = input ? [UInt8](repeating: 0, count: length) : data
        let n = try USBError.check("libusb_control_transfer", libusb_control_transfer(
            try open(), requestType, request, value, index, &buffer, UInt16(buffer.count), timeoutMs))
        return input ? Array(buffer[0..<Int(n)]) : []
    }

    /// Reads one interrupt IN report of at most `length` bytes from `endpoint` (`libusb_interrupt_transfer`).
    public func interruptRead(endpoint: UInt8, length: Int, timeoutMs: UInt32) throws(USBError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: length)
        var transferred: Int32 = 0
        try USBError.check("libusb_interrupt_transfer", libusb_interrupt_transfer(
            try open(), endpoint | 0x80, &buffer, Int32(length), &transferred, timeoutMs))
        return Array(buffer[0..<Int(transferred)])
    }

    /// Resets the device (`libusb_reset_device`). Throws `.notFound` when the device re-enumerated
    /// (it must then be looked up and opened again).
    public func reset() throws(USBError) {
        try USBError.check("libusb_reset_device", libusb_reset_device(try open()))
    }
}
