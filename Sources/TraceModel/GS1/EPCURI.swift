/// EPC pure-identity URIs (GS1 EPC Tag Data Standard, `urn:epc:id:…`) built from GS1 keys.
///
/// Every function needs the GS1 Company Prefix length (from a ``CompanyPrefixTable``) and returns
/// nil when it is unknown or outside 6…12 digits (the EPC partition range), or when the key is
/// not an instance identifier (e.g. a GRAI without serial).
public enum EPCURI {
    /// `urn:epc:id:sgtin:{company prefix}.{indicator + item reference}.{serial}` from a 14-digit
    /// GTIN and a serial (AI 21), the serial escaped per TDS.
    public static func sgtin(gtin: String, serial: String, prefixes: CompanyPrefixTable) -> String? {
        guard gtin.count == 14, gtin.gs1IsAllDigits, !serial.isEmpty,
              let (cp, rest) = split(String(gtin.dropFirst().dropLast()), prefixes) else { return nil }
        return "urn:epc:id:sgtin:\(cp).\(gtin.prefix(1))\(rest).\(escape(serial))"
    }

    /// `urn:epc:id:sscc:{company prefix}.{extension digit + serial reference}` from an 18-digit SSCC.
    public static func sscc(_ sscc: String, prefixes: CompanyPrefixTable) -> String? {
        guard sscc.count == 18, sscc.gs1IsAllDigits,
              let (cp, rest) = split(String(sscc.dropFirst().dropLast()), prefixes) else { return nil }
        return "urn:epc:id:sscc:\(cp).\(sscc.prefix(1))\(rest)"
    }

    /// `urn:epc:id:sgln:{company prefix}.{location reference}.{extension}` from a GLN (AI 414)
    /// and its extension (AI 254; `0` when absent).
    public static func sgln(gln: String, extension ext: String?, prefixes: CompanyPrefixTable) -> String? {
        guard gln.count == 13, gln.gs1IsAllDigits, let (cp, rest) = split(String(gln.dropLast()), prefixes) else {
            return nil
        }
        return "urn:epc:id:sgln:\(cp).\(rest).\(escape(ext ?? "0"))"
    }

    /// `urn:epc:id:grai:{company prefix}.{asset type}.{serial}` from an AI 8003 value with serial.
    public static func grai(_ value: String, prefixes: CompanyPrefixTable) -> String? {
        keyWithSerial("grai", value.dropFirst(), keyLength: 13, prefixes)
    }

    /// `urn:epc:id:gdti:{company prefix}.{document type}.{serial}` from an AI 253 value with serial.
    public static func gdti(_ value: String, prefixes: CompanyPrefixTable) -> String? {
        keyWithSerial("gdti", Substring(value), keyLength: 13, prefixes)
    }

    /// `urn:epc:id:sgcn:{company prefix}.{coupon reference}.{serial}` from an AI 255 value with serial.
    public static func sgcn(_ value: String, prefixes: CompanyPrefixTable) -> String? {
        keyWithSerial("sgcn", Substring(value), keyLength: 13, prefixes)
    }

    /// `urn:epc:id:giai:{company prefix}.{individual asset reference}` from an AI 8004 value.
    public static func giai(_ value: String, prefixes: CompanyPrefixTable) -> String? {
        let digits = String(value.prefix(while: \.gs1IsDigit))
        guard let length = prefixes.prefixLength(forGTIN13Body: digits), (6...12).contains(length),
              digits.count >= length, value.count > length else { return nil }
        return "urn:epc:id:giai:\(value.prefix(length)).\(escape(String(value.dropFirst(length))))"
    }

    /// `urn:epc:id:gsrn:…` (AI 8018, recipient) or `urn:epc:id:gsrnp:…` (AI 8017, provider).
    public static func gsrn(_ value: String, provider: Bool, prefixes: CompanyPrefixTable) -> String? {
        guard value.count == 18, value.gs1IsAllDigits, let (cp, rest) = split(String(value.dropLast()), prefixes) else {
            return nil
        }
        return "urn:epc:id:\(provider ? "gsrnp" : "gsrn"):\(cp).\(rest)"
    }

