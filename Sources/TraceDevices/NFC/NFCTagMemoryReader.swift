import NFC
import TraceModel

/// Reads what identifies a tag and, for an NFC Forum Type 2 tag (SAK 0x00: NTAG21x, Ultralight), its memory:
/// GET_VERSION (0x60) for the chip, then READ (0x30, 16 bytes = 4 pages) from page 0 through the data area
/// the capability container announces, bounded by the chip's size.
enum NFCTagMemoryReader {
    /// `transceive` sends a command to the selected tag and returns its answer (CRC handled by the reader).
    /// `reselect` selects the tag again: a tag that does not know GET_VERSION (MIFARE Ultralight) answers it with a
    /// NAK and halts until it is selected again.
    static func read(_ target: NFCTarget, readMemory: Bool, transceive: ([UInt8]) throws -> [UInt8],
                     reselect: () throws -> Void) -> NFCTagRead {
        var read = NFCTagRead(modulation: target.modulation.description, uid: target.uid, atqa: target.atqa, sak: target.sak)
        guard readMemory, target.modulation.kind == .iso14443a, target.sak == 0x00 else { return read }
        if let version = try? transceive([0x60]), version.count == 8 {
            read.version = version
        } else {
            do {
                try reselect()
            } catch {
                read.readError = "the tag did not answer GET_VERSION and could not be selected again (\(error)): it was moved away"
                return read
            }
        }
        let type = read.version.flatMap { NFCTagType(version: $0) } ?? .ultralight
        var memory: [UInt8] = []
        var limit = 16  // bytes to read: the capability container first
        var page = 0
        while memory.count < limit {
            do {
                let chunk = try transceive([0x30, UInt8(page)])
                guard chunk.count == 16 else {
                    read.readError = "READ of page \(page) answered \(chunk.count) bytes, 16 expected"
                    break
                }
                memory += chunk
            } catch {
                read.readError = "READ of page \(page) failed (\(error)): the tag was moved away while it was read, or it protects its memory"
                break
            }
            page += 4
            if memory.count >= 16 && limit == 16 {
                // Capability container (page 3): E1 … size×8 … Not formatted: the first pages are all we need.
                guard memory[12] == 0xE1 else { break }
                limit = min(16 + Int(memory[14]) * 8, type.pages * 4)
            }
        }
        read.memory = memory.isEmpty ? nil : Array(memory.prefix(max(limit, 16)))
        return read
    }
}
