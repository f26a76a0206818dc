import CNFC
import Synchronization

/// An open reader (`nfc_device`, from `nfc_open(3)`), used as an initiator (reader/writer).
///
/// Owns the device and keeps its ``NFCContext`` alive: `nfc_close` runs in ``close()`` or `deinit`, before the
/// context's `nfc_exit`. The blocking calls (``poll(_:pollCount:period:)``, ``transceive(_:timeoutMs:)``,
/// ``isTargetPresent()``) must be made from one thread at a time, off Swift's cooperative pool;
/// ``abort()`` may be called from any thread while one of them blocks.
public final class NFCDevice: @unchecked Sendable {
    private let context: NFCContext
    private let state: Mutex<OpaquePointer?>
    /// The connstring libnfc opened (`nfc_device_get_connstring`), e.g. `pn532_uart:/dev/ttyUSB0`.
    public let connstring: String
    /// The device name (`nfc_device_get_name`).
    public let name: String

    init(context: NFCContext, connstring: String?) throws(NFCError) {
        self.context = context
        let device: OpaquePointer?
        if let connstring {
            device = nfc_open(context.pointer, connstring)
        } else {
            device = nfc_open(context.pointer, nil)
        }
        guard let device else {
            throw NFCError(.noSuchDevice, operation: "nfc_open",
                           message: "cannot open the reader \(connstring ?? "(first found)"): it is not there, does not answer as a PN53x, or its port is claimed by another program")
        }
        self.connstring = String(cString: nfc_device_get_connstring(device))
        self.name = String(cString: nfc_device_get_name(device))
        state = Mutex(device)
    }

    deinit { close() }

    /// Closes the device (`nfc_close`: releases the target, switches the RF field off, closes the port).
    /// Safe to call more than once; not while a blocking call runs on another thread (``abort()`` it first).
    public func close() {
        let device = state.withLock { d -> OpaquePointer? in
            defer { d = nil }
            return d
        }
        if let device { nfc_close(device) }
    }

    private func handle(_ operation: String) throws(NFCError) -> OpaquePointer {
        guard let d = state.withLock({ $0 }) else {
            throw NFCError(.io, operation: operation, message: "the device is closed")
        }
        return d
    }

    private func check(_ result: CInt, _ operation: String, _ device: OpaquePointer) throws(NFCError) -> Int {
        if result < 0 { throw NFCError(result: result, operation: operation, device: device) }
        return Int(result)
    }

    /// Makes the device an initiator (`nfc_initiator_init`): RF field on, easy framing, CRC and parity by the chip.
    public func initiatorInit() throws(NFCError) {
        let d = try handle("nfc_initiator_init")
        _ = try check(nfc_initiator_init(d), "nfc_initiator_init", d)
    }

    /// Sets a boolean property (`nfc_device_set_property_bool`).
    public func setProperty(_ property: NFCProperty, _ value: Bool) throws(NFCError) {
        let d = try handle("nfc_device_set_property_bool")
        _ = try check(nfc_device_set_property_bool(d, property.c, value), "nfc_device_set_property_bool", d)
    }

    /// The modulations the reader supports as an initiator (`nfc_device_get_supported_modulation`).
    public func supportedModulations() throws(NFCError) -> [NFCModulation.Kind] {
        let d = try handle("nfc_device_get_supported_modulation")
        var list: UnsafePointer<nfc_modulation_type>?
        _ = try check(nfc_device_get_supported_modulation(d, N_INITIATOR, &list), "nfc_device_get_supported_modulation", d)
        var out: [NFCModulation.Kind] = []
        var i = 0
        while let list, list[i].rawValue != 0 {
            out.append(NFCModulation(nfc_modulation(nmt: list[i], nbr: NBR_106)).kind)
            i += 1
        }
        return out
    }

    /// What the device says about itself (`nfc_device_get_information_about`), e.g. "chip: PN532 v1.6 …".
    public func information() throws(NFCError) -> String {
        let d = try handle("nfc_device_get_information_about")
        var text: UnsafeMutablePointer<CChar>?
        _ = try check(nfc_device_get_information_about(d, &text), "nfc_device_get_information_about", d)
        defer { nfc_free(text) }
        return text.map { String(cString: $0) } ?? ""
    }

    /// The chip and firmware, from ``information()``'s `chip:` line (e.g. "PN532 v1.6"), or nil.
    public func firmware() -> String? {
        guard let info = try? information() else { return nil }
        for line in info.split(separator: "\n") {
            let t = line.drop { $0 == " " || $0 == "\t" }
            if t.hasPrefix("chip:") { return String(t.dropFirst(5).drop { $0 == " " || $0 == "\t" }) }
        }
        return nil
    }

