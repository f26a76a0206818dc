import NFC
import SystemSupport

/// One open reader: the port lock (serial readers), the libnfc context and device, initialised as initiator.
/// Released in reverse order: device, context, lock.
final class NFCSession: Sendable {
    let device: NFCDevice
    private let context: NFCContext
    private let claim: NFCPortClaim?
    /// The chip and firmware ("PN532 v1.6"), when the reader says.
    let firmware: String?
    /// The requested modulations the reader supports.
    let modulations: [NFCModulation]

    /// Blocking: locks the port, opens the reader and makes it an initiator.
    init(options: NFCReaderDriver.Options) throws {
        let claim = try options.connstring.flatMap(NFCPortClaim.serialPath(of:)).map { path throws(SystemError) in
            try NFCPortClaim(path: path)
        }
        do {
            let context = try NFCContext()
            let device = try context.open(options.connstring)
            do {
                try device.initiatorInit()
                let supported = (try? device.supportedModulations()) ?? [.iso14443a]
                let usable = options.modulations.filter { supported.contains($0.kind) }
                modulations = usable.isEmpty ? [.iso14443a] : usable
                firmware = device.firmware()
            } catch {
                device.close()
                throw error
            }
            self.context = context
            self.device = device
            self.claim = claim
        } catch {
            claim?.release()
            throw error
        }
    }

    /// Closes the device (`nfc_close`), then releases the lock; the context goes with the last reference.
    func close() {
        device.close()
        claim?.release()
    }
}
