import CLibUSB
import Synchronization

/// Hotplug notifications for one vendor/product (`libusb_hotplug_register_callback`), where libusb
/// supports them (``USBContext/hasHotplug``). Events are collected while the owner blocks in ``wait(timeoutMs:)``
/// and taken with ``take()``.
///
/// The registration has a libusb context of its own, with no device open in it: a wait handles hotplug
/// events only, so it sleeps until one comes (libusb wakes every context on a hotplug event), whatever
/// transfers the devices of other contexts make meanwhile.
public final class USBHotplug: @unchecked Sendable {
    /// What happened.
    public enum Event: Sendable, Equatable {
        case arrived(bus: UInt8, address: UInt8)
        case left(bus: UInt8, address: UInt8)
    }

    private let context: USBContext
    private var handle: libusb_hotplug_callback_handle = 0
    private let box: Box

    final class Box: Sendable {
        let events = Mutex<[Event]>([])
    }

    /// Registers for arrivals and departures of `vendorID`:`productID`, in a new context.
    public init(vendorID: UInt16, productID: UInt16) throws(USBError) {
        let context = try USBContext()
        self.context = context
        box = Box()
        let user = Unmanaged.passUnretained(box).toOpaque()
        let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
        var h: libusb_hotplug_callback_handle = 0
        try USBError.check("libusb_hotplug_register_callback", edgetrace_usb_hotplug_register(
            context.pointer, events, Int32(vendorID), Int32(productID), { _, device, event, user in
                guard let user, let device else { return 0 }
                let box = Unmanaged<Box>.fromOpaque(user).takeUnretainedValue()
                let bus = libusb_get_bus_number(device)
                let address = libusb_get_device_address(device)
                let e: Event = event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED
                    ? .arrived(bus: bus, address: address) : .left(bus: bus, address: address)
                box.events.withLock { $0.append(e) }
                return 0
            }, user, &h))
        handle = h
    }

    /// The events since the last call.
    public func take() -> [Event] {
        box.events.withLock { events in
            defer { events = [] }
            return events
        }
    }

    /// Blocks in libusb's event handling, where the callback runs, until an event, `timeoutMs`, or ``interrupt()``.
    public func wait(timeoutMs: Int) throws(USBError) {
        try context.handleEvents(timeoutMs: timeoutMs)
    }

    /// Ends a ``wait(timeoutMs:)`` in progress on another thread, or the next one when none is.
    public func interrupt() {
        context.interruptEventHandling()
    }

    deinit {
        libusb_hotplug_deregister_callback(context.pointer, handle)
    }
}
