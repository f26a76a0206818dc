import CLibUSB

/// A libusb session (`libusb_init` … `libusb_exit`). Devices and handles keep their context alive, so
/// `libusb_exit` runs only after the last of them is released.
///
/// Blocking calls (transfers, `handleEvents`) belong on a dedicated thread, never on Swift's shared pool.
public final class USBContext: @unchecked Sendable {
    let pointer: OpaquePointer

    /// `libusb_init`.
    public init() throws(USBError) {
        var ctx: OpaquePointer?
        try USBError.check("libusb_init", libusb_init(&ctx))
        guard let ctx else { throw USBError("libusb_init", code: .other) }
        pointer = ctx
    }

    deinit {
        libusb_exit(pointer)
    }

    /// Whether libusb delivers hotplug events on this platform (`LIBUSB_CAP_HAS_HOTPLUG`).
    public static var hasHotplug: Bool {
        libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0
    }

    /// The devices attached now (`libusb_get_device_list`).
    public func devices() throws(USBError) -> [USBDevice] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(pointer, &list)
        if count < 0 { throw USBError("libusb_get_device_list", code: USBCode(rawValue: CInt(count))) }
        guard let list else { return [] }
        defer { libusb_free_device_list(list, 1) }
        var out: [USBDevice] = []
        for i in 0..<Int(count) {
            if let d = list[i], let device = try? USBDevice(retaining: d, context: self) { out.append(device) }
        }
        return out
    }

    /// Runs libusb's event handling for at most `timeoutMs` (`libusb_handle_events_timeout_completed`);
    /// hotplug callbacks run inside this call, on the calling thread.
    public func handleEvents(timeoutMs: Int) throws(USBError) {
        var tv = timeval(tv_sec: timeoutMs / 1000, tv_usec: (timeoutMs % 1000) * 1000)
        try USBError.check("libusb_handle_events_timeout_completed", libusb_handle_events_timeout_completed(pointer, &tv, nil))
    }

    /// Ends a ``handleEvents(timeoutMs:)`` blocked on another thread at once, or the next one to start when
    /// none is (`libusb_interrupt_event_handler`): how a stop reaches a thread that waits in libusb for a
    /// hotplug event, without that thread waking on a short timeout to look for it.
    public func interruptEventHandling() {
        libusb_interrupt_event_handler(pointer)
    }
}
