import Foundation
import TraceModel
import USB

/// An open TEMPer: libusb context, device handle and claimed interface 1 (usbhid detached), with the
/// model worked out. Blocking; used from one dedicated thread at a time. ``close()`` releases in
/// reverse order: interface (kernel driver reattached), handle, then the context.
final class TemperSession: @unchecked Sendable {
    let context: USBContext
    let handle: USBDeviceHandle
    private var interface: USBClaimedInterface?
    let family: TemperProtocol.Family
    let model: TemperModel
    /// USB serial number, or `usb:` + port path when the device has none.
    let identity: String
    let timeoutMs: UInt32

    struct Match: Sendable {
        var vendorID: UInt16?
        var productID: UInt16?
        var serial: String?
        var portPath: String?
    }

    /// Arrivals and departures of the device's VID:PID, when libusb has hotplug and registration worked;
    /// nil: the driver falls back to rescans (no wait for arrivals, departures seen as failed transfers).
    let hotplug: USBHotplug?
    /// The device's place on the bus now (the address changes on every replug).
    let bus: UInt8
    let address: UInt8
    /// How the device was found: `rescan`, or `hotplug arrival (bus B address A)`.
    let foundBy: String

    private init(context: USBContext, handle: USBDeviceHandle, interface: USBClaimedInterface, family: TemperProtocol.Family,
                 model: TemperModel, identity: String, timeoutMs: UInt32, hotplug: USBHotplug?, bus: UInt8, address: UInt8,
                 foundBy: String) {
        self.context = context
        self.handle = handle
        self.interface = interface
        self.family = family
        self.model = model
        self.identity = identity
        self.timeoutMs = timeoutMs
        self.hotplug = hotplug
        self.bus = bus
        self.address = address
        self.foundBy = foundBy
    }

    enum OpenError: Error {
        case notFound(String)
        case usb(USBError)
        case decode(TemperDecodeError)
    }

    /// Finds the first TEMPer that matches, opens it, claims interface 1 and identifies the model.
    ///
    /// With `hotplug` (registered by the caller before the open, so that an arrival during the scan is not
    /// lost), when the scan finds nothing the open waits up to `waitMs` for an arrival, then scans again at
    /// once. Without, it scans once and throws ``OpenError/notFound(_:)``: the owner rescans later. `stop`
    /// (with ``USBHotplug/interrupt()``) ends the wait early (shutdown).
    static func open(_ match: Match, hotplug: USBHotplug?, timeoutMs: UInt32, waitMs: Int,
                     stop: StopSignal) throws(OpenError) -> TemperSession {
        let context: USBContext
        do { context = try USBContext() } catch { throw .usb(error) }
        if let session = try find(match, context: context, timeoutMs: timeoutMs, hotplug: hotplug, foundBy: "rescan") {
            return session
        }
        if let hotplug, waitMs > 0 {
            let deadline = ContinuousClock.now + .milliseconds(waitMs)
            // Blocks in libusb until a hotplug event, the deadline, or the stop (which interrupts the wait).
            while Self.wait(for: hotplug, until: deadline, stop: stop) {
                for case .arrived(let bus, let address) in hotplug.take() {
                    let how = "hotplug arrival (bus \(bus) address \(address))"
                    if let session = try find(match, context: context, timeoutMs: timeoutMs, hotplug: hotplug, foundBy: how) {
                        return session
                    }
                }
            }
        }
        throw .notFound(describe(match))
    }

    /// Waits for this device's hotplug departure for at most `ms`; nil when the time passed, `stop` was set
    /// (with ``USBHotplug/interrupt()`` to end the wait at once), or there is no hotplug. The thread sleeps
    /// in libusb meanwhile: no polling.
    func awaitDeparture(ms: Int, stop: StopSignal) -> USBHotplug.Event? {
        guard let hotplug else { return nil }
        let deadline = ContinuousClock.now + .milliseconds(ms)
        repeat {
            if let left = hotplug.take().first(where: { $0 == .left(bus: bus, address: address) }) { return left }
        } while Self.wait(for: hotplug, until: deadline, stop: stop)
        return nil
    }

    /// One blocking wait for hotplug events, ending by `deadline`; false (without waiting) once the deadline
    /// passed or `stop` is set. A failing wait sleeps up to 100 ms instead, so that an error repeated at once
    /// cannot turn the wait into a busy loop.
    static func wait(for hotplug: USBHotplug, until deadline: ContinuousClock.Instant, stop: StopSignal) -> Bool {
        let left = deadline - .now
        guard !stop.isSet, left > .zero else { return false }
        let (seconds, attoseconds) = left.components
        let ms = Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        do {
            try hotplug.wait(timeoutMs: ms)
        } catch {
            if !stop.isSet { usleep(useconds_t(min(ms, 100) * 1000)) }
        }
        return true
    }

