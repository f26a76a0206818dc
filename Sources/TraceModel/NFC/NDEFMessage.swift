/// NDEF messages (NFC Forum NDEF 1.0 §3): records with a header byte `MB ME CF SR IL TNF(3)`, a type
/// length, a 1-byte (SR) or 4-byte payload length, an optional ID length (IL), then type, ID and payload.
public enum NDEFMessage {
    /// Type Name Format values (NDEF 1.0 §3.2.6).
    public enum TNF: UInt8, Sendable {
        case empty = 0, wellKnown = 1, media = 2, absoluteURI = 3, external = 4, unknown = 5, unchanged = 6, reserved = 7
    }

    /// Parses a whole message into records: chunked records (CF) are joined, URI (RTD "U") and Text (RTD "T")
    /// records are decoded, every other record keeps its payload as hex.
    ///
    /// - Throws: ``NFCParseError`` (truncated record, bad flags, bad URI or Text payload); never traps.
    public static func parse(_ bytes: [UInt8]) throws(NFCParseError) -> [NDEFRecordData] {
        var records: [NDEFRecordData] = []
        var i = 0
        var index = 0
        var chunk: (tnf: UInt8, type: [UInt8], id: [UInt8], payload: [UInt8])?
        guard !bytes.isEmpty else { throw NFCParseError(.truncatedRecord, "NDEF: the message is empty (an NDEF TLV of length 0: the tag holds no records)") }
        while true {
            guard i < bytes.count else {
                throw NFCParseError(.truncatedRecord, "NDEF: the message ends after record \(index) without a record flagged ME (message end): it is truncated")
            }
            let header = bytes[i]
            let mb = header & 0x80 != 0, me = header & 0x40 != 0, cf = header & 0x20 != 0
            let sr = header & 0x10 != 0, il = header & 0x08 != 0
            let tnf = header & 0x07
            let at = "NDEF record \(index + 1) (offset \(i))"
            if index == 0 && !mb { throw NFCParseError(.invalidRecord, "\(at): the first record lacks the MB (message begin) flag") }
            if index > 0 && mb { throw NFCParseError(.invalidRecord, "\(at): MB (message begin) set on a record that is not the first") }
            if tnf == TNF.reserved.rawValue { throw NFCParseError(.invalidRecord, "\(at): TNF 7 is reserved") }
            var p = i + 1
            let fixed = 1 + (sr ? 1 : 4) + (il ? 1 : 0)
            guard bytes.count - p >= fixed else {
                throw NFCParseError(.truncatedRecord, "\(at): the header needs \(fixed + 1) bytes, only \(bytes.count - i) remain")
            }
            let typeLength = Int(bytes[p]); p += 1
            var payloadLength: Int
            if sr {
                payloadLength = Int(bytes[p]); p += 1
            } else {
                payloadLength = Int(bytes[p]) << 24 | Int(bytes[p + 1]) << 16 | Int(bytes[p + 2]) << 8 | Int(bytes[p + 3]); p += 4
            }
            let idLength = il ? Int(bytes[p]) : 0
            if il { p += 1 }
            let remaining = bytes.count - p
            guard typeLength <= remaining, idLength <= remaining - typeLength, payloadLength <= remaining - typeLength - idLength else {
                throw NFCParseError(.truncatedRecord, "\(at): type \(typeLength) + id \(idLength) + payload \(payloadLength) bytes announced, only \(remaining) remain: the record is truncated")
            }
            let type = Array(bytes[p..<(p + typeLength)]); p += typeLength
            let id = Array(bytes[p..<(p + idLength)]); p += idLength
            let payload = Array(bytes[p..<(p + payloadLength)]); p += payloadLength
            i = p

            if tnf == TNF.empty.rawValue, typeLength != 0 || idLength != 0 || payloadLength != 0 {
                throw NFCParseError(.invalidRecord, "\(at): an empty record (TNF 0) must have no type, id or payload")
            }
            if (tnf == TNF.unknown.rawValue || tnf == TNF.unchanged.rawValue), typeLength != 0 {
                throw NFCParseError(.invalidRecord, "\(at): TNF \(tnf) records must have no type")
            }
            if var open = chunk {
                // A middle or last chunk: TNF unchanged, no type, no id.
                guard tnf == TNF.unchanged.rawValue, !il else {
                    throw NFCParseError(.invalidRecord, "\(at): a following chunk must have TNF 6 (unchanged) and no ID")
                }
                open.payload += payload
                if cf {
                    chunk = open
                } else {
                    records.append(try decode(tnf: open.tnf, type: open.type, id: open.id, payload: open.payload, at: at))
                    chunk = nil
                }
            } else {
                if tnf == TNF.unchanged.rawValue { throw NFCParseError(.invalidRecord, "\(at): TNF 6 (unchanged) outside a chunked record") }
                if cf {
                    chunk = (tnf, type, id, payload)
                } else {
                    records.append(try decode(tnf: tnf, type: type, id: id, payload: payload, at: at))
                }
            }
            index += 1
            if me {
                if chunk != nil { throw NFCParseError(.invalidRecord, "\(at): ME (message end) inside a chunked record") }
                return records
            }
        }
    }

