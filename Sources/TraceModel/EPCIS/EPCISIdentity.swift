import Foundation

/// What a scan or tag identifies, as EPCIS writes it: one instance (an EPC URI, or a GS1 Digital
/// Link URI when the company-prefix length is not known) or a class (LGTIN for GTIN + lot, the
/// `idpat:sgtin` pattern for a GTIN alone), or nothing (plain text, an NFC UID).
public enum EPCISIdentity: Sendable, Hashable {
    case instance(String)
    case epcClass(String)

    /// The identity of a scan.
    public static func of(_ scan: ScanData, prefixes: CompanyPrefixTable) -> EPCISIdentity? {
        identify(epc: scan.epc, gtin: scan.gtin, serial: scan.serial, lot: scan.lot, sscc: scan.sscc, prefixes: prefixes)
    }

    /// The identity of a tag read.
    public static func of(_ tag: TagData, prefixes: CompanyPrefixTable) -> EPCISIdentity? {
        identify(epc: tag.epc, gtin: tag.gtin, serial: tag.serial, lot: nil, sscc: tag.sscc, prefixes: prefixes)
    }

    /// The identity of a scan or tag event.
    public static func of(_ event: TraceEvent, prefixes: CompanyPrefixTable) -> EPCISIdentity? {
        switch event.kind {
        case .scan: return event.scan.flatMap { of($0, prefixes: prefixes) }
        case .tag: return event.tag.flatMap { of($0, prefixes: prefixes) }
        default: return nil
        }
    }

    static func identify(epc: String?, gtin: String?, serial: String?, lot: String?, sscc: String?,
                         prefixes: CompanyPrefixTable) -> EPCISIdentity? {
        if let epc, epc.hasPrefix("urn:epc:id:") { return .instance(epc) }
        if let gtin, let serial { return .instance("https://id.gs1.org/01/\(gtin)/21/\(pathEncode(serial))") }
        if let sscc { return .instance(EPCURI.sscc(sscc, prefixes: prefixes) ?? "https://id.gs1.org/00/\(sscc)") }
        guard let gtin else { return nil }
        if let lot {
            return .epcClass(EPCURI.lgtinClass(gtin: gtin, lot: lot, prefixes: prefixes) ?? "https://id.gs1.org/01/\(gtin)/10/\(pathEncode(lot))")
        }
        return .epcClass(EPCURI.sgtinPattern(gtin: gtin, prefixes: prefixes) ?? "https://id.gs1.org/01/\(gtin)")
    }

    /// Percent-encodes what is not an RFC 3986 unreserved character.
    public static func pathEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~".contains(c) {
                out.append(c)
            } else {
                out += "%" + Hex.encode([b]).uppercased()
            }
        }
        return out
    }
}