    static func describe(_ m: Match) -> String {
        var parts: [String] = []
        if let v = m.vendorID, let p = m.productID { parts.append(USBDeviceID(v, p)) } else { parts.append("any TEMPer") }
        if let s = m.serial { parts.append("serial \(s)") }
        if let p = m.portPath { parts.append("port \(p)") }
        return parts.joined(separator: ", ")
    }

    private static func USBDeviceID(_ v: UInt16, _ p: UInt16) -> String {
        func h(_ x: UInt16) -> String { let s = String(x, radix: 16); return String(repeating: "0", count: 4 - s.count) + s }
        return h(v) + ":" + h(p)
    }

    private static func find(_ match: Match, context: USBContext, timeoutMs: UInt32, hotplug: USBHotplug?,
                             foundBy: String) throws(OpenError) -> TemperSession? {
        let devices: [USBDevice]
        do { devices = try context.devices() } catch { throw .usb(error) }
        for device in devices {
            guard let family = TemperProtocol.family(vendorID: device.vendorID, productID: device.productID) else { continue }
            if let v = match.vendorID, v != device.vendorID { continue }
            if let p = match.productID, p != device.productID { continue }
            if let port = match.portPath, port != device.portPath { continue }
            let handle: USBDeviceHandle
            do { handle = try device.open() } catch { throw .usb(error) }
            let serial = (try? handle.string(at: device.serialNumberIndex)) ?? nil
            if let wanted = match.serial, wanted != serial { handle.close(); continue }
            let product = (try? handle.string(at: device.productIndex)) ?? nil
            let interface: USBClaimedInterface
            do { interface = try handle.claim(interface: TemperProtocol.interface) } catch { handle.close(); throw .usb(error) }
            let identity = serial.flatMap { $0.isEmpty ? nil : $0 } ?? "usb:" + device.portPath
            var model: TemperModel
            switch family {
            case .setReport:
                guard let m = TemperProtocol.model(vendorID: device.vendorID, productID: device.productID, product: product) else {
                    interface.release()
                    handle.close()
                    continue
                }
                model = m
            case .firmwareQuery:
                let session = TemperSession(context: context, handle: handle, interface: interface, family: family,
                                            model: TemperModel(name: "?", conversion: .fixedPoint(divisor: 100)),
                                            identity: identity, timeoutMs: timeoutMs, hotplug: nil,
                                            bus: device.bus, address: device.address, foundBy: foundBy)
                // The firmware name decides (temper-py); an older device that does not answer the query, or
                // a firmware not in the table, is looked up by its product string (temperusb's library).
                let firmware: Result<String, USBError>
                do { firmware = .success(try session.queryFirmware()) } catch { firmware = .failure(error) }
                if case .failure(let e) = firmware, e.code == .noDevice { session.close(); throw .usb(e) }
                let byFirmware = firmware.map { TemperProtocol.model(firmware: $0) }
                if case .success(.success(let m)) = byFirmware {
                    model = m
                } else if let m = TemperProtocol.model(product: (product ?? "").trimmingCharacters(in: .whitespaces)) {
                    model = m
                } else {
                    session.close()
                    switch byFirmware {
                    case .success(.failure(let e)): throw .decode(e)
                    case .failure(let e): throw .usb(e)
                    case .success(.success): preconditionFailure()
                    }
                }
            }
            return TemperSession(context: context, handle: handle, interface: interface, family: family, model: model,
                                 identity: identity, timeoutMs: timeoutMs, hotplug: hotplug, bus: device.bus,
                                 address: device.address, foundBy: foundBy)
        }
        return nil
    }

    private func send(_ report: [UInt8]) throws(USBError) {
        let s = TemperProtocol.setReport
        try handle.control(requestType: s.requestType, request: s.request, value: s.value, index: s.index,
                           data: report, timeoutMs: timeoutMs)
    }

    private func readReport() throws(USBError) -> [UInt8] {
        try handle.interruptRead(endpoint: TemperProtocol.endpoint, length: TemperProtocol.reportLength, timeoutMs: timeoutMs)
    }

    /// Sends the firmware query and reads its two reports.
    func queryFirmware() throws(USBError) -> String {
        try send(TemperProtocol.firmwareQuery)
        var bytes = try readReport()
        bytes += try readReport()
        return TemperProtocol.firmwareName(bytes)
    }

    /// One sample: the data query and its report.
    func sample() throws(USBError) -> [UInt8] {
        try send(TemperProtocol.dataQuery)
        return try readReport()
    }

    /// Resets the device after it stopped answering (`libusb_reset_device`), and claims the interface again.
    func reset() throws(USBError) {
        interface?.release()
        interface = nil
        try handle.reset()
        interface = try handle.claim(interface: TemperProtocol.interface)
    }

    /// Releases the interface (reattaching usbhid), closes the handle; the context goes with the last reference.
    func close() {
        interface?.release()
        interface = nil
        handle.close()
    }
}
