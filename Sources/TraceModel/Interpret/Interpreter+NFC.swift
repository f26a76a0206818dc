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
        do {
            let records = try Self.ndefRecords(memory: memory, type: type)
            tag.ndef = records
            if let records { interpretURIs(records, at: time, into: &tag) }
        } catch let error as NFCParseError {
            if error.code == .notFormatted { return }
            reject(&event, "NFC tag \(read.uidHex): \(error.message)", memory: memory)
        } catch {
            reject(&event, "NFC tag \(read.uidHex): \(error)", memory: memory)
        }
    }

    private func reject(_ event: inout TraceEvent, _ reason: String, memory: [UInt8]) {
        event.kind = .rejected
        event.rejected = RejectedInfo(reason: reason, raw: Hex.encode(memory))
    }

    /// The NDEF records in a Type 2 tag's memory (read from page 0); nil when the tag holds no NDEF TLV.
    ///
    /// - Throws: ``NFCParseError``: not formatted, the container points past the memory (of the chip, when its
    ///   type is known, else of what was read), TLV or record errors.
    public static func ndefRecords(memory: [UInt8], type: NFCTagType?) throws(NFCParseError) -> [NDEFRecordData]? {
        guard memory.count >= 16 else { throw NFCParseError(.shortMemory, "only \(memory.count) bytes of memory read, 16 needed for the capability container") }
        let cc = try NFCCapabilityContainer(page3: Array(memory[12..<16]))
        let available = (type.map { $0.pages * 4 } ?? memory.count) - 16
        guard cc.dataAreaBytes <= available else {
            throw NFCParseError(.tlvOverrun, "the capability container announces a \(cc.dataAreaBytes)-byte data area, but the \(type?.name ?? "tag") has only \(available) bytes after page 3: the container is corrupt (rewrite page 3)")
        }
        let end = min(memory.count, 16 + cc.dataAreaBytes)
        let tlvs = try NFCTLV.walk(Array(memory[16..<end]))
        guard let ndef = tlvs.first(where: { $0.type == NFCTLV.ndefMessage }) else { return nil }
        if ndef.value.isEmpty { return [] }
        return try NDEFMessage.parse(ndef.value)
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
