import Foundation

/// `dl_normaliser.normaliser` of epcis-event-hash-generator 1.9.3: an EPC URI, EPC class URI, EPC
/// ID pattern URI or GS1 Digital Link URI becomes the constrained canonical Digital Link
/// (`https://id.gs1.org/01/…/21/…`), or nil when the value is none of those. Ported line by line,
/// Python's slicing (code points, clamped ranges) included.
enum DigitalLinkNormaliser {
    static func normalise(_ uri: String) -> String? {
        guard uri.hasPrefix("urn:epc:") || uri.hasPrefix("http") else { return nil }
        let s = Array(uri.unicodeScalars)
        guard let partition = s.firstIndex(of: ".") else { return nil }
        func sl(_ a: Int, _ b: Int? = nil) -> String {
            let lo = max(0, min(a, s.count)), hi = max(lo, min(b ?? s.count, s.count))
            var out = String.UnicodeScalarView()
            out.append(contentsOf: s[lo..<hi])
            return String(out)
        }
        func m(_ name: String, _ text: String = uri) -> Bool { text.prefixMatch(of: patterns[name]!) != nil }
        let enc = percentEncode

        if m("sgtin") {
            let gcp = sl(17, partition)
            let itemref = sl(partition + 1, partition + 1 + (13 - gcp.count))
            let gtin = sl0(itemref) + gcp + String(itemref.dropFirst())
            return "https://id.gs1.org/01/" + gtin + checkDigit(gtin) + "/21/" + enc(sl(32))
        }
        if m("sscc") {
            let gcp = sl(16, partition)
            let raw = sl(partition + 1, partition + 2) + gcp + sl(partition + 2)
            return "https://id.gs1.org/00/" + raw + checkDigit(raw)
        }
        if m("sgln") {
            let gcp = sl(16, partition)
            let gln = gcp + sl(partition + 1, partition + 1 + (12 - gcp.count))
            let ext = sl(30)
            return "https://id.gs1.org/414/" + gln + checkDigit(gln) + (ext == "0" ? "" : "/254/" + enc(ext))
        }
        if m("grai") {
            let gcp = sl(16, partition)
            let raw = "0" + gcp + sl(partition + 1, partition + 1 + (12 - gcp.count))
            return "https://id.gs1.org/8003/" + raw + checkDigit(raw) + enc(sl(30))
        }
        if m("giai") { return "https://id.gs1.org/8004/" + sl(16, partition) + enc(sl(partition + 1)) }
        if m("gsrn") {
            let raw = sl(16, partition) + sl(partition + 1)
            return "https://id.gs1.org/8018/" + raw + checkDigit(raw)
        }
        if m("gsrnp") {
            let raw = sl(17, partition) + sl(partition + 1)
            return "https://id.gs1.org/8017/" + raw + checkDigit(raw)
        }
        if m("gdti") {
            let gcp = sl(16, partition)
            let raw = gcp + sl(partition + 1, partition + 1 + (12 - gcp.count))
            return "https://id.gs1.org/253/" + raw + checkDigit(raw) + enc(sl(30))
        }
        if m("cpi") {
            let sep = lastDot(s)
            return "https://id.gs1.org/8010/" + enc(sl(15, partition) + sl(partition + 1, sep)) + "/8011/" + sl(sep + 1)
        }
        if m("sgcn") {
            let gcp = sl(16, partition)
            let raw = gcp + sl(partition + 1, partition + 1 + (12 - gcp.count))
            return "https://id.gs1.org/255/" + raw + checkDigit(raw) + sl(30)
        }
        if m("ginc") { return "https://id.gs1.org/401/" + sl(16, partition) + enc(sl(partition + 1)) }
        if m("gsin") {
            let raw = sl(16, partition) + sl(partition + 1)
            return "https://id.gs1.org/402/" + raw + checkDigit(raw)
        }
        if m("itip") {
            let gcp = sl(16, partition)
            let itemref = sl(partition + 1, partition + 1 + (13 - gcp.count))
            let gtin = sl0(itemref) + gcp + String(itemref.dropFirst())
            return "https://id.gs1.org/8006/" + gtin + checkDigit(gtin) + sl(31, 33) + sl(34, 36) + "/21/" + enc(sl(37))
        }
        if m("upui") {
            let gcp = sl(16, partition)
            let itemref = sl(partition + 1, partition + 1 + (13 - gcp.count))
            let gtin = sl0(itemref) + gcp + String(itemref.dropFirst())
            return "https://id.gs1.org/01/" + gtin + checkDigit(gtin) + "/235/" + enc(sl(31))
        }
        if m("pgln") {
            let gcp = sl(16, partition)
            let gln = gcp + sl(partition + 1, partition + 1 + (12 - gcp.count))
            return "https://id.gs1.org/417/" + gln + checkDigit(gln)
        }
        if m("lgtin") {
            let gcp = sl(20, partition)
            let itemref = sl(partition + 1, partition + 1 + (13 - gcp.count))
            let gtin = sl0(itemref) + gcp + String(itemref.dropFirst())
            return "https://id.gs1.org/01/" + gtin + checkDigit(gtin) + "/10/" + enc(sl(35))
        }
        if m("patSgtin") {
            let gcp = sl(20, partition)
            let itemref = sl(partition + 1, partition + 1 + (13 - gcp.count))
            let gtin = sl0(itemref) + gcp + String(itemref.dropFirst())
            return "https://id.gs1.org/01/" + gtin + checkDigit(gtin)
        }
        if m("patGrai") {
            let gcp = sl(19, partition)
            let raw = "0" + gcp + sl(partition + 1, partition + 1 + (12 - gcp.count))
            return "https://id.gs1.org/8003/" + raw + checkDigit(raw)
        }
        if m("patGdti") {
            let gcp = sl(19, partition)
            let raw = gcp + sl(partition + 1, partition + 1 + (12 - gcp.count))
            return "https://id.gs1.org/253/" + raw + checkDigit(raw)
        }
        if m("patSgcn") {
            let gcp = sl(19, partition)
            let raw = gcp + sl(partition + 1, partition + 1 + (12 - gcp.count))
            return "https://id.gs1.org/255/" + raw + checkDigit(raw)
        }
        if m("patCpi") {
            let sep = lastDot(s)
            return "https://id.gs1.org/8010/" + enc(sl(18, partition) + sl(partition + 1, sep))
        }
        if m("patItip") {
            let gcp = sl(19, partition)
            let itemref = sl(partition + 1, partition + 1 + (13 - gcp.count))
            let gtin = sl0(itemref) + gcp + String(itemref.dropFirst())
            return "https://id.gs1.org/8006/" + gtin + checkDigit(gtin) + sl(34, 36) + sl(37, 39)
        }
        if m("patUpui") {
            let gcp = sl(19, partition)
            let itemref = sl(partition + 1, partition + 1 + (13 - gcp.count))
            let gtin = sl0(itemref) + gcp + String(itemref.dropFirst())
            return "https://id.gs1.org/01/" + gtin + checkDigit(gtin)
        }
        guard m("digitalLink") else { return nil }
        return normaliseDigitalLink(uri)
    }

    private static func sl0(_ s: String) -> String { s.isEmpty ? "" : String(s.prefix(1)) }

    private static func lastDot(_ s: [Unicode.Scalar]) -> Int { s.lastIndex(of: ".") ?? -1 }

    /// `__web_uri_percent_encoder`.
    static func percentEncode(_ s: String) -> String {
        s.replacingOccurrences(of: "!", with: "%21").replacingOccurrences(of: "(", with: "%28")
            .replacingOccurrences(of: ")", with: "%29").replacingOccurrences(of: "*", with: "%2A")
            .replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: ",", with: "%2C")
            .replacingOccurrences(of: ":", with: "%3A")
    }

    /// `check_digit`: the GS1 mod-10 check digit of a key without it.
    static func checkDigit(_ key: String) -> String {
        let digits = key.reversed().map { Int(String($0)) ?? 0 }
        var sum = 0
        for (i, d) in digits.enumerated() where d != 0 { sum += i % 2 != 0 ? d : d * 3 }
        return String((sum + 9) / 10 * 10 - sum)
    }
}
