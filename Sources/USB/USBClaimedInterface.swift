import CLibUSB

/// A claimed interface (`libusb_claim_interface`); when a kernel driver held it, that driver was
/// detached first (`libusb_detach_kernel_driver`). ``release()`` (or deinit) undoes both in reverse
/// order: release the interface, then reattach the kernel driver.
public final class USBClaimedInterface: @unchecked Sendable {
    public let handle: USBDeviceHandle
    public let number: Int
    /// Whether a kernel driver was detached to claim the interface.
    public let detachedKernelDriver: Bool
    private var claimed = true

    init(handle: USBDeviceHandle, number: Int) throws(USBError) {
        let pointer = try handle.open()
        var detached = false
        // ENODATA from the kernel (no driver) is 0 here; LIBUSB_ERROR_NOT_SUPPORTED where detaching is impossible.
        let active = libusb_kernel_driver_active(pointer, Int32(number))
        if active == 1 {
            try USBError.check("libusb_detach_kernel_driver", libusb_detach_kernel_driver(pointer, Int32(number)))
            detached = true
        }
        let r = libusb_claim_interface(pointer, Int32(number))
        if r < 0 {
            // Undo the half-acquired state before throwing.
            if detached { _ = libusb_attach_kernel_driver(pointer, Int32(number)) }
            throw USBError("libusb_claim_interface", code: USBCode(rawValue: r))
        }
        self.handle = handle
        self.number = number
        self.detachedKernelDriver = detached
    }

    /// Releases the interface and reattaches the kernel driver; safe to call twice.
    public func release() {
        guard claimed, let pointer = try? handle.open() else { claimed = false; return }
        claimed = false
        _ = libusb_release_interface(pointer, Int32(number))
        if detachedKernelDriver { _ = libusb_attach_kernel_driver(pointer, Int32(number)) }
    }

    deinit {
        release()
    }
}
