import CNFC

/// A libnfc context (`nfc_context`, from `nfc_init(3)`): the library's configuration and driver list.
///
/// Owns the context; devices opened from it keep it alive and are closed before it (`nfc_exit` runs in
/// `deinit`, after every ``NFCDevice`` holding it is gone).
public final class NFCContext: @unchecked Sendable {
    let pointer: OpaquePointer

    /// `nfc_init`. Throws ``NFCError/Code/software`` when libnfc cannot allocate its context.
    public init() throws(NFCError) {
        var context: OpaquePointer?
        nfc_init(&context)
        guard let context else {
            throw NFCError(.software, operation: "nfc_init", message: "libnfc could not create a context (out of memory, or an unreadable /etc/nfc/libnfc.conf)")
        }
        pointer = context
    }

    deinit { nfc_exit(pointer) }

    /// libnfc's version string (`nfc_version`), e.g. "1.8.0".
    public static var version: String { String(cString: nfc_version()) }

    /// The connstrings of readers libnfc finds (`nfc_list_devices`): USB readers, and serial readers only
    /// when intrusive scanning is allowed (`LIBNFC_INTRUSIVE_SCAN=true`); ports on ptys are never scanned.
    public func listDevices(max: Int = 8) -> [String] {
        let buffer = UnsafeMutablePointer<nfc_connstring>.allocate(capacity: max)
        defer { buffer.deallocate() }
        UnsafeMutableRawPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0, count: max * MemoryLayout<nfc_connstring>.size)
        let count = nfc_list_devices(pointer, buffer, max)
        return (0..<min(count, max)).map { String(cString: cnfc_connstring_get(buffer + $0)) }
    }

    /// Opens the reader at `connstring` (`nfc_open`), e.g. `pn532_uart:/dev/ttyUSB0` or `acr122_usb`;
    /// nil means the first reader libnfc finds.
    public func open(_ connstring: String?) throws(NFCError) -> NFCDevice {
        try NFCDevice(context: self, connstring: connstring)
    }
}