    /// One record's content.
    static func decode(tnf: UInt8, type: [UInt8], id: [UInt8], payload: [UInt8], at: String) throws(NFCParseError) -> NDEFRecordData {
        var record = NDEFRecordData(tnf: Int(tnf), type: Self.text(type), id: id.isEmpty ? nil : Self.text(id))
        if tnf == TNF.wellKnown.rawValue && type == [0x55] {  // "U"
            guard let code = payload.first else { throw NFCParseError(.invalidPayload, "\(at): a URI record with no payload") }
            guard let prefix = NDEFURIPrefix.prefix(code) else {
                throw NFCParseError(.invalidPayload, "\(at): URI identifier code 0x\(Hex.encode([code])) is reserved (0x00…0x23 are defined)")
            }
            guard let rest = String(validating: payload.dropFirst(), as: UTF8.self) else {
                throw NFCParseError(.invalidPayload, "\(at): the URI is not valid UTF-8")
            }
            record.uri = prefix + rest
        } else if tnf == TNF.wellKnown.rawValue && type == [0x54] {  // "T"
            guard let status = payload.first else { throw NFCParseError(.invalidPayload, "\(at): a Text record with no payload") }
            let languageLength = Int(status & 0x3F)
            guard languageLength <= payload.count - 1 else {
                throw NFCParseError(.invalidPayload, "\(at): the language code length \(languageLength) runs past the Text payload (\(payload.count) bytes)")
            }
            let language = Array(payload[1..<(1 + languageLength)])
            let body = Array(payload[(1 + languageLength)...])
            guard let lang = String(validating: language, as: UTF8.self), language.allSatisfy({ $0 < 0x80 }) else {
                throw NFCParseError(.invalidPayload, "\(at): the language code is not ASCII (IANA language tag expected)")
            }
            record.lang = lang
            if status & 0x80 != 0 {
                guard let text = Self.utf16(body) else { throw NFCParseError(.invalidPayload, "\(at): the text is not valid UTF-16") }
                record.text = text
            } else {
                guard let text = String(validating: body, as: UTF8.self) else {
                    throw NFCParseError(.invalidPayload, "\(at): the text is not valid UTF-8")
                }
                record.text = text
            }
        } else if tnf == TNF.absoluteURI.rawValue {
            record.payload = payload.isEmpty ? nil : Hex.encode(payload)
        } else if tnf != TNF.empty.rawValue {
            record.payload = Hex.encode(payload)
        }
        return record
    }

    /// ASCII printable bytes as text; anything else as hex.
    static func text(_ bytes: [UInt8]) -> String? {
        if bytes.isEmpty { return nil }
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return String(decoding: bytes, as: UTF8.self) }
        return Hex.encode(bytes)
    }

    /// UTF-16 with an optional byte order mark; big-endian without one (RTD-Text 1.0 §3.4).
    static func utf16(_ bytes: [UInt8]) -> String? {
        guard bytes.count % 2 == 0 else { return nil }
        var b = bytes[...]
        var bigEndian = true
        if b.count >= 2 {
            if b[b.startIndex] == 0xFF && b[b.startIndex + 1] == 0xFE { bigEndian = false; b = b.dropFirst(2) }
            else if b[b.startIndex] == 0xFE && b[b.startIndex + 1] == 0xFF { b = b.dropFirst(2) }
        }
        var units: [UInt16] = []
        var i = b.startIndex
        while i < b.endIndex {
            let hi = UInt16(b[i]), lo = UInt16(b[i + 1])
            units.append(bigEndian ? hi << 8 | lo : lo << 8 | hi)
            i += 2
        }
        return String(validating: units, as: UTF16.self)
    }
}