    /// `urn:epc:class:lgtin:{company prefix}.{indicator + item reference}.{lot}` (EPCIS class-level
    /// identifier of a GTIN + batch/lot).
    public static func lgtinClass(gtin: String, lot: String, prefixes: CompanyPrefixTable) -> String? {
        guard gtin.count == 14, gtin.gs1IsAllDigits, !lot.isEmpty,
              let (cp, rest) = split(String(gtin.dropFirst().dropLast()), prefixes) else { return nil }
        return "urn:epc:class:lgtin:\(cp).\(gtin.prefix(1))\(rest).\(escape(lot))"
    }

    /// `urn:epc:idpat:sgtin:{company prefix}.{indicator + item reference}.*` (all instances of a GTIN).
    public static func sgtinPattern(gtin: String, prefixes: CompanyPrefixTable) -> String? {
        guard gtin.count == 14, gtin.gs1IsAllDigits,
              let (cp, rest) = split(String(gtin.dropFirst().dropLast()), prefixes) else { return nil }
        return "urn:epc:idpat:sgtin:\(cp).\(gtin.prefix(1))\(rest).*"
    }

    /// The EPC of the instance identified by `elements`: SGTIN (01 + 21), SSCC, GRAI, GIAI, GSRN,
    /// GDTI, SGCN or SGLN, in that order of preference; nil if none applies.
    public static func identify(_ elements: [GS1Element], prefixes: CompanyPrefixTable) -> String? {
        let value = { (ai: String) in elements.first { $0.ai == ai }?.value }
        if let gtin = value("01"), let serial = value("21") { return sgtin(gtin: gtin, serial: serial, prefixes: prefixes) }
        if let sscc = value("00") { return self.sscc(sscc, prefixes: prefixes) }
        if let grai = value("8003") { return self.grai(grai, prefixes: prefixes) }
        if let giai = value("8004") { return self.giai(giai, prefixes: prefixes) }
        if let gsrn = value("8018") { return self.gsrn(gsrn, provider: false, prefixes: prefixes) }
        if let gsrn = value("8017") { return self.gsrn(gsrn, provider: true, prefixes: prefixes) }
        if let gdti = value("253") { return self.gdti(gdti, prefixes: prefixes) }
        if let sgcn = value("255") { return self.sgcn(sgcn, prefixes: prefixes) }
        if let gln = value("414") { return sgln(gln: gln, extension: value("254"), prefixes: prefixes) }
        return nil
    }

    /// Escapes a serial or reference for an EPC URI (TDS: `"` `%` `&` `/` `<` `>` `?` → `%XX`).
    public static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"": result += "%22"
            case "%": result += "%25"
            case "&": result += "%26"
            case "/": result += "%2F"
            case "<": result += "%3C"
            case ">": result += "%3E"
            case "?": result += "%3F"
            default: result.append(character)
            }
        }
        return result
    }

    /// Splits `digits` (a key without indicator/extension digit and check digit) into company
    /// prefix and the rest.
    private static func split(_ digits: String, _ prefixes: CompanyPrefixTable) -> (Substring, Substring)? {
        guard let length = prefixes.prefixLength(forGTIN13Body: digits), (6...12).contains(length),
              length <= digits.count else { return nil }
        return (digits.prefix(length), digits.dropFirst(length))
    }

    private static func keyWithSerial(
        _ scheme: String, _ value: Substring, keyLength: Int, _ prefixes: CompanyPrefixTable
    ) -> String? {
        guard value.count > keyLength, value.prefix(keyLength).gs1IsAllDigits,
              let (cp, rest) = split(String(value.prefix(keyLength - 1)), prefixes) else { return nil }
        return "urn:epc:id:\(scheme):\(cp).\(rest).\(escape(String(value.dropFirst(keyLength))))"
    }
}