    /// Waits for a tag (`nfc_initiator_poll_target`; on a PN532, its InAutoPoll command). Returns nil when the
    /// polls ran out with no tag. `pollCount` 0xFF polls until a tag comes or ``abort()`` (throws
    /// ``NFCError/Code/aborted``); `period` is in units of 150 ms.
    public func poll(_ modulations: [NFCModulation], pollCount: UInt8, period: UInt8) throws(NFCError) -> NFCTarget? {
        let d = try handle("nfc_initiator_poll_target")
        var target = nfc_target()
        let mods = modulations.map(\.c)
        let result = mods.withUnsafeBufferPointer { nfc_initiator_poll_target(d, $0.baseAddress, $0.count, pollCount, period, &target) }
        if try check(result, "nfc_initiator_poll_target", d) == 0 { return nil }
        return NFCTarget(target)
    }

    /// Selects one tag of `modulation` (`nfc_initiator_select_passive_target`; PN53x InListPassiveTarget); nil when none answers.
    public func selectPassiveTarget(_ modulation: NFCModulation) throws(NFCError) -> NFCTarget? {
        let d = try handle("nfc_initiator_select_passive_target")
        var target = nfc_target()
        let result = nfc_initiator_select_passive_target(d, modulation.c, nil, 0, &target)
        if try check(result, "nfc_initiator_select_passive_target", d) == 0 { return nil }
        return NFCTarget(target)
    }

    /// Whether the last selected tag still answers (`nfc_initiator_target_is_present`). False when it left;
    /// throws for reader failures.
    public func isTargetPresent() throws(NFCError) -> Bool {
        let d = try handle("nfc_initiator_target_is_present")
        let result = nfc_initiator_target_is_present(d, nil)
        if result == NFC_ETGRELEASED || result == NFC_ERFTRANS || result == NFC_EINVARG { return false }
        _ = try check(result, "nfc_initiator_target_is_present", d)
        return true
    }

    /// Deselects the current tag (`nfc_initiator_deselect_target`; PN53x InDeselect).
    public func deselect() throws(NFCError) {
        let d = try handle("nfc_initiator_deselect_target")
        _ = try check(nfc_initiator_deselect_target(d), "nfc_initiator_deselect_target", d)
    }

    /// Sends bytes to the selected tag and returns its answer (`nfc_initiator_transceive_bytes`; PN53x
    /// InDataExchange with easy framing, or InCommunicateThru). CRC and parity are handled by the chip.
    /// `timeoutMs` -1: libnfc's default; 0: none.
    public func transceive(_ bytes: [UInt8], maxResponse: Int = 264, timeoutMs: CInt = -1) throws(NFCError) -> [UInt8] {
        let d = try handle("nfc_initiator_transceive_bytes")
        var rx = [UInt8](repeating: 0, count: maxResponse)
        let result = rx.withUnsafeMutableBufferPointer { r in
            bytes.withUnsafeBufferPointer { t in
                nfc_initiator_transceive_bytes(d, t.baseAddress, t.count, r.baseAddress, r.count, timeoutMs)
            }
        }
        let n = try check(result, "nfc_initiator_transceive_bytes", d)
        return Array(rx.prefix(n))
    }

    /// Aborts a blocking call running on another thread (`nfc_abort_command`): it throws
    /// ``NFCError/Code/aborted``. A call that had not started blocking yet may not see it: callers that must
    /// stop call this again until the blocking call returned.
    public func abort() {
        guard let d = state.withLock({ $0 }) else { return }
        _ = nfc_abort_command(d)
    }

    /// The last error libnfc recorded (`nfc_device_get_last_error`).
    public var lastError: NFCError.Code? {
        guard let d = state.withLock({ $0 }) else { return nil }
        let e = nfc_device_get_last_error(d)
        return e == 0 ? nil : NFCError.Code(rawValue: e)
    }
}

/// A boolean device property (`nfc_property`).
public struct NFCProperty: Sendable {
    let c: nfc_property
    /// `NP_EASY_FRAMING`: frames go through InDataExchange (on) or raw InCommunicateThru (off).
    public static let easyFraming = Self(c: NP_EASY_FRAMING)
    /// `NP_HANDLE_CRC`: the chip adds and checks CRC (on), or the caller does (off).
    public static let handleCRC = Self(c: NP_HANDLE_CRC)
    /// `NP_HANDLE_PARITY`: the chip handles parity bits.
    public static let handleParity = Self(c: NP_HANDLE_PARITY)
    /// `NP_INFINITE_SELECT`: selection retries until a tag answers.
    public static let infiniteSelect = Self(c: NP_INFINITE_SELECT)
    /// `NP_ACTIVATE_FIELD`: the RF field.
    public static let activateField = Self(c: NP_ACTIVATE_FIELD)
    /// `NP_AUTO_ISO14443_4`: ISO14443-4 (RATS) handled by the chip.
    public static let autoISO14443_4 = Self(c: NP_AUTO_ISO14443_4)
}
