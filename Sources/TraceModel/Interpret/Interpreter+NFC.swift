import Foundation

extension Interpreter {
    /// An NFC tag that arrived: type from GET_VERSION (or SAK), capability container, TLVs and NDEF records
    /// from its memory; a GS1 Digital Link or `urn:epc:id:` URI gives the GS1 keys. A tag that is not
    /// NDEF-formatted is a plain `tag` event (UID only); malformed NDEF (bad TLV lengths, truncated records,
    /// a capability container pointing past the memory) makes a `rejected` event that keeps the UID and says why.
    func interpretNFC(_ read: NFCTagRead, at time: EventTime, into event: inout TraceEvent) {
        var tag = TagData(uid: read.uidHex, type: read.modulation)
        if let atqa = read.atqa { tag.atqa = Hex.encode(atqa) }
        if let sak = read.sak { tag.sak = Hex.encode([sak]) }
        let type = read.version.flatMap { NFCTagType(version: $0) }
        if let type {
            tag.type = type.name
        } else if let sak = read.sak {
            tag.type = NFCTagType.name(sak: sak, atqa: read.atqa ?? [])
        }
        event.kind = .tag
        defer { event.tag = tag }
        guard let memory = read.memory, memory.count >= 16 else {
            if let error = read.readError {
                reject(&event, "NFC tag \(read.uidHex): \(error)", memory: read.memory ?? [])
            }
            return
        }
        do throws(NFCParseError) {
            let records = try NFCType2Memory.ndefRecords(memory: memory, type: type)
            tag.ndef = records
            if let records { interpretURIs(records, at: time, into: &tag) }
        } catch {
            if error.code == .notFormatted && read.readError == nil { return }
            // A read cut short explains a truncated structure better than the structure does.
            let why = read.readError.map { "\($0); in what was read: \(error.message)" } ?? error.message
            reject(&event, "NFC tag \(read.uidHex): \(why)", memory: memory)
        }
    }

    private func reject(_ event: inout TraceEvent, _ reason: String, memory: [UInt8]) {
        event.kind = .rejected
        event.rejected = RejectedInfo(reason: reason, raw: Hex.encode(memory))
    }

    /// The GS1 keys of the first URI record that is a GS1 Digital Link or an EPC pure identity URI.
    private func interpretURIs(_ records: [NDEFRecordData], at time: EventTime, into tag: inout TagData) {
        for uri in records.compactMap(\.uri) {
            if uri.hasPrefix("urn:epc:id:") {
                tag.epc = uri
                if let keys = EPCURI.keys(of: uri) {
                    tag.gtin = keys.gtin
                    tag.serial = keys.serial
                    tag.sscc = keys.sscc
                }
                return
            }
            guard uri.hasPrefix("https://") || uri.hasPrefix("http://") else { continue }
            let reference = Date(timeIntervalSince1970: Double(time.unixMillis) / 1000)
            if case .success(let scan) = BarcodeInterpreter(prefixes: prefixes, referenceDate: reference).interpret(uri),
               scan.gtin != nil || scan.sscc != nil || scan.gln != nil {
                tag.digitalLink = scan.digitalLink ?? uri
                tag.gtin = scan.gtin
                tag.serial = scan.serial
                tag.lot = scan.lot
                tag.sscc = scan.sscc
                tag.gln = scan.gln
                tag.epc = scan.epc
                return
            }
        }
    }
}
